"""The enrolment pages: set up the authenticator app, then the recovery codes, once."""

from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import enrolment
from accounts.forms import ConfirmDeviceForm


def _safe_next(request, url):
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else reverse("admin:index")


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    """Show a new authenticator secret (QR code and text) and confirm it with a current code."""
    user = enrolment.pending_user(request)
    if user is None:
        # nothing pending in this session (or it expired): the log-in starts again
        return redirect("admin:login")
    device = enrolment.pending_device(request, user)
    form = ConfirmDeviceForm(device, request.POST or None)
    context = {**admin.site.each_context(request), "enrol_user": user}
    if request.method == "POST" and form.is_valid():
        codes, next_url = enrolment.finish(request, user, device)
        context.update(
            title=_("Your recovery codes"),
            codes=codes,
            next_url=_safe_next(request, next_url),
        )
        return render(request, "accounts/recovery_codes.html", context)
    qr_code, qr_size = enrolment.qr_code(device)
    context.update(
        title=_("Set up two-factor authentication"),
        form=form,
        qr_code=qr_code,
        qr_size=qr_size,
        secret=enrolment.secret_text(device),
    )
    return render(request, "accounts/enrol.html", context)
