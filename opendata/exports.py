"""CSV and Excel downloads of the project list, built from the same records as the API, and
the complete record of one project as CSV (one line per field: RECORD_FIELDS).

Both stream through `iterator(chunk_size)`, which runs the prefetches once per chunk: the
number of queries is 1 + 10 per chunk of EXPORT_CHUNK_SIZE projects, whatever the total.
CSV starts with a UTF-8 byte order mark so that Excel shows umlauts; the xlsx is written by
openpyxl's write-only workbook (rows go to a temporary file, not into memory).
"""

import csv
import tempfile

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from blp_portal.lib import spreadsheets
from opendata.records import LICENCE_TEXT, WITHHELD_PLACEHOLDER, project_record, update_records

EXPORT_CHUNK_SIZE = 500
BOM = "\ufeff"


def _join(items):
    return "; ".join(str(item) for item in items)


def _withheld(record, name, value):
    return str(WITHHELD_PLACEHOLDER) if name in record["withheld"] else value


def _orgs(record, role):
    if record["organisations"] is None:
        return str(WITHHELD_PLACEHOLDER)
    return _join(
        f"{o['name']} ({o['acronym']})" if o["acronym"] else o["name"]
        for o in record["organisations"]
        if o["role"]["code"] == role
    )


def _number(value):
    return "" if value is None else value


# (column, description, value from a record). Codes and their readable labels side by side.
COLUMNS = [
    ("url", _("Address of the project page on the portal"), lambda r: r["url"]),
    ("slug", _("Stable short name of the project (part of its address)"), lambda r: r["slug"]),
    ("title", _("Title"), lambda r: r["title"]),
    ("summary", _("Summary"), lambda r: r["summary"]),
    ("status_code", _("Status code: planned, ongoing, completed"), lambda r: r["status"]["code"]),
    ("status", _("Status"), lambda r: r["status"]["label"]),
    ("phase_code", _("Programme phase (code)"), lambda r: r["phase"]["slug"]),
    ("phase", _("Programme phase"), lambda r: r["phase"]["name"]),
    (
        "special_call",
        _("Special call for proposals, if any"),
        lambda r: r["special_call"]["name"] if r["special_call"] else "",
    ),
    ("theme_codes", _("Focus themes (codes)"), lambda r: _join(t["slug"] for t in r["themes"])),
    ("themes", _("Focus themes"), lambda r: _join(t["name"] for t in r["themes"])),
    (
        "topic_codes",
        _("Cross-cutting topics (codes)"),
        lambda r: _join(t["slug"] for t in r["topics"]),
    ),
    ("topics", _("Cross-cutting topics"), lambda r: _join(t["name"] for t in r["topics"])),
    (
        "lead_land_code",
        _("Lead Land (ISO 3166-2)"),
        lambda r: next((land["code"] for land in r["laender"] if land["lead"]), ""),
    ),
    (
        "lead_land",
        _("Lead Land"),
        lambda r: next((land["name"] for land in r["laender"] if land["lead"]), ""),
    ),
    (
        "laender_codes",
        _("All participating Länder (ISO 3166-2)"),
        lambda r: _join(land["code"] for land in r["laender"]),
    ),
    (
        "laender",
        _("All participating Länder"),
        lambda r: _join(land["name"] for land in r["laender"]),
    ),
    (
        "country_codes",
        _("Partner countries (ISO 3166-1 alpha-2)"),
        lambda r: _withheld(
            r, "partner_countries", _join(c["code"] for c in r["partner_countries"] or [])
        ),
    ),
    (
        "countries",
        _("Partner countries"),
        lambda r: _withheld(
            r, "partner_countries", _join(c["name"] for c in r["partner_countries"] or [])
        ),
    ),
    (
        "partner_region",
        _("Region or cities in the partner country"),
        lambda r: _withheld(r, "partner_region", r["partner_region"] or ""),
    ),
    (
        "german_partners",
        _("Organisations in the role: German partner"),
        lambda r: _orgs(r, "german_partner"),
    ),
    (
        "partner_country_partners",
        _("Organisations in the role: partner in the partner country"),
        lambda r: _orgs(r, "partner_country_partner"),
    ),
    (
        "implementing_organisations",
        _("Organisations in the role: implementing organisation"),
        lambda r: _orgs(r, "implementing"),
    ),
    ("start", _("Start (YYYY, YYYY-MM or YYYY-MM-DD)"), lambda r: r["start"] or ""),
    ("end", _("End (YYYY, YYYY-MM or YYYY-MM-DD)"), lambda r: r["end"] or ""),
    (
        "gender_marker_code",
        _("OECD-DAC gender equality marker (0, 1, 2; empty: not assessed)"),
        lambda r: r["gender_marker"]["code"] if r["gender_marker"] else "",
    ),
    (
        "gender_marker",
        _("OECD-DAC gender equality marker"),
        lambda r: r["gender_marker"]["label"] if r["gender_marker"] else "",
    ),
    (
        "sdgs",
        _("Sustainable Development Goals (numbers)"),
        lambda r: _join(s["number"] for s in r["sdgs"]),
    ),
    ("bmz_funding_eur", _("BMZ funding in EUR"), lambda r: _number(r["bmz_funding_eur"])),
    (
        "laender_funding_eur",
        _("Financial contribution of the Länder in EUR"),
        lambda r: _number(r["laender_funding_eur"]),
    ),
    ("tz_programme", _("German TZ programme complemented"), lambda r: r["tz_programme"]),
    (
        "description",
        _("Description"),
        lambda r: _withheld(r, "description", r["description"] or ""),
    ),
    (
        "links",
        _("External links"),
        lambda r: _withheld(r, "links", _join(link["url"] for link in r["links"] or [])),
    ),
    ("updated_at", _("Last changed (ISO 8601)"), lambda r: r["updated_at"]),
    ("licence", _("Licence of the data"), lambda r: LICENCE_TEXT),
]
COLUMN_NAMES = [name for name, _description, _value in COLUMNS]


