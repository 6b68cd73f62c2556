"""What a project needs before it can be submitted or published (errors) and should have
(warnings). Works on the saved project, so the inline rows and links count."""

from django.utils.translation import gettext_lazy as _

from projects.models import Project

# A coordinator's draft may leave them open; public pages, exports and IATI rely on both.
NEEDED_BEYOND_DRAFT = ("phase", "status")
BEYOND_DRAFT_MESSAGE = _("Required once the project is beyond the draft.")


def open_beyond_draft(state, values):
    """The names in NEEDED_BEYOND_DRAFT left empty in `values` (a form's cleaned data, an
    imported row) of a project in `state` that is no longer a draft."""
    if state == Project.PublicationState.DRAFT:
        return []
    return [name for name in NEEDED_BEYOND_DRAFT if not values.get(name)]


def check_project(project):
    """(errors, warnings): lists of translated sentences naming what is missing."""
    errors, warnings = [], []
    for name, label in (
        ("title_de", _("German title")),
        ("title_en", _("English title")),
        ("summary_de", _("German summary")),
        ("summary_en", _("English summary")),
    ):
        if not (getattr(project, name, "") or "").strip():
            errors.append(_("%(item)s is missing.") % {"item": label})
    if not project.themes.exists():
        errors.append(_("At least one focus theme is needed."))
    if not project.land_roles.filter(is_lead=True).exists():
        errors.append(_("A lead Land is needed."))
    if not project.partner_countries.exists():
        errors.append(_("At least one partner country is needed."))
    if not project.phase_id:
        errors.append(_("The programme phase is missing."))
    if not project.status:
        errors.append(_("The project status is missing."))
    # Also what a proposal or an older entry brings in: the admin form refuses such rows.
    outsiders = sorted(
        {
            c.land.name
            for c in project.in_kind_contributions.exclude(
                land__project_roles__project=project
            ).select_related("land")
        }
    )
    if outsiders:
        errors.append(
            _("In-kind contributions of Länder that do not take part in the project: %(laender)s.")
            % {"laender": ", ".join(outsiders)}
        )

    if not project.start_date or not project.end_date:
        warnings.append(_("Start and end date are recommended."))
    if not project.image:
        warnings.append(_("An image is recommended."))
    if project.bmz_funding is None and project.laender_funding is None:
        warnings.append(_("Financing (BMZ or Länder contribution) is recommended."))
    if not project.results.exists():
        warnings.append(_("Result indicators are recommended."))
    return errors, warnings
