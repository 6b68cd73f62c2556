"""Addresses in two languages: a German slug, and an optional English one for English pages.

A model that uses these has `slug` (unique) and `slug_en` (blank or unique). Its English pages
use `slug_en` where there is one; the address in the other language redirects (the views).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized_slug(slug, slug_en, language=None):
    """The slug of the address in `language` (default: the active one)."""
    return slug_en if slug_en and (language or get_language()) == "en" else slug


def with_either_slug(queryset, slug):
    """The object of `queryset` whose German or English slug is `slug`, or None."""
    return queryset.filter(Q(slug=slug) | Q(slug_en=slug)).first()


def check_english_slug(obj):
    """One address names one object: an English slug may not be another object's German or
    English one (model validation, so the admin shows it on the field)."""
    if not obj.slug_en:
        return
    taken = with_either_slug(type(obj)._default_manager.exclude(pk=obj.pk), obj.slug_en)
    if taken is not None:
        raise ValidationError({"slug_en": _("Another page already uses this address.")})
