"""Property-based fuzzing: random and hostile query strings and slugs against every public URL.

Never a 500 (the test client re-raises any exception a view lets escape), never a traceback
in the body. Bounded: 50 examples per URL, derandomised so CI runs are repeatable.
"""

from urllib.parse import quote, urlencode

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

HOSTILE = [
    "'",
    '"',
    '"><svg onload=alert(1)>',
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "1; DROP TABLE projects_project",
    "%00",
    "\x00",
    "\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "9" * 40,
    "-1",
    "0",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "2024-13-45",
    "２０２４",
    "ß" * 300,
    "a" * 5000,
    "{{7*7}}",
    "{% debug %}",
    "${jndi:ldap://x}",
    "%",
    "%%",
    "[]",
    "null",
    "true",
    "de-sn,de-by",
    "DE-SN",
    "governance",
]
# The parameters the public lists, search and API understand, and a few they do not.
KEYS = [
    "q",
    "sort",
    "from",
    "to",
    "page",
    "page_size",
    "theme",
    "topic",
    "land",
    "country",
    "region",
    "status",
    "phase",
    "sdg",
    "gender",
    "lang",
    "format",
    "language",
    "next",
    "page[]",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers().map(str))
PARAMS = st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), TEXT), VALUES), max_size=6)
SEGMENT = st.one_of(st.sampled_from(HOSTILE), TEXT.filter(bool))


def _optional(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _public_urls():
    urls = {}
    for language in ("de", "en"):
        with translation.override(language):
            urls[f"home-{language}"] = reverse("home")
            urls[f"list-{language}"] = reverse("projects:list")
        with translation.override(language):
            urls[f"statistics-{language}"] = _optional("statistics")
    with translation.override("de"):
        urls.update(
            {
                "detail": reverse("projects:detail", args=["sachsen-mosambik-bergbausicherheit"]),
                "theme": reverse("themes:detail", args=["governance"]),
                "laender": _optional("partners:laender"),
                "countries": _optional("partners:countries"),
                "land": reverse("partners:land", args=["de-sn"]),
                "country": reverse("partners:country", args=["mz"]),
                "about": _optional("pages:about", "ziele"),
                "legal": _optional("pages:legal", "impressum"),
                "open-data": _optional("opendata:index"),
                "csv": _optional("opendata:projects_csv"),
                "feed": _optional("opendata:feed"),
                "theme-feed": _optional("opendata:theme_feed", "governance"),
            }
        )
    urls.update(
        {
            "api-projects": "/api/projects",
            "api-project": "/api/projects/sachsen-mosambik-bergbausicherheit",
            "api-themes": "/api/themes",
            "api-laender": "/api/laender",
            "iati": _optional("opendata_api:iati_activities"),
            "sitemap": "/sitemap.xml",
            "robots": "/robots.txt",
        }
    )
    return urls


def _assert_no_error(response, url):
    assert response.status_code < 500, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Traceback" not in body, url
    assert b'id="traceback"' not in body, url


URL_NAMES = list(_public_urls())


@pytest.mark.parametrize("name", URL_NAMES)
def test_hostile_query_strings_never_break_a_public_url(client, demo_data, name):
    path = _public_urls()[name]
    if path is None:
        pytest.skip(f"{name} is not wired in this checkout")

    @FUZZ
    @given(params=PARAMS)
    def run(params):
        url = f"{path}?{urlencode(params)}" if params else path
        _assert_no_error(client.get(url), url)

    run()


SLUG_ROUTES = {
    "project": ("projects:detail", "{}"),
    "theme": ("themes:detail", "{}"),
    "land": ("partners:land", "{}"),
    "country": ("partners:country", "{}"),
}


@pytest.mark.parametrize("kind", list(SLUG_ROUTES))
def test_random_slugs_give_404_not_500(client, demo_data, kind):
    name, _ = SLUG_ROUTES[kind]
    with translation.override("de"):
        prefix = reverse(name, args=["x"]).rsplit("x/", 1)[0]

    @FUZZ
    @given(segment=SEGMENT)
    def run(segment):
        url = f"{prefix}{quote(segment, safe='')}/"
        response = client.get(url)
        _assert_no_error(response, url)

    run()


def test_random_language_prefixes_and_paths_never_break(client, demo_data):
    @FUZZ
    @given(prefix=SEGMENT, rest=st.lists(SEGMENT, max_size=3))
    def run(prefix, rest):
        url = "/" + "/".join(quote(part, safe="") for part in [prefix, *rest]) + "/"
        _assert_no_error(client.get(url), url)

    run()


def test_api_slugs_never_break(client, demo_data):
    @FUZZ
    @given(segment=SEGMENT)
    def run(segment):
        url = f"/api/projects/{quote(segment, safe='')}"
        _assert_no_error(client.get(url), url)

    run()
