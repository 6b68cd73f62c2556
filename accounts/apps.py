from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: log-in lockout, two-factor log-in, recovery codes, the admin site."""

    default = True
    name = "accounts"
    verbose_name = _("Staff accounts")


class PortalAdminConfig(AdminConfig):
    """Django's admin, with the portal's site class (two-factor log-in when it is required)."""

    default = False
    default_site = "accounts.admin_site.PortalAdminSite"
