"""Browsers send a textarea's lines with CRLF: every way in stores LF, so paragraphs survive."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.urls import reverse

from editorial import snapshot
from projects.models import Project
from tests.editorial.conftest import form_data
from themes.models import Theme

pytestmark = pytest.mark.django_db

CRLF_TEXT = "Erster Absatz.\r\n\r\nZweiter Absatz.\r\nNoch Zeile zwei."


def test_admin_save_keeps_the_paragraphs(projects, login):
    project = projects["a"]
    client = login("editor")
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(client.get(url))
    data["description_de"] = CRLF_TEXT
    response = client.post(url, data)
    assert response.status_code == 302, getattr(response, "context", None)
    project.refresh_from_db()
    assert "\r" not in project.description_de
    assert project.paragraphs == ["Erster Absatz.", "Zweiter Absatz.\nNoch Zeile zwei."]


def test_approved_snapshot_stores_lf(projects):
    project = projects["a"]
    relations = admin.site._registry[Project].inline_relations()
    proposed = snapshot.from_object(project, relations)
    proposed["fields"]["description_de"] = CRLF_TEXT
    snapshot.apply(project, proposed, relations)
    project.refresh_from_db()
    assert project.description_de == "Erster Absatz.\n\nZweiter Absatz.\nNoch Zeile zwei."


def test_theme_save_and_paragraphs():
    theme = Theme.objects.create(slug="t-crlf", name="T", long_text=CRLF_TEXT)
    theme.refresh_from_db()
    assert "\r" not in theme.long_text
    assert len(theme.paragraphs) == 2


def test_migration_repairs_stored_texts(projects):
    project = projects["a"]
    Project.objects.filter(pk=project.pk).update(description_de=CRLF_TEXT)
    theme = Theme.objects.create(slug="t-old", name="T")
    Theme.objects.filter(pk=theme.pk).update(long_text_de=CRLF_TEXT)
    for module in (
        "projects.migrations.0007_normalize_line_endings",
        "themes.migrations.0002_normalize_line_endings",
    ):
        importlib.import_module(module).normalize(django_apps, None)
    project.refresh_from_db()
    theme.refresh_from_db()
    assert project.description_de == "Erster Absatz.\n\nZweiter Absatz.\nNoch Zeile zwei."
    assert "\r" not in theme.long_text_de
