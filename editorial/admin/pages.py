"""The office's own pages beside the admin's forms and lists (workflow, preview, version
comparison, review of a proposal, confirmations): their addresses and their context."""

from django.template.response import TemplateResponse
from django.urls import path


def own_urls(model_admin, *views):
    """URL patterns of a ModelAdmin's own views, each (route, view, name): behind the admin's
    log-in check and named like the admin's own pages, `<app>_<model>_<name>`."""
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return [
        path(route, model_admin.admin_site.admin_view(view), name=f"{prefix}_{name}")
        for route, view, name in views
    ]


def render_page(model_admin, request, template, context):
    """One of these pages: its `context` (with its "title") on top of the admin site's
    (navigation, user links) and the model's options (breadcrumbs)."""
    context = {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, **context}
    return TemplateResponse(request, template, context)
