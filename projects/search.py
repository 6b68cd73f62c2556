"""Full-text search of the published projects, in the active language.

One interface, two engines:

- PostgreSQL: full-text search (`german` dictionary for German content, `english` for English)
  over title (weight A), summary (B), description, partner region and the partner organisations'
  names (C). Every word of the query also matches as a prefix of a stemmed word, so "Energie"
  finds "Energieversorgung" (the german snowball dictionary does not split compounds, see
  tests/projects/test_search.py). Typos are caught by pg_trgm's word similarity over the title
  ("Wassr", "Berufsbidlung"); every word must be similar to a word of the title. The search runs ONCE per request: `ProjectSearch.matches()` reads the ids
  and ranks of all matching projects in one query; every later query of the request (count,
  facets, page) filters on that id → rank map, passed as one jsonb parameter (a key look-up is a
  binary search, so thousands of matches stay cheap). Matches are highlighted with SearchHeadline.
  The vectors are computed on the fly (no stored column or GIN index yet): with 10,000 projects
  of realistic length the one search query takes seconds (tests/projects/test_list_scale.py);
  a stored tsvector column with a GIN index is the fix once the model may change.
- SQLite (development): each word must occur, case-insensitively, in one of the same fields;
  no ranking; matches are highlighted in Python.

Highlighted text comes back as safe HTML: the text is escaped first and only our own <mark>
tags are added.
"""

import json
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Least, NullIf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Dictionaries of the languages the portal shows; anything else searches as German.
CONFIGS = {"de": "german", "en": "english"}
# At most this many words of a query are used (longer input is cut, never an error).
MAX_WORDS = 8
MAX_LENGTH = 200
# pg_trgm word similarity (0…1) from which a title counts as a fuzzy match.
MIN_SIMILARITY = 0.4
# ts_rank below this means "no match" (PostgreSQL returns 0 or 1e-20 there).
MIN_RANK = 1e-9
# Private-use characters that mark highlights inside the database's plain-text headline; they
# are turned into <mark> only after the text has been escaped.
START, STOP = "\ue000", "\ue001"


def words(q):
    """The words of a query (letters and digits only), at most MAX_WORDS, without repeats."""
    found = re.findall(r"\w+", (q or "")[:MAX_LENGTH])
    return list(dict.fromkeys(w for w in found if w.strip("_")))[:MAX_WORDS]


def active_language():
    language = (get_language() or "de")[:2]
    return language if language in CONFIGS else "de"


def localized(field, language):
    """A translated field in `language`, falling back to German where empty (as pages show it)."""
    if language == "de":
        return Coalesce(F(f"{field}_de"), Value(""), output_field=TextField())
    return Coalesce(
        NullIf(F(f"{field}_{language}"), Value("")),
        F(f"{field}_de"),
        Value(""),
        output_field=TextField(),
    )


def highlight_text(text, terms):
    """`text` escaped, with every case-insensitive occurrence of a term wrapped in <mark>."""
    text = str(text or "")
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text)
    return _marks_to_html(marked)


def _marks_to_html(marked):
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags are added


class InMatches(Func):
    """True where the project's id is a key of the jsonb map of matches (PostgreSQL)."""

    output_field = BooleanField()

    def __init__(self, expression, matches_json):
        super().__init__(expression)
        self.matches_json = matches_json

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(%s::jsonb -> ({sql})::text) IS NOT NULL", (self.matches_json, *params)


class MatchRank(Func):
    """The rank of the project in the jsonb map of matches (PostgreSQL)."""

    output_field = FloatField()

    def __init__(self, expression, matches_json):
        super().__init__(expression)
        self.matches_json = matches_json

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"COALESCE((%s::jsonb ->> ({sql})::text)::float8, 0)", (
            self.matches_json,
            *params,
        )


