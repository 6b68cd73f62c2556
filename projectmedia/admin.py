"""Admin pieces for ProjectAdmin (editorial/admin/projects.py): image checks and the documents inline."""

from django import forms
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from projectmedia.models import ProjectDocument
from projectmedia.validators import load_image

_MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class ProjectImageField(forms.ImageField):
    """Our content checks replace Django's generic "not an image", so editors see the reason."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        image = load_image(file)  # ValidationError with a precise, translated message
        file.image = image
        file.content_type = _MIME_TYPES[image.format]
        file.seek(0)
        return file


class ProjectMediaAdminMixin:
    """Mix into ProjectAdmin: the image upload is checked by content, with a note on the rules."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image" and isinstance(db_field, models.ImageField):
            kwargs["form_class"] = ProjectImageField
            kwargs.setdefault(
                "help_text",
                _(
                    "JPEG, PNG or WebP. Metadata (EXIF, location) is removed and smaller "
                    "versions are made on saving. Alt text in both languages and a credit "
                    "are required."
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ProjectDocumentInline(TranslationTabularInline):
    model = ProjectDocument
    extra = 0
    fields = ["title", "language", "file", "size_display", "order"]
    readonly_fields = ["size_display"]
    # Documents have no public file URL (they live outside MEDIA_ROOT): no "currently" link.
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}

    @admin.display(description=_("size"))
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "–"
