"""A Länder coordinator's edit of their Land's profile goes to GIZ for review."""

import pytest
from django.conf import settings
from django.core import mail
from reversion.models import Version

from editorial.models import ChangeRequest, WorkflowEvent
from tests.editorial.conftest import form_data

pytestmark = pytest.mark.django_db

PUBLIC_PAGE = "/de/laender/de-sn/"


def _propose_profile(client, land, profile, comment="Neues Profil"):
    data = form_data(client.get(f"/admin/partners/land/{land.pk}/change/"))
    data["profile_de"] = profile
    data["workflow_comment"] = comment
    return client.post(f"/admin/partners/land/{land.pk}/change/", data, follow=True)


@pytest.fixture
def proposal(login, land_a):
    land_a.profile_de = "Altes Profil"
    land_a.save()
    _propose_profile(login("coordinator_a"), land_a, "Sachsen arbeitet mit Uganda.")
    mail.outbox.clear()
    return ChangeRequest.objects.get(land=land_a)


def test_coordinators_edit_waits_and_the_public_page_stays(login, land_a, users):
    land_a.profile_de = "Altes Profil"
    land_a.save()
    client = login("coordinator_a")
    response = _propose_profile(client, land_a, "Sachsen arbeitet mit Uganda.")
    assert "der GIZ zur Prüfung übermittelt" in response.content.decode()  # the admin's message
    land_a.refresh_from_db()
    assert land_a.profile_de == "Altes Profil"
    change = ChangeRequest.objects.get(land=land_a)
    assert change.is_pending and change.project is None and change.author == users["coordinator_a"]
    assert change.proposed["fields"]["profile_de"] == "Sachsen arbeitet mit Uganda."
    assert "code" not in change.proposed["fields"]  # the identity is not proposed
    assert sorted(m.to[0] for m in mail.outbox) == ["chef@example.org", "giz@example.org"]
    assert mail.outbox[0].subject == "Änderung zur Prüfung vorgeschlagen: Sachsen"
    assert "hat eine Änderung am Profil von Sachsen vorgeschlagen" in mail.outbox[0].body
    event = WorkflowEvent.objects.get(change_request=change)
    assert event.action == WorkflowEvent.Action.PROPOSED and event.land == land_a
    assert event.comment == "Neues Profil"
    client.logout()
    page = client.get(PUBLIC_PAGE).content.decode()
    assert "Altes Profil" in page and "Uganda" not in page

    # Reopened, the coordinator's form shows the proposal; saving again replaces it.
    client = login("coordinator_a")
    form = client.get(f"/admin/partners/land/{land_a.pk}/change/")
    assert form.context["adminform"].form["profile_de"].value() == "Sachsen arbeitet mit Uganda."
    assert form.context["pending_change"] == change
    _propose_profile(client, land_a, "Sachsen arbeitet mit Uganda und Mosambik.")
    change.refresh_from_db()
    assert ChangeRequest.objects.filter(land=land_a).count() == 1
    assert change.proposed["fields"]["profile_de"] == "Sachsen arbeitet mit Uganda und Mosambik."
    land_a.refresh_from_db()
    assert land_a.profile_de == "Altes Profil"
    # Editors' form shows the live profile.
    form = login("editor").get(f"/admin/partners/land/{land_a.pk}/change/")
    assert form.context["adminform"].form["profile_de"].value() == "Altes Profil"


