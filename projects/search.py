"""Full-text search of the published projects, in the active language.

One interface, two engines:

- PostgreSQL: full-text search (`german` dictionary for German content, `english` for English)
  over title (weight A), summary (B), description and partner region (C), stored per language
  in generated, GIN-indexed tsvector columns (migration 0004_search_vectors), and over the
  partner organisations' names. Every word of the query also matches as a prefix of a stemmed
  word, so "Energie" finds "Energieversorgung" (the german snowball dictionary does not split
  compounds, see tests/projects/test_search.py). Each word must occur in the project's text
  or in the name of one of its organisations. Typos are caught by pg_trgm's word similarity
  over the title ("Wassr", "Berufsbidlung"): every word must be similar to a word of the title
  (the `<%` operator; its threshold MIN_SIMILARITY is set on each connection), answered from
  a GIN trigram index. The search runs ONCE per request: `ProjectSearch.matches_json()` reads
  the ids and ranks of all matching projects in one query; every later query of the request
  (count, facets, page) filters on that id → rank map, passed as one jsonb parameter (a key
  look-up is a binary search, so thousands of matches stay cheap). Matches are highlighted
  with SearchHeadline.
- SQLite (development): each word must occur in one of the same fields, compared after
  Python's `str.casefold()` on both sides (SQLite's own LIKE folds only ASCII, so "äthiopien"
  would miss "Äthiopien"); no ranking; matches are highlighted in Python.

Parts a project withholds (Project.WITHHOLDABLE_FIELDS: description, partner region,
organisations) are never searched, on either engine: a project must not be findable by words
that the public pages do not show. (Partner countries are not searched at all.)

Highlighted text comes back as safe HTML: the text is escaped first and only our own <mark>
tags are added.
"""

import json
import re

from django.contrib.postgres.lookups import SearchVectorExact, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Expression,
    F,
    FloatField,
    Func,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat, Least, NullIf
from django.db.models.lookups import Contains
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Dictionaries of the languages the portal shows; anything else searches as German.
CONFIGS = {"de": "german", "en": "english"}
# At most this many words of a query are used (longer input is cut, never an error).
MAX_WORDS = 8
MAX_LENGTH = 200
# pg_trgm word similarity (0…1) from which a title counts as a fuzzy match (prepare_connection).
MIN_SIMILARITY = 0.4
# The project's own text fields that are searched (organisation names come on top).
FIELDS = ("title", "summary", "description", "partner_region")
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
    """A translated field in `language`, falling back to German where empty (as pages show it).

    The same expressions are indexed in migration 0004_search_vectors (title, trigrams).
    """
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


# --- Per connection ----------------------------------------------------------------------------


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


@receiver(connection_created)
def prepare_connection(sender, connection, **kwargs):
    """Per new database connection: what the search needs of the session.

    SQLite: CASEFOLD(text), Python's Unicode case folding (Ä → ä, ß → ss), because SQLite's
    LIKE folds only ASCII. PostgreSQL: pg_trgm's threshold for the `<%` operator (default 0.6,
    which misses "Berufsbidlung" at 0.57), one statement per connection, not per request,
    where connections persist (CONN_MAX_AGE).
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function("CASEFOLD", 1, _casefold, deterministic=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {MIN_SIMILARITY:.2f}")


class Casefold(Func):
    """CASEFOLD(text), registered on SQLite connections by prepare_connection."""

    function = "CASEFOLD"
    output_field = TextField()


# --- PostgreSQL expressions ---------------------------------------------------------------------


class StoredVector(Expression):
    """The project's generated search column in `language` (migration 0004_search_vectors)."""

    output_field = SearchVectorField()

    def __init__(self, language):
        super().__init__()
        self.column = f"search_{language}"

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


class AnyOf(Func):
    """`expression = ANY(ARRAY(subquery))`: unlike IN (subquery) an index condition, so it can
    be one arm of an OR that PostgreSQL answers with a BitmapOr of index scans."""

    output_field = BooleanField()

    def __init__(self, expression, queryset):
        super().__init__(expression, Subquery(queryset.order_by()))

    def as_sql(self, compiler, connection, **extra):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"({lhs} = ANY(ARRAY{subquery}))", (*lhs_params, *subquery_params)


