"""The project form of the admin (issue 13): "do not publish" checkboxes and their warning,
in-kind contributions of participating Länder only, editing on top of a pending proposal, and
the recover link only for those who may recover."""

import pytest
from django.utils import translation

from editorial.models import ChangeRequest
from projects.models import InKindContribution
from tests.editorial.conftest import form_data
from tests.factories import make_country

pytestmark = pytest.mark.django_db


def _url(project):
    return f"/admin/projects/project/{project.pk}/change/"


def _german(text, **params):
    with translation.override("de"):
        return str(translation.gettext(text)) % params


def _warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def _contribution_errors(response):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == "in_kind_contributions":
            return [str(e) for form in inline.formset for e in form.errors.get("land", [])]
    return []


WARNING = (
    "The title or summary still names something you chose not to publish: %(names)s. "
    "Rephrase them, or the public pages show it anyway."
)


def _add_contribution(data, land, kind="staff"):
    total = int(data["in_kind_contributions-TOTAL_FORMS"])
    data["in_kind_contributions-TOTAL_FORMS"] = str(total + 1)
    data[f"in_kind_contributions-{total}-land"] = str(land.pk)
    data[f"in_kind_contributions-{total}-kind"] = kind
    data[f"in_kind_contributions-{total}-description_de"] = "Zwei Fachkräfte"
    return data


# 2. "Do not publish" ---------------------------------------------------------------------


