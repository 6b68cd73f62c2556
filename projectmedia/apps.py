from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectMediaConfig(AppConfig):
    name = "projectmedia"
    verbose_name = _("Project media")

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import pre_save

        from blp_portal.lib import cachetags
        from projectmedia.renditions import process_project_image
        from projectmedia.storage import forget_document_storage
        from projects.models import Project
        from projects.updates import ProjectUpdate

        # Uploads are checked, re-encoded without metadata and resized whenever a project is
        # saved with a new image, whichever path saved it (admin, shell, import).
        pre_save.connect(process_project_image, sender=Project, dispatch_uid="projectmedia_image")
        pre_save.connect(
            process_project_image, sender=ProjectUpdate, dispatch_uid="projectmedia_update_image"
        )
        # a document shows on its project's page (blp_portal.lib.cachetags)
        cachetags.track("projectmedia.ProjectDocument", parents=["project"])
        # A test that swaps settings.STORAGES gets the documents storage it configured.
        setting_changed.connect(forget_document_storage, dispatch_uid="projectmedia_storage")
