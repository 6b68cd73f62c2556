"""Staff accounts in the admin: editors give roles, only superusers give more."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from editorial.scope import may_grant_rights, may_manage_account


class StaffUserAdmin(UserAdmin):
    """GIZ editors manage accounts and give roles (groups). Superuser status and single
    permissions stay with superusers, so an editor cannot raise anyone's rights, their own
    included, past the editor role, nor change or delete a superuser's account."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_grant_rights(request.user):
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        return may_manage_account(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_manage_account(request.user, obj) and super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
