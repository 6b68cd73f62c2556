from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from blp_portal.lib import cachetags

        # a project's DAC sector shares are part of its open data (blp_portal.lib.cachetags)
        cachetags.track("opendata.ProjectSector", parents=["project"])
