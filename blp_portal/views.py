"""Pages that bring several apps together: the home page and the error pages."""

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_request, override
from django.views.decorators.http import require_GET, require_safe

from partners.models import Land, PartnerCountry
from projects.models import Project
from projects.pagetags import catalogue
from themes.models import Theme


def key_figures():
    """Figures from published projects only (one aggregate query plus two counts)."""
    published = Project.objects.published()
    totals = published.aggregate(
        projects=Count("id"),
        ongoing=Count("id", filter=Q(status=Project.Status.ONGOING)),
        laender_funding=Sum("laender_funding"),
    )
    totals["laender"] = Land.objects.involved_in(published).count()
    totals["countries"] = PartnerCountry.objects.partners_of(published).count()
    return totals


@require_GET
def home(request):
    catalogue(request)
    themes = list(Theme.objects.all())
    context = {
        "focus_themes": [t for t in themes if t.kind == Theme.Kind.FOCUS and not t.is_temporary],
        "temporary_themes": [t for t in themes if t.kind == Theme.Kind.FOCUS and t.is_temporary],
        "topics": [t for t in themes if t.kind == Theme.Kind.TOPIC],
        "figures": key_figures(),
        "latest": Project.objects.published().with_list_data().order_by("-published_at", "-id")[:3],
    }
    return render(request, "home.html", context)


@require_GET
def robots_txt(request):
    """Everything public may be crawled; the sitemap lists it in both languages."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def unprefixed(request, path):
    """An address without a language prefix (the sitemap's x-default, old or shortened links):
    read in the default language, answered with a redirect to the same page in the visitor's
    language (cookie or Accept-Language, else German), e.g. /projekte/x/ → /en/projects/x/."""
    german = f"/{settings.LANGUAGE_CODE}/{path}"
    language = get_language_from_request(request)
    # i18n_patterns resolve the active language's prefix only: read the address in German
    with override(settings.LANGUAGE_CODE):
        try:
            resolve(german)
        except Resolver404 as exc:
            raise Http404(path) from exc
        target = translate_url(german, language)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    # the answer depends on the visitor's language: shared caches must keep them apart
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request's context processors: the database may be what failed.
    html = render_to_string("500.html", {"LANGUAGE_CODE": get_language()})
    return HttpResponseServerError(html)


def bad_request(request, exception):
    return render(request, "400.html", status=400)
