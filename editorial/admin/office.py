"""The editorial office's own records: coordinators, proposed changes, the workflow log."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial import confirmations, snapshot, workflow
from editorial.admin.history import NotFoundOutsideScopeMixin
from editorial.admin.pages import own_urls, render_page
from editorial.admin.project_workflow import render_preview
from editorial.admin.proposals import request_comment
from editorial.models import ChangeRequest, Coordinator, WorkflowEvent
from editorial.scope import may_decide_proposals, scope_projects, scope_proposals
from partners.views import land_detail
from projects.models import Project


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
        return may_decide_proposals(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the review record stays

    def get_urls(self):
        preview = ("<path:object_id>/preview/", self.preview_view, "preview")
        return own_urls(self, preview) + super().get_urls()

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
            comment = request_comment(request)
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
            "title": gettext("Proposed change: %(project)s") % {"project": target},
            "original": change,
            "target": target,
            "changes": snapshot.diff(live, change.proposed, type(target), relations),
            "proposal_comment": change.events.filter(action=WorkflowEvent.Action.PROPOSED)
            .exclude(comment="")
            .order_by("-created_at")
            .values_list("comment", flat=True)
            .first(),
            "project_changed_since": change.is_pending
            and change.project_id is not None
            and target.updated_at != change.base_updated_at,
            "may_decide": change.is_pending and self.has_change_permission(request, change),
        }
        context.update(extra_context or {})
        return render_page(self, request, self.change_form_template, context)

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

    # "Confirm unchanged" -----------------------------------------------------------------------
    def get_urls(self):
        return own_urls(self, ("confirm/", self.confirm_view, "confirm")) + super().get_urls()

    def confirm_view(self, request):
        """GET: the user's entries not confirmed for twelve months, each with its button.
        POST (project=<id>): confirm that entry unchanged, then back to `next`."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        projects = scope_projects(Project.objects.all(), request.user)
        if request.method == "POST":
            try:
                project = projects.get(pk=int(request.POST.get("project", "")))
            except (ValueError, Project.DoesNotExist):
                raise Http404(gettext("No such project.")) from None
            try:
                workflow.confirm(project, request.user)
            except workflow.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    gettext("Confirmed unchanged: %(project)s") % {"project": project},
                )
            # the start page sends `next` with the form, the project form in its address
            target = request.POST.get("next") or request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                target = reverse("admin:editorial_workflowevent_confirm")
            return HttpResponseRedirect(target)
        due = list(confirmations.due(projects).prefetch_related("land_roles__land"))
        context = {
            "title": gettext("Entries not confirmed for twelve months"),
            "due": confirmations.named_laender(due),
        }
        return render_page(self, request, "admin/editorial/confirm.html", context)
