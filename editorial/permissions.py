"""Who may do what: GIZ editors see everything, Länder coordinators only their Länder.

`land_scope(user)` is the one answer to "which Länder?" for every admin, export and import:
None means every Land (editors, superusers), otherwise the set of the user's Land objects
(empty for staff that are neither). The answer is kept on the user object for the request.
"""

from django.db.models import Q

from partners.models import Land
from projects.models import Project, ProjectLand

PUBLISH_PERMISSION = "editorial.publish_project"


def is_editor(user):
    """GIZ editors (the "GIZ-Redaktion" group) and superusers: publish, review, restore."""
    return bool(user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION))


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


def editors():
    """Active users who receive the editors' mail: the publish permission, directly or by group."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    codename = PUBLISH_PERMISSION.split(".")[1]
    perm = Q(user_permissions__codename=codename) | Q(groups__permissions__codename=codename)
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(perm | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
    )
