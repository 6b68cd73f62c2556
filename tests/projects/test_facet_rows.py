"""A selection made of facets only is counted from the narrow rows of projects_facet_values
(projects/facet_rows.py, PostgreSQL): the rows must follow the projects, and the counts must be
exactly those of the general SQL, which applies the filters' own querysets."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict

from partners.models import PartnerCountry
from projects import facet_rows
from projects.filters import project_filter
from projects.models import Project
from tests.factories import make_country, make_land, make_phase, make_project, make_theme
from themes.models import Theme

pytestmark = pytest.mark.django_db

COLUMNS = ("listed", "status", "phase_id", "gender_marker", "hides_partner_countries")


def row(project):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM projects_facet_values WHERE project_id = %s",
            [project.pk],
        )
        found = cursor.fetchone()
    return dict(zip(COLUMNS, found, strict=True)) if found else None


def test_the_row_follows_every_write_to_the_copied_fields(postgres_only):
    phase = make_phase()
    project = make_project(laender=[], countries=[], themes=[], gender_marker=1)
    assert row(project) == {
        "listed": True,
        "status": "ongoing",
        "phase_id": phase.pk,
        "gender_marker": 1,
        "hides_partner_countries": False,
    }

    project.status = Project.Status.COMPLETED
    project.withheld_fields = ["partner_countries"]
    project.save()
    assert row(project)["status"] == "completed"
    assert row(project)["hides_partner_countries"] is True

    later = make_phase("blp-iv", 2028, 2031)
    Project.objects.filter(pk=project.pk).update(
        publication_state=Project.PublicationState.DRAFT, phase=later, gender_marker=None
    )
    assert row(project) == {
        "listed": False,
        "status": "completed",
        "phase_id": later.pk,
        "gender_marker": None,
        "hides_partner_countries": True,
    }

    Project.objects.filter(pk=project.pk).update(title_de="Nur ein neuer Titel")
    assert row(project)["listed"] is False  # a text's update leaves the row as it was


def _catalogue():
    governance, climate = make_theme("governance"), make_theme("umwelt-klima-energie")
    digital = make_theme("digitalisierung", kind=Theme.Kind.TOPIC)
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    uganda = make_country("UG")
    namibia = make_country("NA")
    peru = make_country("PE", region=PartnerCountry.Region.LATIN_AMERICA_CARIBBEAN)
    iv = make_phase("blp-iv", 2028, 2031)
    make_project(themes=[governance], laender=[saxony], countries=[uganda, namibia])
    make_project(
        themes=[governance, climate],
        topics=[digital],
        laender=[saxony, bremen],
        countries=[peru],
        status=Project.Status.COMPLETED,
        gender_marker=2,
    )
    make_project(themes=[climate], laender=[bremen], countries=[uganda], phase=iv, gender_marker=1)
    # withholds its partner countries: found by no country or region, counted by neither
    make_project(
        themes=[climate],
        laender=[bremen],
        countries=[peru, uganda],
        withheld_fields=["partner_countries"],
    )
    make_project(themes=[governance], state=Project.PublicationState.DRAFT)  # never counted
    region = PartnerCountry.Region.SUB_SAHARAN_AFRICA
    return [
        {"theme": "governance"},
        {"land": "de-hb"},
        {"theme": "umwelt-klima-energie", "status": "ongoing"},
        {"theme": ["governance", "umwelt-klima-energie"], "land": "de-sn"},
        {"country": "ug", "gender": "1"},
        {"region": region, "phase": "blp-iv"},
        {
            "region": [region, PartnerCountry.Region.LATIN_AMERICA_CARIBBEAN],
            "topic": "digitalisierung",
        },
        {"sdg": [], "status": ["ongoing", "completed"], "land": ["de-sn", "de-hb"]},
    ]


def _query(params):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return query


def _seen(filterset):
    """What a visitor sees: the result count, every facet option's count, the maps' counts."""
    facets = [(f.name, [(o.value, o.count) for o in f.options]) for f in filterset.facets()]
    maps = [filterset.map_counts(name) for name in filterset.MAP_FACETS]
    return filterset.result_count(), facets, maps


def test_the_narrow_rows_count_exactly_what_the_filters_select(postgres_only, monkeypatch):
    combinations = _catalogue()
    narrow = {}
    for params in [{}, *combinations]:
        filterset = project_filter(_query(params))
        assert facet_rows.conditions(filterset) is not None, params
        narrow[str(params)] = _seen(filterset)
        assert narrow[str(params)][0] == filterset.qs.count(), params

    monkeypatch.setattr(facet_rows, "conditions", lambda filterset: None)
    for params in [{}, *combinations]:
        assert narrow[str(params)] == _seen(project_filter(_query(params))), params
    assert all(seen[0] for seen in narrow.values())


@pytest.mark.parametrize(
    "params", [{"q": "Projekt"}, {"from": "2020"}, {"theme": "governance", "to": "2030"}]
)
def test_a_search_or_a_year_takes_the_general_sql(params, postgres_only):
    make_project()
    assert facet_rows.conditions(project_filter(_query(params))) is None


def test_every_facet_of_the_filter_has_a_condition():
    filterset = project_filter(None)
    assert set(filterset.FACETS) == set(facet_rows.CONDITIONS)


def pairs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT a, b, n FROM projects_facet_pairs WHERE n <> 0")
        return set(cursor.fetchall())


def test_the_pair_counts_follow_every_write(postgres_only):
    _catalogue()
    first = Project.objects.order_by("pk").first()
    first.themes.clear()
    first.status = Project.Status.COMPLETED
    first.withheld_fields = ["partner_countries"]
    first.save()
    Project.objects.filter(publication_state=Project.PublicationState.DRAFT).update(
        publication_state=Project.PublicationState.PUBLISHED
    )
    Project.objects.order_by("pk").last().delete()
    PartnerCountry.objects.filter(code="PE").update(region=PartnerCountry.Region.ASIA)
    kept = pairs()
    assert ("*", "*", Project.objects.published().count()) in kept
    assert ("region:asia", "region:asia", 1) in kept

    with connection.cursor() as cursor:
        cursor.execute("SELECT projects_facet_pairs_rebuild()")
    assert pairs() == kept


def _published_at(project):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT published_at FROM projects_facet_values WHERE project_id = %s", [project.pk]
        )
        return cursor.fetchone()[0]


def test_the_row_copies_the_publication_time(postgres_only):
    project = make_project()
    assert project.published_at is not None
    assert _published_at(project) == project.published_at
    later = project.published_at + datetime.timedelta(days=3)
    Project.objects.filter(pk=project.pk).update(published_at=later)
    assert _published_at(project) == later
    Project.objects.filter(pk=project.pk).update(
        publication_state=Project.PublicationState.DRAFT, published_at=None
    )
    assert _published_at(project) is None


def _first_pages(combinations, size):
    """{params: (first_page_ids(), the list's own first page)} of each combination."""
    found = {}
    for params in combinations:
        filterset = project_filter(_query(params))
        filterset.result_count()  # the counts' query, which may read the first page
        own = list(filterset.qs.values_list("pk", flat=True)[:size])
        found[str(params)] = (filterset.first_page_ids(), own)
    return found


def test_a_scanned_selection_gives_the_list_s_first_page(postgres_only, settings):
    settings.PROJECTS_PER_PAGE = 2
    combinations = _catalogue()
    scanned = [
        p for p in combinations if sum(len(v) if isinstance(v, list) else 1 for v in p.values()) > 1
    ]
    assert len(scanned) >= 4
    for first in (True, False):
        if not first:  # the same time for all: the higher id comes first, as in the list
            Project.objects.update(published_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
        pages = _first_pages(combinations, 2)
        for params in scanned:
            ids, own = pages[str(params)]
            assert ids == own and own, params
        # one ticked value is counted from the pairs: no scan, no ids (the page query reads them)
        assert pages[str({"theme": "governance"})][0] is None
    sorted_by_title = _first_pages([{"land": ["de-sn", "de-hb"], "sort": "title"}], 2)
    assert next(iter(sorted_by_title.values()))[0] is None


def test_the_list_shows_the_first_page_the_counts_read(client, postgres_only, settings):
    settings.PROJECTS_PER_PAGE = 2
    _catalogue()
    query = {"land": ["de-sn", "de-hb"], "status": ["ongoing", "completed"]}
    expected = list(project_filter(_query(query)).qs.values_list("title_de", flat=True))
    first = client.get("/de/projekte/", query)
    second = client.get("/de/projekte/", {**query, "page": "2"})
    shown = [p.title for p in first.context["projects"]] + [
        p.title for p in second.context["projects"]
    ]
    assert shown == expected[:4] and len(expected) >= 3
