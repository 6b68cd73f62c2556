"""Project updates in the admin: coordinators post, GIZ editors publish.

Updates use the project's publication states (Project.PublicationState): a coordinator's new or
changed update goes into review (editors are told by e-mail); only editors set the state and
publish (one by one or with the change-list action), or return it to draft with a comment that
its coordinators get by e-mail and see on the form. Both steps go into the project's workflow log. Coordinators see and post updates of their Länder's projects only
(editorial/scope.py) and leave a published update to GIZ.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from editorial import workflow
from editorial.admin.history import HistoryAdmin
from editorial.models import WorkflowEvent
from editorial.scope import is_editor, may_publish, scope_projects
from projectmedia.admin import ProjectMediaAdminMixin
from projects.models import Project
from projects.updates import ProjectUpdate

State = Project.PublicationState


class ProjectUpdateForm(forms.ModelForm):
    """The editor's comment when returning an update in review to its coordinator."""

    return_comment = forms.CharField(
        label=_("Comment for the coordinator"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("To return the update, set the state to draft and say what needs to change."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state_before = self.instance.publication_state if self.instance.pk else ""

    def clean(self):
        cleaned_data = super().clean()
        returned = self.state_before == State.REVIEW
        if returned and cleaned_data.get("publication_state") == State.DRAFT:
            if not (cleaned_data.get("return_comment") or "").strip():
                self.add_error("return_comment", workflow.COMMENT_NEEDED)
        return cleaned_data


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(ProjectMediaAdminMixin, HistoryAdmin, TranslationAdmin):
    form = ProjectUpdateForm
    list_display = ["date", "project_title", "publication_state", "author"]
    list_display_links = ["date", "project_title"]
    list_filter = ["publication_state"]
    list_select_related = ["project", "author"]
    search_fields = ["text_de", "text_en", "project__title_de", "project__title_en"]
    autocomplete_fields = ["project"]
    readonly_fields = ["author", "created_at", "updated_at", "published_at", "returned_with"]
    fieldsets = [
        (None, {"fields": ["project", "date", "text", "link"]}),
        (_("Image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (
            _("Publication"),
            {"fields": ["publication_state", "author", "created_at", "published_at"]},
        ),
    ]
    actions = ["publish_selected"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(project__in=scope_projects(Project.objects.all(), request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "project":
            kwargs["queryset"] = scope_projects(Project.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_publish(request.user):
            fields.append("publication_state")  # set by GIZ when it publishes
        return fields

    def get_fieldsets(self, request, obj=None):
        """Next to the state: the last return's comment on a draft; the editor's comment field
        on an update in review."""
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        state = obj.publication_state if obj is not None else ""
        extra = []
        if state == State.DRAFT:
            extra = ["returned_with"]
        elif state == State.REVIEW and may_publish(request.user):
            extra = ["return_comment"]
        name, options = fieldsets[-1]
        fields = [f for f in options["fields"] if f not in ("returned_with", "return_comment")]
        options["fields"] = [fields[0], *extra, *fields[1:]]
        return fieldsets

    @admin.display(description=_("Returned with comment"))
    def returned_with(self, obj):
        """The last return's comment (get_fieldsets shows it on drafts only)."""
        event = (
            obj.workflow_events.filter(action=WorkflowEvent.Action.UPDATE_RETURNED)
            .select_related("actor")
            .first()
        )
        if event is None:
            return "–"
        who = event.actor.get_full_name() or event.actor.get_username() if event.actor else "–"
        return (
            f"{event.comment} ({who}, {formats.date_format(event.created_at, 'SHORT_DATE_FORMAT')})"
        )

    def has_change_permission(self, request, obj=None):
        """A published update is GIZ's: coordinators may still read it."""
        if obj is not None and obj.publication_state == State.PUBLISHED:
            if not is_editor(request.user):
                return False
        return super().has_change_permission(request, obj)

    def has_publish_permission(self, request):
        return may_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        if not may_publish(request.user):
            obj.publication_state = State.REVIEW  # a coordinator's update waits for GIZ
        super().save_model(request, obj, form, change)
        before = form.state_before
        if not may_publish(request.user) and before != State.REVIEW:
            workflow.update_submitted(obj, request.user, from_state=before)
        elif before == State.REVIEW and obj.publication_state == State.DRAFT:
            workflow.update_returned(obj, request.user, form.cleaned_data["return_comment"])

    @admin.action(description=_("Publish selected updates"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = 0
        for update in queryset.exclude(publication_state=State.PUBLISHED):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(str(_("Published")))
                update.publication_state = State.PUBLISHED
                update.published_at = update.published_at or timezone.now()
                update.save()
            done += 1
        messages.success(
            request,
            ngettext("%(count)d update published.", "%(count)d updates published.", done)
            % {"count": done},
        )

    @admin.display(description=_("project"), ordering="project__title")
    def project_title(self, obj):
        return Truncator(obj.project.title).chars(60)
