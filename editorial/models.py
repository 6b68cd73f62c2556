"""Roles and review workflow: coordinators, pending changes, the workflow log and its e-mails."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.models import check_constraint, optional_key, user_reference
from partners.models import Land
from projects.models import Project, part_of_project
from projects.updates import ProjectUpdate

# The order of the office's logs (proposals, workflow steps, e-mails): the newest entry first,
# the id settling entries of the same instant.
NEWEST_FIRST = ["-created_at", "-id"]


class Coordinator(models.Model):
    """Links a user (a Länder coordinator) to the Länder whose projects they look after."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator",
        verbose_name=_("user"),
    )
    laender = models.ManyToManyField(
        Land,
        related_name="coordinators",
        verbose_name=_("Länder"),
        help_text=_(
            "The user sees and edits only projects in which one of these Länder takes part."
        ),
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("Länder coordinator")
        verbose_name_plural = _("Länder coordinators")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


def target_fields(target):
    """The foreign key(s) naming what a proposal or workflow step is about: a project, or a
    Land's profile (ChangeRequest.land, WorkflowEvent.land with no project)."""
    return {"land": target} if isinstance(target, Land) else {"project": target}


class ChangeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ChangeRequest.Status.PENDING)

    def of(self, target):
        return self.filter(**target_fields(target))


class ChangeRequest(models.Model):
    """A coordinator's edit of a published project or of their Land's profile, kept aside until
    a GIZ editor approves it.

    Exactly one of `project` and `land` is set. `proposed` holds the whole proposed object
    (fields, many-to-many ids and inline rows, see editorial/snapshot.py); the live object stays
    unchanged until `approve`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    project = optional_key(Project, models.CASCADE, "change_requests", _("project"))
    land = optional_key(Land, models.CASCADE, "change_requests", _("Land profile"))
    author = user_reference(_("proposed by"))
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    proposed = models.JSONField(_("proposed data"), encoder=DjangoJSONEncoder)
    base_updated_at = models.DateTimeField(
        _("project version"),
        null=True,
        blank=True,
        help_text=_("When the live project was last changed at the time of the proposal."),
    )
    reviewed_by = user_reference(_("reviewed by"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("comment of the review"), blank=True)

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        permissions = [("publish_project", _("Can publish projects and review proposed changes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status="pending"),
                name="editorial_changerequest_one_pending_per_project",
            ),
            models.UniqueConstraint(
                fields=["land"],
                condition=models.Q(status="pending"),
                name="editorial_changerequest_one_pending_per_land",
            ),
            check_constraint(
                "project_or_land",
                models.Q(project__isnull=False, land__isnull=True)
                | models.Q(project__isnull=True, land__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.target} ({self.get_status_display()})"

    @property
    def target(self):
        """The project or the Land whose profile the change is for."""
        return self.project if self.project_id else self.land

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class WorkflowEvent(models.Model):
    """One step of the workflow: who did what to which project, when, with which comment.

    Steps of a Land profile's proposed change have no project; their `land` is that Land.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to draft")
        ARCHIVED = "archived", _("Archived")
        CONFIRMED = "confirmed", _("Confirmed as up to date")
        PROPOSED = "proposed", _("Change proposed")
        APPROVED = "approved", _("Change approved")
        CHANGE_RETURNED = "change_returned", _("Change returned")
        DELETED = "deleted", _("Deleted")
        IMPORTED = "imported", _("Imported from a spreadsheet")
        UPDATE_SUBMITTED = "update_submitted", _("Update submitted for review")
        UPDATE_RETURNED = "update_returned", _("Update returned")

    # Actions that tell the public "a Land has confirmed this entry" (see last_confirmation).
    CONFIRMING = [Action.SUBMITTED, Action.CONFIRMED, Action.APPROVED]

    # No database constraint: the log of a deleted project stays and is found again when the
    # project is recovered with its old id (django-reversion).
    project = optional_key(
        Project, models.DO_NOTHING, "workflow_events", _("project"), db_constraint=False
    )
    change_request = optional_key(ChangeRequest, models.SET_NULL, "events", _("proposed change"))
    # A project update's steps: logged on its project too, so they sit in the project's log.
    update = optional_key(ProjectUpdate, models.SET_NULL, "workflow_events", _("project update"))
    actor = user_reference(_("by"))
    land = optional_key(Land, models.SET_NULL, "+", _("on behalf of Land"))
    action = models.CharField(_("step"), max_length=20, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=10, choices=Project.PublicationState.choices, blank=True
    )
    to_state = models.CharField(
        _("to"), max_length=10, choices=Project.PublicationState.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self):
        return f"{self.get_action_display()} – {self.created_at:%Y-%m-%d %H:%M}"


class MailDelivery(models.Model):
    """One workflow e-mail to one recipient, rendered when the step was taken and sent by the
    background worker (editorial/tasks.py). Failed attempts are retried with a growing delay;
    after the last one the e-mail waits in the admin for an editor to send it again."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


class ConfirmationReminder(models.Model):
    """A reminder e-mail to a project's coordinators that the entry has not been confirmed
    for twelve months (editorial/confirmations.py); one a month at most."""

    project = part_of_project("confirmation_reminders")
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("confirmation reminder")
        verbose_name_plural = _("confirmation reminders")

    def __str__(self):
        return f"{self.project} – {self.sent_at:%Y-%m-%d}"