def test_editor_reviews_and_approves_the_profile_change(login, land_a, proposal, users):
    editor = login("editor")
    queue = editor.get("/admin/").context["queue"]
    assert [item["project"].name for item in queue if item["change"]] == ["Sachsen"]
    review = editor.get(f"/admin/editorial/changerequest/{proposal.pk}/change/")
    assert [(old, new) for _label, old, new in review.context["changes"]] == [
        ("Altes Profil", "Sachsen arbeitet mit Uganda.")
    ]
    preview = editor.get(f"/admin/editorial/changerequest/{proposal.pk}/preview/")
    assert "Sachsen arbeitet mit Uganda." in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    land_a.refresh_from_db()
    assert land_a.profile_de == "Altes Profil"  # the preview changed nothing

    editor.post(
        f"/admin/editorial/changerequest/{proposal.pk}/change/",
        {"decision": "approve", "workflow_comment": "Danke"},
    )
    land_a.refresh_from_db()
    proposal.refresh_from_db()
    assert land_a.profile_de == "Sachsen arbeitet mit Uganda."
    assert proposal.status == ChangeRequest.Status.APPROVED
    assert proposal.reviewed_by == users["editor"]
    revision = Version.objects.get_for_object(land_a).first().revision
    assert revision.user == users["editor"] and "coord-a" in revision.comment
    assert [m.to for m in mail.outbox] == [["coord-a@example.org"]]
    link = f"{settings.PORTAL_BASE_URL}/admin/partners/land/{land_a.pk}/change/"
    assert f"Das Länderprofil im Redaktionsbereich: {link}" in (mail.outbox[0].body)
    event = WorkflowEvent.objects.filter(land=land_a).first()
    assert event.action == WorkflowEvent.Action.APPROVED and event.project is None
    editor.logout()
    assert "Sachsen arbeitet mit Uganda." in editor.get(PUBLIC_PAGE).content.decode()


def test_editor_returns_the_profile_change_with_a_comment(login, land_a, proposal):
    url = f"/admin/editorial/changerequest/{proposal.pk}/change/"
    login("editor").post(url, {"decision": "return", "workflow_comment": "Bitte kürzen."})
    proposal.refresh_from_db()
    land_a.refresh_from_db()
    assert proposal.status == ChangeRequest.Status.RETURNED
    assert land_a.profile_de == "Altes Profil"
    assert [m.to for m in mail.outbox] == [["coord-a@example.org"]]
    assert "Bitte kürzen." in mail.outbox[0].body
    client = login("coordinator_a")
    assert "Bitte kürzen." in client.get("/admin/").content.decode()
    # no proposal waits any more: the form shows the live profile again
    form = client.get(f"/admin/partners/land/{land_a.pk}/change/")
    assert form.context["adminform"].form["profile_de"].value() == "Altes Profil"
    client.logout()
    assert "Altes Profil" in client.get(PUBLIC_PAGE).content.decode()


def test_editors_edit_of_a_profile_is_direct(login, land_a):
    client = login("editor")
    data = form_data(client.get(f"/admin/partners/land/{land_a.pk}/change/"))
    data["profile_de"] = "Direkt geändert."
    assert client.post(f"/admin/partners/land/{land_a.pk}/change/", data).status_code == 302
    land_a.refresh_from_db()
    assert land_a.profile_de == "Direkt geändert."
    assert not ChangeRequest.objects.exists()
    client.logout()
    assert "Direkt geändert." in client.get(PUBLIC_PAGE).content.decode()


def test_other_lands_coordinator_sees_nothing_of_the_proposal(login, land_a, proposal):
    client = login("coordinator_b")
    for url in [
        f"/admin/editorial/changerequest/{proposal.pk}/change/",
        f"/admin/editorial/changerequest/{proposal.pk}/preview/",
        f"/admin/partners/land/{land_a.pk}/change/",
    ]:
        assert client.get(url).status_code == 404, url
    listing = client.get("/admin/editorial/changerequest/").content.decode()
    assert f"/admin/editorial/changerequest/{proposal.pk}/" not in listing
    assert client.get("/admin/").context["counts"]["editorial.changerequest"] == 0
    log = client.get("/admin/editorial/workflowevent/").content.decode()
    assert "Neues Profil" not in log
    # and its own coordinator sees it (read only)
    client = login("coordinator_a")
    assert client.get("/admin/").context["counts"]["editorial.changerequest"] == 1
    review = client.get(f"/admin/editorial/changerequest/{proposal.pk}/change/")
    assert review.status_code == 200 and not review.context["may_decide"]
