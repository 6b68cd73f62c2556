"""What visitors read: no remarks about sources or demo data, unknown facts said once, plainly.

Notes for the office (where a fact came from, what is not known and why) live in the
editors-only Project.internal_note, which no public page, export, feed, API answer or search
shows.
"""

import json
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from projects.demo_data import DEMO_DIR
from projects.models import Project
from tests.factories import make_project

# Words with which a text talks about its own sources instead of about the project.
COMMENTARY = re.compile(
    r"Demodaten|demo data|\b(in den|die|der|ausgewerteten|verfügbaren) Quellen?\b"
    r"|\b(the|available|public) sources?\b(?! of income)"
    r"|beschreibende Bezeichnung|title (used here|is descriptive)|nicht bekannt|not known"
    r"|nicht angegeben|not stated|nicht (namentlich |einzeln )?genannt|not named"
    r"|abgeleitet|is derived|Das Portal ordnet|The portal assigns"
    r"|ist (daher|deshalb) markiert|flagged",
    re.IGNORECASE,
)
INTERNAL = {"internal_note", "slug", "key", "code"}

pytestmark = pytest.mark.django_db


def public_texts():
    """(file, object key, field, text) of every public text in the demo catalogue."""
    for path in sorted(DEMO_DIR.glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            if not isinstance(row, dict):
                continue
            key = row.get("slug") or row.get("code") or row.get("key")
            for field, value in row.items():
                if field not in INTERNAL and isinstance(value, str):
                    yield path.name, key, field, value


def test_the_pattern_finds_commentary():
    samples = [
        "Die genaue Laufzeit ist nicht bekannt.",
        "In den Demodaten ist das Thema markiert.",
        "The sources do not give the exact project term.",
        "Der Titel ist eine beschreibende Bezeichnung.",
    ]
    assert all(COMMENTARY.search(text) for text in samples)
    assert not COMMENTARY.search("Frauen erhalten neue Einkommensquellen.")


def test_no_demo_text_talks_about_its_sources():
    found = [
        f"{name} {key} {field}: …{text[max(0, m.start() - 40) : m.end() + 40]}…"
        for name, key, field, text in public_texts()
        for m in [COMMENTARY.search(text)]
        if m
    ]
    assert found == []


def test_source_notes_went_to_the_internal_note(demo_data):
    notes = Project.objects.exclude(internal_note="").values_list("internal_note", flat=True)
    assert len(notes) >= 10
    assert any("Quelle" in note for note in notes)


def test_no_public_page_talks_about_its_sources(client, demo_data):
    urls = [reverse("home"), reverse("projects:list"), reverse("statistics")]
    with translation.override("de"):
        urls += [p.get_absolute_url() for p in Project.objects.published()]
    with translation.override("en"):
        urls += [p.get_absolute_url() for p in Project.objects.published()[:5]]
    for url in urls:
        page = client.get(url)
        assert page.status_code == 200, url
        match = COMMENTARY.search(page.content.decode())
        assert match is None, (url, match.group(0))


@pytest.mark.parametrize(
    "start, end, german",
    [
        (date(2019, 1, 1), date(2021, 12, 31), "2019 – 2021"),
        (date(2019, 1, 1), None, "2019 – Ende nicht veröffentlicht"),
        (None, date(2021, 12, 31), "Beginn nicht veröffentlicht – 2021"),
        (None, None, "nicht veröffentlicht"),
    ],
)
def test_an_unknown_period_is_said_once(client, start, end, german):
    project = make_project(start_date=start, end_date=end, date_precision="year")
    with translation.override("de"):
        url = project.get_absolute_url()
    page = client.get(url).content.decode()
    period = re.search(r"<dt>Laufzeit</dt>\s*<dd>(.*?)</dd>", page, re.S).group(1)
    assert " ".join(period.split()) == german
    assert "nicht bekannt" not in page


def test_the_internal_note_is_never_public(client):
    project = make_project(
        title_de="Solarpumpen für Dörfer", internal_note="Quelle: Telefonat mit Zebrafinkwerk"
    )
    with translation.override("de"):
        detail = project.get_absolute_url()
        listing = reverse("projects:list")
        csv = reverse("opendata:projects_csv")
    # The search page repeats the query, so there the project itself must not be found.
    assert detail.encode() not in client.get(listing, {"q": "Zebrafinkwerk"}).content
    assert detail.encode() in client.get(listing, {"q": "Solarpumpen"}).content
    pages = [
        client.get(detail),
        client.get(listing),
        client.get(csv),
        client.get(f"/api/projects/{project.slug}"),
        client.get("/api/projects"),
    ]
    for page in pages:
        assert page.status_code == 200
        body = b"".join(page.streaming_content) if page.streaming else page.content
        assert b"Zebrafinkwerk" not in body
