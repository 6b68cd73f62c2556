"""History views (django-reversion) that respect the user's Land scope and role, and the
comparison of any two versions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from editorial import snapshot, versions
from editorial.admin.language import OfficeLanguageMessagesMixin
from editorial.admin.pages import own_urls, render_page
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


def _version_id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class HistoryAdmin(OfficeLanguageMessagesMixin, NotFoundOutsideScopeMixin, VersionAdmin):
    """VersionAdmin whose history, revert and recover views respect the user's scope; the
    history lists every version with a choice of two to compare."""

    object_history_template = "admin/editorial/object_history.html"

    def get_urls(self):
        compare = ("<path:object_id>/history/compare/", self.compare_view, "compare")
        return own_urls(self, compare) + super().get_urls()

    def _versions(self, obj):
        return Version.objects.get_for_object(obj).select_related("revision__user")

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        context = {
            "history_versions": list(self._versions(obj)),
            "may_restore": may_restore_versions(request.user),
        }
        context.update(extra_context or {})
        return super().history_view(request, object_id, context)

    def history_relations(self):
        """The inline rows kept with each version (those of the admin's inlines)."""
        return snapshot.inline_relations(self.model, [inline.model for inline in self.inlines])

    def compare_view(self, request, object_id):
        """Field-by-field differences between two versions (?old=<id>&new=<id>; without a
        choice the two newest). Versions of another object are a 404."""
        obj = self.get_object(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        history = list(self._versions(obj))
        by_id = {version.pk: version for version in history}
        chosen = [_version_id(request.GET.get(key)) for key in ("old", "new")]
        if (
            not ({"old", "new"} & request.GET.keys()) and history
        ):  # the second newest (if any) and the newest
            chosen = [history[min(1, len(history) - 1)].pk, history[0].pk]
        if len(chosen) != 2 or any(pk not in by_id for pk in chosen):
            raise Http404(gettext("No such version."))
        # The older of the two on the left, whichever way they were chosen.
        old, new = sorted(
            (by_id[pk] for pk in chosen), key=lambda v: (v.revision.date_created, v.pk)
        )
        try:
            rows = versions.compare(old, new, self.history_relations())
        except RevertError as exc:
            rows, error = [], str(exc)
        else:
            error = ""
        context = {
            "title": gettext("Compare versions: %(object)s") % {"object": obj},
            "object": obj,
            "old": old,
            "new": new,
            "rows": rows,
            "error": error,
        }
        return render_page(self, request, "admin/editorial/version_compare.html", context)

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
