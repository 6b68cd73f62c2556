"""Create or update the two editorial groups with exactly their permissions (idempotent)."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from editorial.scope import (
    COORDINATOR_PERMISSIONS,
    COORDINATORS,
    EDITOR_APPS,
    EDITOR_EXTRA,
    EDITORS,
    project_inline_permissions,
)


def _permissions(labels):
    query = Q(pk__in=[])
    for label in labels:
        app_label, codename = label.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type"))
    known = {f"{p.content_type.app_label}.{p.codename}" for p in found}
    missing = sorted(set(labels) - known)
    if missing:
        raise CommandError(f"Unknown permissions (run migrate first?): {', '.join(missing)}")
    return found


def editor_permissions():
    content = list(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
    return content + _permissions(EDITOR_EXTRA)


def coordinator_permissions():
    return _permissions(COORDINATOR_PERMISSIONS + project_inline_permissions())


class Command(BaseCommand):
    help = (
        "Create the groups 'GIZ-Redaktion' and 'Länderkoordination' with exactly their "
        "permissions. Safe to run again: it adds what is missing and removes anything extra."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the changes without saving them."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, permissions in (
                (EDITORS, editor_permissions()),
                (COORDINATORS, coordinator_permissions()),
            ):
                group, created = Group.objects.get_or_create(name=name)
                current = set(group.permissions.values_list("pk", flat=True))
                wanted = {p.pk for p in permissions}
                added, removed = len(wanted - current), len(current - wanted)
                group.permissions.set(wanted)
                verb = "created" if created else "updated" if added or removed else "unchanged"
                self.stdout.write(
                    f"{name}: {verb}, {len(wanted)} permissions (+{added} −{removed})"
                )
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write("Dry run: nothing saved.")
                return
        self.stdout.write(self.style.SUCCESS("Roles are set up."))
