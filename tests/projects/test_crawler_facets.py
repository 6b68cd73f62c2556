"""Search engines index the whole list and single facet values, not combinations."""

import pytest

from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex, follow">'


@pytest.fixture
def catalogue():
    make_project(themes=[make_theme()], laender=[make_land()])


@pytest.mark.parametrize(
    "query",
    ["", "?theme=governance", "?land=de-sn", "?theme=governance&page=1", "?sort=title"],
)
def test_the_list_and_one_facet_value_may_be_indexed(client, catalogue, query):
    page = client.get(f"/de/projekte/{query}").content.decode()
    assert NOINDEX not in page
    assert '<link rel="canonical" href="http://testserver/de/projekte/">' in page


@pytest.mark.parametrize(
    "query",
    [
        "?theme=governance&land=de-sn",
        "?land=de-sn&land=de-by",
        "?q=Wasser",
        "?from=2019",
        "?theme=governance&to=2022",
    ],
)
def test_combinations_and_searches_are_not_indexed(client, catalogue, query):
    response = client.get(f"/de/projekte/{query}")
    assert response.status_code == 200
    assert NOINDEX in response.content.decode()
