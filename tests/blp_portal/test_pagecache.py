"""The anonymous page cache: hits, immediate invalidation, never for editors, ETag/304."""

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from blp_portal.lib.cachetags import CONTENT, EVERYTHING, TAG_KEY, bump_generation, versions
from blp_portal.lib.pagecache import AnonymousPageCacheMiddleware
from projects.models import Project
from tests.factories import make_project, make_theme

pytestmark = pytest.mark.django_db

LIST = "/de/projekte/"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The page cache on, as in production with Redis. The tests' local-memory cache is one
    process only, which is all a test needs (outside tests, check blp_portal.E001 refuses it)."""
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_request_is_a_cache_hit_without_queries(client, django_assert_num_queries):
    make_project(title_de="Wasser für Kampala")
    first = client.get(LIST)
    assert first["X-Page-Cache"] == "miss"
    # A hit reads the generation and the page from the cache: no SQL at all.
    with django_assert_num_queries(0):
        second = client.get(LIST)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Wasser für Kampala" in second.content.decode()


PER_REQUEST_HEADERS = {"Date", "X-Page-Cache", "X-Request-ID"}


@pytest.mark.parametrize("path", [LIST, "/en/projects/", "/de/einbetten/projekte/"])
def test_a_hit_answers_with_the_headers_of_the_rendered_page(client, path):
    """A hit skips the middlewares after the page cache (the security headers, the CSP,
    sessions, language, CSRF, messages, X-Frame-Options): what they add to a page is stored
    with it and comes back on a hit."""
    make_project(title_de="Wasser für Kampala")
    first = client.get(path)
    second = client.get(path)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content

    def headers(response):
        return {k: v for k, v in response.items() if k not in PER_REQUEST_HEADERS}

    assert headers(second) == headers(first)
    assert second["Content-Language"] == path.split("/")[1]
    assert second["Content-Length"] == str(len(second.content))
    if "einbetten" in path:  # the embed stays frameable
        assert (
            "X-Frame-Options" not in second
            and "frame-ancestors *" in second["Content-Security-Policy"]
        )
    else:
        assert second["X-Frame-Options"] == "DENY"


def test_edit_of_a_published_project_is_visible_at_once(client):
    project = make_project(title_de="Alter Titel")
    assert "Alter Titel" in client.get(project.get_absolute_url()).content.decode()
    project.title_de = "Neuer Titel"
    project.save()
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Neuer Titel" in html
    assert "Alter Titel" not in html


def test_publishing_a_draft_lists_it_at_once(client):
    draft = make_project(title_de="Bald öffentlich", state=Project.PublicationState.DRAFT)
    assert "Bald öffentlich" not in client.get(LIST).content.decode()
    draft.publication_state = Project.PublicationState.PUBLISHED
    draft.save()
    assert "Bald öffentlich" in client.get(LIST).content.decode()


def test_unpublishing_removes_the_project_at_once(client):
    project = make_project(title_de="Zurückgezogen")
    assert client.get(project.get_absolute_url()).status_code == 200
    project.publication_state = Project.PublicationState.DRAFT
    project.save()
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Zurückgezogen" not in client.get(LIST).content.decode()


def test_changing_a_projects_themes_updates_the_filtered_list_at_once(client):
    governance, climate = make_theme("governance"), make_theme("umwelt-klima-energie")
    project = make_project(title_de="Themenwechsel", themes=[governance])
    assert "Themenwechsel" not in client.get(f"{LIST}?theme=umwelt-klima-energie").content.decode()
    project.themes.add(climate)  # m2m_changed only, no save of the project
    assert "Themenwechsel" in client.get(f"{LIST}?theme=umwelt-klima-energie").content.decode()


def test_renaming_a_theme_updates_cached_pages(client):
    theme = make_theme("governance", name_de="Regierungsführung")
    make_project(themes=[theme])
    assert "Regierungsführung" in client.get(LIST).content.decode()
    theme.name_de = "Gute Regierungsführung"
    theme.save()
    assert "Gute Regierungsführung" in client.get(LIST).content.decode()


def test_deleting_a_project_removes_it_at_once(client):
    project = make_project(title_de="Gelöscht")
    assert "Gelöscht" in client.get(LIST).content.decode()
    project.delete()
    assert "Gelöscht" not in client.get(LIST).content.decode()


def test_logged_in_user_gets_an_uncached_private_page(client):
    make_project(title_de="Öffentlich")
    anonymous = client.get(LIST)
    assert anonymous["X-Page-Cache"] == "miss"
    user = get_user_model().objects.create_user("redaktion", password="x")
    client.force_login(user)
    for _ in range(2):
        response = client.get(LIST)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
        assert response.context is not None  # rendered, not replayed


def test_request_with_a_messages_cookie_is_not_served_from_cache(client):
    client.get(LIST)
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(LIST)


def test_cached_page_varies_on_cookie_and_must_be_revalidated(client):
    response = client.get(LIST)
    assert "Cookie" in response["Vary"]
    assert "max-age=0" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_a_shared_cache_may_keep_anonymous_pages_briefly(client, settings):
    settings.SHARED_CACHE_SECONDS = 60
    directives = {part.strip() for part in client.get(LIST)["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=60"}
    # never a page of someone logged in
    client.force_login(get_user_model().objects.create_user("redaktion", password="x"))
    assert "private" in client.get(LIST)["Cache-Control"]


def test_matching_etag_gives_304_on_hit_and_miss(client):
    make_project()
    first = client.get(LIST)
    etag = first["ETag"]
    assert etag and first["Last-Modified"]
    not_modified = client.get(LIST, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    # After an unrelated change the page is rendered anew; the same HTML keeps its ETag.
    bump_generation()
    again = client.get(LIST, headers={"if-none-match": etag})
    assert again.status_code == 304


def test_if_modified_since_gives_304(client):
    first = client.get(LIST)
    response = client.get(LIST, headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 304


def test_changed_content_gives_200_for_an_old_etag(client):
    project = make_project(title_de="Eins")
    etag = client.get(LIST)["ETag"]
    project.title_de = "Zwei"
    project.save()
    response = client.get(LIST, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_page_cache_off_still_answers_304(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(LIST)
    assert "X-Page-Cache" not in first
    assert client.get(LIST, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_admin_and_healthz_are_never_cached(client):
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/healthz")


def test_static_and_uploaded_files_pass_the_page_cache_by(settings):
    """The page cache comes before WhiteNoise: a static file must not cost a cache look-up."""
    from django.templatetags.static import static

    excluded = tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)
    assert static("css/portal.css").startswith(excluded)
    assert settings.MEDIA_URL.startswith(excluded)
    names = settings.MIDDLEWARE
    cache = names.index("blp_portal.lib.pagecache.AnonymousPageCacheMiddleware")
    assert cache < names.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert cache < names.index("blp_portal.lib.security.CSPMiddleware")


def test_not_found_pages_are_not_cached(client):
    assert "X-Page-Cache" not in client.get("/de/projekte/gibt-es-nicht/")


# The middleware's response rules, with a view of our own.


def _middleware(view):
    return AnonymousPageCacheMiddleware(view)


def _get(path="/de/x/"):
    request = RequestFactory().get(path)
    request._messages = CookieStorage(request)
    return request


def test_response_that_sets_a_cookie_is_not_cached():
    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("tracking", "1")
        return response

    middleware = _middleware(view)
    middleware(_get())
    assert "X-Page-Cache" not in middleware(_get())


def test_response_with_a_new_message_is_not_cached():
    def view(request):
        messages.info(request, "Saved")
        return HttpResponse("hello")

    middleware = _middleware(view)
    middleware(_get())
    assert "X-Page-Cache" not in middleware(_get())


def test_response_using_a_csrf_token_is_not_cached():
    def view(request):
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
        return HttpResponse("<form>")

    middleware = _middleware(view)
    middleware(_get())
    assert "X-Page-Cache" not in middleware(_get())


def test_response_varying_on_accept_is_not_cached():
    def view(request):
        response = HttpResponse("{}")
        response["Vary"] = "Accept"
        return response

    middleware = _middleware(view)
    middleware(_get())
    assert "X-Page-Cache" not in middleware(_get())


def test_plain_response_is_cached():
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("hello")

    middleware = _middleware(view)
    middleware(_get())
    assert middleware(_get())["X-Page-Cache"] == "hit"
    assert len(calls) == 1


def _version(tag=EVERYTHING):
    return versions([tag])[TAG_KEY + tag]


def test_editors_post_alone_makes_no_page_stale():
    """Writes make pages stale through the tags of what they wrote, not because an editor
    posted something (a log-in, a preview, a search in the admin change nothing public)."""
    user = get_user_model().objects.create_user("redaktion", password="x")
    before = _version(CONTENT), _version(EVERYTHING)
    request = RequestFactory().post("/admin/projects/project/", {"action": "publish"})
    request.user = user
    _middleware(lambda request: HttpResponse(status=302))(request)
    assert (_version(CONTENT), _version(EVERYTHING)) == before


def test_bump_survives_a_lost_version():
    from django.core.cache import cache

    first = _version()
    cache.clear()
    bump_generation()
    assert _version() != first
