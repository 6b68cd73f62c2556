"""Names in a search query: the 16 Länder and the partner countries, found without a query.

A run of query words that names a Land ("Sachsen", "Saxony", "Lower Saxony", "NRW") matches the
projects of that Land and nothing else: not the texts, so "Sachsen" does not find Niedersachsen
and "Saxony" does not find the "Lower Saxony" of an English text. A partner country
("Uganda", "Ugnada", "Aethiopien", "Ivory Coast") matches the projects that show that country,
and its name in the texts. Names come from here (Länder: their ISO codes never change) and from
django-countries in German and English, plus the usual other spellings below; the longest run of
words that is a name wins ("Sachsen-Anhalt" is not "Sachsen"), compared folded, with the typo
rule of search_text (one edit from five letters, two from eight).
Focus themes, cross-cutting topics, organisations and phases are names in the database: search.py
matches them there.
"""

from functools import lru_cache

from django.utils import translation
from django_countries import countries

from projects.search_text import edits, fold, folded_words, max_edits, variants

LAENDER = {
    "DE-BW": ["Baden-Württemberg", "BW", "BaWü"],
    "DE-BY": ["Bayern", "Bavaria", "Freistaat Bayern"],
    "DE-BE": ["Berlin"],
    "DE-BB": ["Brandenburg"],
    "DE-HB": ["Bremen", "Freie Hansestadt Bremen"],
    "DE-HH": ["Hamburg", "Freie und Hansestadt Hamburg"],
    "DE-HE": ["Hessen", "Hesse"],
    "DE-MV": ["Mecklenburg-Vorpommern", "MV", "Mecklenburg-Western Pomerania"],
    "DE-NI": ["Niedersachsen", "Lower Saxony"],
    "DE-NW": ["Nordrhein-Westfalen", "NRW", "North Rhine-Westphalia"],
    "DE-RP": ["Rheinland-Pfalz", "RLP", "Rhineland-Palatinate"],
    "DE-SL": ["Saarland"],
    "DE-SN": ["Sachsen", "Saxony", "Freistaat Sachsen"],
    "DE-ST": ["Sachsen-Anhalt", "Saxony-Anhalt"],
    "DE-SH": ["Schleswig-Holstein"],
    "DE-TH": ["Thüringen", "Thuringia"],
}

# Other spellings of partner countries besides django-countries' German and English names.
COUNTRY_ALIASES = {
    "CI": ["Elfenbeinküste", "Ivory Coast", "Cote d'Ivoire"],
    "CD": ["Kongo", "DR Kongo", "DRC", "Congo"],
    "CZ": ["Tschechien", "Czechia"],
    "KR": ["Südkorea", "South Korea"],
    "MM": ["Burma", "Birma"],
    "MK": ["Mazedonien", "Macedonia"],
    "PS": ["Palästina", "Palestine"],
    "SZ": ["Swasiland", "Swaziland"],
    "TR": ["Türkei", "Turkey", "Türkiye"],
    "TZ": ["Tansania", "Tanzania"],
    "US": ["USA"],
    "ZA": ["RSA", "Südafrika", "South Africa"],
    "MZ": ["Mosambik", "Mozambique"],
    "RW": ["Ruanda", "Rwanda"],
    "BY": ["Weißrussland", "Belarus"],
    "VN": ["Vietnam", "Viet Nam"],
    "MD": ["Moldau", "Moldawien", "Moldova"],
    "LA": ["Laos"],
}
MAX_NAME_WORDS = 4


@lru_cache(maxsize=1)
def names():
    """{folded name as a tuple of words: ("land" or "country", code)} for every name."""
    table = {}
    for code, spellings in COUNTRY_ALIASES.items():
        for spelling in spellings:
            table[tuple(folded_words(spelling))] = ("country", code)
    for language in ("en", "de"):
        with translation.override(language):
            for code, name in countries:
                table.setdefault(tuple(folded_words(str(name))), ("country", code))
    for code, spellings in LAENDER.items():
        for spelling in spellings:  # a Land wins over a country of the same name
            table[tuple(folded_words(spelling))] = ("land", code)
    return {key: value for key, value in table.items() if key}


def _lookup(run):
    """The name (kind, code) that the folded words `run` spell, allowing typos, or None."""
    table = names()
    for form in variants(" ".join(run)):
        key = tuple(form.split())
        if key in table:
            return table[key]
    joined = " ".join(run)
    limit = max_edits(joined.replace(" ", ""))
    if not limit:
        return None
    best = None
    for key, value in table.items():
        if len(key) == len(run):
            distance = edits(joined, " ".join(key), limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, value)
    return best[1] if best else None


def find_names(words):
    """`words` (as typed) split into [(folded words, (kind, code) or None)]: runs that name a
    Land or country, longest first, and the single words between them."""
    folded = [fold(w) for w in words]
    result, i = [], 0
    while i < len(folded):
        for length in range(min(MAX_NAME_WORDS, len(folded) - i), 0, -1):
            run = folded[i : i + length]
            name = _lookup(run)
            if name:
                result.append((run, name))
                i += length
                break
        else:
            result.append(([folded[i]], None))
            i += 1
    return result


def land_name(code, language):
    """The Land's usual name in `language` (for explanations)."""
    spellings = LAENDER.get(code, [code])
    if language == "en" and len(spellings) > 1 and spellings[1].isascii() and len(spellings[1]) > 3:
        return spellings[1]
    return spellings[0]
