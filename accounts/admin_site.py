"""The admin site: django-otp's OTPAdminSite when OTP_REQUIRED is on, Django's own otherwise.

The switch is read on every request (not once at start-up), so tests can turn it on and off
with the `settings` fixture, and the login page can say when two-factor authentication is off.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import enrolment
from editorial.scope import may_view_on_site


def otp_required():
    return settings.OTP_REQUIRED


class OTPLoginForm(OTPAdminAuthenticationForm):
    """Password plus one code field; the device follows from the code.

    django-otp wants the device picked from a list (a second round trip). Editors have one
    authenticator app and one set of recovery codes, so the code tells which one is meant: six
    digits are a TOTP code, anything else a recovery code (make_recovery_codes never issues one
    of digits only). Only that one device is tried, as django-otp requires.

    A staff member without any confirmed device (first log-in) is not logged in by the password
    alone: the form stays invalid and names them in `enrolment_user`, and the site sends them to
    set up their authenticator app (accounts/enrolment.py).
    """

    enrolment_user = None

    def clean_otp(self, user):
        if user is not None and enrolment.needs_enrolment(user):
            self.enrolment_user = user
            raise ValidationError(
                _("Set up two-factor authentication to continue."), code="enrolment_required"
            )
        return super().clean_otp(user)

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            token = (self.cleaned_data.get("otp_token") or "").strip()
            model = TOTPDevice if token.isdigit() else StaticDevice
            device = model.objects.devices_for_user(user, confirmed=True).first()
        return device


class PortalAdminSite(OTPAdminSite):
    login_template = "admin/login.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    @property
    def login_form(self):
        return OTPLoginForm if otp_required() else AdminAuthenticationForm

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        user = getattr(form, "enrolment_user", None)
        if user is not None:
            # right password, no device yet: enrol the authenticator app first
            enrolment.start(request, user, request.POST.get("next", ""))
            return redirect("accounts:enrol")
        return response

    def get_urls(self):
        """Django's "View on site" redirect, but only to pages the user may see (scope.py)."""
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """404 outside the user's scope and for anything without a public page."""
        try:
            content_type = ContentType.objects.get_for_id(content_type_id)
            obj = content_type.get_object_for_this_type(pk=object_id)
        except (ObjectDoesNotExist, ValueError, ValidationError, AttributeError) as exc:
            raise Http404 from exc
        if not may_view_on_site(request.user, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def has_permission(self, request):
        if otp_required():
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def each_context(self, request):
        context = super().each_context(request)
        context["otp_required"] = otp_required()
        return context

    def i18n_javascript(self, request, extra_context=None):
        """The admin's JavaScript texts (the dual list boxes' "Available", "Chosen", …) in the
        language of the page they are loaded by: never a copy kept for the other language."""
        response = super().i18n_javascript(request, extra_context)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        add_never_cache_headers(response)
        return response

    def get_app_list(self, request, app_label=None):
        """Model names in the reader's language, also where a package gives them untranslated
        (django-otp's "TOTP devices": translated in our catalogue, editorial/vendor_texts.py)."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model["name"] = gettext(str(model["name"]))
        return app_list
