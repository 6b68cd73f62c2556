"""Which cached pages a save makes stale (blp_portal.lib.cachetags): exactly the pages that
show what was saved, and every page it makes stale shows the new content at once."""

import json

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation

from blp_portal.lib.cachetags import bump_generation, bump_tags, depends_on
from blp_portal.lib.pagecache import AnonymousPageCacheMiddleware
from editorial import snapshot, workflow
from editorial.models import ChangeRequest
from pages.models import Page
from projects.models import Project
from projects.updates import ProjectUpdate
from tests.editorial.conftest import complete_project
from tests.factories import make_phase

pytestmark = pytest.mark.django_db
State = Project.PublicationState
HTML = {"home", "list", "themes", "a", "b", "page"}
API = {"api_list", "api_a"}
# what a change of project A that lists show makes stale
LISTED_A = {"home", "list", "themes", "a", "api_list", "api_a"}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def site(land_a):
    a = complete_project(land_a, slug="projekt-a", title_de="Projekt Alpha")
    b = complete_project(land_a, slug="projekt-b", title_de="Projekt Beta")
    page = Page.objects.create(
        slug="programm", kind="about", title_de="Über das Programm", body_de="Erster Text"
    )
    urls = {
        "home": "/de/",
        "list": "/de/projekte/",
        "themes": "/de/themen/",
        "a": a.get_absolute_url(),
        "b": b.get_absolute_url(),
        "page": page.get_absolute_url(),
        "api_list": "/api/projects?lang=de",
        "api_a": f"/api/projects/{a.slug}?lang=de",
    }
    return {"a": a, "b": b, "page": page, "urls": urls}


def _fetch_all(site):
    anonymous = Client()
    return {name: anonymous.get(url) for name, url in site["urls"].items()}


def _warm(site):
    _fetch_all(site)
    responses = _fetch_all(site)
    assert {n: r["X-Page-Cache"] for n, r in responses.items()} == dict.fromkeys(
        site["urls"], "hit"
    )


def _rendered_after(site, change):
    """Warm every page, make the change, and return (names of the pages rendered anew, the
    responses)."""
    _warm(site)
    change()
    responses = _fetch_all(site)
    return {n for n, r in responses.items() if r.get("X-Page-Cache") != "hit"}, responses


def _text(response):
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def test_every_page_is_cached_with_its_dependencies(site):
    _warm(site)


def test_a_description_only_makes_that_project_and_the_full_open_data_stale(site):
    a = site["a"]
    rendered, pages = _rendered_after(site, lambda: _save(a, description_de="Neu beschrieben"))
    assert rendered == {"a", "api_list", "api_a"}
    for name in rendered:
        assert "Neu beschrieben" in _text(pages[name]), name


def test_a_title_makes_the_lists_stale_but_not_other_projects_or_pages(site):
    a = site["a"]
    rendered, pages = _rendered_after(site, lambda: _save(a, title_de="Projekt Aleph"))
    assert rendered == LISTED_A
    for name in rendered - {"themes"}:  # the theme index counts projects, names none
        assert "Projekt Aleph" in _text(pages[name]), name


def test_unpublishing_removes_the_project_everywhere_at_once(site):
    a = site["a"]
    rendered, pages = _rendered_after(site, lambda: _save(a, publication_state=State.DRAFT))
    assert rendered == LISTED_A
    assert pages["a"].status_code == 404 and pages["api_a"].status_code == 404
    for name in ("home", "list", "api_list"):
        assert "Projekt Alpha" not in _text(pages[name]), name
    # and back at once
    _save(a, publication_state=State.PUBLISHED)
    pages = _fetch_all(site)
    assert "Projekt Alpha" in _text(pages["a"]) and pages["api_a"].status_code == 200
    assert "Projekt Alpha" in _text(pages["list"])


def test_a_published_update_makes_its_project_stale(site):
    a = site["a"]

    def publish_update():
        ProjectUpdate.objects.create(
            project=a, text="Brunnen eingeweiht", publication_state=State.PUBLISHED
        )

    rendered, pages = _rendered_after(site, publish_update)
    assert rendered == LISTED_A
    assert "Brunnen eingeweiht" in _text(pages["a"])
    assert "Brunnen eingeweiht" in _text(pages["api_a"])


def test_a_content_pages_text_makes_only_that_page_stale(site):
    page = site["page"]
    rendered, pages = _rendered_after(site, lambda: _save(page, body_de="Zweiter Text"))
    assert rendered == {"page"}
    assert "Zweiter Text" in _text(pages["page"])


def test_a_content_pages_title_makes_every_page_with_the_menu_stale(site):
    page = site["page"]
    rendered, pages = _rendered_after(site, lambda: _save(page, title_de="Das Programm"))
    assert rendered == HTML  # the header's menu names it; the API does not
    for name in HTML:
        assert "Das Programm" in _text(pages[name]), name


