"""Shared fixtures: the demo catalogue, role fixtures and test speed-ups."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no page cached by an earlier test is served."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _empty_page_navigation(_empty_cache):
    """The header/footer page list (pages/nav.py) starts cached as empty, like the empty test
    database, so page query counts never include it; saving a Page refreshes it."""
    from pages.nav import remember

    remember([])


@pytest.fixture
def demo_data(db, settings):
    """The full demo catalogue, loaded through the real management command."""
    settings.DEBUG = True
    call_command("load_demo_data", "--no-users", stdout=StringIO())
    settings.DEBUG = False
