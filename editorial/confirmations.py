"""Confirmation of entries: "last confirmed by <Land> on <date>", and the reminder e-mails.

A Land confirms its entry with every step it takes on it (submitted, change approved) and
with "confirm unchanged" (workflow.confirm): WorkflowEvent.CONFIRMING steps with a Land. A
published entry whose last confirmation (or, never confirmed, its publication) is more than
twelve months old is due: its coordinators see it on their start page, and
`manage.py send_confirmation_reminders` (run daily by the operator, docs/deployment.md) e-mails
them through the task queue, at most once a month per entry.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from editorial import emails
from editorial.models import ConfirmationReminder, WorkflowEvent
from partners.models import Land
from projects.models import Project, ProjectLand

CONFIRMATION_PERIOD = timedelta(days=365)
REMINDER_INTERVAL = timedelta(days=30)


def with_last_confirmation(queryset):
    """Projects annotated with `last_confirmed_at` and `last_confirmed_land_id` (or None)."""
    confirming = WorkflowEvent.objects.filter(
        project=OuterRef("pk"), land__isnull=False, action__in=WorkflowEvent.CONFIRMING
    ).order_by("-created_at", "-id")
    return queryset.annotate(
        last_confirmed_at=Subquery(confirming.values("created_at")[:1]),
        last_confirmed_land_id=Subquery(confirming.values("land_id")[:1]),
    )


def due(queryset, now=None):
    """Published projects not confirmed for twelve months, the longest unconfirmed first."""
    now = now or timezone.now()
    return (
        with_last_confirmation(
            queryset.filter(publication_state=Project.PublicationState.PUBLISHED)
        )
        .annotate(
            confirmed_or_published=Coalesce("last_confirmed_at", "published_at", "created_at")
        )
        .filter(confirmed_or_published__lt=now - CONFIRMATION_PERIOD)
        .order_by("confirmed_or_published", "pk")
    )


def _coordinators(projects):
    """{project id: [users]}: the active coordinators (with an e-mail) of each project's Länder."""
    User = get_user_model()
    pairs = (
        ProjectLand.objects.filter(project__in=projects)
        .filter(land__coordinators__user__is_active=True)
        .exclude(land__coordinators__user__email="")
        .values_list("project_id", "land__coordinators__user")
        .distinct()
    )
    pairs = list(pairs)
    users = User.objects.in_bulk({user_id for _project, user_id in pairs})
    found = defaultdict(list)
    for project_id, user_id in pairs:
        found[project_id].append(users[user_id])
    return found


def send_reminders(now=None):
    """E-mail each coordinator the due entries of their Länder that had no reminder in the
    last month (one e-mail per coordinator); returns (entries reminded, e-mails queued)."""
    now = now or timezone.now()
    recent = ConfirmationReminder.objects.filter(
        project=OuterRef("pk"), sent_at__gt=now - REMINDER_INTERVAL
    )
    with transaction.atomic():
        projects = list(due(Project.objects.all(), now).exclude(Exists(recent)))
        coordinators = _coordinators(projects)
        by_user = defaultdict(list)
        reminders = []
        for project in projects:
            users = coordinators.get(project.pk, [])
            for user in users:
                by_user[user].append(project)
            if users:
                reminders.append(ConfirmationReminder(project=project, recipients=len(users)))
        ConfirmationReminder.objects.bulk_create(reminders)
        mails = sum(
            emails.notify_confirmation_due(user, entries) for user, entries in by_user.items()
        )
    return len(reminders), mails


def named_laender(projects):
    """Put the Land of each annotated project's last confirmation on it, as
    `last_confirmed_land` (one query for all)."""
    ids = {p.last_confirmed_land_id for p in projects if p.last_confirmed_land_id}
    laender = Land.objects.in_bulk(ids) if ids else {}
    for project in projects:
        project.last_confirmed_land = laender.get(project.last_confirmed_land_id)
    return projects
