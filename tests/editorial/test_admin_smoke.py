"""Every model registered in the admin opens (list, search, add, change) for a superuser."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-123456789")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_admin_changelist_search_and_add_open(superuser_client, demo_data, model):
    info = (model._meta.app_label, model._meta.model_name)
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "Sachsen"}).status_code == 200
    add_url = reverse("admin:{}_{}_add".format(*info))
    assert superuser_client.get(add_url).status_code in (200, 403)
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        assert superuser_client.get(change).status_code == 200


def test_admin_is_german_by_default(superuser_client):
    html = superuser_client.get("/admin/").content.decode()
    assert 'lang="de"' in html


def test_project_admin_offers_view_on_site_and_side_by_side_translations(
    superuser_client, demo_data
):
    from projects.models import Project

    project = Project.objects.get(slug="sachsen-uganda-arzneipflanzen")
    html = superuser_client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()
    assert 'name="title_de"' in html and 'name="title_en"' in html
    assert "/r/" in html  # Django's "view on site" redirect link


def test_project_form_follows_how_an_editor_works(superuser_client, demo_data):
    """Sections in the order an editor works through them: content, classification, partners
    with the Länder and organisations, time, money with the in-kind contributions, results,
    media with the links, publication."""
    from projects.models import Project

    project = Project.objects.get(slug="sachsen-mosambik-bergbausicherheit")
    html = superuser_client.get(
        reverse("admin:projects_project_change", args=[project.pk])
    ).content.decode()
    order = [
        html.index('class="fieldset-heading">Inhalte<'),
        html.index('class="fieldset-heading">Einordnung<'),
        html.index('class="fieldset-heading">Partner<'),
        html.index('id="land_roles-group"'),
        html.index('id="participations-group"'),
        html.index('class="fieldset-heading">Geld und Beiträge<'),
        html.index('id="in_kind_contributions-group"'),
        html.index('id="results-group"'),
        html.index('id="links-group"'),
        html.index('class="fieldset-heading">Veröffentlichung<'),
    ]
    assert order == sorted(order)
    # every inline appears exactly once
    for group in ("land_roles", "participations", "in_kind_contributions", "results", "links"):
        assert html.count(f'id="{group}-group"') == 1
