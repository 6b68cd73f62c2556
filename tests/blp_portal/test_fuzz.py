"""Property-based fuzzing: random and hostile query strings and slugs against every public URL.

Never a 500 (the test client re-raises any exception a view lets escape), never a traceback
in the body. Bounded: 50 examples per URL, derandomised so CI runs are repeatable.
"""

from itertools import product
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
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
# Integers at the edges of the 64-bit column types and beyond: an integer past 64 bits made
# SQLite's driver raise OverflowError (a 500) for ?sdg=9223372036854775808.
BOUNDARY_INTEGERS = [
    2**63,
    -(2**63),
    2**63 - 1,
    -(2**63) - 1,
    2**64,
    -(2**64),
    10**30,
    -(10**30),
    -1,
    0,
    1,
]
# Every numeric parameter of the list, the embed, the downloads and the API.
NUMERIC_KEYS = ["sdg", "from", "to", "page", "page_size"]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
INTEGERS = st.one_of(
    st.sampled_from(BOUNDARY_INTEGERS), st.integers(), st.integers(-(2**80), 2**80)
).map(str)
VALUES = st.one_of(st.sampled_from(HOSTILE), TEXT, INTEGERS)
PARAMS = st.one_of(
    st.lists(st.tuples(st.one_of(st.sampled_from(KEYS), TEXT), VALUES), max_size=6),
    st.lists(st.tuples(st.sampled_from(NUMERIC_KEYS), INTEGERS), min_size=1, max_size=4),
)
SEGMENT = st.one_of(st.sampled_from(HOSTILE), TEXT.filter(bool))


DETAIL_SLUG = "sachsen-mosambik-bergbausicherheit"


def _public_urls():
    urls = {}
    for language in ("de", "en"):
        with translation.override(language):
            urls[f"home-{language}"] = reverse("home")
            urls[f"list-{language}"] = reverse("projects:list")
            urls[f"statistics-{language}"] = reverse("statistics")
    with translation.override("de"):
        urls.update(
            {
                "detail": reverse("projects:detail", args=[DETAIL_SLUG]),
                "theme": reverse("themes:detail", args=["governance"]),
                "laender": reverse("partners:laender"),
                "countries": reverse("partners:countries"),
                "land": reverse("partners:land", args=["de-sn"]),
                "country": reverse("partners:country", args=["mz"]),
                "about": reverse("pages:about", args=["ziele"]),
                "legal": reverse("pages:legal", args=["impressum"]),
                "embed-list": reverse("embed:list"),
                "embed-card": reverse("embed:card", args=[DETAIL_SLUG]),
                "document": reverse("projectmedia:document", args=[1]),
                "open-data": reverse("opendata:index"),
                "csv": reverse("opendata:projects_csv"),
                "xlsx": reverse("opendata:projects_xlsx"),
                "project-csv": reverse("opendata:project_csv", args=[DETAIL_SLUG]),
                "feed": reverse("opendata:feed"),
                "theme-feed": reverse("opendata:theme_feed", args=["governance"]),
                "land-feed": reverse("opendata:land_feed", args=["de-sn"]),
            }
        )
    urls.update(
        {
            "api-projects": reverse("api:list_projects"),
            "api-project": f"/api/projects/{DETAIL_SLUG}",
            "api-themes": "/api/themes",
            "api-topics": "/api/topics",
            "api-laender": "/api/laender",
            "api-countries": "/api/countries",
            "api-organisations": "/api/organisations",
            "api-phases": "/api/phases",
            "api-docs": reverse("opendata_api:docs"),
            "iati": reverse("opendata_api:iati_activities"),
            "iati-project": reverse("opendata_api:iati_project", args=[DETAIL_SLUG]),
            "sitemap": "/sitemap.xml",
            "robots": "/robots.txt",
            "healthz": "/healthz",
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
    "embed-card": ("embed:card", "{}"),
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


# The URLs that read the list's numeric parameters (`project_filter()`, the page, the API's
# paging), and how each answers an integer it cannot use: the list ignores a filter value with
# a message, a page past the end is a 404, the downloads ignore what they do not understand,
# the API answers 400.
NUMERIC_URLS = ["list-de", "embed-list", "csv", "xlsx", "api-projects"]


def _expected_status(name, key, value):
    if name == "api-projects":
        if key == "page_size":
            return 200 if 1 <= value <= 100 else 400
        if key == "page":
            return 200 if value == 1 else 400  # 2 to 1,000,000 would be 404 (past the end)
        return 200 if key == "sdg" and value == 1 else 400  # SDG 1 is in the demo catalogue
    if key == "page" and name in ("list-de", "embed-list"):
        return 200 if value >= 1 else 404  # past the end: the last page, with a note
    return 200


@pytest.mark.parametrize("name", NUMERIC_URLS)
def test_boundary_integers_in_every_numeric_parameter(client, demo_data, settings, name):
    settings.OPENDATA_RATE_LIMIT = 0  # up to 110 requests: the rate limit is not tested here
    path = _public_urls()[name]
    # DEBUG on and off for the pages (error pages differ); the downloads once (slow)
    debugs = [False] if name in ("csv", "xlsx") else [False, True]
    for debug, key, value in product(debugs, NUMERIC_KEYS, BOUNDARY_INTEGERS):
        settings.DEBUG = debug
        url = f"{path}?{urlencode({key: value})}"
        response = client.get(url)
        _assert_no_error(response, url)
        assert response.status_code == _expected_status(name, key, value), url
        if name == "list-de" and key in ("sdg", "from", "to"):
            # understood only inside the bounds (SDG 1 to 17, years 1900 to 2100)
            assert bool(response.context["invalid_filters"]) == (key != "sdg" or value != 1)
