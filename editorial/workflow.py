"""Workflow steps: draft → in review → published → archived, and proposed changes (of
published projects and of Länder profiles).

Each step checks who may take it, changes the state, records a WorkflowEvent (who, when,
comment, for coordinators the Land they act for) and sends the notification. Steps raise
WorkflowError with a message for the user when they are not allowed. The steps between
publication states are `Transition`s (TRANSITIONS); the admin derives its buttons, bulk actions
and checks from them.
"""

from dataclasses import dataclass

import reversion
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial import emails, snapshot
from editorial.checklist import check_project
from editorial.models import ChangeRequest, WorkflowEvent, target_fields
from editorial.scope import acting_land, is_editor, may_confirm
from projects.models import Project

State = Project.PublicationState
Action = WorkflowEvent.Action


class WorkflowError(Exception):
    pass


def record(
    target,
    user,
    action,
    *,
    comment="",
    from_state="",
    to_state="",
    change_request=None,
    update=None,
):
    """Log a step on a project (with the Land a coordinator acts for; `update` when the step
    is one of its updates') or on a Land's profile."""
    known = user is not None and user.is_authenticated
    where = target_fields(target)
    if "project" in where:
        where["land"] = acting_land(user, target) if known else None
    return WorkflowEvent.objects.create(
        **where,
        actor=user if known else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        change_request=change_request,
        update=update,
    )


def _require_checklist(project):
    errors, _warnings = check_project(project)
    if errors:
        raise WorkflowError(
            _("Not yet complete: %(missing)s") % {"missing": " ".join(map(str, errors))}
        )


def _require_editor(user):
    if user is None or not is_editor(user):
        raise WorkflowError(_("Only GIZ editors may do this."))


COMMENT_NEEDED = _("Say in a comment what needs to change.")


def _require_comment(comment):
    if not comment.strip():
        raise WorkflowError(COMMENT_NEEDED)


def _coordinators_of(project):
    User = get_user_model()
    return User.objects.filter(
        is_active=True, coordinator__laender__project_roles__project=project
    ).distinct()


def _set_state(project, user, new_state, action, comment=""):
    old_state = project.publication_state
    project.publication_state = new_state
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(str(Action(action).label) + (f": {comment}" if comment else ""))
        # save() stamps published_at on first publication; updated_at moves (optimistic lock).
        project.save()
        event = record(
            project, user, action, comment=comment, from_state=old_state, to_state=new_state
        )
    return event


def _notify_submitted(project, user, comment, from_state):
    emails.notify_submitted(project, user, comment)


def _notify_published(project, user, comment, from_state):
    if from_state == State.REVIEW:
        emails.notify_decision(project, user, _coordinators_of(project), "published", comment)


def _notify_returned(project, user, comment, from_state):
    emails.notify_decision(project, user, _coordinators_of(project), "returned", comment)


@dataclass(frozen=True)
class Transition:
    """One step between publication states, defined once: the workflow page's buttons, the
    change list's bulk actions and every "may this user take it now?" check read it."""

    name: str  # the value of the workflow page's button
    action: str  # what the workflow log records
    sources: tuple  # the states it starts from
    target: str
    label: str  # the button on the workflow page
    wrong_state: str  # refusal when the project is in another state
    editors_only: bool = True
    needs_checklist: bool = False
    needs_comment: bool = False
    bulk_label: str = ""  # the change list's action for selected projects ("": none)
    bulk_done: str = ""  # its result, with %(count)d
    notify: object = None  # (project, user, comment, from_state) after the step

    def permitted(self, user):
        """The user's role allows the step (whatever the project's state)."""
        return user is not None and (not self.editors_only or is_editor(user))

    def available(self, project, user):
        """The step can be offered: the role allows it and the project is in a source state."""
        return self.permitted(user) and project.publication_state in self.sources

    def take(self, project, user, comment=""):
        """Check, change the state, log, notify; WorkflowError with the reason if refused."""
        if self.editors_only:
            _require_editor(user)
        with transaction.atomic():
            # Decide on the locked row, not on the caller's copy: of two simultaneous steps the
            # second waits for the first and then sees its result.
            locked = Project.objects.select_for_update().get(pk=project.pk)
            from_state = locked.publication_state
            if from_state not in self.sources:
                raise WorkflowError(self.wrong_state)
            if self.needs_comment:
                _require_comment(comment)
            if self.needs_checklist:
                _require_checklist(locked)
            event = _set_state(locked, user, self.target, self.action, comment)
        for name in ("publication_state", "published_at", "updated_at"):
            setattr(project, name, getattr(locked, name))
        if self.notify is not None:
            self.notify(project, user, comment, from_state)
        return event


