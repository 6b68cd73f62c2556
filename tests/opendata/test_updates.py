"""Project updates in the open data: the site's and the project's Atom feeds, the API."""

from datetime import date

import pytest

from projects.updates import ProjectUpdate
from tests.factories import make_land, make_project, make_theme

pytestmark = pytest.mark.django_db


def make_update(project, state="published", **fields):
    fields.setdefault("text_de", "Neuigkeit")
    fields.setdefault("text_en", "News")
    return ProjectUpdate.objects.create(project=project, publication_state=state, **fields)


@pytest.fixture
def catalogue():
    public = make_project(title_de="Offenes Projekt", slug="offen")
    make_update(public, text_de="Veröffentlichte Meldung", date=date(2026, 3, 4))
    make_update(public, "review", text_de="Meldung in Prüfung")
    make_update(public, "draft", text_de="Meldung im Entwurf")
    for state in ("draft", "review", "archived"):
        hidden = make_project(state=state, title_de=f"Verborgen {state}", slug=f"verborgen-{state}")
        make_update(hidden, text_de=f"Meldung von {state}")
    return public


def _leaks(content):
    return [word for word in ("Prüfung", "Entwurf", "Verborgen", "Meldung von") if word in content]


def test_site_feed_lists_published_updates_as_entries(client, catalogue):
    content = client.get("/de/offene-daten/feed/").content.decode()
    assert "Neuigkeit vom 4. März 2026: Offenes Projekt" in content
    assert "Veröffentlichte Meldung" in content
    update = catalogue.updates.get(text_de="Veröffentlichte Meldung")
    assert f"/de/projekte/offen/#update-{update.pk}" in content
    assert not _leaks(content)


def test_project_feed_has_only_that_projects_published_updates(client, catalogue):
    other = make_project(slug="anderes")
    make_update(other, text_de="Fremde Meldung")
    response = client.get("/de/offene-daten/feed/project/offen/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert content.count("<entry>") == 1
    assert "Veröffentlichte Meldung" in content and "Fremde Meldung" not in content
    assert not _leaks(content)


@pytest.mark.parametrize("slug", ["verborgen-draft", "verborgen-review", "verborgen-archived"])
def test_no_feed_for_an_unpublished_project(client, catalogue, slug):
    response = client.get(f"/de/offene-daten/feed/project/{slug}/")
    assert response.status_code == 404
    assert "Meldung" not in response.content.decode()


def test_theme_and_land_feeds_carry_the_updates_of_their_projects(client, catalogue):
    theme_feed = client.get("/de/offene-daten/feed/theme/governance/").content.decode()
    assert "Veröffentlichte Meldung" in theme_feed and not _leaks(theme_feed)
    make_project(themes=[make_theme("umwelt")], laender=[make_land("DE-BY", "Bayern")])
    assert "Meldung" not in client.get("/de/offene-daten/feed/theme/umwelt/").content.decode()
    assert "Meldung" not in client.get("/de/offene-daten/feed/land/de-by/").content.decode()


def test_publishing_an_update_changes_the_feeds_etag(client, catalogue):
    first = client.get("/de/offene-daten/feed/project/offen/")
    ProjectUpdate.objects.filter(text_de="Meldung in Prüfung").get().save()  # still in review
    pending = catalogue.updates.get(text_de="Meldung in Prüfung")
    pending.publication_state = "published"
    pending.save()
    again = client.get(
        "/de/offene-daten/feed/project/offen/", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 200
    assert "Meldung in Prüfung" in again.content.decode()


def test_api_detail_lists_published_updates_newest_first(client, catalogue):
    make_update(catalogue, text_de="Neuere Meldung", text_en="Newer news", date=date(2026, 6, 1))
    data = client.get("/api/projects/offen?lang=en").json()
    assert [u["text"] for u in data["updates"]] == ["Newer news", "News"]
    first = data["updates"][0]
    assert first["date"] == "2026-06-01"
    assert first["url"].startswith("http://testserver/en/projects/offen/#update-")
    assert first["image"] is None and first["link"] is None
    assert not _leaks(str(data))


def test_api_has_no_updates_of_unpublished_projects(client, catalogue):
    for state in ("draft", "review", "archived"):
        assert client.get(f"/api/projects/verborgen-{state}").status_code == 404
    listing = client.get("/api/projects").content.decode()
    assert "Meldung" not in listing


def test_openapi_documents_the_updates(client):
    schema = client.get("/api/openapi.json").json()
    detail = schema["components"]["schemas"]["ProjectDetail"]
    assert "updates" in detail["properties"]
