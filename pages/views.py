from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from blp_portal.lib.cachetags import depends_on, every, row
from blp_portal.lib.clients import count_request
from blp_portal.lib.slugs import with_either_slug
from pages import tasks
from pages.forms import FeedbackForm
from pages.models import Page

# Feedback forms accepted per client address and hour; more are shown again with their text.
FEEDBACK_RATE_LIMIT = 5
FEEDBACK_RATE_WINDOW = 3600


def _feedback_page():
    """The page that shows the feedback form (the accessibility statement), or None."""
    return Page.objects.filter(feedback_form=True).order_by("kind", "order", "pk").first()


def _render_page(request, page, form=None, status=200):
    depends_on(request, row(page))
    context = {"page": page}
    if page.feedback_form:
        context["feedback_form"] = form or FeedbackForm()
    return render(request, "pages/detail.html", context, status=status)


@require_GET
def page_index(request, kind):
    """/de/ueber/, /de/rechtliches/: the pages of one kind, the parent the addresses imply."""
    pages = Page.objects.filter(kind=kind)
    depends_on(request, every(Page))
    context = {"kind_label": Page.Kind(kind).label, "pages": pages}
    return render(request, "pages/index.html", context)


@require_GET
def page_detail(request, slug, kind):
    """A page under its address in the active language; its other address redirects there."""
    page = with_either_slug(Page.objects.filter(kind=kind), slug)
    if page is None:
        raise Http404("No such page.")
    address = page.get_absolute_url()
    if request.path != address:
        return redirect(address, permanent=True)
    return _render_page(request, page)


# No CSRF token: a token would set a cookie, and anonymous visitors get none (the public site
# is cookie-free). Forging this form in a visitor's browser gains nothing: it acts on no
# session or account and does the same for everyone. Spam is held off instead by the honeypot,
# the signed minimum fill time (pages/forms.py) and the rate limit per client below.
@csrf_exempt
@require_POST
def feedback(request):
    page = _feedback_page()
    if page is None:
        raise Http404("No page shows the feedback form.")
    form = FeedbackForm(request.POST)
    count, _remaining = count_request("feedback", request, FEEDBACK_RATE_WINDOW)
    if count > FEEDBACK_RATE_LIMIT:
        form.is_valid()  # shown again with what was typed
        form.add_error(
            None, _("You have sent several messages in a short time. Please try again later.")
        )
        return _render_page(request, page, form, status=429)
    if not form.is_valid():
        return _render_page(request, page, form, status=400)
    entry = form.save(commit=False)
    entry.language = get_language() or "de"
    entry.save()
    tasks.enqueue_after_commit(entry)
    return redirect("pages:feedback_thanks")


@require_GET
def feedback_thanks(request):
    page = _feedback_page()
    depends_on(request, every(Page))
    return render(request, "pages/feedback_thanks.html", {"page": page})
