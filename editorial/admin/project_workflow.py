"""ProjectAdmin's editorial side: the Land scope, the review workflow, proposed changes,
the preview and optimistic locking."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial import snapshot, workflow
from editorial.admin.bulk import change_selected
from editorial.admin.pages import own_urls, render_page
from editorial.admin.proposals import ProposedChangeMixin, request_comment
from editorial.checklist import BEYOND_DRAFT_MESSAGE, check_project, open_beyond_draft
from editorial.models import WorkflowEvent
from editorial.scope import (
    is_editor,
    land_ids,
    may_confirm,
    may_delete_projects,
    may_publish,
    predecessor_choices,
    scope_projects,
)
from projects.models import Project, ProjectLand

State = Project.PublicationState
# The change form's buttons that save and then take a workflow step.
SAVE_AND_STEP = {"_submit_review": workflow.SUBMIT, "_publish": workflow.PUBLISH}


class ProjectLockForm(forms.ModelForm):
    """Optimistic locking: the form carries the project's `updated_at` from when it was opened.

    If somebody saved the project in between, the save is refused and the form comes back with
    everything typed still in it. (An empty token, e.g. from a script, skips the check.)
    """

    lock_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["lock_token"].initial = self.instance.updated_at.isoformat()
        # A coordinator's pending proposal (ProjectWorkflowMixin.get_object): its links too.
        proposal = getattr(self.instance, "_editorial_proposal", None)
        if proposal:
            for name, ids in proposal["m2m"].items():
                if name in self.fields:
                    self.initial[name] = ids

    def clean(self):
        cleaned_data = super().clean()
        for name in open_beyond_draft(self.instance.publication_state, cleaned_data):
            if name in self.fields and name not in self.errors:
                self.add_error(name, BEYOND_DRAFT_MESSAGE)
        token = self.data.get(self.add_prefix("lock_token")) or ""
        if self.instance.pk and token:
            # The admin saves inside one transaction: locking the row here makes a second,
            # simultaneous save wait until the first is committed, and then see it.
            current = (
                Project.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current is not None and current.isoformat() != token:
                raise forms.ValidationError(
                    _(
                        "Somebody else saved this project while you were editing it "
                        "(last change: %(when)s). Nothing was saved. Your input is still in "
                        "the form below: copy what you need, open the project again and "
                        "re-apply your changes."
                    ),
                    code="stale",
                    params={"when": localtime(current).strftime("%d.%m.%Y %H:%M:%S")},
                )
        return cleaned_data


def _bulk_action(transition):
    """The change list's action for a transition, e.g. "Publish selected projects"."""

    def action(modeladmin, request, queryset):
        done = 0
        for project in queryset:
            try:
                transition.take(project, request.user)
                done += 1
            except workflow.WorkflowError as exc:
                messages.warning(request, f"{project}: {exc}")
        if done:
            messages.success(request, str(transition.bulk_done) % {"count": done})

    action.__name__ = f"{transition.name}_selected"
    permission = "publish" if transition.editors_only else "submit"
    return admin.action(description=transition.bulk_label, permissions=[permission])(action)


