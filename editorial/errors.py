"""The 403 page: staff in the admin get an admin page that says what they may do instead."""

from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse

from editorial.scope import is_editor, land_scope


def permission_denied(request, exception=None):
    """handler403 (blp_portal/urls.py). In the admin, a staff member sees the admin's frame,
    what their role allows and where their own projects are; everyone else the public page."""
    user = getattr(request, "user", None)
    in_admin = request.path.startswith(reverse("admin:index"))
    if in_admin and getattr(user, "is_staff", False):
        context = {
            **admin.site.each_context(request),
            "title": None,
            "is_editor": is_editor(user),
            "laender": sorted(land_scope(user) or [], key=str),
        }
        return render(request, "admin/403.html", context, status=403)
    return render(request, "403.html", status=403)
