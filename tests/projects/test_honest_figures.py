"""Statistics that say what they draw: bars as long as their share, unknown money unknown."""

import re
from decimal import Decimal

import pytest

from tests.factories import make_country, make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

URL = "/en/statistics/"
ROW = re.compile(
    r'<td class="num">([\d.]+) %</td><td class="chart-bar-col"><svg class="chart-bar" '
    r'viewBox="0 0 100 10"[^>]*><rect width="([\d.]+)" height="10"/>'
)


@pytest.fixture
def seven_projects():
    """Governance 1 of 7 (14.3 %), Climate 6 of 7 (85.7 %); no money published."""
    governance, climate = make_theme("governance"), make_theme("klima")
    saxony, uganda = make_land("DE-SN", "Sachsen", "Saxony"), make_country("UG")
    make_project(themes=[governance], laender=[saxony], countries=[uganda])
    for _ in range(6):
        make_project(themes=[climate], laender=[saxony], countries=[uganda])


def test_every_bar_is_drawn_to_the_share_its_row_states(client, seven_projects):
    html = client.get(URL).content.decode()
    pairs = ROW.findall(html)
    assert len(pairs) >= 6  # themes, Länder, regions, countries, phases, markers
    for share, width in pairs:
        assert float(width) == pytest.approx(float(share), abs=0.05)
    assert ("14.3", "14.3") in pairs and ("85.7", "85.7") in pairs
    # a row of all projects fills the track; no row that is not 100 % does
    assert ("100.0", "100") in pairs


def test_unknown_money_is_not_published_never_zero(client, seven_projects):
    response = client.get(URL)
    html = response.content.decode()
    assert response.context["totals"]["bmz"] is None
    financing = html[html.index('id="financing"') :]
    assert financing.count('<td class="num">not published</td>') == 2
    assert '<td class="num">0</td>' not in financing


def test_published_money_is_summed(client, seven_projects):
    make_project(bmz_funding=Decimal("1000"))
    financing = client.get(URL).content.decode().split('id="financing"')[1]
    assert '<td class="num">1,000</td>' in financing
    assert financing.count("not published</td>") == 1  # the Länder's contribution
