from django import template

from editorial.dashboard import start_page
from editorial.models import WorkflowEvent

register = template.Library()


@register.inclusion_tag("admin/editorial/start_page.html", takes_context=True)
def editorial_dashboard(context):
    """The admin start page of the user's role (editorial/dashboard.py)."""
    request = context["request"]
    work = start_page(request.user)
    request._editorial_counts = work.get("counts", {})
    return {"request": request, **work}


@register.simple_tag(takes_context=True)
def with_work_counts(context, app_list):
    """The index's list of models with what waits for review next to a model's name, e.g.
    "Proposed changes (3)", counted by editorial_dashboard (which runs first)."""
    counts = getattr(context["request"], "_editorial_counts", {})
    apps = []
    for app in app_list:
        models = []
        for model in app["models"]:
            count = counts.get(model["model"]._meta.label_lower) if "model" in model else None
            if count:
                model = {**model, "name": f"{model['name']} ({count})"}
            models.append(model)
        apps.append({**app, "models": models})
    return apps


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
