"""Two people act on the same project at the same moment: one wins, the other is told.

Only PostgreSQL locks rows (SQLite serialises every write anyway), so these run there: two
threads, each with its own database connection, and a pause inside the critical section so that
both are in it at the same time.
"""

import threading
import time

import pytest
from django.db import connection

from editorial import workflow
from editorial.admin.projects import ProjectAdmin
from editorial.models import WorkflowEvent
from projects.models import Project
from tests.editorial.conftest import complete_project, form_data

PAUSE = 0.5  # seconds inside the critical section: long enough for the other thread to arrive


def _run_together(*jobs):
    """Start the jobs at once in threads; their results (or exceptions) in order."""
    results = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(index, job):
        try:
            start.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _slowly(function):
    def slow(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(PAUSE)
        return result

    return slow


@pytest.fixture
def in_review(postgres_only, transactional_db, users, land_a):
    return complete_project(land_a, state=Project.PublicationState.REVIEW)


def test_two_editors_publishing_at_once_publish_once(in_review, users, monkeypatch):
    monkeypatch.setattr(workflow, "_require_checklist", _slowly(workflow._require_checklist))
    editor, chef = users["editor"], users["superuser"]
    # Both start from the project as they loaded it: in review.
    first, second = Project.objects.get(pk=in_review.pk), Project.objects.get(pk=in_review.pk)
    results = _run_together(
        lambda: workflow.publish(first, editor), lambda: workflow.publish(second, chef)
    )
    refused = [r for r in results if isinstance(r, workflow.WorkflowError)]
    assert len(refused) == 1, results
    assert str(refused[0]) == str(workflow.PUBLISH.wrong_state)
    published = WorkflowEvent.objects.filter(
        project=in_review, action=WorkflowEvent.Action.PUBLISHED
    )
    assert published.count() == 1


def test_two_simultaneous_saves_of_one_project_save_once(
    in_review, users, client_factory, monkeypatch
):
    monkeypatch.setattr(ProjectAdmin, "save_model", _slowly(ProjectAdmin.save_model))
    url = f"/admin/projects/project/{in_review.pk}/change/"
    clients, forms = [], []
    for title in ("Title of the first editor", "Title of the second editor"):
        client = client_factory()
        client.force_login(users["editor"])
        data = form_data(client.get(url))  # both open the form before anybody saves
        data["title_en"] = title
        clients.append(client)
        forms.append(data)
    results = _run_together(
        lambda: clients[0].post(url, forms[0]), lambda: clients[1].post(url, forms[1])
    )
    assert sorted(response.status_code for response in results) == [200, 302]
    refused = next(response for response in results if response.status_code == 200)
    errors = refused.context["adminform"].form.non_field_errors().as_data()
    assert [error.code for error in errors] == ["stale"]
    in_review.refresh_from_db()
    kept = next(
        form["title_en"]
        for form, response in zip(forms, results, strict=True)
        if response.status_code == 302
    )
    assert in_review.title_en == kept


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client
