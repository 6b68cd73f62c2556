"""A staff member following a link they may not open gets a translated admin page, no error log."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_coordinator_gets_an_admin_page_saying_what_they_may_do(login, caplog):
    client = login("coordinator_a")
    with caplog.at_level(logging.DEBUG):
        response = client.get("/admin/projects/project/import/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Nur die GIZ-Redaktion" in html
    assert 'href="/admin/projects/project/"' in html
    assert 'id="header"' in html  # the admin's frame
    assert "403 Forbidden" not in html
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


def test_public_403_uses_the_public_page(rf):
    from django.core.exceptions import PermissionDenied

    from editorial.errors import permission_denied

    request = rf.get("/de/")
    request.user = None
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert 'id="header"' not in response.content.decode()