SUBMIT = Transition(
    name="submit",
    action=Action.SUBMITTED,
    sources=(State.DRAFT, State.REVIEW),
    target=State.REVIEW,
    label=_("Submit for review"),
    wrong_state=_("Only drafts can be submitted for review."),
    editors_only=False,
    needs_checklist=True,
    bulk_label=_("Submit selected projects for review"),
    bulk_done=_("%(count)d submitted for review."),
    notify=_notify_submitted,
)
PUBLISH = Transition(
    name="publish",
    action=Action.PUBLISHED,
    sources=(State.DRAFT, State.REVIEW, State.ARCHIVED),
    target=State.PUBLISHED,
    label=_("Publish"),
    wrong_state=_("The project is already published."),
    needs_checklist=True,
    bulk_label=_("Publish selected projects"),
    bulk_done=_("%(count)d published."),
    notify=_notify_published,
)
RETURN = Transition(
    name="return",
    action=Action.RETURNED,
    sources=(State.REVIEW, State.PUBLISHED),
    target=State.DRAFT,
    label=_("Return to draft"),
    wrong_state=_("Only projects in review or published can be returned."),
    needs_comment=True,
    notify=_notify_returned,
)
ARCHIVE = Transition(
    name="archive",
    action=Action.ARCHIVED,
    sources=(State.DRAFT, State.REVIEW, State.PUBLISHED),
    target=State.ARCHIVED,
    label=_("Archive"),
    wrong_state=_("The project is already archived."),
    bulk_label=_("Archive selected projects"),
    bulk_done=_("%(count)d archived."),
)
TRANSITIONS = {t.name: t for t in (SUBMIT, PUBLISH, RETURN, ARCHIVE)}


def submit(project, user, comment=""):
    """Draft (or returned) → in review. Coordinators and editors; the checklist must pass."""
    return SUBMIT.take(project, user, comment)


def publish(project, user, comment=""):
    """Draft, in review or archived → published. Editors only; the checklist must pass."""
    return PUBLISH.take(project, user, comment)


def return_to_draft(project, user, comment=""):
    """In review (or published) → draft, with the editor's comment for the coordinator."""
    return RETURN.take(project, user, comment)


def archive(project, user, comment=""):
    """Published → archived: gone from the public site, kept in the admin."""
    return ARCHIVE.take(project, user, comment)


def imported(project, user, *, created, file_name=""):
    """An editor's import created or changed this project: one version in its history (to
    restore from) and one step in the workflow log. New projects come in as drafts."""
    _require_editor(user)
    comment = _("Imported from %(file)s") % {"file": file_name or "–"}
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(comment)
        reversion.add_to_revision(project)
        return record(
            project,
            user,
            Action.IMPORTED,
            comment=comment,
            to_state=project.publication_state if created else "",
        )


def confirm(project, user, comment=""):
    """The entry is up to date ("confirm unchanged"; shown on the public page and in the
    admin): by a coordinator of a participating Land, or by an editor for the lead Land."""
    editor = is_editor(user)
    if not (editor or may_confirm(user, project)):
        raise WorkflowError(_("Only the coordinator of a participating Land can confirm."))
    event = record(project, user, Action.CONFIRMED, comment=comment)
    if editor:
        event.land = project.lead_land
        event.save(update_fields=["land"])
    return event


