"""Who may do what in the editorial office: the roles, their permissions and the Land scope.

Two roles, created by `manage.py setup_roles` with exactly the permissions listed here:

- **GIZ editors** ("GIZ-Redaktion", and superusers) see and change everything; they alone
  publish, return and archive projects, decide proposed changes, delete projects, restore old
  versions, import spreadsheets and manage staff accounts (superusers' accounts and single
  permissions stay with superusers).
- **Land coordinators** ("Länderkoordination") see only the projects their Länder take part in
  and their own Länder's profiles. They create projects (one of their Länder must take part),
  edit drafts, submit them for review and confirm that an entry is up to date. Their edits of a
  published project or of their Land's profile wait as a proposed change for an editor.
  Everything outside their Länder is a 404, as if it did not exist.

`land_scope(user)` is the one answer to "which Länder?" for every admin, export and import:
None means every Land (editors, superusers), otherwise the set of the user's Land objects
(empty for staff that are neither). The admin classes in editorial/admin/ call the functions
below rather than checking groups or permissions themselves.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Land
from projects.models import Project, ProjectLand

EDITORS = "GIZ-Redaktion"
COORDINATORS = "Länderkoordination"
PUBLISH_PERMISSION = "editorial.publish_project"

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
    # updates of their projects (editors publish them)
    "projects.view_projectupdate",
    "projects.add_projectupdate",
    "projects.change_projectupdate",
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

ACTIONS = ("view", "add", "change", "delete")


def project_inline_permissions():
    """The inline rows of the project form (whoever added the inline): coordinators add,
    change and remove them together with the project."""
    from django.contrib import admin

    labels = []
    for inline in admin.site._registry[Project].inlines:
        opts = inline.model._meta
        labels += [f"{opts.app_label}.{action}_{opts.model_name}" for action in ACTIONS]
    return labels


# The roles ---------------------------------------------------------------------------------


def is_editor(user):
    """GIZ editors (the "GIZ-Redaktion" group) and superusers: publish, review, restore."""
    return bool(user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION))


def editors():
    """Active users who receive the editors' mail: the publish permission, directly or by group."""
    codename = PUBLISH_PERMISSION.split(".")[1]
    perm = Q(user_permissions__codename=codename) | Q(groups__permissions__codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(perm | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
    )


# What only editors may do: named for the place that asks, so each rule reads where it is used.
may_publish = is_editor  # publish, return to draft, archive
may_decide_proposals = is_editor
may_delete_projects = is_editor
may_restore_versions = is_editor  # revert to a version, recover a deleted object
may_import = is_editor  # an import would bypass the review


def may_change_identity_of_land(user):
    """A Land's code is its identity: only those who may create Länder change it."""
    return user.has_perm("partners.add_land")


def may_grant_rights(user):
    """Superuser status and single permissions: only superusers give them."""
    return user.is_superuser


def may_manage_account(user, account):
    """Editors manage staff accounts, but no superuser's account unless they are one."""
    return account is None or not account.is_superuser or user.is_superuser


def edits_wait_for_review(user, obj):
    """A coordinator's edit of an existing object becomes a proposed change; editors save."""
    return obj is not None and obj.pk is not None and not is_editor(user)


# The Land scope ----------------------------------------------------------------------------


def land_scope(user):
    """None for all Länder, else the frozenset of Land objects the user looks after."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_editorial_land_scope"):
        if is_editor(user):
            scope = None
        else:
            scope = frozenset(Land.objects.filter(coordinators__user=user))
        user._editorial_land_scope = scope
    return user._editorial_land_scope


def land_ids(user):
    scope = land_scope(user)
    return None if scope is None else {land.pk for land in scope}


def scope_projects(queryset, user):
    """Projects in which one of the user's Länder takes part (all for editors)."""
    ids = land_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(pk__in=ProjectLand.objects.filter(land_id__in=ids).values("project_id"))


def may_view_on_site(user, obj):
    """Whether the admin's "View on site" may lead `user` to the public page of `obj`.

    A project (or a project's document) only when it is published, so it has a public page,
    and within the user's Länder; a Land only within them. Everything else (themes, pages,
    countries, organisations) is public reference content."""
    project = obj if isinstance(obj, Project) else getattr(obj, "project", None)
    if isinstance(project, Project):
        if project.publication_state != Project.PublicationState.PUBLISHED:
            return False
        return scope_projects(Project.objects.filter(pk=project.pk), user).exists()
    if isinstance(obj, Land):
        ids = land_ids(user)
        return ids is None or obj.pk in ids
    return True


def scope_laender(queryset, user):
    ids = land_ids(user)
    return queryset if ids is None else queryset.filter(pk__in=ids)


def scope_proposals(queryset, user):
    """Proposed changes or workflow steps of the user's projects and of their Länder's
    profiles (rows without a project are about the profile of their `land`)."""
    ids = land_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(
        Q(project__in=scope_projects(Project.objects.all(), user))
        | Q(project__isnull=True, land_id__in=ids)
    )


def predecessor_choices(user):
    """Projects a project may name as its predecessor: published ones (public anyway) and the
    user's own; never another Land's draft."""
    return Project.objects.filter(
        Q(pk__in=scope_projects(Project.objects.all(), user))
        | Q(publication_state=Project.PublicationState.PUBLISHED)
    )


def acting_land(user, project):
    """The Land a coordinator acts for on this project: the lead Land if theirs, else another."""
    ids = land_ids(user)
    if ids is None or project is None or project.pk is None:
        return None
    role = (
        ProjectLand.objects.filter(project=project, land_id__in=ids)
        .select_related("land")
        .order_by("-is_lead", "land__name")
        .first()
    )
    return role.land if role else None


def may_confirm(user, project=None):
    """Coordinators confirm that their Land's entry is up to date (for a project: a Land of
    theirs must take part in it)."""
    if project is None:
        return land_scope(user) is not None
    return acting_land(user, project) is not None
