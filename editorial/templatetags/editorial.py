from django import template

from editorial.dashboard import start_page
from editorial.models import WorkflowEvent

register = template.Library()


@register.inclusion_tag("admin/editorial/start_page.html", takes_context=True)
def editorial_dashboard(context):
    """The admin start page of the user's role (editorial/dashboard.py)."""
    request = context["request"]
    return {"request": request, **start_page(request.user)}


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
