"""Shared fixtures: the personas of every role, the demo catalogue and test speed-ups."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial.models import Coordinator
from editorial.scope import COORDINATORS, EDITORS
from tests.factories import make_land


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


# The personas: who uses the portal, one fixture per role -----------------------------------

ROLES = ["anonymous", "coordinator_a", "coordinator_b", "editor", "superuser"]


@pytest.fixture
def land_a(db):
    return make_land("DE-SN", "Sachsen", "Saxony")


@pytest.fixture
def land_b(db):
    return make_land("DE-BY", "Bayern", "Bavaria")


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=StringIO())


def _staff(username, group=None, laender=(), **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if laender:
        Coordinator.objects.create(user=user).laender.set(laender)
    return user


@pytest.fixture
def users(roles, land_a, land_b):
    return {
        "anonymous": None,
        "coordinator_a": _staff("coord-a", COORDINATORS, [land_a]),
        "coordinator_b": _staff("coord-b", COORDINATORS, [land_b]),
        "editor": _staff("giz", EDITORS),
        "superuser": _staff("chef", is_superuser=True),
    }


@pytest.fixture
def login(client, users):
    def _login(role):
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return _login
