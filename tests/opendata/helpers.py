"""A fully filled published project for the open-data tests."""

import datetime
from decimal import Decimal

from projects.models import InKindContribution, Participation, Project, ProjectLink, ProjectResult
from tests.factories import make_country, make_land, make_organisation, make_project, make_theme


def make_full_project(**overrides):
    fields = {
        "title_de": "Wasser für Kampala – Fachkräfte",
        "title_en": "Water for Kampala – skilled staff",
        "description_de": "Längere Beschreibung mit Umlauten: äöüß.",
        "description_en": "Longer description.",
        "partner_region_de": "Distrikt Gulu",
        "start_date": datetime.date(2023, 3, 1),
        "end_date": datetime.date(2025, 12, 31),
        "bmz_funding": Decimal("250000.00"),
        "laender_funding": Decimal("50000.50"),
        "gender_marker": Project.GenderMarker.SIGNIFICANT,
        "tz_programme": "Wasserprogramm",
    }
    fields.update(overrides)
    project = make_project(
        themes=[make_theme("governance")],
        topics=[make_theme("digitalisierung", kind="topic")],
        laender=[make_land(), make_land("DE-BW", "Baden-Württemberg", "Baden-Württemberg")],
        countries=[make_country("UG"), make_country("KE")],
        **fields,
    )
    Participation.objects.create(
        project=project,
        organisation=make_organisation("uni-leipzig", acronym="UL"),
        role=Participation.Role.GERMAN_PARTNER,
    )
    Participation.objects.create(
        project=project,
        organisation=make_organisation(
            "nwsc",
            name_de="National Water and Sewerage Corporation",
            country="UG",
            kind="authority",
        ),
        role=Participation.Role.PARTNER_COUNTRY_PARTNER,
    )
    InKindContribution.objects.create(project=project, land=make_land(), kind="staff")
    ProjectLink.objects.create(
        project=project, url="https://example.org/wasser", label_de="Bericht", label_en="Report"
    )
    ProjectResult.objects.create(
        project=project,
        indicator_de="Ausgebildete Fachkräfte",
        indicator_en="Trained staff",
        unit_de="Personen",
        baseline=Decimal("0"),
        target=Decimal("40"),
        achieved=Decimal("35"),
        measured_on=datetime.date(2024, 12, 31),
        narrative_de="Gut vorangekommen.",
    )
    return project
