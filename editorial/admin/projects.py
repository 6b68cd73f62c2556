"""The admins of phases, special calls and projects, with the project form's inline rows."""

from django.contrib import admin, messages
from django.contrib.admin.options import get_content_type_for_model
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from editorial.admin.history import HistoryAdmin
from editorial.admin.project_workflow import ProjectWorkflowMixin
from editorial.forms_project import InKindContributionFormSet, WithheldFieldsField, withheld_warning
from editorial.scope import land_ids, may_restore_versions
from editorial.spreadsheets import ProjectImportExportMixin
from opendata.admin import ProjectSectorInline
from projectmedia.admin import ProjectDocumentInline, ProjectMediaAdminMixin
from projects.models import (
    InKindContribution,
    Participation,
    Phase,
    Project,
    ProjectLand,
    ProjectLink,
    ProjectResult,
    SpecialCall,
)


@admin.register(Phase)
class PhaseAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["short_name", "name", "start_year", "end_year"]
    search_fields = ["name_de", "name_en", "short_name"]
    prepopulated_fields = {"slug": ("short_name",)}
    filter_horizontal = ["temporary_themes"]


@admin.register(SpecialCall)
class SpecialCallAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "phase"]
    list_select_related = ["phase"]
    list_filter = ["phase"]
    search_fields = ["name_de", "name_en"]
    prepopulated_fields = {"slug": ("name_de",)}


class ProjectLandFormSet(BaseInlineFormSet):
    # Set per request by CoordinatorLandsMixin: the coordinator's Länder (None: all).
    allowed_land_ids = None

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        leads = sum(1 for data in kept if data.get("is_lead"))
        if kept and leads != 1:
            raise ValidationError(
                _("Exactly one of the participating Länder must be the lead Land.")
            )
        if self.allowed_land_ids is not None and not any(
            data.get("land") and data["land"].pk in self.allowed_land_ids for data in kept
        ):
            raise ValidationError(
                _("One of the Länder you coordinate must take part in the project.")
            )


class CoordinatorLandsMixin:
    """An inline whose formset checks the rows against the Länder the user coordinates: its
    `allowed_land_ids`, set per request (None: an editor, all Länder)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.allowed_land_ids = land_ids(request.user)
        return formset


class ProjectLandInline(CoordinatorLandsMixin, admin.TabularInline):
    model = ProjectLand
    after_fieldset = "partners"  # shown in the form's "Partners" part (change_form.html)
    formset = ProjectLandFormSet
    extra = 1
    autocomplete_fields = ["land"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    after_fieldset = "partners"
    extra = 1
    autocomplete_fields = ["organisation"]


class InKindContributionInline(CoordinatorLandsMixin, TranslationTabularInline):
    model = InKindContribution
    after_fieldset = "financing"
    formset = InKindContributionFormSet  # the Land takes part; coordinators: their own Land
    extra = 0
    autocomplete_fields = ["land"]


class ProjectLinkInline(TranslationTabularInline):
    model = ProjectLink
    after_fieldset = "media"
    extra = 0


class ProjectResultInline(TranslationTabularInline):
    model = ProjectResult
    after_fieldset = "results"
    extra = 0


@admin.register(Project)
class ProjectAdmin(
    ProjectWorkflowMixin,
    ProjectImportExportMixin,
    ProjectMediaAdminMixin,
    HistoryAdmin,
    TranslationAdmin,
):
    """Projects: scoped to the coordinator's Länder, review workflow, history (editorial/)."""

    def view_on_site(self, obj):
        """No "View on site" button for a project without a public page (scope.py)."""
        if obj.publication_state != Project.PublicationState.PUBLISHED:
            return None
        return reverse(
            "admin:view_on_site",
            kwargs={"content_type_id": get_content_type_for_model(obj).pk, "object_id": obj.pk},
            current_app=self.admin_site.name,
        )

    change_list_template = "admin/projects/project/change_list.html"
    list_display = ["title", "lead_land_name", "phase", "status", "publication_state", "updated_at"]
    list_filter = ["publication_state", "status", "phase", "themes", "topics", "land_roles__land"]
    list_select_related = ["phase"]
    search_fields = ["title_de", "title_en", "summary_de", "slug"]
    prepopulated_fields = {"slug": ("title_de",)}
    autocomplete_fields = ["partner_countries", "predecessor", "special_call"]
    filter_horizontal = ["themes", "topics", "sdgs"]
    readonly_fields = ["created_at", "updated_at", "published_at"]
    date_hierarchy = "start_date"
    inlines = [
        ProjectLandInline,
        ParticipationInline,
        InKindContributionInline,
        ProjectResultInline,
        ProjectLinkInline,
        ProjectDocumentInline,
        # DAC sectors for the IATI export (opendata/)
        ProjectSectorInline,
    ]
    # The sections an editor works through, folded (change_form.html); an inline names the
    # section it belongs to with `after_fieldset`, the section carries that class.
    fieldsets = [
        (_("Content"), {"fields": ["title", "slug", "summary", "description"]}),
        (
            _("Classification"),
            {
                "fields": ["themes", "topics", "sdgs", "gender_marker", "phase", "special_call"],
                "classes": ["classification"],
            },
        ),
        (
            _("Partners"),
            {
                "fields": ["partner_countries", "partner_region", "tz_programme"],
                "classes": ["partners"],
            },
        ),
        (
            _("Time and status"),
            {"fields": ["status", "start_date", "end_date", "date_precision", "predecessor"]},
        ),
        (
            _("Money and contributions"),
            {"fields": ["bmz_funding", "laender_funding"], "classes": ["financing"]},
        ),
        (_("Results"), {"fields": [], "classes": ["results"]}),
        (_("Media"), {"fields": ["image", "image_alt", "image_credit"], "classes": ["media"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "publication_state",
                    "withheld_fields",
                    "internal_note",
                    "created_at",
                    "updated_at",
                    "published_at",
                ]
            },
        ),
    ]

    # The sections of other apps' inlines (ours name theirs with `after_fieldset`).
    inline_sections = {"projectdocument": "media", "projectsector": "classification"}

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if inline.opts.model_name in self.inline_sections:
                inline.after_fieldset = self.inline_sections[inline.opts.model_name]
        return inlines

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("land_roles__land")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "withheld_fields":
            return WithheldFieldsField(label=db_field.verbose_name, help_text=db_field.help_text)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("phase", "status") and field is not None:
            # Optional on a draft (a coordinator may not know them yet); the checklist
            # (checklist.py) requires both for review and publication.
            field.help_text = _("Required for review: a draft may leave it open.")
        return field

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warning = withheld_warning(form, formsets)
        if warning:
            messages.warning(request, warning)

    def changelist_view(self, request, extra_context=None):
        # The "Recover deleted projects" link only for those whom the recover views admit.
        context = {"may_recover": may_restore_versions(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)

    @admin.display(description=_("lead Land"))
    def lead_land_name(self, obj):
        land = obj.lead_land
        return land.name if land else "–"