def test_do_not_publish_is_one_labelled_checkbox_per_part_in_the_editors_language(login, projects):
    project = projects["a"]
    client = login("editor")
    page = client.get(_url(project)).content.decode()
    assert 'type="checkbox" name="withheld_fields" value="partner_countries"' in page
    assert "Partnerländer" in page and "Region im Partnerland" in page
    assert 'name="withheld_fields">[' not in page  # no JSON box
    data = form_data(client.get(_url(project)))
    data["withheld_fields"] = ["description", "partner_region"]
    response = client.post(_url(project), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.withheld_fields == ["partner_region", "description"]
    form = client.get(_url(project)).context["adminform"].form
    assert form["withheld_fields"].value() == ["partner_region", "description"]


def test_saving_warns_when_the_title_or_summary_names_a_withheld_country(login, projects):
    project = projects["a"]
    mozambique = make_country("MZ")
    client = login("editor")
    data = form_data(client.get(_url(project)))
    data.update(
        partner_countries=[str(mozambique.pk)],
        withheld_fields=["partner_countries"],
        summary_en="Water for Mozambique's towns.",
    )
    response = client.post(_url(project), data, follow=True)
    assert _warnings(response) == [_german(WARNING, names="Mozambique (Partnerländer)")]
    project.refresh_from_db()
    assert project.withheld_fields == ["partner_countries"]  # a warning, the save happened

    # German names count too; nothing is said when the text no longer names the country.
    data = form_data(client.get(_url(project)))
    data.update(summary_en="Water for towns.", title_de="Wasser für Mosambik")
    response = client.post(_url(project), data, follow=True)
    assert _warnings(response) == [_german(WARNING, names="Mosambik (Partnerländer)")]
    data = form_data(client.get(_url(project)))
    data.update(title_de="Wasser für Städte")
    assert _warnings(client.post(_url(project), data, follow=True)) == []

    # A withheld region, named by one of its parts in either language.
    data = form_data(client.get(_url(project)))
    data.update(
        withheld_fields=["partner_region"],
        partner_region_de="Provinz Tete, Moatize",
        summary_de="Brunnen in Moatize.",
    )
    response = client.post(_url(project), data, follow=True)
    assert _warnings(response) == [_german(WARNING, names="Moatize (Region im Partnerland)")]


# 3. In-kind contributions ----------------------------------------------------------------


def test_contribution_of_a_land_outside_the_project_is_refused_with_the_input_kept(
    login, projects, land_b
):
    project = projects["a"]  # Sachsen only
    client = login("editor")
    data = _add_contribution(form_data(client.get(_url(project))), land_b)
    response = client.post(_url(project), data)
    assert response.status_code == 200
    assert _contribution_errors(response) == [
        _german(
            "%(land)s does not take part in this project: add it under Partners first, or "
            "choose a participating Land.",
            land="Bayern",
        )
    ]
    assert "Zwei Fachkräfte" in response.content.decode()  # what was typed is kept
    assert not InKindContribution.objects.exists()

    # With Bayern among the Länder of the same form, it is accepted.
    total = int(data["land_roles-TOTAL_FORMS"])
    data["land_roles-TOTAL_FORMS"] = str(total + 1)
    data[f"land_roles-{total}-land"] = str(land_b.pk)
    assert client.post(_url(project), data).status_code == 302
    assert InKindContribution.objects.get().land == land_b


def test_coordinator_records_only_their_own_lands_contributions(login, projects, land_a, land_b):
    project = projects["a"]
    project.land_roles.create(land=land_b)
    project.publication_state = project.PublicationState.DRAFT  # saved directly, no proposal
    project.save()
    client = login("coordinator_a")
    data = _add_contribution(form_data(client.get(_url(project))), land_b)
    response = client.post(_url(project), data)
    assert response.status_code == 200
    assert _contribution_errors(response) == [
        _german("You may record contributions of the Länder you coordinate only.")
    ]
    assert not InKindContribution.objects.exists()

    data[f"in_kind_contributions-{int(data['in_kind_contributions-TOTAL_FORMS']) - 1}-land"] = str(
        land_a.pk
    )
    assert client.post(_url(project), data).status_code == 302
    assert InKindContribution.objects.get().land == land_a
    # Bayern's coordinator's own row stays untouched when Sachsen's coordinator saves again.
    InKindContribution.objects.create(project=project, land=land_b, kind="rooms")
    data = form_data(client.get(_url(project)))
    assert client.post(_url(project), data).status_code == 302
    assert InKindContribution.objects.count() == 2


# 4. Editing on top of a pending proposal ---------------------------------------------------


def test_coordinator_reopens_a_project_and_edits_on_top_of_the_pending_proposal(
    login, projects, land_b
):
    project = projects["a"]  # published: a coordinator's save is a proposal
    client = login("coordinator_a")
    data = form_data(client.get(_url(project)))
    data["title_en"] = "First proposal"
    data["themes"] = []
    total = int(data["land_roles-TOTAL_FORMS"])
    data["land_roles-TOTAL_FORMS"] = str(total + 1)
    data[f"land_roles-{total}-land"] = str(land_b.pk)
    assert client.post(_url(project), data).status_code == 302

    reopened = client.get(_url(project))
    form = reopened.context["adminform"].form
    assert form["title_en"].value() == "First proposal"
    assert form["themes"].value() == []
    lands = [f["land"].value() for f in reopened.context["inline_admin_formsets"][0].formset]
    assert land_b.pk in lands
    page = reopened.content.decode()
    assert "Das Formular zeigt Ihre Änderung, die auf Prüfung wartet" in page

    data = form_data(reopened)
    data["summary_en"] = "Second edit"
    assert client.post(_url(project), data).status_code == 302
    change = ChangeRequest.objects.get(project=project)  # one proposal, updated
    assert change.proposed["fields"]["title_en"] == "First proposal"
    assert change.proposed["fields"]["summary_en"] == "Second edit"
    assert change.proposed["m2m"]["themes"] == []
    assert sorted(r["land"] for r in change.proposed["inlines"]["land_roles"]) == sorted(
        [project.land_roles.get().land_id, land_b.pk]
    )
    project.refresh_from_db()
    assert project.title_en != "First proposal" and project.land_roles.count() == 1

    # The editor's form shows the live project.
    live = login("editor").get(_url(project)).context["adminform"].form
    assert live["title_en"].value() == project.title_en


def test_workflow_page_of_a_coordinator_never_saves_the_proposal(login, projects):
    project = projects["a"]
    client = login("coordinator_a")
    data = form_data(client.get(_url(project)))
    data["title_en"] = "Proposed"
    client.post(_url(project), data)
    client.post(f"/admin/projects/project/{project.pk}/workflow/", {"step": "confirm"})
    project.refresh_from_db()
    assert project.title_en != "Proposed"


# The change list's recover link ------------------------------------------------------------


@pytest.mark.parametrize("role, shown", [("coordinator_a", False), ("editor", True)])
def test_recover_link_only_for_roles_that_may_recover(login, projects, role, shown):
    page = login(role).get("/admin/projects/project/").content.decode()
    assert ("/admin/projects/project/recover/" in page) is shown


# 12. Sections and one primary action per role ----------------------------------------------


def _actions(response):
    page = response.content.decode()
    actions = page[page.index('class="submit-row workflow-buttons project-actions"') :]
    primary = actions[actions.index('class="default"') :].split(">", 1)[0]
    return actions, primary


def test_one_primary_action_per_role_and_state(login, projects):
    draft = projects["a"]
    draft.publication_state = draft.PublicationState.DRAFT
    draft.save()
    actions, primary = _actions(login("coordinator_a").get(_url(draft)))
    assert 'name="_submit_review"' in primary
    assert 'name="_continue"' in actions and 'name="_publish"' not in actions
    assert actions.count('class="default"') == 1 and 'name="_addanother"' not in actions

    actions, primary = _actions(login("editor").get(_url(draft)))
    assert 'name="_publish"' in primary and actions.count('class="default"') == 1

    draft.publication_state = draft.PublicationState.PUBLISHED
    draft.save()
    _, primary = _actions(login("coordinator_a").get(_url(draft)))
    assert 'name="_save"' in primary  # proposes the change for review


def test_form_folds_into_sections_and_opens_them_all_on_errors(login, projects):
    client = login("editor")
    page = client.get(_url(projects["a"])).content.decode()
    assert page.count('<details class="project-section"') == 8
    assert page.count('<details class="project-section" open>') == 1
    data = form_data(client.get(_url(projects["a"])))
    data["title_de"] = ""
    page = client.post(_url(projects["a"]), data).content.decode()
    assert page.count('<details class="project-section" open>') == 8


def test_coordinators_new_project_has_their_land_as_lead(login, land_a, projects):
    response = login("coordinator_a").get("/admin/projects/project/add/")
    lands = response.context["inline_admin_formsets"][0].formset
    assert lands.forms[0].initial == {"land": land_a.pk, "is_lead": True}
    editors = login("editor").get("/admin/projects/project/add/")
    assert editors.context["inline_admin_formsets"][0].formset.forms[0].initial == {}


@pytest.mark.parametrize("role, queries", [("coordinator_a", 40), ("editor", 38)])
def test_query_count_of_the_change_form(login, projects, role, queries, django_assert_num_queries):
    client = login(role)
    client.get(_url(projects["a"]))  # sessions, caches and content types warmed up
    with django_assert_num_queries(queries):
        client.get(_url(projects["a"]))


def test_approval_refuses_a_proposal_with_a_contribution_of_an_outside_land(
    login, projects, land_b
):
    """A proposal made before the form checked contributions (or by a script) is refused when
    approved: the checklist names the Land (approval, submission and publication read it)."""
    from django.contrib import admin

    from editorial import snapshot
    from projects.models import Project

    project = projects["a"]
    relations = admin.site._registry[Project].inline_relations()
    proposed = snapshot.from_object(project, relations)
    proposed["inlines"]["in_kind_contributions"] = [
        {"land": land_b.pk, "kind": "staff", "description_de": "", "description_en": ""}
    ]
    change = ChangeRequest.objects.create(project=project, proposed=proposed)
    page = (
        login("editor")
        .post(
            f"/admin/editorial/changerequest/{change.pk}/change/",
            {"decision": "approve"},
            follow=True,
        )
        .content.decode()
    )
    assert "Bayern" in page
    change.refresh_from_db()
    assert change.is_pending and not InKindContribution.objects.exists()
