"""Fixtures for the editors' import/export: reference data, users and sheet builders."""

import io

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from editorial.models import Coordinator
from editorial.scope import COORDINATORS
from partners.models import Land, PartnerCountry
from tests.factories import make_country, make_land, make_phase, make_theme

HEADERS = [
    "slug",
    "title_de",
    "title_en",
    "summary_de",
    "summary_en",
    "status",
    "phase",
    "themes",
    "lead_land",
    "other_laender",
    "partner_countries",
    "start_date",
    "end_date",
    "bmz_funding",
    "laender_funding",
]


def row(slug, **overrides):
    values = {
        "slug": slug,
        "title_de": f"Titel {slug}",
        "title_en": f"Title {slug}",
        "summary_de": "Kurz",
        "summary_en": "Short",
        "status": "ongoing",
        "phase": "blp-iii",
        "themes": "governance, energy",
        "lead_land": "DE-SN",
        "other_laender": "BY",
        "partner_countries": "UG, ke",
        "start_date": "2024-01-15",
        "end_date": "2026-12-31",
        "bmz_funding": "250000",
        "laender_funding": "",
    }
    values.update(overrides)
    return [values[name] for name in HEADERS]


def sheet(*rows, fmt="csv"):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    data = dataset.export(fmt)
    return data.encode() if isinstance(data, str) else data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def reference_data(db):
    make_phase("blp-iii")
    make_theme("governance")
    make_theme("energy")
    make_land("DE-SN", "Sachsen", "Saxony")
    make_land("DE-BY", "Bayern", "Bavaria")
    make_country("UG")
    make_country("KE", region=PartnerCountry.Region.SUB_SAHARAN_AFRICA)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def coordinator(reference_data):
    """The Länder coordinator of Saxony, with the role's permissions (setup_roles)."""
    call_command("setup_roles", stdout=io.StringIO())
    user = get_user_model().objects.create_user("coord", "coord@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    Coordinator.objects.create(user=user).laender.set([Land.objects.get(code="DE-SN")])
    return user


def upload_file(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file
