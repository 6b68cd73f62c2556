"""Roles for the editorial tests: anonymous, coordinators of Land A and B, editor, superuser."""

from datetime import date
from io import StringIO

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial.models import Coordinator
from editorial.scope import COORDINATORS, EDITORS
from projects.models import Project
from tests.factories import make_land, make_project

ROLES = ["anonymous", "coordinator_a", "coordinator_b", "editor", "superuser"]


@pytest.fixture
def land_a(db):
    return make_land("DE-SN", "Sachsen", "Saxony")


@pytest.fixture
def land_b(db):
    return make_land("DE-BY", "Bayern", "Bavaria")


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=StringIO())


def _staff(username, group=None, laender=(), **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if laender:
        Coordinator.objects.create(user=user).laender.set(laender)
    return user


@pytest.fixture
def users(roles, land_a, land_b):
    return {
        "anonymous": None,
        "coordinator_a": _staff("coord-a", COORDINATORS, [land_a]),
        "coordinator_b": _staff("coord-b", COORDINATORS, [land_b]),
        "editor": _staff("giz", EDITORS),
        "superuser": _staff("chef", is_superuser=True),
    }


def complete_project(land, **overrides):
    """A project that passes the checklist, with one saved version in the history."""
    overrides.setdefault("start_date", date(2024, 1, 1))
    overrides.setdefault("end_date", date(2026, 12, 31))
    overrides.setdefault("bmz_funding", 100000)
    with reversion.create_revision():
        project = make_project(laender=[land], **overrides)
        reversion.add_to_revision(project)
    return project


@pytest.fixture
def projects(users, land_a, land_b):
    return {
        "a": complete_project(land_a, slug="sachsen-projekt", title_de="Sachsen-Projekt"),
        "b": complete_project(
            land_b,
            slug="bayern-entwurf",
            title_de="Bayern-Entwurf",
            title_en="Bavarian draft",
            state=Project.PublicationState.DRAFT,
        ),
    }


@pytest.fixture
def login(client, users):
    def _login(role):
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return _login


def form_data(response):
    """POST data of an admin change/add form as rendered (form and all inline formsets)."""
    data = {}

    def add(form):
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            key = bound.html_name
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif hasattr(value, "isoformat"):
                data[key] = value.isoformat()
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
    return data
