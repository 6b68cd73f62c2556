"""The search's relevance set: queries people type, with the projects they must find, over the
demo catalogue (14 real projects). Runs unchanged on SQLite and PostgreSQL: both engines must
find exactly the same projects (projects/search.py)."""

import pytest

pytestmark = pytest.mark.django_db

TN = "bw-tunesien-verwaltungsaustausch"
STARTUPS = "bayern-suedafrika-startups"
NA_VET = "bremen-namibia-berufsbildung"
NA_MOB = "bremen-namibia-mobilitaet"
MX1 = "hamburg-mexiko-umweltpartnerschaft"
MX2 = "hamburg-mexiko-umweltpartnerschaft-ii"
MZ = "sachsen-mosambik-bergbausicherheit"
PE = "sachsen-peru-gewaesserschutz-bergbaunachsorge"
UG = "sachsen-uganda-arzneipflanzen"
MG1 = "niedersachsen-eastern-cape-minigrid-upper-blinkwater"
MG2 = "niedersachsen-eastern-cape-monitoring-minigrids"
ET = "hessen-aethiopien-berufliche-bildung"
RW1 = "rlp-ruanda-digitale-agrarmeteorologie"
RW2 = "rlp-ruanda-digitales-informationssystem-landwirtschaft"

CASES = [
    # Länder: the Land, not one whose name contains it; German, English, short forms
    ("de", "Hessen", {ET}),
    ("de", "Sachsen", {MZ, PE, UG}),
    ("en", "Saxony", {MZ, PE, UG}),
    ("en", "Lower Saxony", {MG1, MG2}),
    ("de", "Niedersachsen", {MG1, MG2}),
    ("de", "Bayern", {STARTUPS}),
    ("en", "Bavaria", {STARTUPS}),
    ("de", "Baden-Württemberg", {TN}),
    ("de", "Baden Wuerttemberg", {TN}),
    ("de", "RLP", {RW1, RW2}),
    ("en", "Rhineland-Palatinate", {RW1, RW2}),
    ("de", "Thüringen", set()),
    # partner countries in both languages, other spellings, typos, transliterations
    ("de", "Uganda", {UG}),
    ("de", "Ugnada", {UG}),
    ("en", "Ugnada", {UG}),
    ("de", "Namiba", {NA_VET, NA_MOB}),
    ("de", "Aethiopien", {ET}),
    ("en", "Ethiopia", {ET}),
    ("de", "Suedafrika", {STARTUPS, MG1, MG2}),
    ("en", "South Africa", {STARTUPS, MG1, MG2}),
    ("de", "Tunisia", {TN}),
    ("en", "Ruanda", {RW1, RW2}),
    ("de", "Mexico", {MX1, MX2}),
    ("de", "Peru", {PE}),
    # themes, cross-cutting topics, organisations, phases
    ("de", "Gendergerechtigkeit", {UG, RW2}),
    ("en", "gender equality", {UG, RW2}),
    ("de", "HLfT", {ET}),
    ("de", "DLR", {MG1}),
    ("de", "BLP III", {UG, RW2, MX2}),
    # forgiving input
    ("de", "Mobilitat", {NA_MOB}),
    ("de", "Mobilitaet", {NA_MOB}),
    ("de", "Startups", {STARTUPS}),
    ("de", "Start-ups", {STARTUPS}),
    ("de", "Start ups", {STARTUPS}),
    ("en", "startups", {STARTUPS}),
    ("de", "Berufsbidlung", {NA_VET, ET}),
    ("de", "Bergbau", {MZ, PE}),
    ("de", "Sicherheit", {MZ}),
    ("de", "Energieversorgung", {MG1}),
    ("de", "Lastenrader", {NA_MOB}),
    ("de", "Gewaesserschutz", {PE}),
    ("de", "Minigrids", {MG1, MG2}),
    ("en", "mini-grid", {MG1, MG2}),
    ("en", "mini grids", {MG1, MG2}),
    ("de", "Arzneipflanze", {UG}),
    ("en", "medicinal plant", {UG}),
    # precision
    ("en", "mining", {MZ, PE}),
    ("de", "Windhoek", {NA_MOB}),
    ("en", "vocational training", {NA_VET, ET}),
    ("de", "Bergbau Peru", {PE}),
    ("de", "Sachsen Uganda", {UG}),
    ("en", "agriculture Rwanda", {RW1, RW2}),
    ("de", '"Upper Blinkwater"', {MG1, MG2}),
    ("de", '"Blinkwater Upper"', set()),
]


def found(client, language, q):
    path = "/de/projekte/" if language == "de" else "/en/projects/"
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return [p.slug for p in response.context["projects"]]


def test_the_relevance_set_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("language", "q", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_relevance(client, demo_data, language, q, expected):
    assert set(found(client, language, q)) == expected


@pytest.mark.parametrize(
    ("language", "q", "first"),
    [
        ("de", "Mosambik", MZ),  # in the title and a country, before a mention in a body
        ("de", "Arzneipflanzen", UG),
        ("en", "Mozambique", MZ),
        ("de", "Mexiko", MX1),  # both in title and as country: the newer and older tie-break
    ],
)
def test_title_and_name_matches_rank_first(client, demo_data, language, q, first):
    assert first in found(client, language, q)[:2]
    if q != "Mexiko":
        assert found(client, language, q)[0] == first