# Proposed changes of published projects and of Länder profiles ----------------------------


def propose(target, user, data, comment=""):
    """Keep a coordinator's edit of a published project or of their Land's profile aside;
    replaces the pending one."""
    with transaction.atomic():
        change = ChangeRequest.objects.select_for_update().of(target).pending().first()
        if change is None:
            change = ChangeRequest(**target_fields(target))
        change.author = user
        change.proposed = data
        change.base_updated_at = getattr(target, "updated_at", None)  # Länder have none
        change.save()
        record(target, user, Action.PROPOSED, comment=comment, change_request=change)
    emails.notify_submitted(target, user, comment, change_request=change)
    return change


def _lock_pending(change, user):
    """Lock the proposal and refuse it once decided, also when another editor decided it a
    moment ago in a request of their own."""
    _require_editor(user)
    if not ChangeRequest.objects.select_for_update().get(pk=change.pk).is_pending:
        raise WorkflowError(_("This change has already been decided."))


def _mark_decided(change, user, status, comment):
    change.status = status
    change.reviewed_by = user
    change.reviewed_at = timezone.now()
    change.review_comment = comment
    change.save()


def approve(change, user, relations, comment=""):
    """Apply a pending change to the live object (one revision in the history)."""
    target = change.target
    with transaction.atomic(), reversion.create_revision():
        _lock_pending(change, user)
        reversion.set_user(user)
        reversion.set_comment(
            _("Approved change proposed by %(author)s") % {"author": change.author or "–"}
        )
        snapshot.apply(target, change.proposed, relations)
        errors = check_project(target)[0] if change.project_id else []
        if errors:
            transaction.set_rollback(True)
            raise WorkflowError(
                _("The change cannot be approved: %(missing)s")
                % {"missing": " ".join(map(str, errors))}
            )
        _mark_decided(change, user, ChangeRequest.Status.APPROVED, comment)
        event = record(target, user, Action.APPROVED, comment=comment, change_request=change)
        if change.project_id:
            # The public page names the Land that proposed (confirmed) the approved content.
            event.land = acting_land(change.author, target) if change.author else None
            event.save(update_fields=["land"])
    if change.author:
        emails.notify_decision(target, user, [change.author], "approved", comment)
    return event


def return_change(change, user, comment):
    """Send a pending change back to its author with a comment; the live object is unchanged."""
    with transaction.atomic():
        _lock_pending(change, user)
        _require_comment(comment)
        _mark_decided(change, user, ChangeRequest.Status.RETURNED, comment)
        event = record(
            change.target, user, Action.CHANGE_RETURNED, comment=comment, change_request=change
        )
    if change.author:
        emails.notify_decision(change.target, user, [change.author], "returned", comment)
    return event


# Project updates: the admin form sets their state; these log the step and tell the others.
def update_submitted(update, user, from_state=""):
    """A coordinator's new, changed or returned update waits for GIZ: editors are told."""
    record(
        update.project,
        user,
        Action.UPDATE_SUBMITTED,
        from_state=from_state,
        to_state=State.REVIEW,
        update=update,
    )
    emails.notify_submitted(update, user)


def update_returned(update, user, comment):
    """An editor returned an update to draft: the comment goes to its author and the project's
    coordinators (by e-mail) and stays in the log, where the update's form shows it."""
    record(
        update.project,
        user,
        Action.UPDATE_RETURNED,
        comment=comment,
        from_state=State.REVIEW,
        to_state=State.DRAFT,
        update=update,
    )
    recipients = set(_coordinators_of(update.project))
    if update.author is not None:
        recipients.add(update.author)
    emails.notify_decision(update, user, recipients, "returned", comment)
