"""The admin's "View on site" leads only to public pages the user may see."""

import pytest
from django.contrib.contenttypes.models import ContentType

from projects.models import Project
from tests.editorial.conftest import complete_project

pytestmark = pytest.mark.django_db


def _view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


def test_own_published_project_redirects_to_its_page(login, projects):
    response = _view_on_site(login("coordinator_a"), projects["a"])
    assert response.status_code == 302
    assert projects["a"].slug in response["Location"]


def test_another_lands_unpublished_project_is_404(login, projects):
    response = _view_on_site(login("coordinator_a"), projects["b"])
    assert response.status_code == 404
    assert projects["b"].slug not in response.content.decode()


def test_another_lands_published_project_is_404_for_a_coordinator(login, land_b):
    other = complete_project(land_b, slug="bayern-oeffentlich")
    assert other.publication_state == Project.PublicationState.PUBLISHED
    assert _view_on_site(login("coordinator_a"), other).status_code == 404
    assert _view_on_site(login("editor"), other).status_code == 302


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_project_without_public_page_is_404_even_for_editors(login, projects, state):
    project = projects["a"]
    Project.objects.filter(pk=project.pk).update(publication_state=state)
    assert _view_on_site(login("editor"), project).status_code == 404


def test_another_lands_profile_is_404_for_a_coordinator(login, land_a, land_b):
    client = login("coordinator_a")
    assert _view_on_site(client, land_b).status_code == 404
    assert _view_on_site(client, land_a).status_code == 302


def test_change_form_offers_view_on_site_only_for_a_published_project(login, projects):
    client = login("editor")
    for key, shown in (("a", True), ("b", False)):
        project = projects[key]
        html = client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()
        assert ('class="viewsitelink"' in html) is shown, key
