"""The list page with 10,000 published projects: fixed query count and measured render time.

Run with `-s` to see the median times (also on PostgreSQL: DATABASE_URL=postgres://…).
"""

import random
import statistics
import time

import pytest
from django.db import connection
from django.utils import timezone

from partners.models import PartnerCountry
from projects.models import Project, ProjectLand
from tests.factories import make_country, make_land, make_phase, make_project, make_theme
from themes.models import SustainableDevelopmentGoal

pytestmark = pytest.mark.django_db

N = 10_000
WORDS = (
    "Verwaltung Bildung Gesundheit Wasserversorgung Energieversorgung Klima Kommunen Schulen "
    "Ausbildung Digitalisierung Landwirtschaft Abfall Partnerschaft Hochschulen Beratung"
).split()


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


@pytest.fixture
def ten_thousand_projects(django_db_blocker):
    rng = random.Random(7)
    themes = [make_theme(f"thema-{i}") for i in range(6)]
    topics = [make_theme(f"quer-{i}", kind="topic") for i in range(4)]
    laender = [make_land(f"DE-{c}", f"Land {c}") for c in ("BW", "BY", "BE", "HB", "HH", "SN")]
    regions = list(PartnerCountry.Region.values)
    countries = [
        make_country(code, region=regions[i % len(regions)])
        for i, code in enumerate(("UG", "NA", "TN", "VN", "PE", "GH", "KE", "UA", "MA", "BR"))
    ]
    phases = [make_phase("pilot", 2015, 2019), make_phase("blp-ii", 2019, 2023), make_phase()]
    sdgs = [
        SustainableDevelopmentGoal.objects.create(number=n, name_de=f"SDG {n}", name_en=f"SDG {n}")
        for n in range(1, 18)
    ]
    now = timezone.now()
    rows = []
    for i in range(N):
        start_year = rng.randint(2015, 2024)
        rows.append(
            Project(
                slug=f"p-{i}",
                title_de=f"Projekt {i}: {_text(rng, 6)}",
                title_en=f"Project {i}",
                summary_de=_text(rng, 40),
                summary_en="Summary",
                description_de=_text(rng, 110),
                partner_region_de=rng.choice(["Kampala", "Tunis", "Hanoi", ""]),
                status=rng.choice(Project.Status.values),
                phase=rng.choice(phases),
                gender_marker=rng.choice([None, 0, 1, 2]),
                start_date=None if i % 17 == 0 else f"{start_year}-01-01",
                end_date=None if i % 5 == 0 else f"{start_year + rng.randint(0, 4)}-12-31",
                publication_state=Project.PublicationState.PUBLISHED,
                published_at=now,
            )
        )
    projects = Project.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "sqlite":  # bulk_create sets ids on SQLite 3.35+ and PostgreSQL
        assert projects[0].pk
    through = {
        Project.themes.through: ("theme_id", themes),
        Project.topics.through: ("theme_id", topics),
        Project.partner_countries.through: ("partnercountry_id", countries),
        Project.sdgs.through: ("sustainabledevelopmentgoal_id", sdgs),
    }
    for model, (column, choices) in through.items():
        links = []
        for project in projects:
            for obj in rng.sample(choices, rng.randint(1, 2)):
                links.append(model(project_id=project.pk, **{column: obj.pk}))
        model.objects.bulk_create(links, batch_size=2000)
    roles = []
    for project in projects:
        for index, land in enumerate(rng.sample(laender, rng.randint(1, 2))):
            roles.append(ProjectLand(project_id=project.pk, land_id=land.pk, is_lead=index == 0))
    ProjectLand.objects.bulk_create(roles, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return projects


QUERIES = {
    # 0 look-ups, 1 page, 1 query for the links of the cards' themes, topics, Länder and
    # countries, 1 query counting every facet and the results within the selection, 6 lists of
    # facet values (themes, topics, Länder, countries, phases, SDGs) = 9 (before the cards'
    # links came in one query: 12; before the counts came in one query: 13)
    "plain": ("", 9),
    # the facet values are kept from here on (projects.facets.facet_options): - 6; the theme
    # and the Land of the URL are found among them (no look-ups); the ticked facets (theme,
    # Land, status), each counted without its own selection, and the Länder map are counted
    # in the same one query
    "filtered": ("theme=thema-1&land=de-sn&status=ongoing&from=2018&to=2021&sort=title", 3),
    # + 1 the search's vocabulary (the known words near "Energie", for
    # compounds and typos, read once), + 1 the page's ids before its rows (a narrow query);
    # + 1 the organisations whose names a search looks at (kept from then on, as the facet
    # values); PostgreSQL + 1 (the search's matching ids, read once)
    "search": ("q=Energie&theme=thema-2", 6),
}


def test_list_with_10000_projects_has_a_fixed_query_count_and_is_measured(
    client, ten_thousand_projects, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the server's work, not the page cache
    for name, (query, expected) in QUERIES.items():
        if name == "search" and connection.vendor == "postgresql":
            expected += 1
        url = f"/de/projekte/?{query}"
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["result_count"] > 0
        timings = []
        for _ in range(5):
            began = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append(time.perf_counter() - began)
        median = statistics.median(timings) * 1000
        print(f"\n[{connection.vendor}] list {name!r} ({N} projects): median {median:.0f} ms")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=Bildung",
        "status=ongoing&from=2018",
        "theme=thema-1&land=de-sn",
        "country=ug&gender=1",
        "region=sub_saharan_africa&phase=pilot",
        "q=Wasser&country=pe&country=na&status=ongoing",
    ],
)
def test_facets_counted_from_the_shared_selection_equal_a_query_per_facet(query):
    """Every count of the one counting query is what the list would show with that value ticked
    (the other facets' values stay, the facet's own are replaced), withheld partner countries
    included; the maps count the whole result."""
    from django.http import QueryDict

    from projects.filters import ProjectFilter

    rng = random.Random(3)
    themes = [make_theme(f"thema-{i}") for i in range(3)]
    laender = [make_land(f"DE-{c}", f"Land {c}") for c in ("BW", "SN")]
    countries = [make_country(code) for code in ("UG", "NA", "PE")]
    phases = [make_phase("pilot", 2015, 2019), make_phase()]
    for i in range(30):
        make_project(
            title_de=f"Projekt {i}: {rng.choice(['Bildung', 'Wasser'])}",
            themes=rng.sample(themes, rng.randint(1, 2)),
            laender=rng.sample(laender, rng.randint(1, 2)),
            countries=rng.sample(countries, rng.randint(1, 2)),
            phase=rng.choice(phases),
            status=rng.choice(Project.Status.values),
            gender_marker=rng.choice([None, 0, 1, 2]),
            start_date=f"{rng.randint(2015, 2024)}-01-01",
            withheld_fields=["partner_countries"] if i % 7 == 0 else [],
        )
    published = Project.objects.published()
    filterset = ProjectFilter(QueryDict(query), queryset=published)
    facets = filterset.facets()
    # (this catalogue has no cross-cutting topics and no SDGs)
    assert all(f.options for f in facets if f.name not in ("topic", "sdg"))
    for facet in facets:
        for option in facet.options:
            ticked = QueryDict(query, mutable=True)
            ticked.setlist(facet.name, [option.value])
            expected = ProjectFilter(ticked, queryset=published).qs.count()
            assert option.count == expected, (facet.name, option.value)
    for obj, count in filterset.map_counts("country"):
        assert (
            count == filterset.qs.showing("partner_countries").filter(partner_countries=obj).count()
        )
    for obj, count in filterset.map_counts("land"):
        assert count == filterset.qs.filter(land_roles__land=obj).count()
