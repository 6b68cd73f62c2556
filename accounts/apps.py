from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts: log-in lockout, two-factor log-in, recovery codes, the admin site."""

    default = True
    name = "accounts"
    verbose_name = _("Staff accounts")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site class (two-factor log-in when it is required)."""

    default = False
    default_site = "accounts.admin_site.PortalAdminSite"
