"""The Atom feeds are announced in the head of the pages they follow; open data in the footer."""

import re

import pytest

from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

FEED_LINK = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">'
)


@pytest.fixture
def catalogue():
    make_project(themes=[make_theme("governance")], laender=[make_land("DE-SN", "Sachsen")])


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/en/", "/en/open-data/feed/"),
        ("/en/projects/", "/en/open-data/feed/"),
        ("/en/themes/governance/", "/en/open-data/feed/theme/governance/"),
        ("/en/states/de-sn/", "/en/open-data/feed/land/de-sn/"),
        ("/de/projekte/", "/de/offene-daten/feed/"),
    ],
)
def test_pages_link_their_atom_feed_in_the_head(client, catalogue, page, feed):
    html = client.get(page).content.decode()
    head = html.split("</head>")[0]
    assert FEED_LINK.findall(head) == [feed]
    response = client.get(feed)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")


def test_open_data_is_linked_from_the_footer_of_every_page(client, catalogue):
    for page, target in (("/en/", "/en/open-data/"), ("/de/statistik/", "/de/offene-daten/")):
        footer = client.get(page).content.decode().split('<footer class="site-footer">')[1]
        assert f'href="{target}">' in footer, page
    footer = client.get("/en/open-data/").content.decode().split("<footer")[1]
    assert 'href="/en/open-data/" aria-current="page">' in footer
