"""Shared fixtures: the personas of every role, the demo catalogue and test speed-ups."""

import os
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from editorial.models import Coordinator
from editorial.scope import COORDINATORS, EDITORS
from tests.factories import make_land


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks (the workflow e-mails, editorial/tasks.py) run at once, in the test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _commit_at_the_end_of_each_request():
    """A test runs in one transaction that never commits, so `transaction.on_commit` callbacks
    (queueing the workflow e-mails) would never run. A test client's request runs those it
    registered when it finishes, as the commit at the end of a real request would; callbacks of
    a rolled-back savepoint are dropped by Django as in production."""
    import threading

    from django.core.signals import request_finished, request_started
    from django.test import TestCase

    local = threading.local()  # the live server's threads each have their own connection

    def started(**kwargs):
        local.capture = TestCase.captureOnCommitCallbacks(execute=True)
        local.capture.__enter__()

    def finished(**kwargs):
        capture, local.capture = getattr(local, "capture", None), None
        if capture is not None:
            capture.__exit__(None, None, None)

    request_started.connect(started, dispatch_uid="tests_commit_start")
    request_finished.connect(finished, dispatch_uid="tests_commit_finish")
    yield
    request_started.disconnect(dispatch_uid="tests_commit_start")
    request_finished.disconnect(dispatch_uid="tests_commit_finish")


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
def postgres_only():
    """Skip on SQLite, fail instead in the PostgreSQL stage of .ci/run (BLP_REQUIRE_POSTGRES=1)."""
    if connection.vendor != "postgresql":
        if os.environ.get("BLP_REQUIRE_POSTGRES") == "1":
            pytest.fail("this test needs PostgreSQL: DATABASE_URL=postgres://… is not set")
        pytest.skip("PostgreSQL only (set DATABASE_URL=postgres://…)")


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
