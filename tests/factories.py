"""Small factory functions with sensible defaults for tests."""

import itertools

from partners.models import Land, Organisation, PartnerCountry
from projects.models import Phase, Project, ProjectLand
from themes.models import Theme

_counter = itertools.count(1)


def make_theme(slug="governance", kind=Theme.Kind.FOCUS, **overrides):
    defaults = {"name_de": slug.title(), "name_en": slug.title(), "kind": kind}
    defaults.update(overrides)
    theme, _ = Theme.objects.update_or_create(slug=slug, defaults=defaults)
    return theme


def make_land(code="DE-SN", name="Sachsen", name_en="Saxony"):
    land, _ = Land.objects.get_or_create(code=code, defaults={"name_de": name, "name_en": name_en})
    return land


def make_country(code="UG", region=PartnerCountry.Region.SUB_SAHARAN_AFRICA):
    country, _ = PartnerCountry.objects.get_or_create(code=code, defaults={"region": region})
    return country


def make_phase(slug="blp-iii", start_year=2023, end_year=2027):
    phase, _ = Phase.objects.get_or_create(
        slug=slug,
        defaults={
            "short_name": slug.upper(),
            "name_de": f"Phase {slug}",
            "name_en": f"Phase {slug}",
            "start_year": start_year,
            "end_year": end_year,
        },
    )
    return phase


def make_organisation(key="uni-leipzig", **overrides):
    defaults = {"name_de": "Universität Leipzig", "country": "DE", "kind": "university"}
    defaults.update(overrides)
    org, _ = Organisation.objects.get_or_create(key=key, defaults=defaults)
    return org


def make_project(
    *,
    themes=None,
    topics=(),
    laender=None,
    countries=None,
    state=Project.PublicationState.PUBLISHED,
    **overrides,
):
    """A published project in BLP III, led by Saxony, with Uganda, in the Governance theme."""
    number = next(_counter)
    fields = {
        "slug": f"projekt-{number}",
        "title_de": f"Projekt {number}",
        "title_en": f"Project {number}",
        "summary_de": "Kurzbeschreibung",
        "summary_en": "Short description",
        "status": Project.Status.ONGOING,
        "publication_state": state,
    }
    fields.update(overrides)
    fields.setdefault("phase", make_phase())
    project = Project.objects.create(**fields)
    project.themes.set(themes if themes is not None else [make_theme()])
    project.topics.set(topics)
    for index, land in enumerate(laender if laender is not None else [make_land()]):
        ProjectLand.objects.create(project=project, land=land, is_lead=index == 0)
    project.partner_countries.set(countries if countries is not None else [make_country()])
    return project
