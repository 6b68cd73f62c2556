"""Accessibility feedback from the form on the accessibility statement (pages.Feedback).

Editors read and delete it; coordinators never see it (it is not about their Länder). Nobody
adds or edits it here: it comes from visitors, as they wrote it.
"""

from django.contrib import admin

from editorial.admin.mail import EditorsRecordAdmin
from pages.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(EditorsRecordAdmin):
    list_display = ["created_at", "page_url", "name", "email", "forwarded_at", "confirmed_at"]
    search_fields = ["page_url", "message", "name", "email"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "name",
        "email",
        "page_url",
        "message",
        "language",
        "forwarded_at",
        "confirmed_at",
        "mail_error",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False  # as the visitor wrote it
