"""Full-text search `q` of the project list: both engines, highlights, combination with filters.

PostgreSQL-only behaviour (stemming, prefixes, typos, ranking) is skipped on SQLite and fails
instead when BLP_REQUIRE_POSTGRES=1 (the PostgreSQL stage of .ci/run; postgres_only in
tests/conftest.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from projects.models import Participation
from projects.search import ProjectSearch, highlight_text, words
from tests.factories import make_land, make_organisation, make_project, make_theme

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


def titles(response):
    return sorted(p.title for p in response.context["projects"])


@pytest.fixture
def projects():
    saxony = make_land("DE-SN", "Sachsen")
    bremen = make_land("DE-HB", "Bremen")
    energy = make_project(
        title_de="Energieversorgung für Kommunen",
        title_en="Energy supply for municipalities",
        summary_de="Solaranlagen auf Schulen.",
        summary_en="Solar panels on schools.",
        laender=[saxony],
    )
    water = make_project(
        title_de="Wasser für alle",
        title_en="Water for everyone",
        summary_de="Brunnen und Leitungen.",
        summary_en="Wells and pipes.",
        description_de="Die Stadtwerke beraten beim Netzausbau.",
        partner_region_de="Region Kampala",
        laender=[bremen],
    )
    school = make_project(
        title_de="Berufsbildung",
        title_en="Vocational training",
        summary_de="Ausbildung im Handwerk.",
        summary_en="Training in crafts.",
        laender=[saxony],
    )
    Participation.objects.create(
        project=school,
        organisation=make_organisation("hwk", name_de="Handwerkskammer Dresden"),
        role=Participation.Role.GERMAN_PARTNER,
    )
    return {"energy": energy, "water": water, "school": school}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Wasser", ["Wasser für alle"]),
        ("wasser", ["Wasser für alle"]),  # case-insensitive
        ("Solaranlagen", ["Energieversorgung für Kommunen"]),  # summary
        ("Stadtwerke", ["Wasser für alle"]),  # description
        ("Kampala", ["Wasser für alle"]),  # partner region
        ("Handwerkskammer", ["Berufsbildung"]),  # organisation
        ("Wasser Brunnen", ["Wasser für alle"]),  # every word must match
        ("Wasser Solaranlagen", []),
    ],
)
def test_search_finds_title_summary_description_region_and_organisations(
    client, projects, q, expected
):
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    assert titles(response) == expected


def test_search_combines_with_filters(client, projects):
    response = client.get(LIST, {"q": "für", "land": "de-hb"})
    assert titles(response) == ["Wasser für alle"]
    response = client.get(LIST, {"q": "für", "land": "de-sn"})
    assert titles(response) == ["Energieversorgung für Kommunen"]


def test_facet_counts_respect_the_search(client, projects):
    response = client.get(LIST, {"q": "Wasser"})
    land = next(f for f in response.context["facets"] if f.name == "land")
    assert {o.value: o.count for o in land.options} == {"de-hb": 1, "de-sn": 0}


def test_search_uses_the_active_language(client, projects):
    assert titles(client.get("/en/projects/", {"q": "Water"})) == ["Water for everyone"]
    # German words are not in the English texts
    assert titles(client.get("/en/projects/", {"q": "Brunnen"})) == []


def test_english_search_falls_back_to_german_text_where_english_is_missing(client):
    make_project(title_de="Nur Deutsch: Bienenzucht", title_en="", summary_en="")
    assert titles(client.get("/en/projects/", {"q": "Bienenzucht"})) == ["Nur Deutsch: Bienenzucht"]


def test_matches_are_highlighted_and_html_is_escaped(client):
    make_project(title_de="Wasser <script>alert(1)</script>", summary_de="Sauberes Wasser & mehr")
    html = client.get(LIST, {"q": "Wasser"}).content.decode()
    assert "<mark>Wasser</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Sauberes <mark>Wasser</mark> &amp; mehr" in html
    assert "<script>alert" not in html


def test_highlight_text_escapes_before_marking():
    assert highlight_text("a<b> mark", ["mark"]) == "a&lt;b&gt; <mark>mark</mark>"
    assert highlight_text("<mark>", ["mark"]) == "&lt;<mark>mark</mark>&gt;"


@pytest.mark.parametrize(
    ("q", "expected"),
    [("", []), ("  ", []), ("%_*:&|!", []), ("a:* | b", ["a", "b"]), ("x " * 50, ["x"])],
)
def test_query_words_are_plain_words(q, expected):
    assert words(q) == expected


@pytest.mark.parametrize("q", ["%", "'; DROP TABLE x; --", "a:*&!|()", "ä" * 500, "\\"])
def test_odd_queries_never_fail(client, projects, q):
    assert client.get(LIST, {"q": q}).status_code == 200


def test_search_shows_query_in_heading_and_offers_relevance_sort(client, projects):
    html = client.get(LIST, {"q": "Wasser"}).content.decode()
    assert "für „Wasser“" in html or "“Wasser”" in html
    assert 'value="relevance" selected' in html


# --- Withheld parts are not searchable (both engines) ------------------------------------------


@pytest.mark.parametrize(
    ("withheld", "q"),
    [
        ("description", "Stadtwerke"),
        ("partner_region", "Kampala"),
        ("organisations", "Handwerkskammer"),
    ],
)
def test_words_only_in_a_withheld_part_do_not_find_the_project(client, projects, withheld, q):
    project = projects["school"] if withheld == "organisations" else projects["water"]
    project.withheld_fields = [withheld]
    project.save()
    assert titles(client.get(LIST, {"q": q})) == []
    assert client.get("/api/projects", {"q": q}).json()["count"] == 0
    # the parts it shows still find it
    assert titles(client.get(LIST, {"q": project.title_de.split()[0]})) == [project.title_de]


def test_withholding_one_part_keeps_the_others_searchable(client, projects):
    water = projects["water"]
    water.withheld_fields = ["description", "organisations", "partner_countries"]
    water.save()
    assert titles(client.get(LIST, {"q": "Kampala"})) == ["Wasser für alle"]
    assert titles(client.get(LIST, {"q": "Stadtwerke"})) == []


def test_withheld_organisations_do_not_turn_up_through_another_word(client, projects):
    # "Handwerkskammer Dresden": one word in the title, one in a withheld organisation
    school = projects["school"]
    assert titles(client.get(LIST, {"q": "Berufsbildung Dresden"})) == ["Berufsbildung"]
    school.withheld_fields = ["organisations"]
    school.save()
    assert titles(client.get(LIST, {"q": "Berufsbildung Dresden"})) == []


# --- Case-insensitive beyond ASCII (SQLite: CASEFOLD; PostgreSQL: to_tsvector) -----------------


@pytest.mark.parametrize("q", ["Äthiopien", "äthiopien", "ÄTHIOPIEN"])
def test_search_ignores_the_case_of_umlauts(client, q):
    make_project(title_de="Berufsbildung in Äthiopien", summary_de="Ausbildung für Ölmühlen.")
    assert titles(client.get(LIST, {"q": q})) == ["Berufsbildung in Äthiopien"]
    assert titles(client.get(LIST, {"q": "ölmühlen"})) == ["Berufsbildung in Äthiopien"]


def test_sqlite_casefold_function_folds_unicode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own LIKE folds only ASCII; PostgreSQL folds in to_tsvector")
    with connection.cursor() as cursor:
        cursor.execute("SELECT CASEFOLD('ÄTHIOPIEN Straße'), CASEFOLD(NULL)")
        assert cursor.fetchone() == ("äthiopien strasse", None)


# --- PostgreSQL: dictionaries, compounds, typos, ranking ---------------------------------------


def test_pg_german_dictionary_alone_does_not_split_compounds(postgres_only):
    """What PostgreSQL really does: the german snowball stemmer keeps compounds whole."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('german', 'Energieversorgung') @@ plainto_tsquery('german', 'Energie'),"
            " to_tsvector('german', 'Energieversorgung')::text,"
            " to_tsvector('german', 'Energieversorgung') @@ to_tsquery('german', 'Energie:*')"
        )
        plain, vector, prefix = cursor.fetchone()
    assert plain is False
    assert vector == "'energieversorg':1"
    assert prefix is True  # what our search uses: the stemmed word as a prefix


