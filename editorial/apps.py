from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from editorial.checks import check_portal_base_url

        checks.register(check_portal_base_url)
