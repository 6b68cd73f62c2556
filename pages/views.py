from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from pages.models import Page


@require_GET
def page_detail(request, slug, kind):
    page = get_object_or_404(Page, kind=kind, slug=slug)
    return render(request, "pages/detail.html", {"page": page})