class ProjectWorkflowMixin(ProposedChangeMixin):
    """Mix into ProjectAdmin (before VersionAdmin/TranslationAdmin)."""

    form = ProjectLockForm
    change_form_template = "admin/projects/project/change_form.html"
    actions = [_bulk_action(t) for t in workflow.TRANSITIONS.values() if t.bulk_label] + [
        change_selected  # status, phase or publication, with a confirmation page (bulk.py)
    ]

    # Scope ----------------------------------------------------------------------------------
    def get_queryset(self, request):
        return scope_projects(super().get_queryset(request), request.user)

    def has_delete_permission(self, request, obj=None):
        return may_delete_projects(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def has_submit_permission(self, request):
        return self.has_change_permission(request)

    def is_pending_mode(self, request, obj):
        """A coordinator editing a published project: the save becomes a proposed change."""
        return super().is_pending_mode(request, obj) and obj.publication_state == State.PUBLISHED

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "predecessor":
            kwargs["queryset"] = predecessor_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields.append("publication_state")  # changed by the workflow steps only
        if self.is_pending_mode(request, obj):
            # Files cannot wait in a proposal: new images go through GIZ.
            fields += [f.name for f in Project._meta.fields if isinstance(f, models.FileField)]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        name, options = fieldsets[-1]
        options["fields"] = [*options["fields"], "lock_token"]
        return fieldsets

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self.is_pending_mode(request, obj):
            inlines = [
                inline
                for inline in inlines
                if not any(isinstance(f, models.FileField) for f in inline.model._meta.fields)
            ]
        return inlines

    def inline_relations(self):
        return snapshot.inline_relations(Project, [inline.model for inline in self.inlines])

    # A proposal under review: the coordinator's form shows it and edits on top of it -------
    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # Only the change form (change_view sets the flag): a workflow step saves its object.
        if getattr(request, "_editorial_edit_proposal", False) and self.is_pending_mode(
            request, obj
        ):
            change = obj.change_requests.pending().first()
            if change is not None:
                snapshot.set_fields(obj, change.proposed)
                obj._editorial_proposal = change.proposed
        return obj

    def _proposed_rows(self, request, obj, inline):
        """The proposal's rows of an inline when the form is opened (None: the live rows)."""
        proposal = getattr(obj, "_editorial_proposal", None)
        if request.method != "GET" or not proposal:
            return None
        for name, _model, _fk in snapshot.inline_relations(Project, [inline.model]):
            return proposal["inlines"].get(name)
        return None

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            rows = self._proposed_rows(request, obj, inline)
            if rows is not None:
                # The proposed rows are new rows of the form (a proposal replaces them all).
                formset = type(formset.__name__, (formset,), {"extra": len(rows)})
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = self._proposed_rows(request, obj, inline)
        if rows is not None:
            kwargs.update(queryset=inline.model._default_manager.none(), initial=rows)
        elif obj.pk is None and inline.model is ProjectLand and request.method == "GET":
            # A coordinator's new project: their Land (if they coordinate one) leads.
            ids = land_ids(request.user)
            if ids is not None and len(ids) == 1:
                kwargs["initial"] = [{"land": next(iter(ids)), "is_lead": True}]
        return kwargs

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # In-kind contributions check their Land against the Länder rows of the same form.
        lands = next((f for f in formsets if f.model is ProjectLand), None)
        for formset in formsets:
            if hasattr(formset, "land_formset"):
                formset.land_formset = lands
        return formsets, inline_instances

    # Saving ---------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record(obj, request.user, WorkflowEvent.Action.CREATED, to_state=State.DRAFT)

    def _save_and_step(self, request):
        """The transition a "save and …" button asks for, if the user's role allows it."""
        for button, transition in SAVE_AND_STEP.items():
            if button in request.POST and transition.permitted(request.user):
                return transition
        return None

    def _after_save(self, request, obj):
        transition = self._save_and_step(request)
        if transition is None:
            return
        try:
            transition.take(obj, request.user, request_comment(request))
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext("Workflow: %(state)s.") % {"state": obj.get_publication_state_display()},
            )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if any(button in request.POST for button in SAVE_AND_STEP):
            self._after_save(request, obj)
            return HttpResponseRedirect(reverse("admin:projects_project_change", args=[obj.pk]))
        return response

    def response_change(self, request, obj):
        pending = getattr(request, "_editorial_pending", False)
        if not pending and any(button in request.POST for button in SAVE_AND_STEP):
            self._after_save(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # Deleting: always with a revision first, so that editors can recover it ----------------
    def _revision_before_delete(self, request, obj):
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Deleted"))
            reversion.add_to_revision(obj)
        workflow.record(obj, request.user, WorkflowEvent.Action.DELETED)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._revision_before_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._revision_before_delete(request, obj)
            super().delete_queryset(request, queryset)

    # Change form context ----------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        request._editorial_edit_proposal = True
        project = self.get_object(request, object_id)
        errors, warnings = check_project(project)
        context = {
            **self.pending_context(request, project),
            "shows_proposal": hasattr(project, "_editorial_proposal"),
            "checklist_errors": errors,
            "checklist_warnings": warnings,
            "workflow_events": project.workflow_events.select_related("actor", "land")[:10],
            "can_submit": workflow.SUBMIT.available(project, request.user)
            and self.has_change_permission(request, project),
            "can_publish": workflow.PUBLISH.permitted(request.user),
        }
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def add_view(self, request, form_url="", extra_context=None):
        context = {
            "is_editor": is_editor(request.user),
            "can_submit": True,
            "can_publish": workflow.PUBLISH.permitted(request.user),
        }
        context.update(extra_context or {})
        return super().add_view(request, form_url, context)

    # Workflow page and preview ----------------------------------------------------------------
    def get_urls(self):
        return (
            own_urls(
                self,
                ("<path:object_id>/workflow/", self.workflow_view, "workflow"),
                ("<path:object_id>/preview/", self.preview_view, "preview"),
            )
            + super().get_urls()
        )

    def _take_step(self, request, project, name):
        if name == "confirm":
            return workflow.confirm(project, request.user, request_comment(request))
        transition = workflow.TRANSITIONS.get(name)
        if transition is None:
            return None
        return transition.take(project, request.user, request_comment(request))

    def workflow_view(self, request, object_id):
        project = self.get_object(request, object_id)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        if request.method == "POST":
            try:
                event = self._take_step(request, project, request.POST.get("step"))
            except workflow.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                if event is None:
                    messages.error(request, gettext("Unknown workflow step."))
                else:
                    messages.success(request, gettext("The workflow step has been recorded."))
            return HttpResponseRedirect(request.path)
        errors, warnings = check_project(project)
        context = {
            "title": gettext("Workflow: %(project)s") % {"project": project},
            "original": project,
            "checklist_errors": errors,
            "checklist_warnings": warnings,
            "events": project.workflow_events.select_related("actor", "land", "change_request"),
            "pending_change": project.change_requests.pending().first(),
            "is_editor": is_editor(request.user),
            "transitions": [
                t for t in workflow.TRANSITIONS.values() if t.available(project, request.user)
            ],
            "may_confirm": may_confirm(request.user),
        }
        return render_page(self, request, "admin/editorial/workflow.html", context)

    def preview_view(self, request, object_id):
        project = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, project):
            raise PermissionDenied
        return render_preview(request, project.pk)


def render_preview(request, project_pk):
    """The public detail template for any project, marked as a preview, never cached."""
    project = get_object_or_404(Project.objects.with_detail_data(), pk=project_pk)
    predecessor = (
        project.predecessor if project.predecessor and project.predecessor.is_public else None
    )
    successor = Project.objects.published().filter(predecessor=project).first()
    messages.info(
        request,
        gettext("Preview (%(state)s): this is not the public page.")
        % {"state": project.get_publication_state_display()},
    )
    response = render(
        request,
        "projects/detail.html",
        {"project": project, "predecessor": predecessor, "successor": successor},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
