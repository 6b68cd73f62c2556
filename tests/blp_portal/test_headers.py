"""Security headers on every page type: CSP, nosniff, Referrer-, Permissions-, COOP, frames."""

import pytest
from django.urls import reverse
from django.utils import translation

from blp_portal.lib.security import frameable

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

DETAIL_SLUG = "sachsen-mosambik-bergbausicherheit"


def _page_types():
    with translation.override("de"):
        pages = {
            "home": reverse("home"),
            "list": reverse("projects:list"),
            "list-filtered": reverse("projects:list") + "?q=wasser&sort=-start",
            "detail": reverse("projects:detail", args=[DETAIL_SLUG]),
            "theme": reverse("themes:detail", args=["governance"]),
            "land": reverse("partners:land", args=["de-sn"]),
            "country": reverse("partners:country", args=["mz"]),
            "statistics": reverse("statistics"),
            "about": reverse("pages:about", args=["ziele"]),
            "legal": reverse("pages:legal", args=["impressum"]),
            "not-found": "/de/gibt-es-nicht/",
            "api": reverse("api:list_projects"),
            "feed": reverse("opendata:feed"),
            "admin-login": "/admin/login/",
            "robots": "/robots.txt",
        }
    return pages


def _policy(response):
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return header, directives


def _assert_security_headers(response):
    header, directives = _policy(response)
    assert directives == STRICT_CSP
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "http" not in header  # no third-party host
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in permissions


@pytest.mark.parametrize("page", list(_page_types()))
def test_every_page_type_sends_the_security_headers(client, demo_data, page):
    path = _page_types()[page]
    response = client.get(path)
    assert response.status_code == (404 if page == "not-found" else 200), path
    _assert_security_headers(response)


@pytest.mark.django_db
def test_logged_in_admin_pages_send_the_same_strict_policy(admin_client):
    for path in ["/admin/", "/admin/projects/project/", "/admin/projects/project/add/"]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        _assert_security_headers(response)


@pytest.mark.django_db
def test_hsts_and_secure_cookies_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/admin/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")


def test_production_settings_make_cookies_secure_httponly_samesite():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SECURE_HSTS_SECONDS > 0, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, "
        "s.OTP_REQUIRED)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "blp_portal.settings"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", "True", "True", "Lax", "Lax", "True", "True", "28800", "True"]


@pytest.mark.django_db
def test_session_cookie_of_a_staff_login_is_httponly_lax_and_ends_with_the_browser(
    client, django_user_model
):
    django_user_model.objects.create_user("editor", password="pw-Long-enough-1", is_staff=True)
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": "pw-Long-enough-1"},
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["expires"] == ""  # session cookie: gone when the browser closes
    assert client.session.get_expiry_age() == 8 * 3600


def test_frameable_views_open_frame_ancestors_and_drop_x_frame_options(rf, settings):
    from django.http import HttpResponse
    from django.middleware.clickjacking import XFrameOptionsMiddleware

    from blp_portal.lib.security import SecurityHeadersMiddleware

    view = frameable(lambda request: HttpResponse("embed"))
    stack = SecurityHeadersMiddleware(XFrameOptionsMiddleware(view))
    response = stack(rf.get("/de/projekte/einbetten/"))
    _, directives = _policy(response)
    assert directives["frame-ancestors"] == "*"
    assert directives["script-src"] == "'self'"
    assert "X-Frame-Options" not in response.headers