def test_pg_energie_finds_energieversorgung(client, projects, postgres_only):
    assert titles(client.get(LIST, {"q": "Energie"})) == ["Energieversorgung für Kommunen"]


def test_pg_inflected_forms_match_through_stemming(client, postgres_only):
    make_project(title_de="Stärkung kommunaler Verwaltungen", summary_de="Kommunen lernen.")
    assert titles(client.get(LIST, {"q": "Verwaltung"})) == ["Stärkung kommunaler Verwaltungen"]


def test_pg_second_part_of_a_compound_is_caught_by_trigram_similarity(
    client, projects, postgres_only
):
    # "Versorgung" is the end of "Energieversorgung": no stem or prefix match; pg_trgm finds it
    assert titles(client.get(LIST, {"q": "Versorgung"})) == ["Energieversorgung für Kommunen"]


def test_pg_typo_is_tolerated(client, projects, postgres_only):
    assert titles(client.get(LIST, {"q": "Wassr"})) == ["Wasser für alle"]
    assert titles(client.get(LIST, {"q": "Berufsbidlung"})) == ["Berufsbildung"]


def test_pg_english_content_uses_the_english_dictionary(client, projects, postgres_only):
    # english stemming: "municipality" and "municipalities" share the stem
    assert titles(client.get("/en/projects/", {"q": "municipality"})) == [
        "Energy supply for municipalities"
    ]


