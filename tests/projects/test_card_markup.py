"""A project card's markup (projects.card_markup) escapes every value but the search's own
highlighting, whatever editors and visitors type."""

import pytest
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from projects.card_markup import cards
from projects.models import Project
from tests.factories import make_country, make_land, make_project, make_theme

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"Tom\""
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Tom&quot;"


@pytest.fixture
def hostile():
    theme = make_theme("governance", name_de=f"Thema {HOSTILE}")
    land = make_land("DE-SN", f"Land {HOSTILE}")
    country = make_country("UG")
    project = make_project(
        themes=[theme],
        laender=[land],
        countries=[country],
        title_de=f"Titel {HOSTILE}",
        summary_de=f"Kurz {HOSTILE}",
        slug="titel-x",
    )
    return Project.objects.select_related("phase").get(pk=project.pk)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def test_every_value_is_escaped(hostile):
    html = cards([hostile])
    assert isinstance(html, SafeString)
    assert "<script>" not in html
    for text in (f"Titel {ESCAPED}", f"Kurz {ESCAPED}", f"Thema {ESCAPED}", f"Land {ESCAPED}"):
        assert text in html, text
    assert '<a href="/de/projekte/titel-x/">' in html
    assert '<span class="tag tag-status-ongoing">' in html


def test_the_search_s_highlighting_is_kept_and_reasons_are_escaped(hostile):
    hostile.title_html = mark_safe("Titel <mark>Wasser</mark>")  # noqa: S308 - built by the search
    hostile.summary_html = mark_safe("Kurz <mark>Wasser</mark>")  # noqa: S308 - as above
    hostile.search_reasons = [("Land", HOSTILE)]
    html = cards([hostile])
    assert "Titel <mark>Wasser</mark></a>" in html
    assert "<p>Kurz <mark>Wasser</mark></p>" in html
    assert f'<span class="tag tag-reason">Land: {ESCAPED}</span>' in html


def test_a_card_for_another_site_opens_in_a_new_tab(hostile):
    html = cards([hostile], target="_blank")
    assert ' target="_blank" rel="noopener">' in html
    assert (
        "</a></h3>" in html
        and '<span class="visually-hidden"> (öffnet in einem neuen Tab)</span></a>' in html
    )


def test_one_card_is_safe_html_for_the_template_tag(hostile):
    from projects.card_markup import card

    assert isinstance(card(hostile), SafeString)
