"""Links in the workflow e-mails are absolute, from PORTAL_BASE_URL, required in production."""

import pytest

from editorial import emails
from editorial.checks import check_portal_base_url
from editorial.models import MailDelivery

pytestmark = pytest.mark.django_db


def test_mail_links_are_absolute(projects, users, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    project = projects["a"]
    emails.notify_submitted(project, users["coordinator_a"], "Bitte prüfen")
    emails.notify_decision(project, users["editor"], [users["coordinator_a"]], "returned", "!")
    for delivery in MailDelivery.objects.all():
        assert f"https://portal.example.org/admin/projects/project/{project.pk}/change/" in (
            delivery.body
        )


def test_development_default_is_the_local_server(settings):
    from blp_portal import settings as portal_settings

    assert portal_settings.DEBUG
    assert portal_settings.PORTAL_BASE_URL == "http://127.0.0.1:8000"


@pytest.mark.parametrize("url", ["", "http://portal.example.org", "portal.example.org"])
def test_production_requires_an_https_base_url(settings, url):
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = url
    assert [error.id for error in check_portal_base_url()] == ["editorial.E001"]


def test_production_with_https_base_url_passes(settings):
    settings.DEBUG = False
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    assert check_portal_base_url() == []
    settings.DEBUG = True
    settings.PORTAL_BASE_URL = ""
    assert check_portal_base_url() == []
