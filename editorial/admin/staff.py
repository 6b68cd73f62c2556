"""Staff accounts in the admin: editors give roles, only superusers give more."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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


# Permission names are stored in English when the tables are made ("Can view log entry"): the
# roles' page names them in the reader's language from the action and the model instead.
_ACTIONS = {
    "view": _("may view: %(model)s"),
    "add": _("may add: %(model)s"),
    "change": _("may change: %(model)s"),
    "delete": _("may delete: %(model)s"),
}


def permission_label(permission):
    model = permission.content_type.model_class()
    name = model._meta.verbose_name_plural if model else permission.content_type.name
    action = permission.codename.split("_", 1)[0]
    text = _ACTIONS[action] % {"model": name} if action in _ACTIONS else gettext(permission.name)
    return text[:1].upper() + text[1:]


class RoleAdmin(GroupAdmin):
    """The two roles come from `manage.py setup_roles`: editors read them, with the
    permissions named in their language."""

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return super().get_fields(request, obj)
        return ["name", "permission_list"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return super().get_readonly_fields(request, obj)
        return ["name", "permission_list"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field

    @admin.display(description=_("permissions"))
    def permission_list(self, obj):
        permissions = obj.permissions.select_related("content_type")
        return "; ".join(sorted(permission_label(p) for p in permissions)) or "–"


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
