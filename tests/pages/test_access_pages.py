"""Accessible formats (BITV 2.0): Leichte Sprache / plain English and the sign-language page."""

import re

import pytest

from pages.models import Page

pytestmark = pytest.mark.django_db


def test_access_pages_have_their_own_address(client):
    Page.objects.create(slug="leichte-sprache", kind="access", title_de="Leichte Sprache")
    assert client.get("/de/zugang/leichte-sprache/").status_code == 200
    assert client.get("/en/accessible/leichte-sprache/").status_code == 200
    assert client.get("/de/rechtliches/leichte-sprache/").status_code == 404


def test_demo_access_pages_linked_from_home_and_footer(client, demo_data):
    html = client.get("/de/").content.decode()
    intro = html.split('class="access-links"')[1].split("</ul>")[0]
    assert 'href="/de/zugang/leichte-sprache/">Leichte Sprache</a>' in intro
    assert 'href="/de/zugang/gebaerdensprache/">Gebärdensprache</a>' in intro
    footer = html.split("<footer")[1]
    assert 'href="/de/zugang/leichte-sprache/"' in footer
    english = client.get("/en/projects/").content.decode().split("<footer")[1]
    assert 'href="/en/accessible/plain-english/">Plain English</a>' in english


def test_demo_leichte_sprache_covers_the_required_topics(client, demo_data):
    html = client.get("/de/zugang/leichte-sprache/").content.decode()
    for heading in (
        "Was ist das Bund-Länder-Programm?",
        "Was ist das Projekt-Portal?",
        "Was finden Sie im Portal?",
        "So suchen Sie ein Projekt",
        "So filtern Sie die Liste",
        "So erreichen Sie uns",
    ):
        assert f"<h2>{heading}</h2>" in html
    body = html.split('class="content-body">')[1].split("</div>")[0]
    # Leichte Sprache: short sentences, one statement each
    text = re.sub(r"<[^>]+>", "\n", body)  # each heading, paragraph and list item apart
    sentences = [s for s in re.split(r"[.?!:\n]", text) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 15
    # every link of the demo pages leads to a page that exists
    for page in (
        "/de/zugang/leichte-sprache/",
        "/en/accessible/plain-english/",
        "/de/zugang/gebaerdensprache/",
        "/en/accessible/sign-language/",
    ):
        text = client.get(page).content.decode().split('class="content-body"')[1]
        for href in text.split('href="')[1:]:
            target = href.split('"')[0].split("#")[0]
            assert client.get(target).status_code == 200, (page, target)


def test_demo_statement_shows_the_form_and_names_the_missing_video(client, demo_data):
    html = client.get("/de/rechtliches/barrierefreiheit/").content.decode()
    assert 'id="feedback-form"' in html
    assert "das Video wird erst gedreht" in html
    sign = client.get("/de/zugang/gebaerdensprache/").content.decode()
    assert "Das Video gibt es noch nicht." in sign
