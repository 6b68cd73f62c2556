"""Admin building blocks of the editorial office, used by projects/, partners/ and themes/admin.

- `HistoryAdmin`: django-reversion's history with guards: objects outside the user's scope
  are a 404 everywhere (change form, history, delete), and only editors may restore a version
  or recover a deleted object.
- `ProposedChangeMixin`: a coordinator's save becomes a proposed change for GIZ to review;
  `LandReviewMixin` applies it to Länder profiles (partners/admin.py).
- `ProjectWorkflowMixin`: the Land scope, the review workflow, proposed changes, preview and
  optimistic locking for ProjectAdmin.
- Admins of the editorial models (coordinators, proposed changes, workflow log).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from editorial import snapshot, workflow
from editorial.checklist import check_project
from editorial.models import ChangeRequest, Coordinator, WorkflowEvent
from editorial.permissions import is_editor, land_scope, scope_projects, scope_proposals
from partners.views import land_detail
from projects.models import Project

State = Project.PublicationState


class NotFoundOutsideScopeMixin:
    """Objects outside the user's queryset (another Land's) and non-existent ones look the
    same, a 404, in every view that takes an object id (change, delete, history, extra views),
    before any permission check could tell that they exist."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("No such object."))
        return obj


class HistoryAdmin(NotFoundOutsideScopeMixin, VersionAdmin):
    """VersionAdmin whose history, revert and recover views respect the user's scope."""

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, object_id)
        if not is_editor(request.user):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)


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

    def clean(self):
        cleaned_data = super().clean()
        token = self.data.get(self.add_prefix("lock_token")) or ""
        if self.instance.pk and token:
            current = (
                Project.objects.filter(pk=self.instance.pk)
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


def _request_comment(request):
    return (request.POST.get("workflow_comment") or "").strip()[:2000]


class ProposedChangeMixin:
    """Saving the change form in pending mode (a coordinator's edit) changes nothing live: the
    submitted form becomes a ChangeRequest (editorial/snapshot.py) that a GIZ editor approves
    or returns on its review page."""

    def is_pending_mode(self, request, obj):
        """Coordinators' edits of existing objects wait for review; editors' save directly."""
        return obj is not None and obj.pk is not None and not is_editor(request.user)

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
                form.instance, request.user, data, _request_comment(request)
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


class ProjectWorkflowMixin(ProposedChangeMixin):
    """Mix into ProjectAdmin (before VersionAdmin/TranslationAdmin)."""

    form = ProjectLockForm
    change_form_template = "admin/projects/project/change_form.html"
    actions = ["submit_selected", "publish_selected", "archive_selected"]

    # Scope ----------------------------------------------------------------------------------
    def get_queryset(self, request):
        return scope_projects(super().get_queryset(request), request.user)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return is_editor(request.user)

    def has_submit_permission(self, request):
        return self.has_change_permission(request)

    def is_pending_mode(self, request, obj):
        """A coordinator editing a published project: the save becomes a proposed change."""
        return super().is_pending_mode(request, obj) and obj.publication_state == State.PUBLISHED

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "predecessor":
            # Published projects (public anyway) and the user's own ones; no other Land's drafts.
            kwargs["queryset"] = Project.objects.filter(
                models.Q(pk__in=scope_projects(Project.objects.all(), request.user))
                | models.Q(publication_state=State.PUBLISHED)
            )
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

    # Saving ---------------------------------------------------------------------------------
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record(obj, request.user, WorkflowEvent.Action.CREATED, to_state=State.DRAFT)

    def _after_save(self, request, obj):
        """The workflow buttons of the change form: save and submit, save and publish."""
        step = None
        if "_submit_review" in request.POST:
            step = workflow.submit
        elif "_publish" in request.POST and is_editor(request.user):
            step = workflow.publish
        if step is None:
            return
        try:
            step(obj, request.user, _request_comment(request))
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                gettext("Workflow: %(state)s.") % {"state": obj.get_publication_state_display()},
            )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_submit_review" in request.POST or "_publish" in request.POST:
            self._after_save(request, obj)
            return HttpResponseRedirect(reverse("admin:projects_project_change", args=[obj.pk]))
        return response

    def response_change(self, request, obj):
        pending = getattr(request, "_editorial_pending", False)
        if not pending and ("_submit_review" in request.POST or "_publish" in request.POST):
            self._after_save(request, obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # Deleting: always with a revision first, so that editors can recover it ----------------
    def _revision_before_delete(self, request, obj):
        import reversion

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
        project = self.get_object(request, object_id)
        errors, warnings = check_project(project)
        context = {
            **self.pending_context(request, project),
            "checklist_errors": errors,
            "checklist_warnings": warnings,
            "workflow_events": project.workflow_events.select_related("actor", "land")[:10],
            "can_submit": project.publication_state in (State.DRAFT, State.REVIEW)
            and self.has_change_permission(request, project),
        }
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def add_view(self, request, form_url="", extra_context=None):
        context = {"is_editor": is_editor(request.user), "can_submit": True}
        context.update(extra_context or {})
        return super().add_view(request, form_url, context)

    # Workflow page and preview ----------------------------------------------------------------
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/",
                wrap(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
        ] + super().get_urls()

    def workflow_view(self, request, object_id):
        project = self.get_object(request, object_id)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        steps = {
            "submit": workflow.submit,
            "publish": workflow.publish,
            "return": workflow.return_to_draft,
            "archive": workflow.archive,
            "confirm": workflow.confirm,
        }
        if request.method == "POST":
            step = steps.get(request.POST.get("step"))
            if step is None:
                messages.error(request, gettext("Unknown workflow step."))
            else:
                try:
                    step(project, request.user, _request_comment(request))
                except workflow.WorkflowError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, gettext("The workflow step has been recorded."))
            return HttpResponseRedirect(request.path)
        errors, warnings = check_project(project)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": project,
            "title": gettext("Workflow: %(project)s") % {"project": project},
            "checklist_errors": errors,
            "checklist_warnings": warnings,
            "events": project.workflow_events.select_related("actor", "land", "change_request"),
            "pending_change": project.change_requests.pending().first(),
            "is_editor": is_editor(request.user),
            "may_confirm": land_scope(request.user) is not None,
        }
        return TemplateResponse(request, "admin/editorial/workflow.html", context)

    def preview_view(self, request, object_id):
        project = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, project):
            raise PermissionDenied
        return render_preview(request, project.pk)

    # Bulk actions -----------------------------------------------------------------------------
    def _bulk(self, request, queryset, step, done_message):
        done = 0
        for project in queryset:
            try:
                step(project, request.user)
                done += 1
            except workflow.WorkflowError as exc:
                messages.warning(request, f"{project}: {exc}")
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Submit selected projects for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.submit, gettext("%(count)d submitted for review."))

    @admin.action(description=_("Publish selected projects"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.publish, gettext("%(count)d published."))

    @admin.action(description=_("Archive selected projects"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.archive, gettext("%(count)d archived."))


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


# The editorial models ------------------------------------------------------------------------


@admin.register(Coordinator)
class CoordinatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "laender_list"]
    list_filter = ["laender"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["laender"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("laender")

    @admin.display(description=_("Länder"))
    def laender_list(self, obj):
        return ", ".join(land.name for land in obj.laender.all())


@admin.register(ChangeRequest)
class ChangeRequestAdmin(NotFoundOutsideScopeMixin, admin.ModelAdmin):
    """Proposed changes: the diff, a preview, and approve / return for editors."""

    list_display = ["project", "land", "author", "created_at", "status", "reviewed_by"]
    list_filter = ["status"]
    list_select_related = ["project", "land", "author", "reviewed_by"]
    search_fields = ["project__title_de", "project__title_en", "project__slug", "land__name_de"]
    change_form_template = "admin/editorial/changerequest/review.html"

    def get_queryset(self, request):
        return scope_proposals(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False  # made by saving a published project or a Land profile

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the review record stays

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            )
        ] + super().get_urls()

    def _get(self, request, object_id):
        change = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        return change

    def _relations(self, change):
        if change.land_id:
            return []  # a Land's profile is its fields
        return self.admin_site._registry[Project].inline_relations()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self._get(request, object_id)
        relations = self._relations(change)
        if request.method == "POST":
            if not self.has_change_permission(request, change):
                raise PermissionDenied
            decision = request.POST.get("decision")
            comment = _request_comment(request)
            try:
                if decision == "approve":
                    workflow.approve(change, request.user, relations, comment)
                    messages.success(request, gettext("The change is now on the public page."))
                elif decision == "return":
                    workflow.return_change(change, request.user, comment)
                    messages.success(request, gettext("The change has been returned."))
                else:
                    messages.error(request, gettext("Unknown decision."))
            except workflow.WorkflowError as exc:
                messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)
        target = change.target
        live = snapshot.from_object(target, relations)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": change,
            "target": target,
            "title": gettext("Proposed change: %(project)s") % {"project": target},
            "changes": snapshot.diff(live, change.proposed, type(target), relations),
            "project_changed_since": change.is_pending
            and change.project_id is not None
            and target.updated_at != change.base_updated_at,
            "may_decide": change.is_pending and self.has_change_permission(request, change),
        }
        context.update(extra_context or {})
        return TemplateResponse(request, self.change_form_template, context)

    def preview_view(self, request, object_id):
        """The public page as it would look with the change: applied, rendered, rolled back."""
        change = self._get(request, object_id)
        with transaction.atomic():
            snapshot.apply(change.target, change.proposed, self._relations(change))
            if change.project_id:
                response = render_preview(request, change.project_id)
            else:
                messages.info(request, gettext("Preview: this is not the public page."))
                response = land_detail(request, change.land.slug)
                response["X-Robots-Tag"] = "noindex, nofollow"
            transaction.set_rollback(True)
        return response


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(NotFoundOutsideScopeMixin, admin.ModelAdmin):
    """The workflow log: read only, for everyone who may see the project (or Land profile)."""

    list_display = ["created_at", "project", "action", "actor", "land", "comment"]
    list_filter = ["action"]
    list_select_related = ["project", "actor", "land"]
    search_fields = ["project__title_de", "project__slug", "comment"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return scope_proposals(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Content pages keep their history too: pages/admin.py's PageAdmin with the history views.
def _register_page_history():
    from django.apps import apps

    if not apps.is_installed("pages"):
        return
    from pages.admin import PageAdmin
    from pages.models import Page

    admin.site.unregister(Page)
    admin.site.register(
        Page, type("PageAdmin", (HistoryAdmin, PageAdmin), {"__module__": __name__})
    )


_register_page_history()


# Staff accounts ------------------------------------------------------------------------------


class StaffUserAdmin(UserAdmin):
    """GIZ editors manage accounts and give roles (groups). Superuser status and single
    permissions stay with superusers, so an editor cannot raise anyone's rights, their own
    included, past the editor role, nor change or delete a superuser's account."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def _touches_superuser(self, request, obj):
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if self._touches_superuser(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._touches_superuser(request, obj):
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
