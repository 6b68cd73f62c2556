"""Daily: e-mail coordinators the entries of their Länder not confirmed for twelve months
(editorial/confirmations.py; at most one reminder a month per entry, sent by the task worker)."""

from django.core.management.base import BaseCommand

from editorial.confirmations import send_reminders


class Command(BaseCommand):
    help = (
        "Remind coordinators of published entries not confirmed for twelve months (at most "
        "once a month per entry). Run daily, e.g. from cron; the worker sends the e-mails."
    )

    def handle(self, *args, **options):
        entries, mails = send_reminders()
        self.stdout.write(f"Reminders: {entries} entries, {mails} e-mails queued.")
