"""The two editorial roles and exactly their permissions (created by `manage.py setup_roles`)."""

from django.utils.translation import gettext_lazy as _

EDITORS = "GIZ-Redaktion"
COORDINATORS = "Länderkoordination"

# Editors: every permission of these apps (content, media, workflow) plus user management.
EDITOR_APPS = ["projects", "partners", "themes", "pages", "projectmedia", "opendata", "editorial"]
EDITOR_EXTRA = [
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_group",
    "admin.view_logentry",
]

# Coordinators: their projects (no delete, no publish), their Land profile, choosing partners.
COORDINATOR_PERMISSIONS = [
    "projects.view_project",
    "projects.add_project",
    "projects.change_project",
    # + view/add/change/delete of every inline of the project form: project_inline_permissions()
    # autocomplete of the project form needs "view" on the chosen models
    "projects.view_specialcall",
    "partners.view_partnercountry",
    "partners.view_organisation",
    "partners.add_organisation",
    # own Land profile (the admin limits the rows)
    "partners.view_land",
    "partners.change_land",
    # their proposals and the workflow log (read only, limited to their projects)
    "editorial.view_changerequest",
    "editorial.view_workflowevent",
]

ROLE_DESCRIPTIONS = {
    EDITORS: _("GIZ editors: everything, including publishing, reviews and user accounts."),
    COORDINATORS: _("Länder coordinators: their Länder's projects and profile; no publishing."),
}


def project_inline_permissions():
    """The inline rows of the project form (whoever added the inline): coordinators add,
    change and remove them together with the project."""
    from django.contrib import admin

    from projects.models import Project

    labels = []
    for inline in admin.site._registry[Project].inlines:
        opts = inline.model._meta
        labels += [f"{opts.app_label}.{action}_{opts.model_name}" for action in ACTIONS]
    return labels


ACTIONS = ("view", "add", "change", "delete")
