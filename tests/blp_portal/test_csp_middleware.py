"""Our CSPMiddleware builds the settings' policy once per process: it must write exactly the
headers django-csp's own middleware writes, in every case the library distinguishes, and follow
a change of the settings."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as LibraryMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from blp_portal.lib.security import CSPMiddleware

STRICT = {"DIRECTIVES": {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}}
REPORTED = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-reports/"}}


def _response(kind):
    response = HttpResponse("page")
    if kind == "header set":
        response[HEADER] = "default-src 'self'; frame-ancestors *"
    elif kind == "exempt":
        response._csp_exempt = True
        response._csp_exempt_ro = True
    elif kind == "own policy":  # what django-csp's @csp_update leaves on a response
        response._csp_update = {"img-src": ["https://example.org"]}
    return response


def _headers(middleware_class, kind, path="/de/projekte/", nonce=False):
    request = RequestFactory().get(path)
    middleware = middleware_class(lambda request: _response(kind))
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)
    response = middleware.process_response(request, _response(kind))
    return response.get(HEADER), response.get(HEADER_REPORT_ONLY)


@pytest.mark.parametrize("kind", ["plain", "header set", "exempt", "own policy"])
@pytest.mark.parametrize("nonce", [False, True])
@pytest.mark.parametrize(
    "policies",
    [
        {"CONTENT_SECURITY_POLICY": STRICT},
        {"CONTENT_SECURITY_POLICY": STRICT, "CONTENT_SECURITY_POLICY_REPORT_ONLY": REPORTED},
        {"CONTENT_SECURITY_POLICY": {**STRICT, "EXCLUDE_URL_PREFIXES": ["/de/"]}},
    ],
)
def test_the_headers_are_those_of_django_csp(kind, nonce, policies):
    with override_settings(**policies):
        ours = _headers(CSPMiddleware, kind, nonce=nonce)
        theirs = _headers(LibraryMiddleware, kind, nonce=nonce)
    assert ours == theirs
    if (
        kind == "plain"
        and not nonce
        and "EXCLUDE_URL_PREFIXES" not in policies["CONTENT_SECURITY_POLICY"]
    ):
        assert set(ours[0].split("; ")) == {"default-src 'self'", "frame-ancestors 'none'"}


def test_a_changed_setting_changes_the_header():
    with override_settings(CONTENT_SECURITY_POLICY=STRICT):
        first = _headers(CSPMiddleware, "plain")[0]
    looser = {"DIRECTIVES": {**STRICT["DIRECTIVES"], "img-src": ["'self'", "data:"]}}
    with override_settings(CONTENT_SECURITY_POLICY=looser):
        second = _headers(CSPMiddleware, "plain")[0]
    assert first != second
    assert "img-src 'self' data:" in second


def test_a_nonce_asked_for_after_the_header_is_refused():
    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    middleware.process_response(request, HttpResponse())
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


def test_the_portal_uses_this_middleware():
    assert "blp_portal.lib.security.CSPMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
