"""Delete the copies of workflow e-mails that were sent more than --days ago (a periodic job,
docs/deployment.md). Failed and waiting e-mails stay until an editor sends or deletes them."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from editorial.models import MailDelivery


class Command(BaseCommand):
    help = "Delete sent workflow e-mails older than --days (default 30); failed ones stay."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="Keep sent e-mails this long.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted, delete nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        old = MailDelivery.objects.filter(
            status=MailDelivery.Status.SENT, sent_at__lt=timezone.now() - timedelta(days=days)
        )
        if dry_run:
            self.stdout.write(f"{old.count()} sent e-mail(s) older than {days} days would go.")
            return
        deleted, _by_model = old.delete()
        self.stdout.write(f"{deleted} sent e-mail(s) older than {days} days deleted.")
