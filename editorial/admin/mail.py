"""The workflow e-mails for GIZ editors: what was sent, what waits, what failed ("send again")."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from editorial import tasks
from editorial.models import MailDelivery
from editorial.scope import is_editor


class EditorsRecordAdmin(admin.ModelAdmin):
    """A record the portal writes itself (a sent e-mail, a visitor's report): editors read and
    delete it, nobody adds it here, coordinators never see it."""

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_delete_permission(request, obj)


@admin.register(MailDelivery)
class MailDeliveryAdmin(EditorsRecordAdmin):
    """Every workflow e-mail (written by editorial/emails.py); editors may send failed ones again."""

    list_display = [
        "created_at",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status"]
    search_fields = ["recipient", "subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user) and super().has_change_permission(request, obj)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error if len(obj.last_error) <= 80 else obj.last_error[:79] + "…"

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = tasks.send_again(list(queryset))
        skipped = queryset.count() - count
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail will be sent again.",
                    "%(count)d e-mails will be sent again.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was not sent again: only failed e-mails can be.",
                    "%(count)d e-mails were not sent again: only failed e-mails can be.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
