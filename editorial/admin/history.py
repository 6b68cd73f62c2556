"""History views (django-reversion) that respect the user's Land scope and role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from reversion.admin import VersionAdmin

from editorial.scope import may_restore_versions


class NotFoundOutsideScopeMixin:
    """Objects outside the user's queryset (another Land's) and non-existent ones look the
    same, a 404, in every view that takes an object id (change, delete, history, extra views),
    before any permission check could tell that they exist."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(gettext("No such object."))
        return obj


class HistoryAdmin(NotFoundOutsideScopeMixin, VersionAdmin):
    """VersionAdmin whose history, revert and recover views respect the user's scope."""

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, object_id)
        if not may_restore_versions(request.user):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not may_restore_versions(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not may_restore_versions(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)
