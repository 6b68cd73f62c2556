"""One project as plain data, in the active language: the source of the API, CSV and xlsx.

Fields a project marks "do not publish" (`project.is_withheld(name)`) come out as None (JSON
null, an empty cell with the neutral placeholder in CSV/xlsx) and are named in `withheld`.
"""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import get_language
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


def list_prefetches(relations=None):
    """full_records()' prefetches into plain lists (read by Project._rows), all or those of
    `relations`: no related manager and queryset per project and relation, which made up most
    of the API list's time (20 projects, 10 relations)."""
    lists = []
    for lookup in full_records(Project.objects.all())._prefetch_related_lookups:
        relation = lookup if isinstance(lookup, str) else lookup.prefetch_through
        queryset = None if isinstance(lookup, str) else lookup.queryset
        if relations is None or relation in relations:
            lists.append(Prefetch(relation, queryset=queryset, to_attr=f"_listed_{relation}"))
    return lists


def listed_records(projects, without=()):
    """`projects` with what a full record shows, as full_records() but into plain lists and
    without the predecessor (a record does not show it); `without`: relations the caller
    attaches itself."""
    lists = [p for p in list_prefetches() if p.prefetch_through not in without]
    return projects.select_related("phase", "special_call").prefetch_related(*lists)


def public_projects():
    """Every published project with everything a full record shows."""
    return full_records(Project.objects.published())


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


# Choice labels by (model, field, code, language): the same for every project, and
# get_FOO_display() looks the code up and translates it each time (a few ms per API page).
_LABELS = {}


def _choice(obj, field):
    """{"code": …, "label": …} of the choice field `field` of `obj`, in the active language."""
    code = getattr(obj, field)
    key = (type(obj), field, code, get_language())
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(getattr(obj, f"get_{field}_display")())
    return {"code": code, "label": label}


def project_record(project, request=None):
    """The public record of one project in the active language."""
    withheld = [name for name in Project.WITHHOLDABLE_FIELDS if project.is_withheld(name)]
    hidden = set(withheld)
    land_roles = sorted(project._rows("land_roles"), key=lambda r: (not r.is_lead, r.land.name))
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
        "status": _choice(project, "status"),
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
        "themes": [{"slug": t.slug, "name": t.name} for t in project._rows("themes")],
        "topics": [{"slug": t.slug, "name": t.name} for t in project._rows("topics")],
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
                    "region": _choice(c, "region"),
                }
                for c in project._rows("partner_countries")
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
                    "kind": _choice(p.organisation, "kind"),
                    "role": _choice(p, "role"),
                }
                for p in project._rows("participations")
            ]
        ),
        "start": iso_date(project.start_date, project.date_precision),
        "end": iso_date(project.end_date, project.date_precision),
        "date_precision": project.date_precision,
        "gender_marker": (
            _choice(project, "gender_marker") if project.gender_marker is not None else None
        ),
        "sdgs": [{"number": s.number, "name": s.name} for s in project._rows("sdgs")],
        "bmz_funding_eur": _money(project.bmz_funding),
        "laender_funding_eur": _money(project.laender_funding),
        "in_kind_contributions": [
            {
                "land": c.land.code,
                "land_name": c.land.name,
                "kind": _choice(c, "kind"),
                "description": c.description,
            }
            for c in project._rows("in_kind_contributions")
        ],
        "tz_programme": project.tz_programme,
        "links": (
            None
            if "links" in hidden
            else [{"url": link.url, "label": link.label} for link in project._rows("links")]
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
            for r in project._rows("results")
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
