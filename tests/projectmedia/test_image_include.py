"""templates/projects/_image.html and the cache headers of renditions."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from projectmedia.views import serve_media
from tests.factories import make_project
from tests.projectmedia.images import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    project = make_project(
        image_alt_de="Solaranlage", image_alt_en="Solar plant", image_credit="GIZ / J. Doe"
    )
    project.image = upload("photo.jpg", jpeg_bytes())
    project.save()
    return project


def _render(project, variant):
    return render_to_string("projects/_image.html", {"project": project, "variant": variant})


def test_detail_variant_has_srcset_sizes_dimensions_alt_and_credit(project):
    html = _render(project, "detail")
    renditions = project.image_renditions
    assert f'srcset="{renditions.srcset}"' in html
    assert 'sizes="(min-width: 75rem) 1200px, 100vw"' in html
    assert 'width="1200" height="750"' in html
    assert 'alt="Solar plant"' in html
    assert "<figcaption>Image: GIZ / J. Doe</figcaption>" in html


def test_card_variant_starts_small_and_loads_lazily(project):
    html = _render(project, "card")
    assert 'width="480" height="300"' in html
    assert 'loading="lazy"' in html
    assert "<figure" not in html


def test_withheld_image_is_not_shown(project):
    project.withheld_fields = ["image"]
    assert _render(project, "detail").strip() == ""
    assert _render(project, "card").strip() == ""


def test_no_image_renders_nothing():
    assert _render(make_project(), "detail").strip() == ""


def test_renditions_are_served_with_a_long_immutable_cache_header(project, settings):
    path = project.image_renditions.smallest.url.removeprefix(settings.MEDIA_URL)
    request = RequestFactory().get(f"/media/{path}")
    response = serve_media(request, path, document_root=settings.MEDIA_ROOT)
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_original_is_served_without_the_immutable_header(project, settings):
    request = RequestFactory().get(f"/media/{project.image.name}")
    response = serve_media(request, project.image.name, document_root=settings.MEDIA_ROOT)
    response.close()
    assert response.status_code == 200
    assert "immutable" not in response.get("Cache-Control", "")
