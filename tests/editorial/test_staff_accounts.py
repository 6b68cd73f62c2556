"""Editors manage accounts and roles, but cannot hand out superuser status or single rights."""

import pytest
from django.contrib.auth.models import Group, Permission

from editorial.scope import EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user("giz", "giz@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def _change_form_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    data.update(changes)
    return data


def test_an_editor_cannot_make_themselves_superuser_or_add_single_permissions(client, editor):
    client.force_login(editor)
    url = f"/admin/auth/user/{editor.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="is_superuser"' not in html and 'name="user_permissions"' not in html
    any_permission = Permission.objects.get(codename="delete_group")
    response = client.post(
        url,
        _change_form_data(editor, is_superuser="on", user_permissions=[any_permission.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not editor.user_permissions.exists()


def test_an_editor_cannot_change_or_delete_a_superuser(client, editor, django_user_model):
    boss = django_user_model.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(editor)
    assert client.get(f"/admin/auth/user/{boss.pk}/change/").status_code in (200, 403)
    response = client.post(
        f"/admin/auth/user/{boss.pk}/change/", _change_form_data(boss, email="x@example.org")
    )
    assert response.status_code == 403
    assert client.post(f"/admin/auth/user/{boss.pk}/delete/", {"post": "yes"}).status_code == 403
    boss.refresh_from_db()
    assert boss.email == "chef@example.org"


def test_a_superuser_still_grants_superuser_status(admin_client, editor):
    html = admin_client.get(f"/admin/auth/user/{editor.pk}/change/").content.decode()
    assert 'name="is_superuser"' in html
