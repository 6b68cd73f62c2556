"""XSS payloads in every editor-entered text that reaches a public page, feed, export or API.

Plain-text fields rely on Django's autoescaping, the page body on blp_portal.lib.html.sanitize_html
(on save and on output); links are checked for their scheme. Whatever an editor types, the
output contains no executable markup: no foreign <script>, no on* attribute, no javascript: URL.
"""

import html
import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation

from pages.models import Page
from projects.models import InKindContribution, Participation, ProjectLink, ProjectResult
from tests.factories import make_country, make_land, make_organisation, make_project, make_theme
from tests.opendata.helpers import check_iati_if_configured

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '\'><a href="javascript:alert(1)">x</a>',
]
PAYLOAD = " ".join(PAYLOADS)
# fits every CharField (PostgreSQL enforces max_length): script, img onerror, svg onload
SHORT = " ".join(PAYLOADS[:3])


class _ExecutableMarkup(HTMLParser):
    """Collects markup a browser would execute: inline/foreign scripts, on* handlers, js: URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"<script {attributes}>")
        if tag in {"iframe", "object", "embed", "base"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in self.URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def executable_markup(markup):
    parser = _ExecutableMarkup()
    parser.feed(markup)
    parser.close()
    return parser.found


@pytest.fixture
def hostile(db):
    """A published project and its Land, theme, country, partner and page, all full of payloads."""
    theme = make_theme(
        "governance",
        name_de=f"Governance {SHORT}",
        name_en=f"Governance {SHORT}",
        short_text_de=SHORT,
        short_text_en=SHORT,
        long_text_de=PAYLOAD,
        long_text_en=PAYLOAD,
    )
    land = make_land()
    land.profile_de = land.profile_en = PAYLOAD
    land.coordinator_name = land.coordinator_organisation = SHORT
    land.save()
    country = make_country("MZ")
    project = make_project(
        slug="hostile",
        themes=[theme],
        laender=[land],
        countries=[country],
        title_de=f"Projekt {PAYLOAD}",
        title_en=f"Project {PAYLOAD}",
        summary_de=PAYLOAD,
        summary_en=PAYLOAD,
        description_de=f"{PAYLOAD}\n\n{PAYLOAD}",
        description_en=f"{PAYLOAD}\n\n{PAYLOAD}",
        partner_region=SHORT,
        image_alt=SHORT,
        image_credit=SHORT,
    )
    ProjectLink.objects.create(project=project, url="javascript:alert(1)", label=SHORT)
    ProjectLink.objects.create(
        project=project, url='https://example.org/"><svg onload=alert(1)>', label=SHORT
    )
    ProjectResult.objects.create(
        project=project, indicator=SHORT, unit="<b>x</b>", narrative=PAYLOAD
    )
    InKindContribution.objects.create(
        project=project, land=land, kind=InKindContribution.Kind.choices[0][0], description=PAYLOAD
    )
    organisation = make_organisation(name_de=SHORT, name_en=SHORT)
    Participation.objects.create(
        project=project, organisation=organisation, role=Participation.Role.choices[0][0]
    )
    page = Page.objects.create(
        slug="ziele",
        kind=Page.Kind.ABOUT,
        title_de=SHORT,
        title_en=SHORT,
        body_de=f"<p>ok</p>{PAYLOAD}<a href='javascript:alert(1)'>x</a>",
        body_en=f"<p>ok</p>{PAYLOAD}",
    )
    return {"project": project, "page": page, "land": land, "organisation": organisation}


def _html_pages():
    with translation.override("de"):
        return {
            "home": reverse("home"),
            "list": reverse("projects:list"),
            "search": reverse("projects:list") + "?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "detail": reverse("projects:detail", args=["hostile"]),
            "theme": reverse("themes:detail", args=["governance"]),
            "land": reverse("partners:land", args=["de-sn"]),
            "country": reverse("partners:country", args=["mz"]),
            "about": reverse("pages:about", args=["ziele"]),
            "laender": reverse("partners:laender"),
            "countries": reverse("partners:countries"),
            "statistics": reverse("statistics"),
            "embed-list": reverse("embed:list") + "?theme=governance",
            "embed-card": reverse("embed:card", args=["hostile"]),
            "open-data": reverse("opendata:index"),
        }


@pytest.mark.parametrize("name", list(_html_pages()))
def test_public_html_pages_contain_no_executable_markup(client, hostile, name):
    response = client.get(_html_pages()[name])
    assert response.status_code == 200
    body = response.content.decode()
    assert executable_markup(body) == []
    if name != "search":
        assert "&lt;script&gt;" in body or "alert" not in body  # shown as text, if at all


def test_english_detail_page_contains_no_executable_markup(client, hostile):
    with translation.override("en"):
        path = reverse("projects:detail", args=["hostile"])
    body = client.get(path).content.decode()
    assert executable_markup(body) == []


def test_page_body_is_sanitised_on_save(hostile):
    page = Page.objects.get(pk=hostile["page"].pk)
    assert "<script" not in page.body_de
    assert "onerror" not in page.body_de
    assert executable_markup(page.body_de) == []  # the link lost its javascript: href
    assert "<p>ok</p>" in page.body_de


def test_page_body_is_sanitised_on_output_too(client, hostile):
    """A body that bypassed save() (raw SQL, an old import) is still cleaned when shown."""
    Page.objects.filter(pk=hostile["page"].pk).update(body_de="<script>alert(1)</script><p>ok</p>")
    with translation.override("de"):
        body = client.get(reverse("pages:about", args=["ziele"])).content.decode()
    assert executable_markup(body) == []
    assert "<p>ok</p>" in body


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://example.org/a?b=1", True),
        ("mailto:info@example.org", True),
        ("/de/projekte/", True),
        ("javascript:alert(1)", False),
        (" JaVa\tScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
    ],
)
def test_safe_url_filter_keeps_only_allowed_schemes(url, shown):
    from blp_portal.templatetags.portal import safe_url

    assert (safe_url(url) == url) is shown


def test_admin_refuses_javascript_urls_in_links(hostile):
    from django.core.exceptions import ValidationError

    link = ProjectLink(project=hostile["project"], url="javascript:alert(1)", label="x")
    with pytest.raises(ValidationError):
        link.full_clean()


def _feed_html_fragments(xml_text):
    """The HTML a feed reader renders: every text of type="html" (or RSS description)."""
    root = ElementTree.fromstring(xml_text)
    fragments = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element.get("type") == "html" or tag == "description":
            fragments.append(element.text or "")
        elif tag == "content" and element.get("type") in (None, "text"):
            fragments.append(html.escape(element.text or ""))
    return fragments


def _feeds():
    with translation.override("de"):
        return {
            "all": reverse("opendata:feed"),
            "theme": reverse("opendata:theme_feed", args=["governance"]),
            "land": reverse("opendata:land_feed", args=["de-sn"]),
        }


@pytest.mark.parametrize("feed", list(_feeds()))
def test_atom_feeds_give_readers_no_executable_markup(client, hostile, feed):
    response = client.get(_feeds()[feed])
    assert response.status_code == 200
    text = b"".join(response.streaming_content) if response.streaming else response.content
    for fragment in _feed_html_fragments(text.decode()):
        assert executable_markup(fragment) == [], fragment


def test_api_serves_payloads_as_json_data_only(client, hostile):
    response = client.get("/api/projects/hostile")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    data = json.loads(response.content)
    assert "<script>" in json.dumps(data)  # data kept verbatim for API users, never as HTML


@pytest.mark.parametrize(
    ("name", "args", "content_type"),
    [
        ("opendata:projects_csv", [], "text/csv"),
        ("opendata:project_csv", ["hostile"], "text/csv"),
        ("opendata:projects_xlsx", [], "application/vnd.openxmlformats"),
    ],
)
def test_downloads_are_never_served_as_html(client, hostile, name, args, content_type):
    with translation.override("de"):
        response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response.headers["Content-Disposition"]
    response.close()  # a streamed file: close it as the server would


def test_iati_xml_keeps_payloads_as_text(client, hostile):
    response = client.get("/api/iati/projects/hostile.xml")
    assert response.status_code == 200
    check_iati_if_configured(response.content)  # against the XSD where IATI_SCHEMA_DIR is set
    root = ElementTree.fromstring(response.content)
    assert not [e for e in root.iter() if e.tag in {"script", "svg", "img"}]
