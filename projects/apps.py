from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # Registers the search's CASEFOLD function on every new SQLite connection.
        from projects import pagetags, search  # noqa: F401

        # which saves make which cached pages stale (blp_portal.lib.cachetags)
        pagetags.register()
