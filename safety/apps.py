from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    """Login protection (django-axes, django-otp glue) and the backup/restore commands."""

    name = "safety"
    verbose_name = _("Safety")

    def ready(self):
        from django.contrib import admin

        from safety.admin_site import PortalAdminSite

        # Keep the one admin.site instance (every app registers on it) but give it the
        # behaviour of django-otp's OTPAdminSite whenever settings.OTP_REQUIRED is on.
        admin.site.__class__ = PortalAdminSite
