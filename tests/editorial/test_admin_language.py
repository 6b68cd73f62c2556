"""Editors work in a German admin (formal "Sie", one term for each thing) and can choose English
(set_language, a cookie).

The sweep requests every admin page an editor or a coordinator uses (changelists, add and
change forms, history, the review of a proposed change, the workflow page, the import with its
preview, two-factor enrolment, password change) in German and fails on English words in the
visible text: text nodes, titles, alt and placeholder texts and button labels; not what an
element marks as another language (lang="en", e.g. "Admin in English") and not user content.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from editorial import snapshot, workflow
from projects.models import Phase, Project
from projects.updates import ProjectUpdate
from tests.editorial.conftest import form_data
from tests.editorial.spreadsheets.conftest import row, sheet, upload_file

pytestmark = pytest.mark.django_db

# English UI words and phrases that have no business in the German admin. Words that German
# shares ("Filter", "Import", "Export", "Link", "Name", "Status", "Start") are not listed.
ENGLISH = re.compile(
    r"\b(Save|Delete|Add|Change|Changed|Search|Available|Chosen|History|Summary|Remove|Choose|"
    r"Select|Show|Hide|View|Edit|Cancel|Submit|Password|Log out|Today|Yesterday|Clear|Recover|"
    r"Revert|Welcome|Action|Home|Date|Time|Yes|None|Unknown|All|Close|Please|Confirm|Enabled|"
    r"Disabled|Proposed|Published|Waiting|Nothing)\b"
    r"|\b(the|and|of|to|with|for|is|are|your|you|this|that|by|or|not|has|have)\b"
)
# Content in English on purpose: the OECD-DAC purpose codes by their codelist names (as in the
# IATI export), and place names that German writes the same way.
NOT_UI = re.compile(r"^\d{5} – |^Isle of Man$")
# The informal "du" (and its forms) that the import pages used to show.
INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|Stelle sicher|korrigiere|klicke|wähle)\b")


class VisibleText(HTMLParser):
    SKIP = {"script", "style", "textarea", "svg", "template"}
    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "base", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skip = tag in self.SKIP or (lang is not None and not lang.startswith("de"))
        if tag not in self.VOID:
            self.skipping.append(skip)
        if skip or any(self.skipping):
            return
        self.parts += [
            attrs[a] for a in ("title", "placeholder", "aria-label", "alt") if attrs.get(a)
        ]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if data.strip() and not any(self.skipping):
            self.parts.append(" ".join(data.split()))


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def english_in(html):
    return [p for p in visible_text(html) if ENGLISH.search(p) and not NOT_UI.search(p)]


def test_the_sweep_finds_english():
    html = '<p>Speichern</p><input type="submit" value="Save"><p lang="en">Admin in English</p>'
    assert english_in(html) == ["Save"]
    assert english_in("<p>Verfügbare Themen</p><option>11110 – Education policy</option>") == []


def _admin_pages(client, extra):
    """The pages to read: the index, each registered model's list and add form, the first
    object's change form and history (where the user may open them), and `extra`."""
    urls = ["/admin/", "/admin/password_change/", "/admin/two-factor/", *extra]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, f"{base}add/"]
        found = re.search(rf'href="{base}(\d+)/change/', client.get(base).content.decode())
        if found:
            urls += [f"{base}{found[1]}/change/", f"{base}{found[1]}/history/"]
    return urls


@pytest.mark.parametrize("role", ["editor", "coordinator_a"])
def test_admin_pages_editors_use_have_no_english_text(login, projects, users, role):
    relations = admin.site._registry[Project].inline_relations()
    proposal = workflow.propose(
        projects["a"],
        users["coordinator_a"],
        snapshot.from_object(projects["a"], relations),
        comment="Bitte prüfen",
    )
    ProjectUpdate.objects.create(project=projects["a"], text_de="Auftakt in Dresden")
    client = login(role)
    extra = [
        f"/admin/projects/project/{projects['a'].pk}/workflow/",
        f"/admin/editorial/changerequest/{proposal.pk}/change/",
        "/admin/projects/project/import/",
    ]
    read, found = 0, {}
    for url in _admin_pages(client, extra):
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue  # not this role's page (403/404): the permission matrix checks those
        read += 1
        for text in english_in(response.content.decode()):
            found.setdefault(text, url)
    assert read >= (40 if role == "editor" else 20)
    assert not found, "\n".join(f"{url}: {text!r}" for text, url in found.items())


def test_two_factor_pages_are_german(client, settings, django_user_model):
    """Log-in, enrolment of the authenticator app and the recovery codes of a new staff member."""
    from tests.accounts.test_enrolment import _login, _secret, code_for

    settings.OTP_REQUIRED = True
    django_user_model.objects.create_user("newcomer", password="Pw-newcomer-1", is_staff=True)
    pages = [client.get("/admin/login/")]
    _login(client, password="Pw-newcomer-1")
    pages.append(client.get("/admin/two-factor/"))
    pages.append(client.post("/admin/two-factor/", {"code": code_for(_secret(pages[-1]))}))
    assert [page.status_code for page in pages] == [200, 200, 200]
    for page in pages:
        assert not english_in(page.content.decode())
        assert not INFORMAL.search(" ".join(visible_text(page.content.decode())))


