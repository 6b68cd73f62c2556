"""Full-text search of the published projects, in the active language: one behaviour on
SQLite and PostgreSQL.

What a query means is worked out in Python (search_text.py: folding, umlauts, inflection,
compounds, typos; search_names.py: Länder and partner countries), the same for both engines.
Each engine then answers only "which projects contain these folded words" from its own index
of the same words (migration 0006_search_words):

- SQLite: FTS5 tables `projects_search_de` / `projects_search_en` (unicode61 tokenizer without
  diacritics; columns title, summary, body), filled and kept in step by triggers on the project
  table (so also after bulk_create and queryset.update()); only published projects, withheld
  description and partner region never go in. Their fts5vocab tables are the vocabulary.
- PostgreSQL: generated, GIN-indexed tsvector columns `search_words_de` / `search_words_en`
  ('simple' configuration over the same folded text; title weight A, summary B, body C); the
  vocabulary is the table projects_search_vocabulary that triggers keep from them (migration
  0010_search_vocabulary). (The stemmed `search_de`/`search_en` columns and the title
  trigram indexes of 0004 stay in place, unused by the matching.)

A query is a list of groups (a word, a "quoted phrase", or a Land or country name); every group
must match: in the text, in the project's theme, topic, phase or (unless withheld)
organisation names, or, for a Land or country, through the project's Länder or (unless
withheld) partner countries. A Land matches only through the relation (Sachsen is not
Niedersachsen). Rank, the same expression on both engines: per group 4 for the title, 3 for a
name, 2 for the summary, 1 for a match anywhere. A search costs one query for the vocabulary
(only when a word of five or more letters asks for it) and, on PostgreSQL, one for the ids and
ranks of all matches (matches_json, reused by every later query of the request as one jsonb
parameter); on SQLite the match is a subquery of each query.

Parts a project withholds (description, partner region, organisations, partner countries) are
never searched: a project must not be findable by words that the public pages do not show.

Highlighted text comes back as safe HTML: the text is escaped first and only our own <mark>
tags are added; a word is marked when it matches the query as the index would (folded, prefix).
"""

import re

from django.db import connection
from django.db.models import Case, F, FloatField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from projects import facets, search_hints, search_sql
from projects.search_names import find_names
from projects.search_sql import InMatches, MatchRank, TextMatch
from projects.search_text import (
    Alternative,
    Group,
    fold,
    folded_words,
    needs_vocabulary,
    spaced_words,
    widen,
    word_alternatives,
)

# Languages the portal shows; anything else searches as German.
CONFIGS = {"de": "german", "en": "english"}
# At most this many words of a query are used (longer input is cut, never an error).
MAX_WORDS = 8
MAX_LENGTH = 200
# Rank points per group: title, a name (Land, country, theme, organisation, phase), summary.
TITLE, NAME, SUMMARY, ANYWHERE = 4.0, 3.0, 2.0, 1.0
# Private-use characters that mark highlights; turned into <mark> after escaping.
START, STOP = "\ue000", "\ue001"


def words(q):
    """The words of a query (letters and digits only), at most MAX_WORDS, without repeats."""
    found = re.findall(r"\w+", (q or "")[:MAX_LENGTH])
    return list(dict.fromkeys(w for w in found if w.strip("_")))[:MAX_WORDS]


def phrases(q):
    """The quoted phrases of a query ("…", „…“, “…”) and the rest of it."""
    pattern = r"[\"„“”]([^\"„“”]+)[\"„“”]"
    found = [p for p in re.findall(pattern, q) if folded_words(p)]
    return found, re.sub(pattern, " ", q)


def active_language():
    language = (get_language() or "de")[:2]
    return language if language in CONFIGS else "de"


def localized(field, language):
    """A translated field in `language`, falling back to German where empty (as pages show it).

    The same expressions are indexed in migrations 0004 and 0006."""
    if language == "de":
        return Coalesce(F(f"{field}_de"), Value(""), output_field=TextField())
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")),
        F(f"{field}_de"),
        Value(""),
        output_field=TextField(),
    )


def _in_language(obj, field, language):
    """A translated field's value in `language`, the German one where empty (as localized)."""
    return getattr(obj, f"{field}_{language}", None) or getattr(obj, f"{field}_de", None) or ""


def highlight_text(text, terms):
    """`text` escaped, with every case-insensitive occurrence of a term wrapped in <mark>."""
    text = str(text or "")
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    return _marks_to_html(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))


