"""The search's database side: per-engine SQL for the folded word indexes of migration
0006_search_words (FTS5 on SQLite, 'simple' tsvectors on PostgreSQL), the vocabulary query,
the fold of names, the jsonb map of matches (PostgreSQL) and the per-connection set-up.

Everything here takes the plan that search_text.py made and only translates it: the same plan
gives the same projects on both engines.
"""

import json
from importlib import import_module

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Expression,
    F,
    FloatField,
    Func,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from projects.search_text import candidates_condition, folded_words

# PostgreSQL's fold, as Python's search_text.fold does it for these letters (also in 0006).
PG_FOLD_FROM = "àáâãäåāăąçćčďèéêëēėęěğìíîïīñńňòóôõöōőřśšşťùúûüūůűýÿžźż"
PG_FOLD_TO = "aaaaaaaaacccdeeeeeeeegiiiiinnnooooooorssstuuuuuuuyyzzz"
WEIGHTS = {"title": "A", "summary": "B", "body": "C"}


def pg_fold_sql(sql):
    """SQL: `sql` folded to words separated by single spaces (PostgreSQL)."""
    lowered = f"translate(lower(replace({sql}, 'ß', 'ss')), '{PG_FOLD_FROM}', '{PG_FOLD_TO}')"
    return f"btrim(regexp_replace({lowered}, '[^[:alnum:]]+', ' ', 'g'))"


# --- Per connection ----------------------------------------------------------------------------


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def _searchfold(value):
    return " ".join(folded_words(value)) if isinstance(value, str) else value


@receiver(connection_created)
def prepare_connection(sender, connection, **kwargs):
    """SQLite: CASEFOLD(text) (Python's Unicode case folding; SQLite's LIKE folds only ASCII)
    and SEARCHFOLD(text) (search_text.folded_words joined by spaces), for the names."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("CASEFOLD", 1, _casefold, deterministic=True)
        connection.connection.create_function("SEARCHFOLD", 1, _searchfold, deterministic=True)


@receiver(post_migrate)
def restore_sqlite_index(sender, using="default", **kwargs):
    """SQLite: puts back the triggers of migration 0006_search_words when a later migration
    lost them, and refills the FTS tables from the projects.

    SQLite alters a table by copying it into a new one (Django's "remake"), which drops the
    table's triggers: after 0008_project_internal_note the index no longer followed any write
    and a new project was not found. Runs after every `migrate`; does nothing while the
    triggers are there."""
    connection = connections[using]
    if connection.vendor != "sqlite" or getattr(sender, "name", "") != "projects":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        names = {row[0] for row in cursor.fetchall()}
        if "projects_search_de" not in names or "projects_search_de_insert" in names:
            return
        statements = import_module("projects.migrations.0006_search_words").sqlite_forwards()
        for statement in statements:
            if statement.startswith("CREATE VIRTUAL TABLE"):
                continue
            if statement.startswith("INSERT INTO"):
                cursor.execute(f"DELETE FROM {statement.split()[2]}")
            cursor.execute(statement)


class Fold(Func):
    """A name folded to index words separated by single spaces (search_text.folded_words)."""

    function = "SEARCHFOLD"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return pg_fold_sql(sql), params


# --- Text match ----------------------------------------------------------------------------------


def fts5_query(alternatives, column=None):
    """An FTS5 MATCH string: any of `alternatives` (search_text.Alternative), optionally within
    one column. Index words are letters and digits only, so quoting them is safe."""

    def one(alternative):
        if alternative.phrase:
            return '"' + " ".join(alternative.words) + '"' + ("*" if alternative.prefix else "")
        star = "*" if alternative.prefix else ""
        return "(" + " AND ".join(f'"{w}"{star}' for w in alternative.words) + ")"

    query = " OR ".join(one(a) for a in alternatives)
    return f"{{{column}}}: ({query})" if column else f"({query})"


def tsquery(alternatives, column=None):
    """The same as a PostgreSQL tsquery ('simple'), weights standing for the columns."""

    def lexeme(word, prefix):
        weight = WEIGHTS[column] if column else ""
        return f"{word}:{'*' if prefix else ''}{weight}" if (prefix or weight) else word

    def one(alternative):
        joiner = " <-> " if alternative.phrase else " & "
        return "(" + joiner.join(lexeme(w, alternative.prefix) for w in alternative.words) + ")"

    return " | ".join(one(a) for a in alternatives)


class TextMatch(Expression):
    """True for a project whose folded text (or one `column` of it) has any of `alternatives`.

    SQLite: `id IN (SELECT rowid FROM projects_search_<language> WHERE … MATCH …)`.
    PostgreSQL: `id = ANY(ARRAY(SELECT id … WHERE search_words_<language> @@ …))`, answered from
    the GIN index (an index condition, so it can be one arm of an OR).
    """

    output_field = BooleanField()

    def __init__(self, language, alternatives, column=None):
        super().__init__()
        self.language, self.alternatives, self.column = language, alternatives, column

    def _id(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('id')}"

    def as_sqlite(self, compiler, connection, **extra):
        table = f"projects_search_{self.language}"
        match = fts5_query(self.alternatives, self.column)
        sql = f"{self._id(compiler, connection)} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)"
        return sql, (match,)

    def as_postgresql(self, compiler, connection, **extra):
        column = f"search_words_{self.language}"
        query = (tsquery(self.alternatives, self.column),)
        if self.column:
            # a weight needs the row's vector anyway (the GIN index keeps no weights): test the
            # row itself, only for the rows already matched
            table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
            return f"({table}.{column} @@ to_tsquery('simple', %s))", query
        # a hashed subplan (one GIN-index scan, then a hash probe per row); `= ANY(ARRAY(…))`
        # compared each row with every element of the array
        sql = (
            f"({self._id(compiler, connection)} IN (SELECT id FROM projects_project "
            f"WHERE {column} @@ to_tsquery('simple', %s)))"
        )
        return sql, query

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError(
            f"the search supports SQLite and PostgreSQL, not {connection.vendor}"
        )


# --- Vocabulary --------------------------------------------------------------------------------


def _vocabulary_source(connection, language):
    """SQL that lists the known index words of `language` as a column `term`."""
    if connection.vendor == "sqlite":
        return f"SELECT term FROM projects_search_{language}_vocab"
    # migration 0010_search_vocabulary: kept by triggers, no ts_stat over every project
    return f"SELECT word AS term FROM projects_search_vocabulary WHERE language = '{language}'"


def vocabulary(connection, language, words):
    """The known index words (published, not withheld text) that may widen `words`: one query."""
    condition, params = candidates_condition(words)
    source = _vocabulary_source(connection, language)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM ({source}) AS vocabulary WHERE {condition}", params)
        return {row[0] for row in cursor.fetchall()}


# --- The jsonb map of matches (PostgreSQL) ------------------------------------------------------


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


class InMatches(Func):
    """True where the project's id is one of the matched `ids` (PostgreSQL).

    An array of ids rather than a test against the jsonb map: the planner knows how many rows
    it selects and reads them through the primary key (an index condition), so the facet
    counts join the link tables with a few hundred rows instead of hashing the link tables
    for a selection it guessed at all published projects."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression)
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql}) = ANY(%s::bigint[])", (*params, self.ids)


