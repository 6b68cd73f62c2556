"""Portal-wide template tags ({% load portal %}).

- ``{{ page.body|sanitize }}``: the one HTML sanitiser (blp_portal.lib.html) on output.
- ``{{ link.url|safe_url }}``: the address, or "#" unless its scheme is an allowed one.
- ``{% fallback_lang obj "field" %}``: ` lang="de"` when `field` of `obj` is shown in the
  fallback language because the visitor's language has no text; use inside the element's tag.
- ``{% fallback_notice obj "field" "other" %}``: a visible notice when any of the fields is
  shown in the fallback language.
- ``{% absolute_url path %}``: `path` as an absolute URL of this request's host.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from blp_portal.lib.html import is_safe_url, sanitize_html

register = template.Library()


@register.filter(is_safe=True)
def sanitize(value):
    return mark_safe(sanitize_html(value))  # noqa: S308  (sanitised just now)


@register.filter
def safe_url(value):
    """`value` if it is a link with an allowed scheme (http, https, mailto, tel), else "#".

    For hrefs of editor-entered addresses: a javascript: or data: URL that got past the form
    validation (an import, the shell) is never written into a page.
    """
    return value if is_safe_url(value) else "#"


def fallback_language(obj, field):
    """The language whose text is shown for `field` when it is not the active one, else None."""
    if obj is None:
        return None
    active = get_language() or settings.LANGUAGE_CODE
    if active == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return None
    if getattr(obj, build_localized_fieldname(field, active), None):
        return None
    for language in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, build_localized_fieldname(field, language), None):
            return language
    return None


@register.simple_tag
def fallback_lang(obj, field):
    language = fallback_language(obj, field)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def fallback_notice(obj, *fields):
    languages = [fallback_language(obj, field) for field in fields]
    if not any(languages):
        return ""
    return render_to_string("includes/fallback_notice.html")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path
