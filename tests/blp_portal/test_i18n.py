"""Language switch and translation smoke tests."""

import ast
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_project, make_theme

pytestmark = pytest.mark.django_db


def test_locale_smoke():
    with translation.override("de"):
        assert translation.gettext("Projects") == "Projekte"
    with translation.override("en"):
        assert translation.gettext("Projects") == "Projects"


def test_language_switch_links_to_same_page_with_filters(client):
    make_theme("governance")
    html = client.get("/de/projekte/?theme=governance").content.decode()
    assert 'href="/en/projects/?theme=governance"' in html


def test_language_switch_on_detail_page(client):
    project = make_project()
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert f'href="/de/projekte/{project.slug}/"' in html


def test_content_follows_the_language_with_german_fallback(client):
    project = make_project(title_de="Nur Deutsch", title_en="")
    other = make_project(title_de="Deutsch", title_en="English")
    html = client.get("/en/projects/").content.decode()
    assert "English" in html
    assert "Nur Deutsch" in html  # no English title: the German one is shown
    assert project.slug and other.slug


GERMAN_CATALOGUE = settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _parse_po(path):
    """The active entries of a PO file as dicts: "flags" (set), "msgctxt", "msgid",
    "msgid_plural" and "msgstr" (list: one string, or one per plural form). Obsolete (#~)
    entries are skipped. A small parser so that the test needs no extra dependency."""
    entries = []
    entry, key = None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and key is not None:  # a comment starts the next entry
                entries.append(entry)
                entry, key = None, None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")', line)
        if match:
            keyword, index, value = match.groups()
            if keyword in ("msgctxt", "msgid") and entry is not None and key is not None:
                if key.startswith("msgstr") or keyword == "msgctxt":
                    entries.append(entry)
                    entry = None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            key = "msgstr" if keyword.startswith("msgstr") else keyword
            slot = int(index or 0)
            text = ast.literal_eval(value)
            if key == "msgstr":
                entry["msgstr"][slot] = text
            else:
                entry[key] = text
            entry["_slot"] = slot
        elif line.startswith('"') and key is not None:  # continuation of the previous string
            text = ast.literal_eval(line)
            if key == "msgstr":
                entry["msgstr"][entry["_slot"]] += text
            else:
                entry[key] += text
        else:
            raise AssertionError(f"{path.name}:{number}: cannot parse {line!r}")
    if entry is not None and key is not None:
        entries.append(entry)
    for entry in entries:
        entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
        entry.pop("_slot", None)
    return entries


def test_po_parser_reads_flags_plurals_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#: a.py\n#, fuzzy, python-format\n#| msgid "Old"\nmsgid "Hello %(name)s"\n'
        'msgstr "Hallo %(name)s"\n\n'
        'msgid ""\n"One "\n"line"\nmsgstr ""\n\n'
        'msgctxt "pager"\nmsgid "Next"\nmsgstr "Weiter"\n\n'
        'msgid "%(counter)s project"\nmsgid_plural "%(counter)s projects"\n'
        'msgstr[0] "%(counter)s Projekt"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Weg"\n',
        encoding="utf-8",
    )
    header, fuzzy, empty, pager, plural = _parse_po(po)
    assert header["msgid"] == "" and header["msgstr"] == ["Language: de\n"]
    assert fuzzy["flags"] == {"fuzzy", "python-format"} and fuzzy["msgid"] == "Hello %(name)s"
    assert empty["msgid"] == "One line" and empty["msgstr"] == [""]
    assert pager["msgctxt"] == "pager" and pager["msgstr"] == ["Weiter"]
    assert plural["msgid_plural"] == "%(counter)s projects"
    assert plural["msgstr"] == ["%(counter)s Projekt", ""]


def test_german_catalogue_is_complete():
    """Every message has a German translation (all plural forms) and none is marked fuzzy:
    after makemessages, translate the new entries and review the fuzzy ones."""
    entries = [entry for entry in _parse_po(GERMAN_CATALOGUE) if entry["msgid"] != ""]
    assert len(entries) > 500  # the parser read the whole catalogue
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    plural_forms = [e["msgid"] for e in entries if "msgid_plural" in e and len(e["msgstr"]) != 2]
    assert not untranslated, f"untranslated in {GERMAN_CATALOGUE.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {GERMAN_CATALOGUE.name}: {fuzzy}"
    assert not plural_forms, f"German needs two plural forms: {plural_forms}"


def test_german_urls_are_translated():
    with translation.override("de"):
        assert reverse("projects:list") == "/de/projekte/"
        assert reverse("partners:laender") == "/de/laender/"
        assert reverse("partners:land", args=["de-sn"]) == "/de/laender/de-sn/"
        assert reverse("partners:countries") == "/de/partnerlaender/"
        assert reverse("partners:country", args=["ug"]) == "/de/partnerlaender/ug/"
        assert reverse("statistics") == "/de/statistik/"
        assert reverse("opendata:index") == "/de/offene-daten/"
        assert reverse("embed:list") == "/de/einbetten/projekte/"
        assert reverse("themes:detail", args=["umwelt"]) == "/de/themen/umwelt/"
        assert reverse("pages:about", args=["ziele"]) == "/de/ueber/ziele/"
        assert reverse("pages:legal", args=["impressum"]) == "/de/rechtliches/impressum/"
        assert reverse("projectmedia:document", args=[1]) == "/de/dokumente/1/"
    with translation.override("en"):
        assert reverse("partners:laender") == "/en/states/"
        assert reverse("statistics") == "/en/statistics/"


def test_german_pages_show_german_navigation(client):
    html = client.get("/de/statistik/").content.decode()
    assert "<h1>Statistik</h1>" in html or ">Statistik<" in html
    assert 'href="/de/laender/"' in html and 'href="/de/partnerlaender/"' in html
    assert ">Statistics<" not in html
