"""Open-data pages and files: documentation page, list and project downloads, IATI XML."""

from datetime import date

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from opendata import exports, iati
from opendata.api import api
from opendata.http import conditional, not_found, rate_limited, with_licence
from opendata.records import LICENCE, full_records, public_projects
from opendata.schemas import filter_description
from projects.filters import ProjectFilter, project_filter
from projects.models import Project
from projects.querystring import without_page

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XML_TYPE = "application/xml; charset=utf-8"

# The table of contents of the open-data page: the label of each section by its element id.
TABLE_OF_CONTENTS = {
    "licence": _("Licence"),
    "downloads": _("Downloads"),
    "columns": _("Columns of the CSV and Excel files"),
    "record": _("A project's own CSV file"),
    "api": _("JSON API"),
    "iati": _("IATI XML"),
    "feeds": _("Feeds"),
}


def _filename(stem, extension):
    return f"{stem}-{translation.get_language()}-{date.today().isoformat()}.{extension}"


def _in_language(chunks):
    """Keep the request's language while a streamed response is written."""
    language = translation.get_language()

    def generate():
        with translation.override(language):
            yield from chunks

    return generate()


def _list_queryset(request):
    # Exactly the HTML list: same FilterSet, values it does not understand are ignored there
    # and here; the page number is not a filter (the download has every page).
    return full_records(project_filter(without_page(request.GET)).qs)


def _translated(text):
    """A text of the OpenAPI document in the active language ("" stays "", not the header)."""
    return gettext(text) if text else ""


def _endpoints():
    """The API operations for the documentation page, read from our OpenAPI document.

    The document is in English; its texts are translatable strings (opendata/api.py and
    opendata/schemas.py), shown here in the page's language."""
    schema = api.get_openapi_schema()
    filters = ProjectFilter.base_filters
    endpoints = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "type": p.get("schema", {}).get("type", "string"),
                    "required": p.get("required", False),
                    "description": filter_description(filters[p["name"]])
                    if p["name"] in filters
                    else _translated(p.get("description")),
                }
                for p in operation.get("parameters", [])
            ]
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": _translated(operation.get("summary")),
                    "description": _translated(operation.get("description")),
                    "parameters": parameters,
                }
            )
    return endpoints


@require_safe
def index(request):
    """What the open data are, where to get them, the licence and every column and endpoint."""
    context = {
        "toc": TABLE_OF_CONTENTS,
        "licence": LICENCE,
        "columns": [(name, description) for name, description, _value in exports.COLUMNS],
        "record_fields": exports.RECORD_FIELDS,
        "endpoints": _endpoints(),
        "withholdable": [str(label) for label in Project.WITHHOLDABLE_FIELDS.values()],
    }
    return render(request, "opendata/index.html", context)


@require_safe
def api_docs(request):
    """/api/docs: the API's documentation is the open-data page in the visitor's language."""
    return redirect(reverse("opendata:index") + "#api")


@require_safe
@rate_limited
@with_licence
@conditional
def projects_csv(request):
    response = StreamingHttpResponse(
        _in_language(exports.csv_chunks(_list_queryset(request), request)), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("blp-projects", "csv")}"'
    return response


@require_safe
@rate_limited
@with_licence
@conditional
def projects_xlsx(request):
    output = exports.xlsx_file(_list_queryset(request), request)
    return FileResponse(
        output,
        as_attachment=True,
        filename=_filename("blp-projects", "xlsx"),
        content_type=XLSX_TYPE,
    )


@require_safe
@with_licence
@conditional
def project_csv(request, slug):
    project = get_object_or_404(public_projects(), slug=slug)
    response = HttpResponse(exports.record_csv(project, request), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(slug, "csv")}"'
    return response


@require_safe
@rate_limited
@with_licence
@conditional
def iati_activities(request):
    """The published projects of the list's filters (all without any) as one IATI file,
    streamed chunk by chunk (HEAD: headers only): the same selection as the CSV and xlsx."""
    if request.method == "HEAD":
        response = HttpResponse(content_type=XML_TYPE)
    else:
        selected = _list_queryset(request).order_by("pk")
        projects = selected.iterator(chunk_size=exports.EXPORT_CHUNK_SIZE)
        response = StreamingHttpResponse(
            iati.activities_chunks(projects, request), content_type=XML_TYPE
        )
    response["Content-Disposition"] = 'inline; filename="blp-iati-activities.xml"'
    return response


@require_safe
@rate_limited
@with_licence
@conditional
def iati_project(request, slug):
    # Under /api/: a missing project is the API's JSON 404, not the portal's HTML page.
    project = public_projects().filter(slug=slug).first()
    if project is None:
        return not_found()
    response = HttpResponse(iati.activities_document([project], request), content_type=XML_TYPE)
    response["Content-Disposition"] = f'inline; filename="{slug}-iati.xml"'
    return response
