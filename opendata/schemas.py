"""The JSON API's document: its description, the schemas of what it returns, and its
parameters (the list's filters documented from ProjectFilter itself, so they stay in sync)."""

from typing import Literal

from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from ninja import Field, Query, Schema

from projects.filters import ProjectFilter

# The OpenAPI document's title, version and description.
API_INFO = {
    "title": "BLP Projektportal open data API",
    "version": "1.0.0",
    "description": (
        "Read-only data of the published cooperation projects of the Bund-Länder-Programm. "
        "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Language: `lang` "
        "parameter (de, en) or the Accept-Language header; German is the default."
    ),
}


# --- Schemas ------------------------------------------------------------------------------


class ParameterError(Schema):
    parameter: str
    message: str


class Error(Schema):
    detail: str
    errors: list[ParameterError] = []


class Licence(Schema):
    name: str
    url: str
    attribution: str


class TextChoice(Schema):
    code: str
    label: str


class NumberChoice(Schema):
    code: int
    label: str


class ThemeRef(Schema):
    slug: str
    name: str


class LandRef(Schema):
    code: str = Field(description="ISO 3166-2 code, e.g. DE-SN")
    name: str
    lead: bool


class CountryRef(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code")
    name: str
    region: TextChoice


class OrganisationRole(Schema):
    key: str
    name: str
    acronym: str
    country: str
    kind: TextChoice
    role: TextChoice


class PhaseRef(Schema):
    slug: str
    name: str
    period: str


class CallRef(Schema):
    slug: str
    name: str


class Sdg(Schema):
    number: int
    name: str


class InKind(Schema):
    land: str
    land_name: str
    kind: TextChoice
    description: str


class Link(Schema):
    url: str
    label: str


class Result(Schema):
    indicator: str
    unit: str
    baseline: float | None
    target: float | None
    achieved: float | None
    measured_on: str | None
    narrative: str


class Sector(Schema):
    code: str = Field(description="OECD-DAC 5-digit purpose code (IATI Sector codelist)")
    name: str = Field(description="English name from the codelist")
    percentage: float


class Image(Schema):
    url: str
    alt: str
    credit: str


class ProjectOut(Schema):
    slug: str
    url: str = Field(description="The project's page on the portal")
    title: str
    summary: str
    description: str | None = Field(description="null where withheld")
    status: TextChoice
    phase: PhaseRef
    special_call: CallRef | None
    themes: list[ThemeRef]
    topics: list[ThemeRef]
    laender: list[LandRef]
    partner_countries: list[CountryRef] | None = Field(description="null where withheld")
    partner_region: str | None = Field(description="null where withheld")
    organisations: list[OrganisationRole] | None = Field(description="null where withheld")
    start: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD (date_precision)")
    end: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD (date_precision)")
    date_precision: str
    gender_marker: NumberChoice | None = Field(
        description="OECD-DAC marker 0–2, null if not assessed"
    )
    sdgs: list[Sdg]
    bmz_funding_eur: float | None
    laender_funding_eur: float | None
    in_kind_contributions: list[InKind]
    tz_programme: str
    links: list[Link] | None = Field(description="null where withheld")
    sectors: list[Sector] = Field(
        description="The project's DAC sectors, or those mapped from its focus themes"
    )
    results: list[Result]
    image: Image | None = Field(description="null where there is none or it is withheld")
    published_at: str | None
    updated_at: str
    withheld: list[str] = Field(description="Fields the project does not publish")


class ProjectUpdateOut(Schema):
    date: str = Field(description="YYYY-MM-DD")
    text: str
    url: str = Field(description="The update on the project's page")
    image: Image | None
    link: str | None
    published_at: str | None


class ProjectDetail(ProjectOut):
    updates: list[ProjectUpdateOut] = Field(description="Published updates, newest first")
    licence: Licence


class ProjectPage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next: str | None
    previous: str | None
    licence: Licence
    results: list[ProjectOut]


class ThemeOut(Schema):
    slug: str
    name: str
    short_text: str
    url: str


class LandOut(Schema):
    code: str
    name: str
    url: str


class CountryOut(Schema):
    code: str
    name: str
    region: TextChoice
    url: str


class OrganisationOut(Schema):
    key: str
    name: str
    acronym: str
    country: str
    kind: TextChoice
    website: str


class PhaseOut(Schema):
    slug: str
    short_name: str
    name: str
    start_year: int
    end_year: int | None


ERRORS = {400: Error, 404: Error, 429: Error}


# --- Parameters -----------------------------------------------------------------------------

Language = Literal["de", "en"]
LANG = Query(
    None,
    description=gettext_noop(
        "Language of the texts, de or en; without it the Accept-Language header, else German"
    ),
)


def _several_values(field):
    """Whether the filter takes several values (a list in the query string)."""
    return "Multiple" in type(field).__name__


def filter_description(field):
    """A filter parameter's description in the active language (label; OR for several values)."""
    if _several_values(field):
        return gettext("%(label)s (several values: OR)") % {"label": field.label}
    return str(field.label)


def filter_parameters():
    """The list's filter parameters, documented from ProjectFilter itself (stays in sync).

    The OpenAPI document is in English; the open-data page shows the same in its language."""
    parameters = []
    for name, field in ProjectFilter.base_filters.items():
        many = _several_values(field)
        schema = {"type": "string"}
        bounds = getattr(field.field_class, "bounds", None)  # integers: SDG numbers, years
        if bounds:
            schema = {"type": "integer", "minimum": bounds[0], "maximum": bounds[1]}
        choices = field.extra.get("choices")
        if choices and not callable(choices):
            schema["enum"] = [str(code) for code, _label in choices]
        with translation.override("en"):
            description = filter_description(field)
        parameter = {
            "in": "query",
            "name": name,
            "required": False,
            "allowEmptyValue": True,  # an empty value counts as not given (as in the list)
            "description": description,
            "schema": {"type": "array", "items": schema} if many else schema,
        }
        if many:
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters
