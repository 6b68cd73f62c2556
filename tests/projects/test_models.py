from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Project, ProjectLand
from tests.factories import make_land, make_project

pytestmark = pytest.mark.django_db


def test_slug_is_unique():
    make_project(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(slug="same")


def test_database_refuses_end_before_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(start_date=date(2024, 1, 1), end_date=date(2023, 1, 1))


def test_clean_explains_end_before_start():
    project = make_project()
    project.start_date, project.end_date = date(2024, 1, 1), date(2023, 1, 1)
    with pytest.raises(ValidationError) as info:
        project.full_clean()
    assert "end_date" in info.value.message_dict


def test_end_on_start_day_and_open_end_are_allowed():
    make_project(start_date=date(2024, 1, 1), end_date=date(2024, 1, 1))
    make_project(start_date=date(2024, 1, 1), end_date=None)


def test_only_one_lead_land_per_project():
    project = make_project(laender=[make_land("DE-SN", "Sachsen")])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectLand.objects.create(project=project, land=make_land("DE-HB", "Bremen"), is_lead=True)


def test_second_non_lead_land_is_fine_and_lead_comes_first():
    saxony, bremen = make_land("DE-SN", "Sachsen"), make_land("DE-HB", "Bremen")
    project = make_project(laender=[saxony, bremen])
    assert project.lead_land == saxony
    assert project.laender == [saxony, bremen]


def test_same_land_twice_is_refused():
    saxony = make_land()
    project = make_project(laender=[saxony])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectLand.objects.create(project=project, land=saxony)


def test_gender_marker_above_two_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(gender_marker=3)


def test_negative_funding_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_project(bmz_funding=-1)


def test_image_needs_alt_text_and_credit():
    project = make_project()
    project.image = "projects/photo.jpg"
    with pytest.raises(ValidationError) as info:
        project.full_clean()
    assert {"image_alt_de", "image_alt_en", "image_credit"} <= set(info.value.message_dict)


def test_published_at_is_set_once_on_publishing():
    project = make_project(state=Project.PublicationState.DRAFT)
    assert project.published_at is None
    project.publication_state = Project.PublicationState.PUBLISHED
    project.save()
    first = project.published_at
    assert first is not None
    project.save()
    assert project.published_at == first


def test_published_gate_hides_every_other_state():
    published = make_project()
    for state in ("draft", "review", "archived"):
        make_project(state=state)
    assert list(Project.objects.published()) == [published]
