"""Addresses in two languages: a German slug, and an optional English one for English pages.

A model that uses these has `slug` (unique) and `slug_en` (blank or unique). Its English pages
use `slug_en` where there is one; the address in the other language redirects (the views).
"""

import re
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized_slug(slug, slug_en, language=None):
    """The slug of the address in `language` (default: the active one)."""
    return slug_en if slug_en and (language or get_language()) == "en" else slug


# A stand-in that no real slug equals, in the address a view's pattern gives.
_STAND_IN = "slug-stand-in-0"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=512)
def _address_with_stand_in(viewname, *state):
    return reverse(viewname, args=[_STAND_IN])


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]) for a view whose one argument is a slug.

    The address is built once per view, language and URL configuration, and the slug put into
    it: reverse() walks the translated patterns every time, and a list page names a hundred
    projects, Länder and countries.
    """
    slug = str(slug)
    if not _SLUG.fullmatch(slug):  # the pattern would not take it: reverse() says so
        return reverse(viewname, args=[slug])
    state = (get_language(), get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    return _address_with_stand_in(viewname, *state).replace(_STAND_IN, slug)


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
