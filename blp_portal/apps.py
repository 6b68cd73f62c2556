from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: connects the page cache's and the request id's signals,
    registers the page cache's system check."""

    name = "blp_portal"
    verbose_name = "BLP Projektportal"

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished

        from blp_portal.error_tracking import init_error_tracker
        from blp_portal.lib import cachetags, logging, pagecache

        # the optional error tracker (SENTRY_DSN); nothing is sent anywhere without it
        init_error_tracker()
        cachetags.connect_signals()
        # the page cache only in a cache every process shares (blp_portal.E001)
        checks.register(pagecache.check_page_cache_is_shared, checks.Tags.caches)
        request_finished.connect(logging.forget_request_id, dispatch_uid="blp_forget_request_id")