def test_pg_results_are_ranked_title_before_description(client, postgres_only):
    make_project(title_de="Anderes Thema", summary_de="Nichts", description_de="Etwas zu Solar.")
    make_project(title_de="Solar für Schulen", summary_de="Dächer")
    response = client.get(LIST, {"q": "Solar"})
    assert [p.title for p in response.context["projects"]] == ["Solar für Schulen", "Anderes Thema"]
    assert response.context["sort"] == "relevance"
    by_title = client.get(LIST, {"q": "Solar", "sort": "title"})
    assert [p.title for p in by_title.context["projects"]] == ["Anderes Thema", "Solar für Schulen"]


def test_pg_headline_marks_stemmed_matches(client, projects, postgres_only):
    html = client.get(LIST, {"q": "Energie"}).content.decode()
    assert "<mark>Energieversorgung</mark>" in html


def test_pg_search_runs_once_per_request(projects, postgres_only, django_assert_num_queries):
    base = projects["water"].__class__.objects.published()
    ProjectSearch("Wasser", base, language="de").matches_json()  # keeps the names it looks at
    search = ProjectSearch("Wasser", base, language="de")
    # 2 (was 1): the known words near the query's words (vocabulary, for typos and compounds),
    # then the ids and ranks of every match; both once per search
    with django_assert_num_queries(2):
        search.matches_json()
        search.matches_json()
    with translation.override("de"), django_assert_num_queries(1):
        assert [p.title for p in search.filter(base)] == ["Wasser für alle"]


def test_unused_theme_keeps_search_working(client, projects):
    make_theme("unused")
    assert client.get(LIST, {"q": "Wasser", "theme": "unused"}).status_code == 200


def test_pg_stored_vector_follows_edits(client, projects, postgres_only, settings):
    """The generated search column is recomputed on every save, also on queryset.update()."""
    settings.PAGE_CACHE_SECONDS = 0  # queryset.update() sends no signal to empty the page cache
    water = projects["water"]
    assert titles(client.get(LIST, {"q": "Zisternen"})) == []
    water.description_de = "Zisternen für Regenwasser."
    water.save()
    assert titles(client.get(LIST, {"q": "Zisternen"})) == ["Wasser für alle"]
    water.__class__.objects.filter(pk=water.pk).update(withheld_fields=["description"])
    assert titles(client.get(LIST, {"q": "Zisternen"})) == []


def test_pg_search_is_answered_from_indexes(projects, postgres_only):
    """The matching ids come from the GIN indexes (no scan that unpacks every vector)."""
    search = ProjectSearch("Wasser", projects["water"].__class__.objects.published(), "de")
    with CaptureQueriesContext(connection) as captured:
        search.matches_json()  # the query of the ids and ranks of every match
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tiny test table: force the plan
        cursor.execute(f"EXPLAIN {captured.captured_queries[-1]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # the folded word index of 0006 (typos are widened in Python, not by the title trigrams)
    assert "projects_project_search_words_de" in plan
