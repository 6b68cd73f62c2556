from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: connects the page cache's and the request id's signals."""

    name = "blp_portal"
    verbose_name = "BLP Projektportal"

    def ready(self):
        from django.core.signals import request_finished

        from blp_portal.lib import logging, pagecache

        pagecache.connect_signals()
        request_finished.connect(logging.forget_request_id, dispatch_uid="blp_forget_request_id")
