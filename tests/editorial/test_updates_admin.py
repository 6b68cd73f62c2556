"""Project updates in the admin: a coordinator posts one for review, a GIZ editor publishes it.

The permission matrix (test_permissions.py) covers every URL of the updates' admin for every
role; these tests follow the review and the Land scope through the forms.
"""

import pytest

from projects.updates import ProjectUpdate
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db

ADD = "/admin/projects/projectupdate/add/"
LIST = "/admin/projects/projectupdate/"


def _post_update(client, project, **fields):
    data = form_data(client.get(ADD))
    data.update(project=str(project.pk), date="2026-11-30", text_de="Auftakt in Dresden")
    data.update(text_en="Kick-off in Dresden", **fields)
    return client.post(ADD, data)


def test_a_coordinators_update_waits_for_review(login, projects, users, client):
    response = _post_update(login("coordinator_a"), projects["a"], publication_state="published")
    assert response.status_code == 302
    update = ProjectUpdate.objects.get()
    assert update.publication_state == "review"  # the state field is not theirs to set
    assert update.author == users["coordinator_a"]
    assert update.text_en == "Kick-off in Dresden"
    page = client.get(f"/de/projekte/{projects['a'].slug}/").content.decode()
    assert "Auftakt in Dresden" not in page


def test_a_coordinator_cannot_post_to_another_lands_project(login, projects):
    response = _post_update(login("coordinator_a"), projects["b"])
    assert response.status_code == 200
    assert "project" in response.context_data["adminform"].form.errors
    assert not ProjectUpdate.objects.exists()


def test_an_editor_publishes_with_the_list_action(login, projects, client):
    update = ProjectUpdate.objects.create(project=projects["a"], text_de="Auftakt in Dresden")
    response = login("editor").post(
        LIST, {"action": "publish_selected", "_selected_action": [update.pk]}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.publication_state == "published" and update.published_at is not None
    client.logout()
    page = client.get(f"/de/projekte/{projects['a'].slug}/").content.decode()
    assert "Auftakt in Dresden" in page


def test_coordinators_cannot_publish(login, projects):
    update = ProjectUpdate.objects.create(project=projects["a"], text_de="Auftakt")
    client = login("coordinator_a")
    client.post(LIST, {"action": "publish_selected", "_selected_action": [update.pk]})
    update.refresh_from_db()
    assert update.publication_state == "review"
    assert "publish_selected" not in client.get(LIST).content.decode()


def test_a_published_update_is_read_only_for_coordinators(login, projects):
    update = ProjectUpdate.objects.create(
        project=projects["a"], text_de="Auftakt", publication_state="published"
    )
    client = login("coordinator_a")
    url = f"/admin/projects/projectupdate/{update.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"text_de": "Geändert"}).status_code == 403
    update.refresh_from_db()
    assert update.text_de == "Auftakt"


def test_an_editor_may_publish_in_the_form(login, projects):
    client = login("editor")
    response = _post_update(client, projects["b"], publication_state="published")
    assert response.status_code == 302
    assert ProjectUpdate.objects.get().publication_state == "published"


def test_a_javascript_link_is_refused(login, projects):
    response = _post_update(login("coordinator_a"), projects["a"], link="javascript:alert(1)")
    assert response.status_code == 200
    assert not ProjectUpdate.objects.exists()
