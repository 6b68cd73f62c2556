"""IATI activity XML (IATI Standard 2.03) of the published projects.

One <iati-activity> per project, written piece by piece so that the file for all projects
streams (see `activities_chunks`). Fields a project withholds are left out. The few IATI codes
we use are kept in the tables below; the test suite checks them and every export against the
official XSD and codelists (../shared/iati, never read at run time).

Mapping, in schema order:
- iati-identifier: <IATI_REPORTING_ORG>-BLP-<project id>; reporting-org from settings
- title, description (type 1: summary, plus the description unless withheld): German as the
  activity's default language, English with xml:lang="en"
- participating-org: BMZ (funding, 1), GIZ/reporting org (extending, 3), the Länder
  (funding, 1), the project's organisations in their own roles (PARTICIPATION_ROLE: the German
  partner answers for the project, accountable 2; partners in the partner country and
  implementing organisations, implementing 4; an organisation of kind GIZ with GIZ's
  identifier); left out when withheld
- activity-status from the status; activity-date: actual start/end where known to the day,
  otherwise planned dates (start/end of the known month or year); without any date the phase's
  first year as planned start (the schema requires one date)
- recipient-country (equal shares) unless withheld. No recipient-region: IATI forbids one that
  only repeats the region of a reported country (the portal records no region as a recipient
  of its own), and where the countries are withheld their world region is hidden too, as
  everywhere public (Project.objects.showing)
- location: the region or cities in the partner country (free text) unless withheld
- sectors: the project's DAC sectors (opendata.ProjectSector) or those mapped from its focus
  themes (opendata.sectors.project_sectors)
- policy-marker gender equality (1) with the gender marker as significance, where assessed
- budget (BMZ plus Länder) and incoming commitments per funder, where amount and dates are known
- document-link: the project page (A12, absolute: OPENDATA_BASE_URL or the request's host) and
  the external links unless withheld
Text that XML 1.0 cannot carry (control characters) is left out (records.xml_text).
- result: one per result indicator entered, with baseline, target and achieved value
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from opendata.records import LICENCE_TEXT, absolute, xml_text
from opendata.sectors import project_sectors, shares

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
IATI_VERSION = "2.03"
CURRENCY = "EUR"

# ActivityStatus: 1 pipeline, 2 implementation, 4 closed
ACTIVITY_STATUS = {"planned": "1", "ongoing": "2", "completed": "4"}
# ActivityDateType
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# OrganisationRole
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "2", "3", "4"
# Participation.Role -> OrganisationRole
PARTICIPATION_ROLE = {
    "german_partner": ROLE_ACCOUNTABLE,
    "partner_country_partner": ROLE_IMPLEMENTING,
    "implementing": ROLE_IMPLEMENTING,
}
# OrganisationType for Organisation.Kind (private sector: 71 in Germany, 72 elsewhere)
ORGANISATION_TYPE = {
    "authority": "10",
    "municipality": "11",
    "university": "80",
    "civil_society": "22",
    "chamber": "15",
    "giz": "10",
}
GOVERNMENT = "10"
PRIVATE_SECTOR_PROVIDER, PRIVATE_SECTOR_RECIPIENT = "71", "72"
# DAC 5-digit sectors (Sector codelist, vocabulary 1): opendata.sectors.project_sectors
SECTOR_VOCABULARY_DAC = "1"
# PolicyMarker 1 (gender equality), vocabulary 1 (OECD DAC CRS); significance = gender marker
POLICY_VOCABULARY_DAC, POLICY_GENDER = "1", "1"
DESCRIPTION_GENERAL = "1"
DOCUMENT_WEB_PAGE = "A12"
BUDGET_ORIGINAL, BUDGET_COMMITTED = "1", "2"
TRANSACTION_INCOMING_COMMITMENT = "11"
# Defaults: bilateral, ODA, standard grant, project-type intervention, untied
COLLABORATION_BILATERAL, FLOW_ODA, FINANCE_GRANT, AID_PROJECT, TIED_UNTIED = (
    "1",
    "10",
    "110",
    "C01",
    "5",
)
AID_TYPE_VOCABULARY_DAC = "1"
RESULT_OUTCOME, MEASURE_UNIT, MEASURE_QUALITATIVE = "2", "1", "5"
BMZ_NAME = {
    "de": "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung (BMZ)",
    "en": "Federal Ministry for Economic Cooperation and Development (BMZ)",
}


def identifier(project):
    return f"{settings.IATI_REPORTING_ORG}-BLP-{project.pk}"


def _sub(parent, tag, **attributes):
    return etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})


def _narratives(parent, de, en=""):
    """German narrative (the default language) and, where it has its own text, English."""
    de, en = xml_text(de).strip(), xml_text(en).strip()
    etree.SubElement(parent, "narrative").text = de or en
    if en and en != de:
        etree.SubElement(parent, "narrative", {XML_LANG: "en"}).text = en


def _text_element(parent, tag, de, en="", **attributes):
    element = _sub(parent, tag, **attributes)
    _narratives(element, de, en)
    return element


def _decimal(value):
    return format(Decimal(value).quantize(Decimal("0.01")), "f")


def _percentages(count):
    """`count` equal shares that add up to exactly 100 (two decimals), as text."""
    return [_decimal(share) for share in shares([1] * count)]


def _period(project):
    """(start, end) dates of the project as exactly as known, widened to its month or year."""
    start, end, precision = project.start_date, project.end_date, project.date_precision
    if start and precision == "year":
        start = date(start.year, 1, 1)
    elif start and precision == "month":
        start = start.replace(day=1)
    if end and precision == "year":
        end = date(end.year, 12, 31)
    elif end and precision == "month":
        next_month = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        end = date.fromordinal(next_month.toordinal() - 1)
    return start, end


def _activity_dates(activity, project):
    start, end = _period(project)
    exact = project.date_precision == "day"
    started = project.status in ("ongoing", "completed")
    if start:
        kind = ACTUAL_START if exact and started else PLANNED_START
        _sub(activity, "activity-date", iso_date=start.isoformat(), type=kind)
    if end:
        kind = ACTUAL_END if exact and project.status == "completed" else PLANNED_END
        _sub(activity, "activity-date", iso_date=end.isoformat(), type=kind)
    if not start and not end:
        # The schema needs a date: the phase's first year is the earliest possible start.
        first = date(project.phase.start_year, 1, 1).isoformat()
        _sub(activity, "activity-date", iso_date=first, type=PLANNED_START)


def _organisation_type(organisation):
    if organisation.kind == "private_sector":
        return (
            PRIVATE_SECTOR_PROVIDER
            if organisation.country.code == "DE"
            else PRIVATE_SECTOR_RECIPIENT
        )
    return ORGANISATION_TYPE.get(organisation.kind, GOVERNMENT)


def _organisation_ref(organisation):
    # GIZ's own identifier where GIZ takes part in a role of its own
    return {"ref": settings.IATI_REPORTING_ORG} if organisation.kind == "giz" else {}


def _participating_orgs(activity, project):
    bmz = _sub(
        activity,
        "participating-org",
        ref=settings.IATI_FUNDING_ORG,
        type=GOVERNMENT,
        role=ROLE_FUNDING,
    )
    _narratives(bmz, BMZ_NAME["de"], BMZ_NAME["en"])
    _text_element(
        activity,
        "participating-org",
        settings.IATI_REPORTING_ORG_NAME,
        ref=settings.IATI_REPORTING_ORG,
        type=settings.IATI_REPORTING_ORG_TYPE,
        role=ROLE_EXTENDING,
    )
    for role in project.land_roles.all():
        _text_element(
            activity,
            "participating-org",
            role.land.name_de,
            role.land.name_en,
            type=GOVERNMENT,
            role=ROLE_FUNDING,
        )
    if project.is_withheld("organisations"):
        return
    seen = set()
    for participation in project.participations.all():
        organisation = participation.organisation
        role = PARTICIPATION_ROLE[participation.role]
        if (organisation.pk, role) in seen:
            continue
        seen.add((organisation.pk, role))
        _text_element(
            activity,
            "participating-org",
            organisation.name_de,
            organisation.name_en,
            **_organisation_ref(organisation),
            type=_organisation_type(organisation),
            role=role,
        )


def _recipients(activity, project):
    if project.is_withheld("partner_countries"):
        return
    countries = list(project.partner_countries.all())
    for country, share in zip(countries, _percentages(len(countries)), strict=True):
        _sub(activity, "recipient-country", code=country.code.code, percentage=share)


def _location(activity, project):
    region = xml_text(project.partner_region_de).strip()
    if region and not project.is_withheld("partner_region"):
        location = _sub(activity, "location")
        _text_element(location, "name", project.partner_region_de, project.partner_region_en)


def _sectors(activity, project):
    for code, percentage in project_sectors(project):
        _sub(
            activity,
            "sector",
            vocabulary=SECTOR_VOCABULARY_DAC,
            code=code,
            percentage=_decimal(percentage),
        )


def _money(activity, project):
    start, end = _period(project)
    shares = [
        (amount, ref, names)
        for amount, ref, names in (
            (project.bmz_funding, settings.IATI_FUNDING_ORG, BMZ_NAME),
            (
                project.laender_funding,
                None,
                {"de": "Beteiligte Länder", "en": "Länder taking part"},
            ),
        )
        if amount is not None
    ]
    if not shares or not start or not end:
        return
    budget = _sub(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_COMMITTED)
    _sub(budget, "period-start", iso_date=start.isoformat())
    _sub(budget, "period-end", iso_date=end.isoformat())
    total = sum(amount for amount, _ref, _names in shares)
    _sub(budget, "value", currency=CURRENCY, value_date=start.isoformat()).text = _decimal(total)
    for amount, ref, names in shares:
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code=TRANSACTION_INCOMING_COMMITMENT)
        _sub(transaction, "transaction-date", iso_date=start.isoformat())
        _sub(transaction, "value", currency=CURRENCY, value_date=start.isoformat()).text = _decimal(
            amount
        )
        provider = _sub(transaction, "provider-org", **({"ref": ref} if ref else {}))
        _narratives(provider, names["de"], names["en"])


def _document_links(activity, project, request=None):
    pages = [
        (
            absolute(project.get_absolute_url(), request),
            "Projektseite im BLP Projektportal",
            "Project page on the BLP Projektportal",
        )
    ]
    if not project.is_withheld("links"):
        pages += [(link.url, link.label_de, link.label_en) for link in project.links.all()]
    for url, de, en in pages:
        link = _sub(activity, "document-link", format="text/html", url=url)
        _text_element(link, "title", de, en)
        _sub(link, "category", code=DOCUMENT_WEB_PAGE)


def _results(activity, project):
    start, _end = _period(project)
    for result in project.results.all():
        element = _sub(activity, "result", type=RESULT_OUTCOME)
        _text_element(element, "title", result.indicator_de, result.indicator_en)
        if result.narrative_de or result.narrative_en:
            _text_element(element, "description", result.narrative_de, result.narrative_en)
        numeric = any(v is not None for v in (result.baseline, result.target, result.achieved))
        indicator = _sub(
            element, "indicator", measure=MEASURE_UNIT if numeric else MEASURE_QUALITATIVE
        )
        title = " ".join(
            filter(None, [result.indicator_de, f"({result.unit_de})" if result.unit_de else ""])
        )
        title_en = " ".join(
            filter(None, [result.indicator_en, f"({result.unit_en})" if result.unit_en else ""])
        )
        _text_element(indicator, "title", title, title_en)
        if result.baseline is not None and start:
            _sub(indicator, "baseline", year=str(start.year), value=_decimal(result.baseline))
        if (
            (result.target is not None or result.achieved is not None)
            and start
            and result.measured_on
        ):
            period = _sub(indicator, "period")
            _sub(period, "period-start", iso_date=start.isoformat())
            _sub(period, "period-end", iso_date=max(start, result.measured_on).isoformat())
            if result.target is not None:
                _sub(period, "target", value=_decimal(result.target))
            if result.achieved is not None:
                _sub(period, "actual", value=_decimal(result.achieved))


def activity_element(project, request=None):
    """The <iati-activity> of one project (prefetched as in records.public_projects).

    Links are absolute: with OPENDATA_BASE_URL where it is set, else from the request."""
    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": project.updated_at.isoformat(timespec="seconds"),
            XML_LANG: "de",
            "default-currency": CURRENCY,
        },
    )
    _sub(activity, "iati-identifier").text = identifier(project)
    _text_element(
        activity,
        "reporting-org",
        settings.IATI_REPORTING_ORG_NAME,
        ref=settings.IATI_REPORTING_ORG,
        type=settings.IATI_REPORTING_ORG_TYPE,
    )
    _text_element(activity, "title", project.title_de, project.title_en)
    description = _sub(activity, "description", type=DESCRIPTION_GENERAL)
    texts = {"de": [project.summary_de], "en": [project.summary_en]}
    if not project.is_withheld("description"):
        texts["de"].append(project.description_de)
        texts["en"].append(project.description_en)
    _narratives(description, *("\n\n".join(filter(None, texts[lang])) for lang in ("de", "en")))
    _participating_orgs(activity, project)
    _sub(activity, "activity-status", code=ACTIVITY_STATUS[project.status])
    _activity_dates(activity, project)
    _recipients(activity, project)
    _location(activity, project)
    _sectors(activity, project)
    if project.gender_marker is not None:
        _sub(
            activity,
            "policy-marker",
            vocabulary=POLICY_VOCABULARY_DAC,
            code=POLICY_GENDER,
            significance=str(project.gender_marker),
        )
    _sub(activity, "collaboration-type", code=COLLABORATION_BILATERAL)
    _sub(activity, "default-flow-type", code=FLOW_ODA)
    _sub(activity, "default-finance-type", code=FINANCE_GRANT)
    _sub(activity, "default-aid-type", vocabulary=AID_TYPE_VOCABULARY_DAC, code=AID_PROJECT)
    _sub(activity, "default-tied-status", code=TIED_UNTIED)
    _money(activity, project)
    _document_links(activity, project, request)
    _results(activity, project)
    return activity


def _head():
    generated = timezone.now().isoformat(timespec="seconds")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- BLP Projektportal, IATI {IATI_VERSION}. Licence: {LICENCE_TEXT} -->\n"
        f'<iati-activities version="{IATI_VERSION}" generated-datetime="{generated}">\n'
    ).encode()


def activities_chunks(projects, request=None):
    """The XML document in pieces: head, one activity per project, tail."""
    yield _head()
    for project in projects:
        yield etree.tostring(activity_element(project, request), encoding="UTF-8") + b"\n"
    yield b"</iati-activities>\n"


def activities_document(projects, request=None):
    return b"".join(activities_chunks(projects, request))
