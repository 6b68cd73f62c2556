"""Editors' import and export of projects as xlsx or CSV (django-import-export).

Columns are readable: slugs for phase and themes, ISO codes for Länder and partner countries.

Import rules:
- A row whose slug exists updates that project; any other row creates a project as a draft.
- Every row is checked before anything is written (unknown slugs and codes, the model's own
  rules); one bad row rejects the whole file with its row number, because the whole import
  runs in one transaction that is rolled back (IMPORT_EXPORT_USE_TRANSACTIONS).
- Only GIZ editors import (Länder coordinators' changes go through review, editorial/). Each
  created or changed project gets a version in its history and a step in the workflow log
  (`editorial.workflow.imported`), so an import can be traced and undone project by project.
- Exports use the admin's `get_queryset(request)`, so nobody exports more than their change
  list shows (coordinators: their Länder's projects).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from blp_portal.lib import spreadsheets
from blp_portal.lib.cachetags import bump_rows
from blp_portal.lib.text import normalize_newlines
from editorial import workflow
from editorial.checklist import BEYOND_DRAFT_MESSAGE, open_beyond_draft
from editorial.scope import may_import
from partners.models import Land, PartnerCountry
from projects.models import Phase, Project, ProjectLand
from themes.models import Theme


def _split(value):
    if value is None:
        return []
    return [part.strip() for part in str(value).replace(";", ",").split(",") if part.strip()]


def _land_code(value):
    code = value.upper()
    return code if code.startswith("DE-") else f"DE-{code}"


class SlugWidget(widgets.ForeignKeyWidget):
    """A foreign key given by slug; an unknown slug is a row error that names the value."""

    def __init__(self, model, field, label):
        super().__init__(model, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return super().clean(str(value).strip(), row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                gettext("Unknown %(label)s “%(value)s”.") % {"label": self.label, "value": value}
            ) from None


class SlugListWidget(widgets.ManyToManyWidget):
    """Comma-separated slugs or codes; unlike the stock widget, unknown values are errors."""

    def __init__(self, model, field, label, queryset=None, normalise=str.strip):
        super().__init__(model, separator=",", field=field)
        self.label = label
        self.queryset = queryset
        self.normalise = normalise

    def clean(self, value, row=None, **kwargs):
        wanted = [self.normalise(part) for part in _split(value)]
        queryset = self.queryset if self.queryset is not None else self.model.objects.all()
        found = list(queryset.filter(**{f"{self.field}__in": wanted}))
        known = {str(getattr(obj, self.field)) for obj in found}
        unknown = [part for part in wanted if part not in known]
        if unknown:
            raise ValueError(
                gettext("Unknown %(label)s: %(values)s.")
                % {"label": self.label, "values": ", ".join(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return ", ".join(str(getattr(item, self.field)) for item in value.all())


class LandCodesField(fields.Field):
    """The lead Land or the other Länder as ISO codes ("DE-SN, DE-BY").

    Written by ProjectResource.after_save_instance (the roles need the saved project); the
    export here also feeds the import preview's before/after columns.
    """

    def __init__(self, lead, **kwargs):
        super().__init__(**kwargs)
        self.lead = lead

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return ", ".join(r.land.code for r in instance.land_roles.all() if r.is_lead == self.lead)


class ProjectResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug")
    title_de = fields.Field(attribute="title_de", column_name="title_de")
    title_en = fields.Field(attribute="title_en", column_name="title_en")
    summary_de = fields.Field(attribute="summary_de", column_name="summary_de")
    summary_en = fields.Field(attribute="summary_en", column_name="summary_en")
    status = fields.Field(attribute="status", column_name="status")
    phase = fields.Field(
        attribute="phase", column_name="phase", widget=SlugWidget(Phase, "slug", _("phase"))
    )
    themes = fields.Field(
        attribute="themes",
        column_name="themes",
        widget=SlugListWidget(
            Theme, "slug", _("focus theme"), queryset=Theme.objects.filter(kind=Theme.Kind.FOCUS)
        ),
    )
    lead_land = LandCodesField(lead=True, column_name="lead_land")
    other_laender = LandCodesField(lead=False, column_name="other_laender")
    partner_countries = fields.Field(
        attribute="partner_countries",
        column_name="partner_countries",
        widget=SlugListWidget(
            PartnerCountry, "code", _("partner country"), normalise=lambda v: v.strip().upper()
        ),
    )
    start_date = fields.Field(
        attribute="start_date", column_name="start_date", widget=widgets.DateWidget("%Y-%m-%d")
    )
    end_date = fields.Field(
        attribute="end_date", column_name="end_date", widget=widgets.DateWidget("%Y-%m-%d")
    )
    bmz_funding = fields.Field(
        attribute="bmz_funding", column_name="bmz_funding", widget=widgets.DecimalWidget()
    )
    laender_funding = fields.Field(
        attribute="laender_funding", column_name="laender_funding", widget=widgets.DecimalWidget()
    )
    # Shown in exports and previews; an import never changes it (new projects are drafts).
    publication_state = fields.Field(
        attribute="publication_state", column_name="publication_state", readonly=True
    )

    class Meta:
        model = Project
        fields = (
            "slug",
            "title_de",
            "title_en",
            "summary_de",
            "summary_en",
            "status",
            "phase",
            "themes",
            "lead_land",
            "other_laender",
            "partner_countries",
            "start_date",
            "end_date",
            "bmz_funding",
            "laender_funding",
            "publication_state",
        )
        import_id_fields = ("slug",)
        clean_model_instances = True
        skip_unchanged = False
        use_transactions = True
        store_instance = True  # after_import_row records the saved project

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._laender = {}

    # Export ---------------------------------------------------------------------------------
    def filter_export(self, queryset, **kwargs):
        # One query per relation, whatever the number of rows: phase joined; themes, Länder
        # and the Land, partner countries prefetched.
        return queryset.select_related("phase").prefetch_related(
            "themes",
            "land_roles__land",  # the admin's get_queryset may prefetch the same lookup
            "partner_countries",
        )

    def export_field(self, field, instance, **kwargs):
        # Spreadsheet formula injection: a text such as "=HYPERLINK(…)" typed by anybody would
        # run as a formula in the editor's Excel. A leading apostrophe keeps it text; the
        # import takes it off again (before_import_row), so a round trip changes nothing.
        return spreadsheets.guard(super().export_field(field, instance, **kwargs))

    # Import ---------------------------------------------------------------------------------
    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = normalize_newlines(spreadsheets.unguard(value))

    def after_init_instance(self, instance, new, row, **kwargs):
        if new:
            instance.publication_state = Project.PublicationState.DRAFT

    def _clean_laender(self, row, errors):
        """(lead Land, other Länder) from the row, or None when the sheet has no such columns."""
        if "lead_land" not in row and "other_laender" not in row:
            return None
        lead_codes = [_land_code(c) for c in _split(row.get("lead_land"))]
        other_codes = [_land_code(c) for c in _split(row.get("other_laender"))]
        if len(lead_codes) != 1:
            errors["lead_land"] = gettext("Give exactly one lead Land (e.g. DE-SN).")
            return None
        codes = lead_codes + [c for c in other_codes if c not in lead_codes]
        laender = {land.code: land for land in Land.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in laender]
        if unknown:
            errors["lead_land" if lead_codes[0] in unknown else "other_laender"] = gettext(
                "Unknown Land: %(codes)s."
            ) % {"codes": ", ".join(unknown)}
            return None
        return laender[lead_codes[0]], [laender[c] for c in codes[1:]]

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        values = {"phase": instance.phase_id, "status": instance.status}
        for name in open_beyond_draft(instance.publication_state, values):
            errors.setdefault(name, ValidationError(BEYOND_DRAFT_MESSAGE, code="required"))
        # Many-to-many values are written only after the save: check them now, so that an
        # unknown slug rejects the row (and with it the file) instead of being dropped.
        for name in ("themes", "partner_countries"):
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[name] = ValidationError(str(exc), code="invalid")
        self._laender[id(instance)] = self._clean_laender(row, errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        laender = self._laender.pop(id(instance), None)
        if laender is None:
            return
        lead, others = laender
        instance.land_roles.all().delete()
        ProjectLand.objects.bulk_create(
            [ProjectLand(project=instance, land=lead, is_lead=True)]
            + [ProjectLand(project=instance, land=land, is_lead=False) for land in others]
        )
        bump_rows(Project, [instance.pk])  # bulk_create sends no signals: tell the page cache

    def after_import_row(self, row, row_result, **kwargs):
        """History and workflow log of the saved project (the preview's dry run saves nothing
        that lasts). Without an editor as `user` this fails, and with it the whole file."""
        created = row_result.import_type == RowResult.IMPORT_TYPE_NEW
        if kwargs.get("dry_run") or not (
            created or row_result.import_type == RowResult.IMPORT_TYPE_UPDATE
        ):
            return
        workflow.imported(
            row_result.instance,
            kwargs.get("user"),
            created=created,
            file_name=kwargs.get("file_name") or "",
        )


def _report_rejected(request, result):
    """An error message naming the rows (1 = first row under the headings); True if any."""
    if not (result.has_errors() or result.has_validation_errors()):
        return False
    rows = sorted({row.number for row in result.invalid_rows + result.error_rows})
    messages.error(
        request,
        gettext(
            "Nothing was imported: the file has errors in row %(rows)s (counting the rows "
            "below the heading row). Correct them and import the file again."
        )
        % {"rows": ", ".join(map(str, rows)) or "–"},
    )
    return True


class ProjectImportExportMixin(ImportExportMixin):
    """Mix into ProjectAdmin: import for editors, export of the user's change list."""

    resource_classes = [ProjectResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]

    def has_import_permission(self, request):
        return may_import(request.user)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        """The preview: on top of the per-row table, one message that names the bad rows."""
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None:
            _report_rejected(request, result)
        return response

    def process_result(self, result, request):
        """After the confirmed import: report a rolled-back file instead of "0 imported"."""
        if _report_rejected(request, result):
            return HttpResponseRedirect(request.path.replace("process_import/", "import/"))
        return super().process_result(result, request)

    def get_import_data_kwargs(self, **kwargs):
        import_kwargs = super().get_import_data_kwargs(**kwargs)
        # The confirmed import is all or nothing too, even if data changed since the preview.
        import_kwargs["rollback_on_validation_errors"] = True
        return import_kwargs