class _OverMatches(Func):
    """An expression over the project's entry in the jsonb map of matches (PostgreSQL):
    `json_sql` with %s for the map and {id} for the project's id."""

    json_sql = ""

    def __init__(self, expression, matches_json):
        super().__init__(expression)
        self.matches_json = matches_json

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return self.json_sql.format(id=sql), (self.matches_json, *params)


class InMatches(_OverMatches):
    """True where the project's id is a key of the jsonb map of matches."""

    output_field = BooleanField()
    json_sql = "(%s::jsonb -> ({id})::text) IS NOT NULL"


class MatchRank(_OverMatches):
    """The rank of the project in the jsonb map of matches (0 where it is not a match)."""

    output_field = FloatField()
    json_sql = "COALESCE((%s::jsonb ->> ({id})::text)::float8, 0)"


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

    def _with_organisations(self, organisations):
        """Ids of the projects that show their organisations and have one of `organisations`."""
        return (
            self.base.model.objects.showing("organisations")
            .filter(participations__organisation__in=organisations)
            .values("pk")
        )

    def _organisation_text(self):
        name = localized("name", self.language)
        return Concat(name, Value(" "), F("acronym"), output_field=TextField())

    # --- PostgreSQL ---------------------------------------------------------------------------

    def query(self, terms=None):
        # Each word as a prefix of a stemmed word: `energi:*` matches `energieversorg`.
        raw = " & ".join(f"{term}:*" for term in terms or self.terms)
        return SearchQuery(raw, search_type="raw", config=self.config)

    def _word_condition(self, term):
        """`term` occurs in the project's stored text or in one of its organisations' names."""
        from partners.models import Organisation

        organisations = (
            Organisation.objects.annotate(
                _vector=SearchVector(self._organisation_text(), config=self.config)
            )
            .filter(_vector=self.query([term]))
            .values("pk")
        )
        in_text = self.base.model.objects.filter(
            SearchVectorExact(StoredVector(self.language), self.query([term]))
        )
        return Q(AnyOf(F("pk"), in_text.values("pk"))) | Q(
            AnyOf(F("pk"), self._with_organisations(organisations))
        )

    def _similar_condition(self, term):
        """`term` is similar to a word of the title (pg_trgm, MIN_SIMILARITY)."""
        title = localized("title", self.language)
        similar = self.base.model.objects.filter(TrigramWordSimilar(title, Value(term)))
        return Q(AnyOf(F("pk"), similar.values("pk")))

    def similarity(self):
        text = localized("title", self.language)
        # Every word must be similar to some word of the text: the weakest word counts.
        similarities = [TrigramWordSimilarity(Value(term), text) for term in self.terms]
        return Least(*similarities) if len(similarities) > 1 else similarities[0]

    def _ranked_condition(self):
        """Every word in the text (or an organisation), or every word similar to the title.

        Each word's matches come from an index (GIN on the stored vector, on the title's
        trigrams) as an id array: written as one OR of `@@` and `<%` conditions, PostgreSQL
        may choose a sequential scan that unpacks every project's vector (four times slower
        for a word in every sixth project).
        """
        in_text = Q()
        similar = Q()
        for term in self.terms:
            in_text &= self._word_condition(term)
            similar &= self._similar_condition(term)
        return in_text | similar

    def matches_json(self):
        """{"<id>": rank} of every project in `base` that matches, read in one query.

        The rank (ts_rank over the stored vector plus the title's word similarity) is
        computed for the matching projects only.
        """
        if self._matches_json is None:
            rows = (
                self.base.order_by()
                .filter(self._ranked_condition())
                .annotate(
                    _rank=SearchRank(StoredVector(self.language), self.query()) + self.similarity()
                )
                .values_list("pk", "_rank")
            )
            self._matches_json = json.dumps({str(pk): rank for pk, rank in rows})
        return self._matches_json

    # --- SQLite -------------------------------------------------------------------------------

    def _contains(self, expression, term):
        return Contains(Casefold(expression), term.casefold())

    def _contains_condition(self):
        from partners.models import Organisation

        projects = self.base.model.objects
        condition = Q()
        for term in self.terms:
            organisations = Organisation.objects.filter(
                self._contains(self._organisation_text(), term)
            ).values("pk")
            in_fields = Q(pk__in=self._with_organisations(organisations))
            for field in FIELDS:
                found = Q(self._contains(localized(field, self.language), term))
                if field in projects.model.WITHHOLDABLE_FIELDS:
                    found = Q(pk__in=projects.showing(field).filter(found).values("pk"))
                in_fields |= found
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