def highlight_matches(text, matches):
    """`text` escaped, every word marked that one of `matches` ((folded word, prefix)) finds,
    compared as the index compares (folded; a prefix also as the start of a longer word)."""

    def found(word):
        folded = fold(word)
        return any(folded.startswith(w) if prefix else folded == w for w, prefix in matches)

    marked = re.sub(
        r"[^\W_]+",
        lambda m: f"{START}{m.group(0)}{STOP}" if found(m.group(0)) else m.group(0),
        str(text or ""),
    )
    return _marks_to_html(marked)


def _marks_to_html(marked):
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


class ProjectSearch:
    """The search for `q` in `language` (default: the active one) within `base`."""

    def __init__(self, q, base, language=None):
        self.q = (q or "").strip()[:MAX_LENGTH]
        self.terms = words(self.q)
        self.base = base
        self.language = language or active_language()
        self.ranked = True
        self._groups = None
        self._matches_json = None
        self._matched_ids = None
        self._options_version = None

    def __bool__(self):
        return bool(self.terms)

    # --- The plan ---------------------------------------------------------------------------

    @property
    def groups(self):
        """The query as search_text.Group objects (one vocabulary query if a word needs it)."""
        if self._groups is None:
            self._groups = self._plan()
        return self._groups

    def _plan(self):
        quoted, rest = phrases(self.q)
        groups = [
            Group(p, [Alternative(tuple(folded_words(p)), prefix=False, phrase=True)])
            for p in quoted[:MAX_WORDS]
        ]
        plain, joined = [], {}
        for hyphenated in re.findall(r"[^\W_]+(?:-[^\W_]+)+", rest)[:MAX_WORDS]:
            # "Start-ups", "mini-grid": the parts next to each other, or written as one word
            parts = folded_words(hyphenated)
            named = find_names(parts)
            if len(named) == 1 and named[0][1]:
                continue  # a name such as Baden-Württemberg: found below
            rest = rest.replace(hyphenated, " ")
            group = Group(hyphenated, [Alternative(tuple(parts), phrase=True)])
            groups.append(group)
            joined["".join(parts)] = group
        for run, name in find_names(words(rest)[:MAX_WORDS]):
            text = " ".join(run)
            if name and name[0] == "land":
                groups.append(Group(text, [], land=name[1]))
            elif name:
                groups.append(Group(text, self._country_phrases(name[1]), country=name[1]))
            else:
                plain.append(text)
        plain += [word for word in joined if word not in plain]
        wide = [w for w in plain if needs_vocabulary(w)]
        known = search_sql.vocabulary(connection, self.language, wide) if wide else set()
        compounds = self.language == "de"
        for word in plain:
            alternatives = (
                widen(word, known, compounds) if word in wide else word_alternatives(word)
            )
            if word in joined:  # the joined form of a hyphenated word: one more way to match it
                joined[word].alternatives += alternatives
            else:
                groups.append(Group(word, alternatives))
        return groups

    def _country_phrases(self, code):
        from django.utils import translation
        from django_countries.fields import Country

        with translation.override(self.language):
            name = str(Country(code).name)
        return [Alternative(tuple(folded_words(name)), prefix=False, phrase=True)]

    # --- Conditions -------------------------------------------------------------------------

    def _with_organisations(self, organisations):
        """Ids of the projects that show their organisations and have one of `organisations`."""
        return (
            self.base.model.objects.showing("organisations")
            .filter(participations__organisation__in=organisations)
            .values("pk")
        )

    def _name_arms(self, group):
        """Ids of the projects with one of the group's single words in a theme, topic, phase or
        (shown) organisation name: one id query per relation that has such a name (none: no
        query). The names are matched in Python, folded as the index folds, over the rows the
        facets keep per process (projects.facets.facet_options): a search no longer folds
        every organisation's name in SQL nor builds four subqueries to find nothing.
        """
        single = [a for a in group.alternatives if len(a.words) == 1]
        if not single:
            return []
        patterns = [f" {a.words[0]}" + ("" if a.prefix else " ") for a in single]

        def named(*texts):
            return any(p in spaced_words(t) for t in texts if t for p in patterns)

        language = self.language
        themes = [t.pk for t in self._kept("themes") if named(_in_language(t, "name", language))]
        phases = [
            p.pk
            for p in self._kept("phases")
            if named(_in_language(p, "name", language), p.short_name)
        ]
        organisations = [
            o.pk
            for o in self._kept("organisations")
            if named(_in_language(o, "name", language), o.acronym)
        ]
        projects = self.base.model.objects
        arms = []
        if themes:
            arms.append(projects.filter(themes__in=themes).values("pk"))
            arms.append(projects.filter(topics__in=themes).values("pk"))
        if phases:
            arms.append(projects.filter(phase__in=phases).values("pk"))
        if organisations:
            arms.append(self._with_organisations(organisations))
        return arms

    def _kept(self, name):
        """Themes (both kinds), phases or organisations, as the facets keep them: the same
        names and querysets as the list's filters (projects/filters.py), so a list page that
        searches loads no list of its own but the organisations."""
        from partners.models import Organisation
        from projects.models import Phase
        from themes.models import Theme

        if self._options_version is None:
            self._options_version = facets.options_version()
        querysets = {
            "themes": {"theme": Theme.objects.focus(), "topic": Theme.objects.topics()},
            "phases": {"phase": Phase.objects.all()},
            "organisations": {"search-organisations": Organisation.objects.all()},
        }[name]
        return [
            row
            for key, queryset in querysets.items()
            for row in facets.facet_options(key, queryset, self._options_version)
        ]

    def _relation_arms(self, group):
        """The group's relation matches as id queries: a Land through the project's Länder, a
        country through its (shown) partner countries, a word through the names."""
        from projects.models import ProjectLand

        if group.land:
            return [ProjectLand.objects.filter(land__code=group.land).values("project")]
        if group.country:
            shown = self.base.model.objects.showing("partner_countries")
            return [shown.filter(partner_countries__code=group.country).values("pk")]
        return self._name_arms(group)

    def _relation_condition(self, group):
        arms = self._relation_arms(group)
        if not arms:
            return None
        condition = Q()
        for arm in arms:
            condition |= Q(pk__in=arm)
        return condition

    def _group_condition(self, group):
        condition = self._relation_condition(group)
        if group.alternatives:
            text = Q(TextMatch(self.language, group.alternatives))
            condition = text if condition is None else text | condition
        return condition if condition is not None else Q(pk__in=[])

    def condition(self):
        found = Q()
        for group in self.groups:
            found &= self._group_condition(group)
        return found

    def rank(self):
        """Per group: TITLE, NAME, SUMMARY points and ANYWHERE for a match at all."""
        parts = []
        for group in self.groups:
            parts.append(Value(ANYWHERE))
            names = self._relation_condition(group)
            if names is not None:
                parts.append(Case(When(names, then=Value(NAME)), default=Value(0.0)))
            if group.alternatives:
                for column, points in (("title", TITLE), ("summary", SUMMARY)):
                    match = TextMatch(self.language, group.alternatives, column)
                    parts.append(Case(When(match, then=Value(points)), default=Value(0.0)))
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        return total

    def matches_json(self):
        """{"<id>": rank} of every project in `base` that matches, read in one query
        (PostgreSQL; search_sql.matches: each name and text condition is evaluated once)."""
        if self._matches_json is None:
            parts = [(group.alternatives, self._relation_arms(group)) for group in self.groups]
            rows = search_sql.matches(self.base.order_by(), self.language, parts, self._points())
            self._matched_ids = [pk for pk, _rank in rows]
            self._matches_json = search_sql.as_json(rows)
        return self._matches_json

    def matched_ids(self):
        """The ids of every project in `base` that matches (PostgreSQL; matches_json's query)."""
        self.matches_json()
        return self._matched_ids

    @staticmethod
    def _points():
        return {"anywhere": ANYWHERE, "name": NAME, "title": TITLE, "summary": SUMMARY}

    # --- Interface ----------------------------------------------------------------------------

    def filter(self, queryset):
        """`queryset` narrowed to the matching projects."""
        if not self:
            return queryset
        if connection.vendor == "postgresql":
            return queryset.filter(InMatches(F("pk"), self.matched_ids()))
        return queryset.filter(self.condition())

    def annotate_rank(self, queryset):
        """Adds `search_rank` (higher is better)."""
        if not self:
            return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
        if connection.vendor == "postgresql":
            return queryset.annotate(search_rank=MatchRank(F("pk"), self.matches_json()))
        return queryset.annotate(search_rank=self.rank())

    def annotate_highlights(self, queryset):
        """Kept for the views: highlights are made in Python on both engines (highlight)."""
        return queryset

    def highlight_words(self):
        return [pair for group in self.groups for pair in group.highlight_words()]

    def highlight(self, project):
        """Sets `title_html`, `summary_html` (safe HTML) and `search_reasons` on a project."""
        matches = self.highlight_words()
        for field in ("title", "summary"):
            setattr(project, f"{field}_html", highlight_matches(getattr(project, field), matches))
        project.search_reasons = search_hints.reasons(self, project)
