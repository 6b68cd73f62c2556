from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Editorial office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from blp_portal.lib import cachetags
        from editorial.checks import check_portal_base_url

        checks.register(check_portal_base_url)
        # The office's own records: no public page shows them. What they change on a project
        # (an approved proposal, a step of the workflow) is saved on the project itself.
        cachetags.ignore(
            "editorial.Coordinator",
            "editorial.ChangeRequest",
            "editorial.WorkflowEvent",
            "editorial.MailDelivery",
            "editorial.ConfirmationReminder",
        )
