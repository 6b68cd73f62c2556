"""Background mails of the accessibility feedback (django-tasks, run by `manage.py db_worker`).

The feedback is saved first; this task then forwards it to the operator (FEEDBACK_EMAIL) and
confirms it to the sender if they gave an address. A mail server that fails never fails the
form: the error is kept on the feedback (shown in the admin) and the task ends as failed.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from pages.models import Feedback

logger = logging.getLogger(__name__)


def _message(template, context, to, language, reply_to=None):
    with translation.override(language):
        text = render_to_string(f"pages/email/{template}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    return EmailMessage(subject.strip()[:255], body.strip() + "\n", to=[to], reply_to=reply_to)


@task()
def send_feedback_mails(feedback_id):
    """Forward the feedback to the operator, then confirm it to the sender (each at most once)."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is None:
        return "deleted"
    context = {"feedback": feedback}
    try:
        if feedback.forwarded_at is None:
            reply_to = [feedback.email] if feedback.email else None
            # The operator reads German, like every mail of the editorial office.
            _message("forward", context, settings.FEEDBACK_EMAIL, "de", reply_to).send()
            feedback.forwarded_at = timezone.now()
        if feedback.email and feedback.confirmed_at is None:
            _message("confirmation", context, feedback.email, feedback.language).send()
            feedback.confirmed_at = timezone.now()
    except Exception as exc:
        feedback.mail_error = f"{type(exc).__name__}: {exc}"[:2000]
        feedback.save(update_fields=["forwarded_at", "confirmed_at", "mail_error"])
        raise  # the task result is "failed"; the error is logged with its traceback
    feedback.mail_error = ""
    feedback.save(update_fields=["forwarded_at", "confirmed_at", "mail_error"])
    return "sent"


def _enqueue(feedback_id):
    try:
        send_feedback_mails.enqueue(feedback_id)
    except Exception:  # the visitor's feedback is saved: a queue problem must not fail the form
        logger.exception("Feedback %s: the mails could not be queued", feedback_id)


def enqueue_after_commit(feedback):
    transaction.on_commit(lambda: _enqueue(feedback.pk), robust=True)
