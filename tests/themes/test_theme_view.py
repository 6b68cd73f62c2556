import pytest

from tests.factories import make_project, make_theme

pytestmark = pytest.mark.django_db


def test_theme_page_shows_long_text_and_its_published_projects(client):
    theme = make_theme("governance", long_text_de="Erster Absatz.\n\nZweiter Absatz.")
    other = make_theme("umwelt-klima-energie")
    make_project(title_de="Im Thema", themes=[theme])
    make_project(title_de="Anderes Thema", themes=[other])
    make_project(title_de="Entwurf im Thema", themes=[theme], state="draft")
    response = client.get("/de/themen/governance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Zweiter Absatz.</p>" in html
    assert "Im Thema" in html
    assert "Anderes Thema" not in html
    assert "Entwurf im Thema" not in html
    assert response.context["project_count"] == 1


def test_topic_page_lists_projects_with_that_topic(client):
    topic = make_theme("gendergerechtigkeit", kind="topic")
    make_project(title_de="Mit Gender", topics=[topic])
    response = client.get("/de/themen/gendergerechtigkeit/")
    assert "Mit Gender" in response.content.decode()
    assert 'href="/de/projekte/?topic=gendergerechtigkeit"' in response.content.decode()


def test_unknown_theme_is_404(client):
    assert client.get("/de/themen/unbekannt/").status_code == 404
