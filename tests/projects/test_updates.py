"""Project updates: the model, its one public gate and the "Updates" section of the project page."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from projects.updates import ProjectUpdate
from tests.factories import make_project
from tests.projectmedia.images import gif_bytes, jpeg_bytes

pytestmark = pytest.mark.django_db

PUBLISHED, REVIEW, DRAFT = "published", "review", "draft"


def make_update(project, state=PUBLISHED, **fields):
    fields.setdefault("text_de", "Neuigkeit")
    fields.setdefault("text_en", "News")
    return ProjectUpdate.objects.create(project=project, publication_state=state, **fields)


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_published_gate_needs_a_published_update_of_a_published_project():
    public = make_project()
    shown = make_update(public)
    make_update(public, REVIEW)
    make_update(public, DRAFT)
    for state in ("draft", "review", "archived"):
        make_update(make_project(state=state))
    assert list(ProjectUpdate.objects.published()) == [shown]


def test_newest_first_and_published_at_stamped_once():
    project = make_project()
    old = make_update(project, date=date(2025, 3, 1))
    new = make_update(project, date=date(2026, 5, 1))
    assert list(project.updates.published()) == [new, old]
    stamped = old.published_at
    assert stamped is not None
    old.save()
    old.refresh_from_db()
    assert old.published_at == stamped
    assert make_update(project, REVIEW).published_at is None


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://example.org/x", "data:,x"])
def test_link_must_be_http_or_https(link):
    update = ProjectUpdate(project=make_project(), text_de="T", link=link)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "link" in error.value.message_dict


def test_text_is_stored_with_line_feeds():
    update = make_update(make_project(), text_de="Eins\r\n\r\nZwei")
    update.refresh_from_db()
    assert update.text_de == "Eins\n\nZwei"
    with translation.override("de"):  # `paragraphs` reads the text of the active language
        assert update.paragraphs == ["Eins", "Zwei"]


def test_an_image_needs_alt_texts_in_both_languages_and_a_credit(_media):
    image = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    update = ProjectUpdate(project=make_project(), text_de="T", image=image)
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert {"image_alt_de", "image_alt_en", "image_credit"} <= set(error.value.message_dict)


def test_an_uploaded_image_is_checked_and_resized_like_a_project_image(_media):
    image = SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg")
    update = make_update(
        make_project(), image=image, image_alt_de="Foto", image_alt_en="Photo", image_credit="GIZ"
    )
    assert update.image.name.startswith("projects/") and "foto" not in update.image.name
    assert [r.width for r in update.image_renditions.renditions] == [480, 960, 1200]
    with pytest.raises(ValidationError):
        make_update(make_project(), image=SimpleUploadedFile("x.jpg", gif_bytes()))


def test_page_shows_published_updates_newest_first_and_nothing_else(client):
    project = make_project()
    make_update(project, text_de="Ältere Meldung", date=date(2025, 1, 10))
    make_update(project, text_de="Neueste Meldung", date=date(2026, 2, 20))
    make_update(project, REVIEW, text_de="Wartet auf Prüfung")
    make_update(project, DRAFT, text_de="Noch ein Entwurf")
    html = client.get(f"/de/projekte/{project.slug}/").content.decode()
    assert '<h2 id="updates-heading">Neuigkeiten</h2>' in html
    assert html.index("Neueste Meldung") < html.index("Ältere Meldung")
    assert "Wartet auf Prüfung" not in html and "Noch ein Entwurf" not in html
    assert f'href="/de/offene-daten/feed/project/{project.slug}/"' in html


def test_page_without_published_updates_has_no_section(client):
    project = make_project()
    make_update(project, REVIEW)
    html = client.get(f"/de/projekte/{project.slug}/").content.decode()
    assert "updates-heading" not in html


def test_english_page_falls_back_to_the_german_text_marked_as_german(client):
    project = make_project()
    make_update(project, text_de="Nur auf Deutsch", text_en="", link="https://example.org/a")
    html = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert '<h2 id="updates-heading">Updates</h2>' in html
    assert '<div lang="de"><p>Nur auf Deutsch</p></div>' in html
    assert 'href="https://example.org/a"' in html


@pytest.mark.parametrize("state", ["draft", "review", "archived"])
def test_unpublished_project_shows_no_updates_anywhere_on_its_address(client, state):
    project = make_project(state=state)
    make_update(project, text_de="Geheime Meldung")
    response = client.get(f"/de/projekte/{project.slug}/")
    assert response.status_code == 404
    assert "Geheime Meldung" not in response.content.decode()


def test_detail_page_costs_one_query_for_its_updates(client, django_assert_num_queries):
    project = make_project()
    for day in range(1, 6):
        make_update(project, date=date(2026, 1, day))
    client.get(f"/de/projekte/{make_project().slug}/")  # keeps the themes, Länder, countries
    # The page's queries with one for the updates, however many there are: 5 without any
    # (tests/projects/test_detail_view.py).
    with django_assert_num_queries(6):
        response = client.get(f"/de/projekte/{project.slug}/")
    assert response.content.decode().count('class="project-update"') == 5


def test_unpublished_updates_leak_nowhere_public(client):
    project = make_project(title_de="Offenes Projekt")
    make_update(project, REVIEW, text_de="Zauberwort in Prüfung")
    make_update(project, DRAFT, text_de="Zauberwort im Entwurf")
    make_update(make_project(state="draft"), text_de="Zauberwort im verborgenen Projekt")
    pages = [
        f"/de/projekte/{project.slug}/",
        "/de/projekte/",
        "/de/projekte/?q=Zauberwort",
        "/sitemap.xml",
        "/de/offene-daten/feed/",
        f"/de/offene-daten/feed/project/{project.slug}/",
        f"/api/projects/{project.slug}",
        "/api/projects?q=Zauberwort",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        if url.startswith("/api/"):
            content = json.dumps(response.json(), ensure_ascii=False)
        for text in ("in Prüfung", "im Entwurf", "im verborgenen Projekt"):
            assert f"Zauberwort {text}" not in content, url
