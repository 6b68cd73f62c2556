"""The admin's project form: the image field checks content, alt texts and credit are required."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from projects.models import Project
from tests.factories import make_project
from tests.projectmedia.images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def _form(project, files, **changes):
    """The ProjectAdmin change form bound to the project's current values plus `changes`."""
    model_admin = admin.site._registry[Project]
    request = RequestFactory().post("/admin/")
    request.user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    form_class = model_admin.get_form(request, project, change=True)
    data = {}
    for name, field in form_class.base_fields.items():
        value = field.prepare_value(getattr(project, name, None)) if hasattr(project, name) else ""
        if name in ("themes", "topics", "sdgs", "partner_countries"):
            value = [obj.pk for obj in getattr(project, name).all()]
        if value is not None and name != "image":
            data[name] = value
    data.update(changes)
    return form_class(data=data, files=files, instance=project)


def test_real_image_with_both_alt_texts_and_credit_is_accepted():
    project = make_project()
    form = _form(
        project,
        {"image": upload("photo.jpg", jpeg_bytes())},
        image_alt_de="Zwei Menschen an einer Solaranlage",
        image_alt_en="Two people at a solar plant",
        image_credit="GIZ / Jane Doe",
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.image.name.startswith("projects/")
    assert saved.image_renditions.largest.width == 1200


def test_fake_image_gets_the_content_message():
    form = _form(
        make_project(),
        {"image": upload("photo.jpg", b"GIF89a but really text")},
        image_alt_de="Foto",
        image_alt_en="Photo",
        image_credit="GIZ",
    )
    assert not form.is_valid()
    assert "not a JPEG, PNG or WebP image" in form.errors["image"][0]


def test_missing_english_alt_text_is_rejected():
    form = _form(
        make_project(),
        {"image": upload("photo.jpg", jpeg_bytes())},
        image_alt_de="Foto",
        image_alt_en="",
        image_credit="GIZ",
    )
    assert not form.is_valid()
    assert form.errors["image_alt_en"] == ["An image needs an English alt text."]
    assert "image_alt_de" not in form.errors


def test_missing_credit_and_german_alt_text_are_rejected():
    form = _form(
        make_project(),
        {"image": upload("photo.jpg", jpeg_bytes())},
        image_alt_de=" ",
        image_alt_en="Photo",
        image_credit="",
    )
    assert not form.is_valid()
    assert form.errors["image_alt_de"] == ["An image needs a German alt text."]
    assert form.errors["image_credit"] == ["An image needs a credit."]
