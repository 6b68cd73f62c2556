"""The list's reference filters look the URL's values up among the kept facet options
(projects.filter_fields.KeptChoiceField): they must accept and refuse exactly what Django's own
look-up in the database accepts and refuses."""

import pytest
from django.http import QueryDict

from projects.filter_fields import KeptChoiceField
from projects.filters import project_filter
from tests.factories import make_country, make_land, make_phase, make_project, make_theme
from themes.models import SustainableDevelopmentGoal, Theme

pytestmark = pytest.mark.django_db
LIST = "/de/projekte/"

# name -> values a visitor (or a crawler) may put in the URL
VALUES = {
    "theme": ["governance", "GOVERNANCE", "energie", "digital", "", " governance", "gov\x00"],
    "topic": ["digital", "governance", "Digital", "x"],
    "land": ["de-sn", "DE-SN", "de-by", "sn", "de-sn ", "de-\x00"],
    "country": ["ug", "UG", "gh", "xx", "u"],
    "phase": ["blp-iii", "BLP-III", "blp-ii", "1"],
    "sdg": ["4", "04", " 4", "4.0", "18", "0", "-1", "abc", "9" * 40],
}


@pytest.fixture
def references():
    make_theme("governance")
    make_theme("energie")
    make_theme("digital", kind=Theme.Kind.TOPIC)
    make_land()
    make_land("DE-BY", "Bayern", "Bavaria")
    make_country("UG")
    make_phase("blp-iii")
    SustainableDevelopmentGoal.objects.get_or_create(number=4, defaults={"name": "Bildung"})


def _cleaned(params, kept):
    """(names with errors, {name: [objects]}) of the list's filters for `params`; `kept`
    False: every field looks its values up in the database, as Django does."""
    filterset = project_filter(QueryDict(mutable=True) | params)
    if not kept:
        for field in filterset.form.fields.values():
            if isinstance(field, KeptChoiceField):
                field.kept = None
    values = filterset.values()
    cleaned = {name: list(value) for name, value in values.items() if name in VALUES}
    return sorted(filterset.errors), cleaned


@pytest.mark.parametrize("name", sorted(VALUES))
def test_kept_look_ups_accept_and_refuse_what_the_database_does(references, name):
    for value in VALUES[name]:
        for params in ({name: [value]}, {name: [value, value]}, {name: [value, VALUES[name][0]]}):
            assert _cleaned(params, kept=True) == _cleaned(params, kept=False), params


def test_several_values_keep_the_order_of_the_options(references):
    errors, cleaned = _cleaned({"land": ["de-sn", "de-by"], "theme": ["governance"]}, kept=True)
    assert errors == []
    assert [land.code for land in cleaned["land"]] == ["DE-BY", "DE-SN"]
    assert [theme.slug for theme in cleaned["theme"]] == ["governance"]


def test_the_reference_fields_are_served_from_the_kept_options(references):
    filterset = project_filter(QueryDict("theme=governance"))
    kept = {name for name, f in filterset.form.fields.items() if getattr(f, "kept", None)}
    assert kept == {"theme", "topic", "land", "country", "phase", "sdg"}


def test_a_warm_list_with_filters_looks_nothing_up(client, django_assert_num_queries):
    governance = make_theme("governance")
    land = make_land()
    make_project(themes=[governance], laender=[land])
    client.get(LIST)  # keeps the options
    # the page of projects, the links of its cards, the counting query
    with django_assert_num_queries(3):
        response = client.get(LIST, {"theme": "governance", "land": "de-sn"})
    assert response.context["result_count"] == 1
    assert not response.context["invalid_filters"]


def test_a_new_theme_is_a_valid_filter_at_once(client):
    make_project(themes=[make_theme("governance")])
    client.get(LIST, {"theme": "governance"})  # keeps the options
    response = client.get(LIST, {"theme": "pandemie"})
    assert response.context["invalid_filters"]
    make_project(themes=[make_theme("pandemie")])
    response = client.get(LIST, {"theme": "pandemie"})
    assert not response.context["invalid_filters"]
    assert response.context["result_count"] == 1
