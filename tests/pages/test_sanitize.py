"""blp_portal.lib.html.sanitize_html: the one sanitiser, used on save and on output."""

import pytest
from django.template import Context, Template

from blp_portal.lib.html import sanitize_html
from pages.models import Page


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        (
            "<p>Text <strong>bold</strong> <em>it</em></p>",
            "<p>Text <strong>bold</strong> <em>it</em></p>",
        ),
        (
            "<h2>A</h2><h3>B</h3><ul><li>x</li></ul><ol><li>y</li></ol>",
            "<h2>A</h2><h3>B</h3><ul><li>x</li></ul><ol><li>y</li></ol>",
        ),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ("<style>p{color:red}</style><p>x</p>", "<p>x</p>"),
        ('<p onclick="evil()" style="color:red" class="c">x</p>', "<p>x</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        (
            '<a href="https://giz.de/" target="_blank" onmouseover="x">GIZ</a>',
            '<a href="https://giz.de/">GIZ</a>',
        ),
        ('<a href="mailto:blp@giz.de">mail</a>', '<a href="mailto:blp@giz.de">mail</a>'),
        (
            '<img src="x" onerror="alert(1)"><iframe src="https://evil"></iframe><p>ok</p>',
            "<p>ok</p>",
        ),
        ("<h1>Big</h1><div><span>inner</span></div>", "Biginner"),
        ("<!-- secret --><p>x</p>", "<p>x</p>"),
        ("<p>unclosed <strong>bold", "<p>unclosed <strong>bold</strong></p>"),
        (None, ""),
        ("", ""),
    ],
)
def test_sanitize_html_keeps_only_the_allowed_tags(dirty, clean):
    assert sanitize_html(dirty) == clean


@pytest.mark.django_db
def test_page_body_is_sanitised_on_save_in_every_language():
    page = Page.objects.create(
        slug="x",
        title_de="X",
        body_de="<p>ok</p><script>alert(1)</script>",
        body_en='<p onclick="x">en</p>',
    )
    page.refresh_from_db()
    assert page.body_de == "<p>ok</p>"
    assert page.body_en == "<p>en</p>"


@pytest.mark.django_db
def test_page_clean_sanitises_before_validation():
    page = Page(slug="y", title_de="Y", body_de="<p>a<img src=x onerror=1></p>")
    page.full_clean()
    assert page.body_de == "<p>a</p>"


def test_sanitize_filter_cleans_on_output_even_if_the_database_was_written_around_save():
    html = Template("{% load portal %}{{ body|sanitize }}").render(
        Context({"body": "<p>x</p><script>alert(1)</script>"})
    )
    assert html == "<p>x</p>"
