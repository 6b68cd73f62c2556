"""The admin site: django-otp's OTPAdminSite when OTP_REQUIRED is on, Django's own otherwise.

The switch is read on every request (not once at start-up), so tests can turn it on and off
with the `settings` fixture, and the login page can say when two-factor authentication is off.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def otp_required():
    return settings.OTP_REQUIRED


class OTPLoginForm(OTPAdminAuthenticationForm):
    """Password plus one code field; the device follows from the code.

    django-otp wants the device picked from a list (a second round trip). Editors have one
    authenticator app and one set of recovery codes, so the code tells which one is meant: six
    digits are a TOTP code, anything else a recovery code (make_recovery_codes never issues one
    of digits only). Only that one device is tried, as django-otp requires.
    """

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

    def has_permission(self, request):
        if otp_required():
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

    def each_context(self, request):
        context = super().each_context(request)
        context["otp_required"] = otp_required()
        return context
