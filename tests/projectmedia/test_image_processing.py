"""On save an uploaded image is re-encoded without metadata, renamed and resized."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from projects.images import image_renditions
from tests.factories import make_project
from tests.projectmedia.images import GPS_IFD, MAKE, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^projects/[0-9a-f]{32}-1600x1000\.jpg$")


def _with_image(file):
    project = make_project(image_alt_de="Foto", image_alt_en="Photo", image_credit="GIZ")
    project.image = file
    project.save()
    return project


def test_jpeg_is_stored_under_a_random_name_without_exif():
    project = _with_image(upload("Urlaub mit GPS.jpg", jpeg_bytes()))
    assert NAME.match(project.image.name), project.image.name
    with default_storage.open(project.image.name) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (1600, 1000)
        exif = image.getexif()
        assert MAKE not in exif
        assert not exif.get_ifd(GPS_IFD)
        assert "exif" not in image.info


def test_renditions_are_made_for_list_and_detail():
    project = _with_image(upload("photo.jpg", jpeg_bytes()))
    stem = project.image.name.removeprefix("projects/").removesuffix(".jpg")
    for width, height in ((480, 300), (960, 600), (1200, 750)):
        name = f"projects/renditions/{stem}-{width}.webp"
        with default_storage.open(name) as stored, Image.open(stored) as image:
            assert (image.format, image.size) == ("WEBP", (width, height))
            assert not image.getexif()


def test_image_renditions_describe_srcset_without_queries(django_assert_num_queries):
    project = _with_image(upload("photo.jpg", jpeg_bytes()))
    with django_assert_num_queries(0):
        renditions = project.image_renditions
    assert [(r.width, r.height) for r in renditions.renditions] == [
        (480, 300),
        (960, 600),
        (1200, 750),
    ]
    assert renditions.srcset.startswith("/media/projects/renditions/")
    assert renditions.srcset.endswith("-1200.webp 1200w")
    assert renditions.largest.width == 1200


def test_small_image_is_not_enlarged():
    project = _with_image(upload("icon.png", png_bytes(size=(300, 200)), "image/png"))
    assert project.image.name.endswith("-300x200.png")
    renditions = project.image_renditions
    assert [(r.width, r.height) for r in renditions.renditions] == [(300, 200)]


def test_png_keeps_its_transparency():
    project = _with_image(upload("chart.png", png_bytes(), "image/png"))
    with default_storage.open(project.image.name) as stored, Image.open(stored) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((5, 5))[3] == 128


def test_exif_orientation_is_applied_before_it_is_stripped():
    data = jpeg_bytes(size=(400, 200))
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    rotated = io.BytesIO()
    image.save(rotated, "JPEG", exif=exif.tobytes())
    project = _with_image(upload("portrait.jpg", rotated.getvalue()))
    assert project.image.name.endswith("-200x400.jpg")


def test_saving_again_without_a_new_upload_keeps_the_file():
    project = _with_image(upload("photo.jpg", jpeg_bytes()))
    name = project.image.name
    project.title_de = "Neuer Titel"
    project.save()
    project.refresh_from_db()
    assert project.image.name == name


def test_fake_image_cannot_be_saved_by_any_path():
    project = make_project(image_alt_de="Foto", image_alt_en="Photo", image_credit="GIZ")
    project.image = upload("photo.jpg", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        project.save()
    assert not default_storage.exists("projects")


def test_image_stored_before_renditions_existed_has_none():
    project = make_project(image="projects/old-photo.jpg")
    assert image_renditions(project) is None
    assert make_project().image_renditions is None
