"""The admin start page of each role (templates/admin/index.html): what needs doing.

- A coordinator: their Länder's drafts (with the editor's comment when one was returned),
  their proposals returned with a comment, what waits for GIZ, and the published entries not
  confirmed for twelve months (with "confirm unchanged").
- A GIZ editor: the review queue (projects in review and proposed changes), oldest first, and
  the changes published recently.

Each list is one query; the counts of the menu, and those the admin's list of models shows
next to "Projects" (in review) and "Proposed changes" (pending), come from the same rows.
"""

from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from editorial import confirmations
from editorial.models import ChangeRequest, WorkflowEvent
from editorial.scope import is_editor, land_scope, scope_projects, scope_proposals
from projects.models import Project

State = Project.PublicationState
Action = WorkflowEvent.Action
LIMIT = 20  # rows per list; the counts are of all
RECENT = timedelta(days=14)


def _latest_return_comment():
    returned = WorkflowEvent.objects.filter(project=OuterRef("pk"), action=Action.RETURNED)
    return Subquery(returned.order_by("-created_at", "-id").values("comment")[:1])


def coordinator_work(user):
    projects = scope_projects(Project.objects.all(), user)
    drafts = list(
        projects.filter(publication_state=State.DRAFT)
        .annotate(return_comment=_latest_return_comment())
        .order_by("-updated_at", "-pk")
    )
    proposals = scope_proposals(ChangeRequest.objects.all(), user)
    returned = list(
        proposals.filter(status=ChangeRequest.Status.RETURNED)
        .exclude(review_comment="")
        .filter(reviewed_at__gte=timezone.now() - timedelta(days=90))
        .select_related("project", "land", "reviewed_by")
        .order_by("-reviewed_at")
    )
    waiting = list(
        projects.filter(publication_state=State.REVIEW).order_by("updated_at", "pk")
    ) + list(proposals.pending().select_related("project", "land").order_by("created_at"))
    due = confirmations.named_laender(list(confirmations.due(projects)))
    return {
        "laender": sorted(land_scope(user) or [], key=lambda land: land.name),
        "drafts": drafts,
        "returned": returned,
        "waiting": waiting,
        "due": due,
        "counts": {
            "projects.project": sum(isinstance(item, Project) for item in waiting),
            "editorial.changerequest": sum(isinstance(item, ChangeRequest) for item in waiting),
        },
        "menu": [
            ("drafts", len(drafts)),
            ("returned", len(returned)),
            ("waiting", len(waiting)),
            ("due", len(due)),
        ],
    }


def editor_work(user):
    """The review queue, oldest first: projects in review (since their last submission) and
    proposed changes (since proposed); and what was published in the last two weeks."""
    submitted = WorkflowEvent.objects.filter(project=OuterRef("pk"), action=Action.SUBMITTED)
    in_review = Project.objects.filter(publication_state=State.REVIEW).annotate(
        waiting_since=Subquery(submitted.order_by("-created_at").values("created_at")[:1])
    )
    queue = [
        {"project": p, "since": p.waiting_since or p.updated_at, "change": None} for p in in_review
    ]
    for change in ChangeRequest.objects.pending().select_related("project", "land", "author"):
        queue.append({"project": change.target, "since": change.created_at, "change": change})
    queue.sort(key=lambda item: item["since"])
    published = list(
        WorkflowEvent.objects.filter(
            action__in=[Action.PUBLISHED, Action.APPROVED],
            created_at__gte=timezone.now() - RECENT,
        )
        .select_related("project", "land", "actor", "change_request__land")
        .order_by("-created_at", "-id")[:LIMIT]
    )
    return {
        "queue": queue,
        "published": published,
        "counts": {
            "projects.project": sum(item["change"] is None for item in queue),
            "editorial.changerequest": sum(item["change"] is not None for item in queue),
        },
        "menu": [("queue", len(queue)), ("published", len(published))],
    }


def start_page(user):
    if is_editor(user):
        return {"is_editor": True, **editor_work(user)}
    if land_scope(user):
        return {"is_coordinator": True, **coordinator_work(user)}
    return {}
