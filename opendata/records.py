"""One project as plain data, in the active language: the source of the API, CSV and xlsx.

Fields a project marks "do not publish" (`project.is_withheld(name)`) come out as None (JSON
null, an empty cell with the neutral placeholder in CSV/xlsx) and are named in `withheld`.
"""

import re

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from opendata import sectors
from projects.models import Project

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "BLP Projektportal (Bund-Länder-Programm, GIZ/BMZ)",
}
# The same in every file, both languages (files are read outside the portal's language).
LICENCE_TEXT = (
    f"Lizenz/Licence: {LICENCE['name']} {LICENCE['url']} – Quelle/Source: {LICENCE['attribution']}"
)
WITHHELD_PLACEHOLDER = _("not published")


def full_records(projects):
    """The queryset `projects` with everything a full record shows (fixed number of queries)."""
    # 1 query for the projects (with phase, special call, predecessor) plus one per relation:
    # themes, topics, Länder, partner countries, SDGs, organisations, in-kind contributions,
    # links, results (with_detail_data) and DAC sectors.
    return projects.with_detail_data().prefetch_related("sectors")


def public_projects():
    """Every published project with everything a full record shows."""
    return full_records(Project.objects.published())


def stamp():
    """(last change, number) of the published projects: one cheap aggregate query."""
    return Project.objects.published().aggregate(last=Max("updated_at"), count=Count("id"))


# Characters XML 1.0 cannot carry (C0 controls other than tab and line breaks, surrogates,
# U+FFFE/U+FFFF): an editor may paste them, an XML writer refuses them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    """`value` as text for an XML file (IATI, Atom): without what XML 1.0 cannot carry."""
    return _NOT_XML.sub("", str(value or ""))


def absolute(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.OPENDATA_BASE_URL}{path}"


def iso_date(value, precision):
    """A date only as exactly as it is known: 2023, 2023-05 or 2023-05-17."""
    if value is None:
        return None
    if precision == Project.DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == Project.DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _money(value):
    return float(value) if value is not None else None


def _choice(code, label):
    return {"code": code, "label": str(label)}


def project_record(project, request=None):
    """The public record of one project in the active language."""
    withheld = [name for name in Project.WITHHOLDABLE_FIELDS if project.is_withheld(name)]
    hidden = set(withheld)
    land_roles = sorted(project.land_roles.all(), key=lambda r: (not r.is_lead, r.land.name))
    image = None
    if project.image and "image" not in hidden:
        image = {
            "url": absolute(project.image.url, request),
            "alt": project.image_alt,
            "credit": project.image_credit,
        }
    return {
        "slug": project.slug,
        "url": absolute(project.get_absolute_url(), request),
        "title": project.title,
        "summary": project.summary,
        "description": None if "description" in hidden else project.description,
        "status": _choice(project.status, project.get_status_display()),
        "phase": {
            "slug": project.phase.slug,
            "name": project.phase.name,
            "period": project.phase.period,
        },
        "special_call": (
            {"slug": project.special_call.slug, "name": project.special_call.name}
            if project.special_call
            else None
        ),
        "themes": [{"slug": t.slug, "name": t.name} for t in project.themes.all()],
        "topics": [{"slug": t.slug, "name": t.name} for t in project.topics.all()],
        "laender": [
            {"code": r.land.code, "name": r.land.name, "lead": r.is_lead} for r in land_roles
        ],
        "partner_countries": (
            None
            if "partner_countries" in hidden
            else [
                {
                    "code": c.code.code,
                    "name": str(c.name),
                    "region": _choice(c.region, c.get_region_display()),
                }
                for c in project.partner_countries.all()
            ]
        ),
        "partner_region": None if "partner_region" in hidden else project.partner_region,
        "organisations": (
            None
            if "organisations" in hidden
            else [
                {
                    "key": p.organisation.key,
                    "name": p.organisation.name,
                    "acronym": p.organisation.acronym,
                    "country": p.organisation.country.code,
                    "kind": _choice(p.organisation.kind, p.organisation.get_kind_display()),
                    "role": _choice(p.role, p.get_role_display()),
                }
                for p in project.participations.all()
            ]
        ),
        "start": iso_date(project.start_date, project.date_precision),
        "end": iso_date(project.end_date, project.date_precision),
        "date_precision": project.date_precision,
        "gender_marker": (
            _choice(project.gender_marker, project.get_gender_marker_display())
            if project.gender_marker is not None
            else None
        ),
        "sdgs": [{"number": s.number, "name": s.name} for s in project.sdgs.all()],
        "bmz_funding_eur": _money(project.bmz_funding),
        "laender_funding_eur": _money(project.laender_funding),
        "in_kind_contributions": [
            {
                "land": c.land.code,
                "land_name": c.land.name,
                "kind": _choice(c.kind, c.get_kind_display()),
                "description": c.description,
            }
            for c in project.in_kind_contributions.all()
        ],
        "tz_programme": project.tz_programme,
        "links": (
            None
            if "links" in hidden
            else [{"url": link.url, "label": link.label} for link in project.links.all()]
        ),
        "sectors": [
            {"code": code, "name": sectors.name(code), "percentage": float(percentage)}
            for code, percentage in sectors.project_sectors(project)
        ],
        "results": [
            {
                "indicator": r.indicator,
                "unit": r.unit,
                "baseline": _money(r.baseline),
                "target": _money(r.target),
                "achieved": _money(r.achieved),
                "measured_on": r.measured_on.isoformat() if r.measured_on else None,
                "narrative": r.narrative,
            }
            for r in project.results.all()
        ],
        "image": image,
        "published_at": project.published_at.isoformat() if project.published_at else None,
        "updated_at": project.updated_at.isoformat(),
        "withheld": withheld,
    }


def update_records(project, request=None):
    """The published updates of a published project, newest first (one query)."""
    return [
        {
            "date": update.date.isoformat(),
            "text": update.text,
            "url": absolute(f"{project.get_absolute_url()}#update-{update.pk}", request),
            "image": (
                {
                    "url": absolute(update.image.url, request),
                    "alt": update.image_alt,
                    "credit": update.image_credit,
                }
                if update.image
                else None
            ),
            "link": update.link or None,
            "published_at": update.published_at.isoformat() if update.published_at else None,
        }
        for update in project.updates.published()
    ]
