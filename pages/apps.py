from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pages"
    verbose_name = _("Content pages")

    def ready(self):
        from blp_portal.lib import cachetags
        from pages import nav  # noqa: F401  (connects the cache refresh to Page save/delete)

        # A page's text shows only on that page; title, address, kind and order in the menus.
        cachetags.track("pages.Page", detail_only={"body", "feedback_form", "updated_at"})
        cachetags.ignore("pages.Feedback")
