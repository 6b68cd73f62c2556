"""Hints around a search: why a project matched, "Did you mean …?" and a filter in one click.

- `reasons(search, project)`: the names a project matched by besides its text ("Land: Sachsen",
  "Partner country: Uganda", "Theme: Governance"), from the project's own card data (no query).
- `did_you_mean(search)`: when nothing is found, the query with each unknown word replaced by the
  closest known word (one vocabulary query, only then), or "".
- `filter_offer(search, facets)`: when the whole query names a Land, a partner country, a theme
  or a topic that the list can filter by, that facet's option (no query: the facets are counted
  anyway).
"""

import re

from django.db import connection
from django.utils.translation import gettext_lazy as _

from projects import search_sql
from projects.search_names import land_name, names
from projects.search_text import edits, fold, folded_words

LAND, COUNTRY, THEME, TOPIC = _("Land"), _("Partner country"), _("Theme"), _("Cross-cutting topic")
# A suggestion may be this many edits away from a word of this length or longer.
SUGGESTION_EDITS = ((8, 3), (5, 2), (4, 1))
MIN_SUGGEST = 4


def _names_match(name, alternatives):
    """Whether a word of `name` is one of the single-word `alternatives` (as the index reads)."""
    single = [a for a in alternatives if len(a.words) == 1]
    for word in folded_words(name):
        for a in single:
            if word.startswith(a.words[0]) if a.prefix else word == a.words[0]:
                return True
    return False


def reasons(search, project):
    """[(label, value)]: the Länder, partner countries, themes and topics the project matched by."""
    found = []
    for group in search.groups:
        if group.land:
            if any(land.code == group.land for land in project.laender):
                found.append((LAND, land_name(group.land, search.language)))
            continue
        if group.country:
            if not project.is_withheld("partner_countries"):
                for country in project.country_list:
                    if str(country.code) == group.country:
                        found.append((COUNTRY, str(country.name)))
            continue
        for label, rows in ((THEME, project.theme_list), (TOPIC, project.topic_list)):
            found += [
                (label, row.name) for row in rows if _names_match(row.name, group.alternatives)
            ]
    return list(dict.fromkeys(found))


def _limit(word):
    return next((k for length, k in SUGGESTION_EDITS if len(word) >= length), 0)


def _closest(word, known):
    """The known word nearest to `word` within its limit (fewest edits, then A–Z), or None."""
    limit = _limit(word)
    best = None
    for term in known:
        if term == word or len(term) < MIN_SUGGEST:
            continue
        distance = edits(word, term, limit)
        if distance <= limit and (best is None or (distance, term) < best):
            best = (distance, term)
    return best[1] if best else None


def did_you_mean(search):
    """The query with its unknown words corrected, or "" when there is nothing to correct."""
    typed = [w for w in re.findall(r"[^\W_]+", search.q) if len(w) >= MIN_SUGGEST]
    if not typed:
        return ""
    words = list(dict.fromkeys(fold(w) for w in typed))
    known = search_sql.suggestion_vocabulary(
        connection, search.language, words, [_limit(w) for w in words]
    )
    known |= {key[0] for key in names() if len(key) == 1}
    # words the search already matched by (a typo it corrected itself is no suggestion)
    used = {w for group in search.groups for a in group.alternatives for w in a.words}
    corrected, changed = search.q, False
    for word in typed:
        if fold(word) in known:
            continue
        better = _closest(fold(word), known)
        if better and not any(better.startswith(w) for w in used if len(w) >= MIN_SUGGEST):
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected, count=1)
            changed = True
    return corrected if changed else ""


def filter_offer(search, facets):
    """(facet, option) when the whole query names an option of the Land, partner country,
    theme or topic facet that has projects, else None."""
    groups = search.groups
    if len(groups) != 1:
        return None
    group = groups[0]
    query = folded_words(search.q)
    for facet in facets:
        for option in facet.options:
            if not option.count:
                continue
            if facet.name == "land" and group.land:
                hit = option.value.upper() == group.land
            elif facet.name == "country" and group.country:
                hit = option.value.upper() == group.country
            elif facet.name in ("theme", "topic") and not (group.land or group.country):
                hit = folded_words(option.label) == query
            else:
                continue
            if hit:
                return facet, option
    return None