def test_a_theme_name_makes_every_catalogue_page_stale(site):
    theme = site["a"].themes.get()
    rendered, pages = _rendered_after(site, lambda: _save(theme, name_de="Gute Führung"))
    assert rendered == HTML - {"page"} | API
    for name in ("list", "a", "b", "themes", "api_a"):
        assert "Gute Führung" in _text(pages[name]), name


def test_a_bulk_admin_action_makes_the_changed_projects_stale(site, users):
    editor = Client()
    editor.force_login(users["editor"])
    new_phase = make_phase(slug="blp-iv", start_year=2028, end_year=2032)

    def bulk_change():
        response = editor.post(
            "/admin/projects/project/",
            {
                "action": "change_selected",
                "_selected_action": [site["b"].pk],
                "apply": "yes",
                "status": Project.Status.COMPLETED,
                "phase": new_phase.pk,
            },
        )
        assert response.status_code == 302

    rendered, pages = _rendered_after(site, bulk_change)
    assert rendered == {"home", "list", "themes", "b", "api_list"}
    with translation.override("de"):
        completed = str(Project.Status.COMPLETED.label)
    assert completed in _text(pages["b"]) and completed not in _text(pages["a"])


def test_an_approved_change_request_makes_its_project_stale(site, users):
    a = site["a"]
    relations = admin.site._registry[Project].inline_relations()
    proposed = snapshot.from_object(a, relations)
    proposed["fields"]["title_de"] = "Projekt Alpha (geändert)"
    change = ChangeRequest.objects.create(project=a, proposed=proposed)
    rendered, pages = _rendered_after(
        site, lambda: workflow.approve(change, users["editor"], relations)
    )
    assert rendered == LISTED_A
    for name in ("list", "a", "api_list", "api_a"):
        assert "Projekt Alpha (geändert)" in _text(pages[name]), name


def test_bump_generation_makes_every_page_stale(site):
    rendered, _pages = _rendered_after(site, bump_generation)
    assert rendered == HTML | API


def test_a_draft_never_shows(site, land_a):
    def add_draft():
        complete_project(land_a, slug="entwurf", title_de="Geheimer Entwurf", state=State.DRAFT)

    _rendered, pages = _rendered_after(site, add_draft)
    for name, response in pages.items():
        assert "Geheimer Entwurf" not in _text(response), name
    assert Client().get("/de/projekte/entwurf/").status_code == 404
    assert Client().get("/api/projects/entwurf").status_code == 404


def test_api_hits_count_against_the_rate_limit(site, settings):
    settings.OPENDATA_RATE_LIMIT = 3
    settings.OPENDATA_RATE_WINDOW = 3600
    client = Client(REMOTE_ADDR="203.0.113.7")
    responses = [client.get("/api/themes") for _ in range(4)]
    assert [r.get("X-Page-Cache") for r in responses[:3]] == ["miss", "hit", "hit"]
    assert responses[3].status_code == 429 and responses[3]["Retry-After"]
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/themes")["X-Page-Cache"] == "hit"


def test_api_requests_with_credentials_are_never_cached(site):
    client = Client(headers={"authorization": "Bearer x"})
    for _ in range(2):
        response = client.get("/api/projects")
        assert response.status_code == 200 and "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]


def test_api_answers_may_be_kept_by_a_shared_cache_and_revalidated(site, settings):
    settings.SHARED_CACHE_SECONDS = 30
    first = Client().get("/api/projects")
    directives = {part.strip() for part in first["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=30", "stale-while-revalidate=30"}
    again = Client().get("/api/projects", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert first["Last-Modified"] and "Cookie" in first["Vary"]


def test_a_page_made_while_content_was_written_is_not_kept():
    """It may show the state before the write, with the versions after it: served once, never
    stored (the next request renders it again)."""
    writes = []

    def view(request):
        depends_on(request, "projects.project:1")
        if not writes:
            writes.append(1)
            bump_tags("themes.theme:7")  # another request saves something while this renders
        return HttpResponse("page")

    middleware = AnonymousPageCacheMiddleware(view)
    results = [middleware(RequestFactory().get("/de/x/"))["X-Page-Cache"] for _ in range(3)]
    assert results == ["miss", "miss", "hit"]


def test_a_process_own_copy_is_served_only_while_the_shared_tags_are_current(site):
    """The copy a server process keeps of a page spares the shared cache's transfer, never its
    check: another process's write (here: bumping the tags in the shared cache directly, without
    this process's signals) makes the next request a miss even though the copy is still held."""
    from django.core.cache import cache

    from blp_portal.lib import pagecache

    url = site["urls"]["a"]
    anonymous = Client()
    pagecache._local.entries.clear()
    anonymous.get(url)
    assert anonymous.get(url)["X-Page-Cache"] == "hit"
    [key] = pagecache._local.entries
    # The shared entry gone (evicted, say): the process's own copy still answers.
    cache.delete(key)
    assert anonymous.get(url)["X-Page-Cache"] == "hit"

    bump_tags(f"projects.project:{site['a'].pk}")
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
