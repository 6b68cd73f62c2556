"""The one HTML sanitiser of the portal, used on save and again on output.

Editors write a little HTML in the admin (about and legal pages). Only a handful of structural
tags survive; everything else (scripts, styles, event handlers, images, iframes) is removed by
nh3 (the Rust "ammonia" sanitiser), which parses HTML like a browser and cannot be tricked by
malformed markup the way regular expressions can.
"""

import nh3

ALLOWED_TAGS = frozenset({"h2", "h3", "p", "ul", "ol", "li", "a", "strong", "em"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(value):
    """Return `value` with only ALLOWED_TAGS, `href` on links and safe URL schemes.

    Text is kept; disallowed tags are dropped with their markup (their text stays), except
    script/style, whose content goes too. None becomes "".
    """
    if not value:
        return ""
    return nh3.clean(
        str(value),
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    ).strip()


def is_safe_url(value):
    """True for an address with one of ALLOWED_URL_SCHEMES (as in sanitised links), or a path."""
    text = "".join(str(value or "").split()).lower()  # browsers ignore whitespace in schemes
    if not text:
        return False
    scheme, colon, _ = text.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return True  # relative address: no scheme at all
    return scheme in ALLOWED_URL_SCHEMES
