from django import template

from editorial.models import ChangeRequest, WorkflowEvent
from editorial.scope import is_editor, scope_projects, scope_proposals
from projects.models import Project

register = template.Library()


@register.inclusion_tag("admin/editorial/_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The admin start page's work list: what waits for review, within the user's Länder."""
    user = context["request"].user
    projects = scope_projects(Project.objects.all(), user)
    in_review = projects.filter(publication_state=Project.PublicationState.REVIEW).order_by(
        "-updated_at"
    )
    proposals = scope_proposals(ChangeRequest.objects.all(), user)
    pending = proposals.pending().select_related("project", "land", "author").order_by("created_at")
    returned = (
        proposals.filter(status=ChangeRequest.Status.RETURNED, author=user)
        .select_related("project", "land", "reviewed_by")
        .order_by("-reviewed_at")[:10]
    )
    return {
        "in_review": list(in_review[:20]),
        "in_review_count": in_review.count(),
        "pending": list(pending[:20]),
        "pending_count": pending.count(),
        "returned": list(returned),
        "drafts_count": projects.filter(publication_state=Project.PublicationState.DRAFT).count(),
        "is_editor": is_editor(user),
    }


@register.simple_tag
def last_confirmation(project):
    """The latest step in which a Land confirmed the entry (submitted, confirmed, approved)."""
    return (
        WorkflowEvent.objects.filter(
            project=project, land__isnull=False, action__in=WorkflowEvent.CONFIRMING
        )
        .select_related("land")
        .first()
    )
