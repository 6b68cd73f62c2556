"""The search vocabulary (the known words that widen a query) stays in step with the published,
non-withheld texts on both engines: SQLite's fts5vocab over the FTS tables, PostgreSQL's
projects_search_vocabulary table kept by triggers (migration 0010_search_vocabulary); also
after bulk_create, queryset.update() and delete. Plus the SQLite triggers that a table remake
drops (search_sql.restore_sqlite_index) and the pinned query counts of a search.
"""

import pytest
from django.db import connection
from django.db.models.signals import post_migrate
from django.utils import translation

from projects.models import Project
from projects.search import ProjectSearch
from projects.search_sql import _vocabulary_source
from tests.factories import make_project

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


def known(word, language="de"):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term FROM ({_vocabulary_source(connection, language)}) AS v WHERE term = %s",
            [word],
        )
        return bool(cursor.fetchall())


def pg_counts_match_the_columns():
    """PostgreSQL: every word's document count equals ts_stat over the published rows."""
    with connection.cursor() as cursor:
        for language in ("de", "en"):
            cursor.execute(
                f"SELECT count(*) FROM ts_stat('SELECT search_words_{language} FROM "
                "projects_project WHERE publication_state = ''published''') AS t FULL JOIN "
                "(SELECT * FROM projects_search_vocabulary WHERE language = %s) AS v "
                "ON v.word = t.word WHERE v.documents IS DISTINCT FROM t.ndoc",
                [language],
            )
            assert cursor.fetchone()[0] == 0


def test_vocabulary_follows_publish_unpublish_withhold_update_delete():
    project = make_project(
        title_de="Zebrafische im Labor",
        title_en="Zebrafish in the lab",
        description_de="Aquarientechnik aus Kiel.",
        state=Project.PublicationState.DRAFT,
    )
    assert not known("zebrafische")  # a draft's words are not known
    project.publication_state = Project.PublicationState.PUBLISHED
    project.save()
    assert known("zebrafische") and known("aquarientechnik") and known("zebrafish", "en")

    Project.objects.filter(pk=project.pk).update(withheld_fields=["description"])
    assert known("zebrafische") and not known("aquarientechnik")  # withheld part gone

    Project.objects.filter(pk=project.pk).update(title_de="Seepferdchen im Labor")
    assert known("seepferdchen") and not known("zebrafische")

    other = make_project(title_de="Seepferdchen am Meer")
    project.publication_state = Project.PublicationState.ARCHIVED
    project.save()
    assert known("seepferdchen") and not known("labor")  # still in the other project
    other.delete()
    assert not known("seepferdchen")
    if connection.vendor == "postgresql":
        pg_counts_match_the_columns()


def test_vocabulary_follows_bulk_create_and_bulk_update():
    base = make_project()
    Project.objects.bulk_create(
        [
            Project(
                slug=f"bulk-{n}",
                title_de=f"Mangrovenschutz {n}",
                phase=base.phase,
                status=Project.Status.ONGOING,
                publication_state=Project.PublicationState.PUBLISHED,
            )
            for n in range(3)
        ]
    )
    assert known("mangrovenschutz")
    Project.objects.filter(slug__startswith="bulk-").update(
        publication_state=Project.PublicationState.DRAFT
    )
    assert not known("mangrovenschutz")
    if connection.vendor == "postgresql":
        pg_counts_match_the_columns()


def test_typo_is_corrected_from_the_vocabulary(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_project(title_de="Mangrovenschutz an der Küste")
    response = client.get(LIST, {"q": "Mangrovenschuts"})
    assert [p.title for p in response.context["projects"]] == ["Mangrovenschutz an der Küste"]
    Project.objects.update(publication_state=Project.PublicationState.DRAFT)
    assert not known("mangrovenschutz")


def test_sqlite_triggers_are_restored_after_a_table_remake():
    """A migration that remakes the project table on SQLite drops the FTS triggers; the
    post_migrate handler puts them back and refills the index."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    project = make_project(title_de="Korallenriffe")
    with connection.cursor() as cursor:
        for language in ("de", "en"):
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER projects_search_{language}_{event}")
    project.title_de = "Seegraswiesen"
    project.save()
    assert known("korallenriffe") and not known("seegraswiesen")  # out of step
    post_migrate.send(sender=Project._meta.app_config, app_config=Project._meta.app_config)
    assert known("seegraswiesen") and not known("korallenriffe")
    project.delete()
    assert not known("seegraswiesen")  # the triggers work again


def test_hyphenated_land_name_is_a_land():
    """ "Rhineland-Palatinate" names the Land (its projects, whatever their text says)."""
    search = ProjectSearch("Rhineland-Palatinate", Project.objects.published(), language="en")
    assert [group.land for group in search.groups] == ["DE-RP"]
    search = ProjectSearch("Start-ups", Project.objects.published(), language="de")
    assert [group.land for group in search.groups] == [""]


def test_search_query_counts_are_pinned(django_assert_num_queries):
    make_project(title_de="Wasserversorgung in Städten")
    base = Project.objects.published()
    ProjectSearch("Wasser", base, language="de").condition()  # keeps the names it looks at
    # a word of five letters or more: the vocabulary, then the matches (PostgreSQL: as one
    # map reused by the list and the facets; SQLite: a subquery of each later query); the
    # themes, phases and organisations whose names it looks at are kept from the first search
    expected = 2 if connection.vendor == "postgresql" else 1
    with translation.override("de"), django_assert_num_queries(expected):
        search = ProjectSearch("Wasserversorgung", base, language="de")
        search.groups  # noqa: B018 - plans the search (the vocabulary query)
        if connection.vendor == "postgresql":
            search.matches_json()
            search.matches_json()  # once per search
    with django_assert_num_queries(0):  # a short word needs no vocabulary
        ProjectSearch("Bau", base, language="de").groups  # noqa: B018
