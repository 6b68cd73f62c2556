"""Proposed changes: a coordinator's save of a live object waits for a GIZ editor's review."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext

from editorial import snapshot, workflow
from editorial.scope import edits_wait_for_review, is_editor


def request_comment(request):
    """The comment typed for a workflow step or a decision (at most 2,000 characters)."""
    return (request.POST.get("workflow_comment") or "").strip()[:2000]


class ProposedChangeMixin:
    """Saving the change form in pending mode (a coordinator's edit) changes nothing live: the
    submitted form becomes a ChangeRequest (editorial/snapshot.py) that a GIZ editor approves
    or returns on its review page."""

    def is_pending_mode(self, request, obj):
        return edits_wait_for_review(request.user, obj)

    def pending_context(self, request, obj):
        """For the change form: the proposal waiting for review, and whether a save proposes."""
        return {
            "pending_change": obj.change_requests.pending().select_related("author").first(),
            "pending_mode": self.is_pending_mode(request, obj),
            "is_editor": is_editor(request.user),
        }

    def save_model(self, request, obj, form, change):
        # Decided on the stored object: the form may have changed what the decision reads.
        if change and self.is_pending_mode(request, type(obj)._default_manager.get(pk=obj.pk)):
            request._editorial_pending = True
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_editorial_pending", False):
            data = snapshot.from_form(form.instance, form, formsets)
            request._editorial_change = workflow.propose(
                form.instance, request.user, data, request_comment(request)
            )
            return
        super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_editorial_pending", False):
            # Nothing was saved (the formsets hold no saved objects): say what happened instead.
            return [{"changed": {"fields": [gettext("proposed change, waiting for review")]}}]
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if getattr(request, "_editorial_pending", False):
            messages.success(
                request,
                gettext(
                    "Your change has been sent to GIZ for review. The public page shows the "
                    "current version until it is approved."
                ),
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


class LandReviewMixin(ProposedChangeMixin):
    """Mix into LandAdmin: coordinators' edits of their Land's profile go to GIZ for review.
    While their proposal waits, their form shows it (the profile has no inline rows, so the
    proposal is the whole form); editors see the live profile and a link to the review."""

    change_form_template = "admin/editorial/proposal_change_form.html"

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self.is_pending_mode(request, obj):
            change = obj.change_requests.pending().first()
            if change is not None:
                snapshot.set_fields(obj, change.proposed)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = self.pending_context(request, self.get_object(request, object_id))
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)