class ProjectSearch:
    """The search for `q` in `language` (default: the active one) within `base`."""

    def __init__(self, q, base, language=None):
        self.q = (q or "").strip()[:MAX_LENGTH]
        self.terms = words(self.q)
        self.base = base
        self.language = language or active_language()
        self.config = CONFIGS[self.language]
        self.ranked = connection.vendor == "postgresql"
        self._matches_json = None

    def __bool__(self):
        return bool(self.terms)

    # --- PostgreSQL ---------------------------------------------------------------------------

    def _organisation_names(self):
        from projects.models import Participation

        name = localized("organisation__name", self.language)
        return Subquery(
            Participation.objects.filter(project=OuterRef("pk"))
            .order_by()
            .values("project")
            .annotate(
                names=Func(
                    Concat(name, Value(" "), F("organisation__acronym"), output_field=TextField()),
                    Value(" "),
                    function="STRING_AGG",
                    output_field=TextField(),
                )
            )
            .values("names")[:1],
            output_field=TextField(),
        )

    def vector(self):
        text = lambda field: localized(field, self.language)  # noqa: E731
        return (
            SearchVector(text("title"), weight="A", config=self.config)
            + SearchVector(text("summary"), weight="B", config=self.config)
            + SearchVector(
                text("description"),
                text("partner_region"),
                Coalesce(self._organisation_names(), Value(""), output_field=TextField()),
                weight="C",
                config=self.config,
            )
        )

    def query(self):
        # Each word as a prefix of a stemmed word: `energi:*` matches `energieversorg`.
        raw = " & ".join(f"{term}:*" for term in self.terms)
        return SearchQuery(raw, search_type="raw", config=self.config)

    def similarity(self):
        text = localized("title", self.language)
        # Every word must be similar to some word of the text: the weakest word counts.
        similarities = [TrigramWordSimilarity(Value(term), text) for term in self.terms]
        return Least(*similarities) if len(similarities) > 1 else similarities[0]

    def matches_json(self):
        """{"<id>": rank} of every project in `base` that matches, read in one query.

        The vector and the similarity are computed once per project: the query selects both
        for every project and the threshold is applied here (a WHERE on them would compute
        each again). ts_rank is 0 (or 1e-20) where the query does not match.
        """
        if self._matches_json is None:
            rows = (
                self.base.order_by()
                .annotate(
                    _fts=SearchRank(self.vector(), self.query()), _similarity=self.similarity()
                )
                .values_list("pk", "_fts", "_similarity")
            )
            matches = {
                str(pk): fts + similarity
                for pk, fts, similarity in rows
                if fts > MIN_RANK or similarity >= MIN_SIMILARITY
            }
            self._matches_json = json.dumps(matches)
        return self._matches_json

    # --- SQLite -------------------------------------------------------------------------------

    def _contains(self, field, term):
        """`field` in the active language (German where that is empty) contains `term`."""
        if self.language == "de":
            return Q(**{f"{field}_de__icontains": term})
        translated = f"{field}_{self.language}"
        missing = Q(**{f"{translated}__isnull": True}) | Q(**{translated: ""})
        return Q(**{f"{translated}__icontains": term}) | (
            missing & Q(**{f"{field}_de__icontains": term})
        )

    def _contains_condition(self):
        from projects.models import Participation

        condition = Q()
        for term in self.terms:
            organisations = Participation.objects.filter(
                self._contains("organisation__name", term)
                | Q(organisation__acronym__icontains=term)
            ).values("project_id")
            in_fields = Q(pk__in=organisations)
            for field in ("title", "summary", "description", "partner_region"):
                in_fields |= self._contains(field, term)
            condition &= in_fields
        return condition

    # --- Interface ----------------------------------------------------------------------------

    def filter(self, queryset):
        """`queryset` narrowed to the matching projects."""
        if not self:
            return queryset
        if self.ranked:
            return queryset.filter(InMatches(F("pk"), self.matches_json()))
        return queryset.filter(self._contains_condition())

    def annotate_rank(self, queryset):
        """Adds `search_rank` (higher is better; 0 where there is no ranking)."""
        if self and self.ranked:
            return queryset.annotate(search_rank=MatchRank(F("pk"), self.matches_json()))
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))

    def annotate_highlights(self, queryset):
        """Adds `title_highlight` and `summary_highlight` (PostgreSQL: SearchHeadline)."""
        if not (self and self.ranked):
            return queryset
        options = {"start_sel": START, "stop_sel": STOP, "highlight_all": True}
        return queryset.annotate(
            title_highlight=SearchHeadline(
                localized("title", self.language), self.query(), config=self.config, **options
            ),
            summary_highlight=SearchHeadline(
                localized("summary", self.language), self.query(), config=self.config, **options
            ),
        )

    def highlight(self, project):
        """Sets `title_html` and `summary_html` on a project of the page (safe HTML)."""
        for field in ("title", "summary"):
            headline = getattr(project, f"{field}_highlight", None)
            if headline is not None and START in headline:
                html = _marks_to_html(headline)
            else:
                html = highlight_text(getattr(project, field), self.terms)
            setattr(project, f"{field}_html", html)
