"""slug_url() builds an address once per view and language and puts the slug in: it must give
exactly what reverse() gives, in every language and under another script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from blp_portal.lib.slugs import slug_url

VIEWS = ["projects:detail", "partners:land", "partners:country", "themes:detail"]


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("viewname", VIEWS)
def test_the_address_is_that_of_reverse(viewname, language):
    with translation.override(language):
        for slug in ["wasser-fuer-alle", "de-sn", "ug", "a_b-9"]:
            assert slug_url(viewname, slug) == reverse(viewname, args=[slug])


def test_the_language_and_the_script_prefix_are_part_of_the_address():
    with translation.override("de"):
        german = slug_url("partners:land", "de-sn")
    with translation.override("en"):
        english = slug_url("partners:land", "de-sn")
        set_script_prefix("/portal/")
        try:
            prefixed = slug_url("partners:land", "de-sn")
        finally:
            set_script_prefix("/")
    assert german == "/de/laender/de-sn/"
    assert english == "/en/states/de-sn/"
    assert prefixed == "/portal/en/states/de-sn/"


def test_a_slug_the_pattern_does_not_take_is_refused_as_by_reverse():
    with pytest.raises(NoReverseMatch):
        slug_url("projects:detail", "not a slug")
