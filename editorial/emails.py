"""Notifications: editors hear of submissions, coordinators of approvals and returns.

Each e-mail is rendered here, in German, and kept as a MailDelivery in the caller's
transaction; the background worker sends it once that transaction has committed
(editorial/tasks.py). A slow or unreachable mail server never delays or fails the step.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from editorial import tasks
from editorial.models import MailDelivery
from editorial.scope import editors
from partners.models import Land
from projects.updates import ProjectUpdate


def _admin_url(path):
    """An absolute link: e-mails are read outside the portal (PORTAL_BASE_URL is required)."""
    return f"{settings.PORTAL_BASE_URL}{path}"


def _change_form_path(obj):
    """The admin change form of a project or a Land."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _send(recipients, template, context):
    recipients = sorted({user.email for user in recipients if user.email})
    if not recipients:
        return 0
    # The admin's first language: German, whoever triggered the mail.
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"editorial/email/{template}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    deliveries = MailDelivery.objects.bulk_create(
        MailDelivery(recipient=to, subject=subject.strip()[:255], body=body.strip() + "\n")
        for to in recipients
    )
    tasks.enqueue_after_commit(deliveries)
    return len(deliveries)


def notify_submitted(project, actor, comment="", change_request=None):
    """To every editor: a project, a change of a published one, a Land's profile (then
    `project` is the Land) or a project update waits for review."""
    if change_request is not None:
        path = reverse("admin:editorial_changerequest_change", args=[change_request.pk])
    else:
        path = _change_form_path(project)
    context = {
        "project": project,
        "is_land": isinstance(project, Land),
        "is_update": isinstance(project, ProjectUpdate),
        "actor": actor,
        "comment": comment,
        "change_request": change_request,
        "url": _admin_url(path),
    }
    return _send(editors(), "submitted", context)


def notify_decision(project, actor, recipients, decision, comment=""):
    """To the coordinator(s): approved/published or returned, with the editor's comment
    (`project` may be a Land whose profile change was decided, or a returned project update)."""
    context = {
        "project": project,
        "is_land": isinstance(project, Land),
        "is_update": isinstance(project, ProjectUpdate),
        "actor": actor,
        "decision": decision,
        "comment": comment,
        "url": _admin_url(_change_form_path(project)),
    }
    return _send(recipients, "decision", context)


def notify_confirmation_due(user, projects):
    """To a coordinator: these entries of their Länder have not been confirmed for a year."""
    context = {
        "user": user,
        "projects": [(project, _admin_url(_change_form_path(project))) for project in projects],
        "confirm_url": _admin_url(reverse("admin:editorial_workflowevent_confirm")),
    }
    return _send([user], "confirmation_due", context)