def rows(projects, request=None):
    """One list of cell values per project, in COLUMNS order."""
    for project in projects:
        record = project_record(project, request)
        yield [value(record) for _name, _description, value in COLUMNS]


def stream(projects):
    """Chunks of EXPORT_CHUNK_SIZE with their prefetches; a plain list as it is."""
    if hasattr(projects, "iterator"):
        return projects.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    return iter(projects)


class _Echo:
    def write(self, value):
        return value


def csv_chunks(queryset, request=None):
    """CSV text in pieces: the BOM, the header, then one line per project."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(COLUMN_NAMES)
    for row in rows(stream(queryset), request):
        yield writer.writerow([spreadsheets.guard(value) for value in row])


# The complete record of one project (the per-project CSV): one line per field of the API's
# record, named by its path. (pattern, description); N numbers the items of a list from 1.
RECORD_FIELDS = [
    ("slug, url, title, summary, description", _("As in the project list")),
    ("status.code, status.label", _("Status: code and name")),
    ("phase.slug, phase.name, phase.period", _("Programme phase")),
    ("special_call.slug, special_call.name", _("Special call for proposals, if any")),
    ("themes.N.slug, themes.N.name", _("Focus themes")),
    ("topics.N.slug, topics.N.name", _("Cross-cutting topics")),
    ("laender.N.code, laender.N.name, laender.N.lead", _("Länder; lead: true for the lead Land")),
    (
        "partner_countries.N.code, partner_countries.N.name, partner_countries.N.region.code, "
        "partner_countries.N.region.label",
        _("Partner countries (ISO 3166-1 alpha-2) and their world region"),
    ),
    ("partner_region", _("Region or cities in the partner country")),
    (
        "organisations.N.key, .name, .acronym, .country, .kind.code, .kind.label, .role.code, "
        ".role.label",
        _("Organisations with their kind and their role in the project"),
    ),
    ("start, end, date_precision", _("Period and how exactly it is known (year, month, day)")),
    ("gender_marker.code, gender_marker.label", _("OECD-DAC gender equality marker")),
    ("sdgs.N.number, sdgs.N.name", _("Sustainable Development Goals")),
    ("bmz_funding_eur, laender_funding_eur", _("Funding in EUR")),
    (
        "in_kind_contributions.N.land, .land_name, .kind.code, .kind.label, .description",
        _("In-kind contributions of the Länder"),
    ),
    ("tz_programme", _("German TZ programme complemented")),
    ("links.N.url, links.N.label", _("External links")),
    (
        "sectors.N.code, sectors.N.name, sectors.N.percentage",
        _("DAC 5-digit sectors (IATI), the project's own or mapped from its focus themes"),
    ),
    (
        "results.N.indicator, .unit, .baseline, .target, .achieved, .measured_on, .narrative",
        _("Results: indicator, unit, baseline, target and achieved value, date, comment"),
    ),
    ("image.url, image.alt, image.credit", _("Image: address, text alternative, credit")),
    ("published_at, updated_at", _("First published and last changed (ISO 8601)")),
    (
        "updates.N.date, .text, .url, .image.url, .image.alt, .image.credit, .link, .published_at",
        _("Published updates of the project, newest first"),
    ),
    ("withheld.N", _("Fields this project does not publish")),
    ("licence", _("Licence of the data")),
]
RECORD_COLUMN_NAMES = ["field", "value"]


def flatten_record(value, path=""):
    """(path, value) of every leaf of a record: dict keys and list numbers joined by dots."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten_record(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and value:
        for number, item in enumerate(value, 1):
            yield from flatten_record(item, f"{path}.{number}")
    else:
        yield path, [] if isinstance(value, list) else value


def _cell(value, withheld):
    if withheld:
        return str(WITHHELD_PLACEHOLDER)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None or value == [] else value


def record_rows(project, request=None):
    """(field, value) lines of one project's complete record, the same as the API's."""
    record = {**project_record(project, request), "updates": update_records(project, request)}
    for path, value in flatten_record(record):
        yield path, _cell(value, value is None and path in record["withheld"])
    yield "licence", LICENCE_TEXT


def record_csv(project, request=None):
    """The complete record of one project as CSV text (BOM, header "field,value")."""
    writer = csv.writer(_Echo())
    lines = [BOM + writer.writerow(RECORD_COLUMN_NAMES)]
    lines += [
        writer.writerow([path, spreadsheets.guard(value)])
        for path, value in record_rows(project, request)
    ]
    return "".join(lines)


def xlsx_file(queryset, request=None):
    """An xlsx workbook in a temporary file: the projects, and a sheet on licence and columns."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Projects")))
    sheet.append(COLUMN_NAMES)
    for row in rows(stream(queryset), request):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    about = workbook.create_sheet(str(_("About")))
    about.append([str(_("Licence")), LICENCE_TEXT])
    about.append([str(_("Created")), timezone.now().isoformat(timespec="seconds")])
    about.append([])
    about.append([str(_("Column")), str(_("Meaning"))])
    for name, description, _value in COLUMNS:
        about.append([name, str(description)])
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output
