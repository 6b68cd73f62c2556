"""The facets' options (themes, Länder, countries, phases, SDGs) are kept between requests and
reloaded when one of them changes (projects.facets.facet_options)."""

import pytest
from django.core.cache import cache

from projects.facets import OPTIONS_KEY
from tests.factories import make_country, make_land, make_phase, make_project, make_theme

pytestmark = pytest.mark.django_db
LIST = "/de/projekte/"


def _option_labels(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return [option.label for option in facet.options]


def test_a_warm_list_reads_no_facet_options(client, django_assert_num_queries):
    governance = make_theme("governance")
    make_project(themes=[governance])
    client.get(LIST)  # loads the options (and the navigation, content types)
    # the page of projects, the links of its cards, the counting query: no list of objects
    with django_assert_num_queries(3):
        response = client.get(LIST)
    assert _option_labels(response, "theme") == ["Governance"]


def test_saving_a_theme_land_country_or_phase_shows_at_once(client):
    theme = make_theme("governance")
    land = make_land()
    make_project(themes=[theme])
    client.get(LIST)
    theme.name_de = "Gute Regierungsführung"
    theme.save()
    land.name_de = "Freistaat Sachsen"
    land.save()
    make_country("UG")
    make_phase("blp-iv")
    response = client.get(LIST)
    assert _option_labels(response, "theme") == ["Gute Regierungsführung"]
    assert _option_labels(response, "land") == ["Freistaat Sachsen"]
    assert _option_labels(response, "country") == ["Uganda"]
    assert "BLP-IV" in _option_labels(response, "phase")


def test_deleting_a_theme_removes_its_option(client):
    make_theme("governance")
    water = make_theme("wasser")
    client.get(LIST)
    water.delete()
    assert _option_labels(client.get(LIST), "theme") == ["Governance"]


def test_a_lost_cache_entry_reloads_the_options(client):
    theme = make_theme("governance")
    client.get(LIST)
    type(theme).objects.filter(pk=theme.pk).update(name_de="Ohne Signal")  # no save signal
    assert _option_labels(client.get(LIST), "theme") == ["Governance"]  # still kept
    cache.delete(OPTIONS_KEY)  # as when the entry expires
    assert _option_labels(client.get(LIST), "theme") == ["Ohne Signal"]


def test_cards_show_their_themes_laender_and_countries_in_order(client):
    from tests.factories import make_country as country

    first, second = make_theme("bildung"), make_theme("wasser")
    topic = make_theme("gender", kind="topic")
    project = make_project(themes=[second, first], topics=[topic])
    project.partner_countries.set([country("UG"), country("NA")])
    client.get(LIST)
    card = client.get(LIST).context["projects"][0]
    assert [t.slug for t in card.theme_list] == ["bildung", "wasser"]
    assert [t.slug for t in card.topic_list] == ["gender"]
    assert [str(c.code) for c in card.country_list] == ["NA", "UG"]


def test_an_object_missed_by_the_kept_options_is_read_all_the_same(client):
    from themes.models import Theme

    project = make_project(themes=[make_theme("governance")])
    client.get(LIST)
    # bulk_create sends no signal: the kept options do not know this theme
    (hidden,) = Theme.objects.bulk_create([Theme(slug="neu", name_de="Neu", kind="focus")])
    project.themes.add(hidden)
    card = client.get(LIST).context["projects"][0]
    assert sorted(t.slug for t in card.theme_list) == ["governance", "neu"]
