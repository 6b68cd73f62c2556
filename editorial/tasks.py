"""Background delivery of the workflow e-mails (django-tasks, run by `manage.py db_worker`).

editorial/emails.py renders each e-mail while the workflow step is taken and keeps it as a
MailDelivery row in the same transaction; once that transaction has committed, `deliver` is
queued for it. The step never waits for, nor fails because of, the mail server.

A failed attempt is tried again later, each time after a longer pause (RETRY_DELAYS); after
MAX_ATTEMPTS the delivery is marked failed and waits in the admin ("E-mails") for an editor to
send it again (`send_again`).
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from editorial.models import MailDelivery

logger = logging.getLogger(__name__)

# The pause after the 1st, 2nd, … failed attempt; one more attempt than pauses.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@task()
def deliver(delivery_id):
    """Send one queued e-mail; on failure, queue the next attempt or give up after the last."""
    delivery = MailDelivery.objects.filter(pk=delivery_id, status=MailDelivery.Status.QUEUED)
    delivery = delivery.first()
    if delivery is None:
        return "nothing to send"  # already sent, or deleted in the admin
    delivery.attempts += 1
    message = EmailMessage(delivery.subject, delivery.body, to=[delivery.recipient])
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = MailDelivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.save()
            # Raised: the task result is "failed" and the error is logged with its traceback.
            raise
        delivery.next_attempt_at = timezone.now() + RETRY_DELAYS[delivery.attempts - 1]
        delivery.save()
        logger.warning(
            "E-mail %s to %s failed (attempt %d of %d), next attempt at %s: %s",
            delivery.pk,
            delivery.recipient,
            delivery.attempts,
            MAX_ATTEMPTS,
            delivery.next_attempt_at.isoformat(),
            delivery.last_error,
        )
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
        return "retry scheduled"
    delivery.status = MailDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.last_error = ""
    delivery.save()
    return "sent"


def _enqueue(delivery_id, run_after=None):
    job = deliver
    if run_after is not None and job.get_backend().supports_defer:
        job = job.using(run_after=run_after)
    # A backend without deferred tasks (the immediate one of the tests) retries at once.
    job.enqueue(delivery_id)


def enqueue_after_commit(deliveries):
    """Queue the deliveries once the current transaction has committed (at once outside one).
    Queueing errors are logged, never raised: the user's action has already succeeded."""
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk), robust=True)


def send_again(deliveries):
    """Failed deliveries start over with a fresh round of attempts; returns how many."""
    failed = [d for d in deliveries if d.status == MailDelivery.Status.FAILED]
    for delivery in failed:
        delivery.status = MailDelivery.Status.QUEUED
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    enqueue_after_commit(failed)
    return len(failed)
