from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """The operator's backup and restore of all content (export_backup, import_backup)."""

    name = "backups"
    verbose_name = _("Backups")
