"""The demo catalogue: themes, SDGs, Länder, phases, countries, organisations, 14 projects and
the content pages, from the JSON files in projects/demo/.

Two parts: the reference data that every installation needs (`load_reference_data`: themes,
SDGs, Länder, phases, special calls; the command `load_reference_data`, editorial, for a
production database) and the demo catalogue on top of it (`load_demo_catalogue`: countries,
organisations, projects, pages; the command `load_demo_data`, development only).

Idempotent: every object is keyed on its natural key (slug, ISO code), so a second load changes
nothing.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from blp_portal.lib.cachetags import bump_generation
from pages.demo import load_demo_pages
from partners.models import Land, Organisation, PartnerCountry
from projects.models import Phase, Project, ProjectLand, SpecialCall
from themes.models import SustainableDevelopmentGoal, Theme

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def read_demo(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def translated(row, *fields):
    """{"name_de": …, "name_en": …} for the given field names, taken from a demo row."""
    values = {}
    for field in fields:
        for lang in ("de", "en"):
            values[f"{field}_{lang}"] = row.get(f"{field}_{lang}") or ""
        values[field] = values[f"{field}_de"]
    return values


def _date(value):
    return date.fromisoformat(value) if value else None


def _money(value):
    return Decimal(str(value)) if value is not None else None


def _save(model, demo, defaults, **key):
    """The row with `key`: created with `defaults`; an existing one is set to them only for the
    demo, else left as the editors have it."""
    if demo:
        return model.objects.update_or_create(defaults=defaults, **key)
    return model.objects.get_or_create(defaults=defaults, **key)


def _demo_text(row, demo, field):
    """A text written about the demo catalogue (a Land's profile names its demo projects): the
    demo's own text, empty in a real installation, where the editors write it."""
    values = translated(row, field)
    return values if demo else dict.fromkeys(values, "")


def load_reference_data(demo=False):
    """The reference data every installation needs: focus themes and cross-cutting topics,
    SDGs, the 16 Länder, the phases and the special calls.

    By default it only adds what is missing and never changes an existing row (an editor may
    have reworded a theme), and leaves the texts that speak of the demo catalogue empty (Länder
    profiles, special calls' descriptions). With `demo` the rows are set to the files, those
    texts included. Returns {"themes": {slug: Theme}, "sdgs": {number: SDG},
    "laender": {code: Land}, "phases": {slug: Phase}, "calls": {slug: SpecialCall}}.
    """
    themes = {}
    for row in read_demo("themes.json"):
        themes[row["slug"]], _ = _save(
            Theme,
            demo,
            {
                "kind": row["kind"],
                "is_temporary": row["temporary"],
                "order": row["order"],
                "icon": row["icon"],
                "slug_en": row.get("slug_en", ""),
                **translated(row, "name"),
                **{
                    k.replace("short", "short_text"): v for k, v in translated(row, "short").items()
                },
                **{k.replace("long", "long_text"): v for k, v in translated(row, "long").items()},
            },
            slug=row["slug"],
        )
    sdgs = {}
    for row in read_demo("sdgs.json"):
        sdgs[row["number"]], _ = _save(
            SustainableDevelopmentGoal, demo, translated(row, "name"), number=row["number"]
        )
    laender = {}
    for row in read_demo("laender.json"):
        laender[row["code"]], _ = _save(
            Land,
            demo,
            {
                **translated(row, "name"),
                **_demo_text(row, demo, "profile"),
                "website": row.get("website", ""),
            },
            code=row["code"],
        )
    phases = {}
    for row in read_demo("phases.json"):
        phase, created = _save(
            Phase,
            demo,
            {
                "short_name": row["short_name"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                **translated(row, "name", "description"),
            },
            slug=row["slug"],
        )
        if demo or created:
            phase.temporary_themes.set([themes[s] for s in row.get("temporary_themes", [])])
        phases[row["slug"]] = phase
    calls = {}
    for row in read_demo("special_calls.json"):
        calls[row["slug"]], _ = _save(
            SpecialCall,
            demo,
            {
                "phase": phases.get(row.get("phase")),
                **translated(row, "name"),
                **_demo_text(row, demo, "description"),
            },
            slug=row["slug"],
        )
    return {"themes": themes, "sdgs": sdgs, "laender": laender, "phases": phases, "calls": calls}


def reference_counts(reference):
    """How many rows of each kind the reference data holds, for a command's output."""
    themes = reference["themes"].values()
    return {
        "focus themes": sum(t.kind == Theme.Kind.FOCUS for t in themes),
        "cross-cutting topics": sum(t.kind != Theme.Kind.FOCUS for t in themes),
        "SDGs": len(reference["sdgs"]),
        "Länder": len(reference["laender"]),
        "phases": len(reference["phases"]),
        "special calls": len(reference["calls"]),
    }


def load_demo_catalogue():
    """The demo catalogue on top of the reference data already in the database (see
    `load_reference_data`): partner countries, organisations, the 14 projects, content pages."""
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    sdgs = {sdg.number: sdg for sdg in SustainableDevelopmentGoal.objects.all()}
    laender = {land.code: land for land in Land.objects.all()}
    phases = {phase.slug: phase for phase in Phase.objects.all()}
    calls = {call.slug: call for call in SpecialCall.objects.all()}
    countries = {}
    for row in read_demo("countries.json"):
        countries[row["code"]], _ = PartnerCountry.objects.update_or_create(
            code=row["code"], defaults={"region": row["region"]}
        )
    organisations = {}
    for row in read_demo("organisations.json"):
        organisations[row["key"]], _ = Organisation.objects.update_or_create(
            key=row["key"],
            defaults={
                **translated(row, "name"),
                "acronym": row.get("acronym", ""),
                "country": row["country"],
                "kind": row["kind"],
                "website": row.get("website", ""),
            },
        )
    rows = read_demo("projects.json")
    projects = {}
    for row in rows:
        projects[row["slug"]] = _load_project(
            row, themes, sdgs, laender, phases, calls, countries, organisations
        )
    for row in rows:  # predecessors may come later in the file
        project = projects[row["slug"]]
        predecessor = projects.get(row.get("predecessor")) if row.get("predecessor") else None
        if project.predecessor_id != (predecessor.pk if predecessor else None):
            project.predecessor = predecessor
            project.save(update_fields=["predecessor"])
    # Its Land roles and child rows are written with bulk_create, which sends no signals.
    bump_generation()
    return {
        "partner countries": len(countries),
        "organisations": len(organisations),
        "projects": len(projects),
        "content pages": load_demo_pages(DEMO_DIR / "pages.json"),
    }


def _load_project(row, themes, sdgs, laender, phases, calls, countries, organisations):
    fields = {
        **translated(row, "title", "summary", "description", "partner_region", "tz_programme"),
        "phase": phases[row["phase"]],
        "special_call": calls.get(row.get("special_call")),
        "status": row["status"],
        "gender_marker": row.get("gender_marker"),
        "start_date": _date(row.get("start_date")),
        "end_date": _date(row.get("end_date")),
        "date_precision": row.get("date_precision") or Project.DatePrecision.YEAR,
        "bmz_funding": _money(row.get("bmz_funding")),
        "laender_funding": _money(row.get("laender_funding")),
        "publication_state": Project.PublicationState.PUBLISHED,
        "internal_note": row.get("internal_note", ""),
    }
    project = Project.objects.filter(slug=row["slug"]).first()
    if project is None:
        project = Project(slug=row["slug"])
    changed = project.pk is None or any(
        getattr(project, name) != value for name, value in fields.items()
    )
    if changed:
        for name, value in fields.items():
            setattr(project, name, value)
        project.full_clean(exclude=["predecessor"])
        project.save()
    project.themes.set([themes[s] for s in row["themes"]])
    project.topics.set([themes[s] for s in row.get("topics", [])])
    project.sdgs.set([sdgs[n] for n in row.get("sdgs", [])])
    project.partner_countries.set([countries[c] for c in row["countries"]])
    wanted = {(laender[item["code"]].pk, bool(item["lead"])) for item in row["laender"]}
    current = set(project.land_roles.values_list("land_id", "is_lead"))
    if wanted != current:
        project.land_roles.all().delete()
        ProjectLand.objects.bulk_create(
            ProjectLand(project=project, land_id=land_id, is_lead=lead)
            for land_id, lead in sorted(wanted, key=lambda w: not w[1])
        )
    _sync_children(
        project.participations,
        [
            {"organisation": organisations[item["key"]], "role": item["role"]}
            for item in row.get("organisations", [])
        ],
    )
    _sync_children(
        project.in_kind_contributions,
        [
            {
                "land": laender[item["land"]],
                "kind": item["kind"],
                **translated(item, "description"),
            }
            for item in row.get("in_kind", [])
        ],
    )
    _sync_children(
        project.links,
        [
            {"url": item["url"], "order": index, **translated(item, "label")}
            for index, item in enumerate(row.get("links", []))
        ],
    )
    return project


def _sync_children(related, wanted):
    """Replace a project's child rows (`related`: its manager of them, e.g. project.links) only
    where they differ from the demo file."""
    names = sorted(wanted[0]) if wanted else []
    current = [{name: getattr(obj, name) for name in names} for obj in related.all()]
    if sorted(map(repr, current)) == sorted(
        repr({name: row[name] for name in names}) for row in wanted
    ) and len(current) == len(wanted):
        return
    related.all().delete()
    model, project = related.model, related.instance
    model.objects.bulk_create(model(project=project, **row) for row in wanted)
