"""Editors work in a German admin and can choose English (set_language, a cookie)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


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