class MatchRank(_OverMatches):
    """The rank of the project in the jsonb map of matches (0 where it is not a match)."""

    output_field = FloatField()
    json_sql = "COALESCE((%s::jsonb ->> ({id})::text)::float8, 0)"


def matches(base, language, parts, points):
    """(id, rank) of the projects in `base` that match every group (PostgreSQL).

    `parts`: per group (alternatives, relation arms): the text to find and the id queries of
    the relations (Land, country, names) that also match it. A group's matches are the union
    of the ids its text finds (GIN index) and its arms find, so the rows are read by their ids
    (`id = ANY(ARRAY(...))`, an index condition on the primary key), never all published rows
    (a row fills most of a page, so reading all of them dominated the search). Each
    group's arms run once, as a CTE that both the match and the name points read. The rank is
    search.ProjectSearch.rank's, the same points as on SQLite; title and summary weights are
    tested on the matched rows' vectors only.
    """
    ctes, cte_params, columns, rank, rank_params = [], [], {}, [], []
    found, found_params = [], []
    for i, (alternatives, arms) in enumerate(parts):
        ids = []
        if arms:
            union, params = _union(arm.order_by().query.sql_with_params() for arm in arms)
            ctes.append(f"n{i}(id) AS MATERIALIZED ({union})")
            cte_params += params
            ids.append(f"SELECT id FROM n{i}")
            columns[f"_n{i}"] = RawSQL(
                f'"projects_project"."id" IN (SELECT id FROM n{i})', (), BooleanField()
            )
            rank.append(f"CASE WHEN m._n{i} THEN %s ELSE 0 END")
            rank_params.append(points["name"])
        if alternatives:
            ids.append(
                f"SELECT id FROM projects_project "
                f"WHERE search_words_{language} @@ to_tsquery('simple', %s)"
            )
            found_params.append(tsquery(alternatives))
        found.append(f"({' UNION '.join(ids)})" if ids else "(SELECT NULL::bigint WHERE FALSE)")
        rank.append("%s")
        rank_params.append(points["anywhere"])
        for column in ("title", "summary") if alternatives else ():
            rank.append("CASE WHEN m._vector @@ to_tsquery('simple', %s) THEN %s ELSE 0 END")
            rank_params += [tsquery(alternatives, column), points[column]]
    # one array of the ids that every group finds: an index condition on the primary key (two
    # `= ANY` arrays on one column made PostgreSQL 15 try their combinations)
    every = " INTERSECT ".join(found)
    narrowed = base.filter(
        RawSQL(f'"projects_project"."id" = ANY(ARRAY({every}))', found_params, BooleanField())
    )
    columns["_id"] = F("pk")
    columns["_vector"] = RawSQL(f'"projects_project"."search_words_{language}"', ())
    inner_sql, inner_params = narrowed.annotate(**columns).values(*columns).query.sql_with_params()
    with_ = f"WITH {', '.join(ctes)} " if ctes else ""
    sql = f"{with_}SELECT m._id, ({' + '.join(rank)})::float8 FROM ({inner_sql}) AS m"
    with connections[base.db].cursor() as cursor:
        cursor.execute(sql, (*cte_params, *rank_params, *inner_params))
        return cursor.fetchall()


def _union(queries):
    """One SQL UNION of (sql, params) pairs, with its params in order."""
    selects, params = [], []
    for sql, query_params in queries:
        selects.append(sql)
        params += query_params
    return " UNION ".join(selects), params


def as_json(rows):
    return json.dumps({str(pk): rank for pk, rank in rows})


def suggestion_vocabulary(connection, language, words, limits):
    """Known index words that may be a correction of `words` (each within its edit limit, with
    its first or last letter): one query, made only when a search finds nothing."""
    conditions, params = [], []
    for word, limit in zip(words, limits, strict=True):
        conditions.append(
            "(length(term) BETWEEN %s AND %s AND (substr(term, 1, 1) = %s"
            " OR substr(term, length(term), 1) = %s))"
        )
        params += [len(word) - limit, len(word) + limit, word[:1], word[-1:]]
    source = _vocabulary_source(connection, language)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM ({source}) AS vocabulary WHERE {' OR '.join(conditions)}", params
        )
        return {row[0] for row in cursor.fetchall()}