def test_import_pages_speak_formally(login, projects):
    client = login("editor")  # the preview needs the reference data that `projects` made
    for upload in (upload_file(b"\xff\xfe\x00garbage", "kaputt.xlsx"), None):
        data = {"resource": "0", "format": "0" if upload else "1"}
        data["import_file"] = upload or upload_file(sheet(row("neu-1")), "projekte.csv")
        html = client.post("/admin/projects/project/import/", data).content.decode()
        text = " ".join(visible_text(html))
        assert "Sie" in text
        assert not INFORMAL.search(text), INFORMAL.search(text)
        assert not english_in(html)


def test_dual_list_boxes_get_the_german_javascript_texts(login, users):
    client = login("editor")
    assert (
        '<script src="/admin/jsi18n/"></script>'
        in client.get("/admin/projects/phase/add/").content.decode()
    )
    response = client.get("/admin/jsi18n/")
    body = response.content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S)[1])
    assert catalog["Available %s"] == "Verfügbare %s"
    assert catalog["Chosen %s"] == "Ausgewählte %s"
    assert catalog["Choose all"].startswith("Alle")
    # Django 5's dual list boxes ask for texts its German catalogue lacks (ours has them)
    script = Path(admin.__file__).parent / "static" / "admin" / "js" / "SelectFilter2.js"
    texts = set(re.findall(r"gettext\('((?:[^'\\]|\\.)*)'\)", script.read_text()))
    assert len(texts) >= 9
    missing = [t for t in texts if catalog.get(t.replace("\\'", "'"), t) == t]
    assert not missing
    assert catalog["Choose all %s"] == "Alle %s auswählen"
    # never the catalogue of the other language from a cache
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in response["Vary"].split(",")}
    assert "no-cache" in response["Cache-Control"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Verf" not in client.get("/admin/jsi18n/").content.decode()


def test_history_messages_name_fields_in_german_whoever_saved(login, users):
    client = login("editor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # an editor working in English
    phase = Phase.objects.create(slug="blp-iv", short_name="BLP IV", name_de="IV", start_year=2028)
    url = f"/admin/projects/phase/{phase.pk}/change/"
    data = form_data(client.get(url))
    data["description_de"] = "Neue Beschreibung"
    assert client.post(url, data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(phase.pk))
    comment = Version.objects.get_for_object(phase).first().revision.get_comment()
    for message in (entry.get_change_message(), comment):
        assert "Beschreibung [de]" in message
        assert "Description" not in message
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    history = client.get(f"/admin/projects/phase/{phase.pk}/history/").content.decode()
    assert "Beschreibung [de] geändert." in history


def test_group_page_names_permissions_in_german(login, users):
    client = login("editor")
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Länderkoordination")
    html = client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()
    assert "Darf ansehen: Projekte" in html
    assert "Can view" not in html


PO = Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _translations():
    text = PO.read_text(encoding="utf-8")
    return [
        json.loads(f'"{s}"') for s in re.findall(r'^(?:msgstr(?:\[\d\])?\s+)?"(.*)"$', text, re.M)
    ]


def test_catalogue_speaks_formally():
    informal = [t for t in _translations() if INFORMAL.search(t)]
    assert not informal


def test_one_term_for_the_gender_equality_marker():
    """The OECD-DAC marker is the "Gleichberechtigungskennung" (BMZ's term) everywhere."""
    variants = re.compile(
        r"Gender-?[Mm]arker|Gender-Kennung|Gleichberechtigungs-Kennung|Gleichstellungs(?:marker|kennung)"
    )
    assert not [t for t in _translations() if variants.search(t)]
    assert sum("Gleichberechtigungskennung" in t for t in _translations()) >= 5


def test_admin_is_german_by_default_and_offers_english(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert '<html lang="de"' in html
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en" lang="en">Admin in English</button>' in html


def test_choosing_english_switches_the_admin_and_keeps_the_page(admin_client):
    response = admin_client.post(
        "/i18n/setlang/", {"language": "en", "next": "/admin/projects/project/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/projects/project/"
    assert admin_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = admin_client.get("/admin/projects/project/").content.decode()
    assert '<html lang="en"' in html
    assert 'name="language" value="de" lang="de">Redaktion auf Deutsch</button>' in html


def test_an_unknown_language_changes_nothing(admin_client):
    admin_client.post("/i18n/setlang/", {"language": "xx", "next": "/admin/"})
    assert '<html lang="de"' in admin_client.get("/admin/").content.decode()
