"""Editorial fixtures: projects that pass the checklist, admin form data. The personas
(anonymous, coordinators of Land A and B, editor, superuser) are in tests/conftest.py."""

from datetime import date

import pytest
import reversion

from projects.models import Project
from tests.factories import make_project


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
        for form in formset.extra_forms:
            if form.initial:  # rows of a pending proposal, shown as new rows
                add(form)
    return data
