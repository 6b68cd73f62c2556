"""Accessibility feedback: the form on the statement, its spam guards, mails and admin."""

import pytest
from django.core import mail
from django.test import Client

from pages import forms as feedback_forms
from pages import views
from pages.models import Feedback, Page
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

URL = "/de/barriere-melden/"


@pytest.fixture
def statement(db):
    return Page.objects.create(
        slug="barrierefreiheit",
        kind="legal",
        order=3,
        title_de="Erklärung zur Barrierefreiheit",
        title_en="Accessibility statement",
        body_de="<p>Teilweise vereinbar.</p>",
        feedback_form=True,
    )


@pytest.fixture
def clock(monkeypatch):
    """The form's clock (pages.forms.time): the test moves it instead of sleeping."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(feedback_forms.time, "time", lambda: now["t"])
    return now


def _data(clock, seconds_ago=10, **overrides):
    data = {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "page_url": "/de/projekte/",
        "message": "Der Filter lässt sich nicht mit der Tastatur schließen.",
        "website": "",
        "started": feedback_forms.time_token(clock["t"] - seconds_ago),
    }
    data.update(overrides)
    return data


def test_statement_shows_the_form_without_setting_a_cookie(client, statement):
    response = client.get("/de/rechtliches/barrierefreiheit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/de/barriere-melden/"' in html
    assert 'name="started"' in html
    assert "<div hidden>" in html  # the honeypot is hidden from people
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html


def test_other_pages_have_no_form(client, statement):
    Page.objects.create(slug="impressum", kind="legal", title_de="Impressum")
    assert 'name="started"' not in client.get("/de/rechtliches/impressum/").content.decode()


def test_valid_feedback_is_stored_forwarded_and_confirmed(client, statement, clock, settings):
    settings.FEEDBACK_EMAIL = "betrieb@example.org"
    response = client.post("/en/accessibility-feedback/", _data(clock))
    assert response.status_code == 302
    assert response["Location"] == "/en/accessibility-feedback/thanks/"
    assert not response.cookies
    entry = Feedback.objects.get()
    assert entry.page_url == "/de/projekte/"
    assert entry.language == "en"
    assert entry.forwarded_at and entry.confirmed_at and not entry.mail_error
    forward, confirmation = mail.outbox
    assert forward.to == ["betrieb@example.org"]
    assert forward.reply_to == ["erika@example.org"]
    assert "Rückmeldung zur Barrierefreiheit" in forward.subject  # the operator reads German
    assert "nicht mit der Tastatur" in forward.body
    assert confirmation.to == ["erika@example.org"]
    assert confirmation.subject == "Your feedback on accessibility has been received"
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your feedback" in thanks.content.decode()


def test_without_email_only_the_operator_is_mailed(client, statement, clock, settings):
    assert client.post(URL, _data(clock, name="", email="")).status_code == 302
    assert [m.to for m in mail.outbox] == [[settings.FEEDBACK_EMAIL]]
    entry = Feedback.objects.get()
    assert entry.forwarded_at and entry.confirmed_at is None


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"message": ""}, "This field is required"),
        ({"page_url": ""}, "This field is required"),
        ({"email": "keine-adresse"}, "Enter a valid email address"),
    ],
)
def test_invalid_feedback_keeps_what_was_typed(client, statement, clock, overrides, error):
    data = _data(clock, **overrides)
    response = client.post("/en/accessibility-feedback/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert error in html
    assert 'aria-invalid="true"' in html
    for field in ("name", "page_url"):
        if data[field]:
            assert f'value="{data[field]}"' in html
    if data["message"]:
        assert data["message"] in html
    assert not Feedback.objects.exists()
    assert not mail.outbox


def test_honeypot_rejects_and_keeps_the_input(client, statement, clock):
    response = client.post(URL, _data(clock, website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte lassen Sie das letzte Feld leer" in html
    assert "nicht mit der Tastatur schließen" in html
    assert not Feedback.objects.exists()


def test_too_fast_is_rejected_then_accepted_with_the_fresh_token(client, statement, clock):
    response = client.post(URL, _data(clock, seconds_ago=1))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Das ging sehr schnell" in html
    assert 'value="Erika Muster"' in html
    assert not Feedback.objects.exists()
    # the re-shown form carries a new token: sent again a little later, it is accepted
    token = html.split('name="started" value="')[1].split('"')[0]
    clock["t"] += feedback_forms.MIN_FILL_SECONDS
    assert client.post(URL, {**_data(clock), "started": token}).status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("token", ["", "forged", None])
def test_missing_forged_or_expired_token_is_rejected(client, statement, clock, token):
    if token is None:  # expired: signed more than MAX_AGE_SECONDS ago
        token = feedback_forms.time_token(clock["t"])
        clock["t"] += feedback_forms.MAX_AGE_SECONDS + 10
        from django.core import signing

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(signing.time, "time", lambda: clock["t"])
            response = client.post(URL, _data(clock, started=token))
    else:
        response = client.post(URL, _data(clock, started=token))
    assert response.status_code == 400
    assert "Das Formular war abgelaufen" in response.content.decode()
    assert not Feedback.objects.exists()


def test_rate_limit_per_client_keeps_the_input(statement, clock, monkeypatch):
    monkeypatch.setattr(views, "FEEDBACK_RATE_LIMIT", 2)
    visitor = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [visitor.post(URL, _data(clock)).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    response = visitor.post(URL, _data(clock, message="Noch eine Meldung"))
    assert response.status_code == 429
    assert "Noch eine Meldung" in response.content.decode()
    assert Feedback.objects.count() == 2
    assert Client(REMOTE_ADDR="203.0.113.6").post(URL, _data(clock)).status_code == 302


def test_failing_mail_server_still_saves_and_thanks(client, statement, clock, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = client.post(URL, _data(clock))
    assert response.status_code == 302
    entry = Feedback.objects.get()
    assert entry.forwarded_at is None
    assert "mail server down" in entry.mail_error


def test_get_and_without_statement(client, clock):
    assert client.get(URL).status_code == 405
    assert client.post(URL, _data(clock)).status_code == 404


def test_statement_query_count(client, statement, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/de/rechtliches/barrierefreiheit/").status_code == 200


# Admin: editors read and delete, coordinators see nothing, nobody adds or edits ------------

EXPECTED = {  # role: (list, change form, delete page, add page)
    "anonymous": (302, 302, 302, 302),
    "coordinator_a": (403, 403, 403, 403),
    "coordinator_b": (403, 403, 403, 403),
    "editor": (200, 200, 200, 403),
    "superuser": (200, 200, 200, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_admin_permissions_for_every_role(login, role, statement, clock):
    entry = Feedback.objects.create(page_url="/de/", message="Kontrast zu schwach")
    client = login(role)
    base = "/admin/pages/feedback/"
    statuses = tuple(
        client.get(url).status_code
        for url in (base, f"{base}{entry.pk}/change/", f"{base}{entry.pk}/delete/", f"{base}add/")
    )
    assert statuses == EXPECTED[role]
    if EXPECTED[role][1] == 200:
        html = client.get(f"{base}{entry.pk}/change/").content.decode()
        assert "Kontrast zu schwach" in html
        assert 'name="message"' not in html  # read only


def test_feedback_query_count(client, statement, clock, django_assert_num_queries):
    # the page with the form, the insert; the mail task: read the feedback, record the sending
    with django_assert_num_queries(4):
        assert client.post(URL, _data(clock)).status_code == 302
