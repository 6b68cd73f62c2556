"""The periodic jobs of docs/deployment.md: each a management command that removes only what is
old enough, and each named in the timers of the deployment guide."""

from datetime import timedelta
from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command, get_commands
from django.utils import timezone

from editorial.models import MailDelivery

pytestmark = pytest.mark.django_db
DEPLOYMENT = Path(settings.BASE_DIR, "docs", "deployment.md").read_text(encoding="utf-8")
JOBS = [
    "clearsessions",
    "axes_reset_logs --age 30",
    "prune_db_task_results --min-age-days 14 --failed-min-age-days 90",
    "prune_mail_deliveries --days 30",
]


def _run(line):
    out = StringIO()
    name, *args = line.split()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.parametrize("line", JOBS)
def test_each_job_is_a_command_run_by_the_deployment_timers(line):
    assert line.split()[0] in get_commands()
    assert f"manage.py {line}" in DEPLOYMENT


def test_clearsessions_removes_only_expired_sessions():
    store = import_module(settings.SESSION_ENGINE).SessionStore
    expired, current = store(), store()
    for session, age in ((expired, -1), (current, 1)):
        session["staff"] = "x"
        session.set_expiry(age * 3600)
        session.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(hours=1)
    )
    _run(JOBS[0])
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_axes_reset_logs_removes_login_records_older_than_30_days():
    from axes.models import AccessLog

    fields = {"ip_address": "192.0.2.1", "user_agent": "t", "http_accept": "*", "path_info": "/"}
    old = AccessLog.objects.create(username="old", **fields)
    recent = AccessLog.objects.create(username="recent", **fields)
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(days=31))
    AccessLog.objects.filter(pk=recent.pk).update(attempt_time=timezone.now() - timedelta(days=29))
    assert "1 logs removed" in _run(JOBS[1])
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]


def test_prune_db_task_results_removes_old_finished_results_only(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()

    def result(name, status, days_ago):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [name], "kwargs": {}},
            task_path="editorial.tasks.deliver",
            backend_name="default",
            run_after=now,
            status=status,
            finished_at=None if status == "READY" else now - timedelta(days=days_ago),
        )

    result("old-success", "SUCCESSFUL", 15)
    result("recent-success", "SUCCESSFUL", 13)
    result("old-failure", "FAILED", 91)
    result("failure-of-last-month", "FAILED", 30)
    result("waiting", "READY", 0)
    _run(JOBS[2])
    left = sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all())
    assert left == ["failure-of-last-month", "recent-success", "waiting"]


def test_prune_mail_deliveries_removes_old_sent_mail_only():
    now = timezone.now()
    for subject, status, days_ago in [
        ("old sent", MailDelivery.Status.SENT, 31),
        ("recent sent", MailDelivery.Status.SENT, 29),
        ("old failed", MailDelivery.Status.FAILED, None),
        ("waiting", MailDelivery.Status.QUEUED, None),
    ]:
        sent_at = now - timedelta(days=days_ago) if days_ago else None
        MailDelivery.objects.create(
            recipient="a@example.org", subject=subject, body="b", status=status, sent_at=sent_at
        )
    MailDelivery.objects.filter(subject="old failed").update(created_at=now - timedelta(days=99))
    assert "1 sent e-mail(s) older than 30 days would go" in _run(JOBS[3] + " --dry-run")
    assert MailDelivery.objects.count() == 4
    assert "1 sent e-mail(s) older than 30 days deleted" in _run(JOBS[3])
    assert sorted(MailDelivery.objects.values_list("subject", flat=True)) == [
        "old failed",
        "recent sent",
        "waiting",
    ]
