"""A project image's fields and checks (for projects and their updates), and how its renditions
are named, so pages can describe them without a query.

projectmedia writes the files (re-encoded original and one WebP per width); their storage names
carry everything a page needs for <img srcset width height>:

    projects/<uuid>-<width>x<height>.<ext>                      the cleaned original
    projects/renditions/<uuid>-<width>x<height>-<w>.webp        one file per rendition width

The uuid is new for every upload, so a name never points at other content: renditions can
be cached for a year as immutable (see docs/media.md).
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# 480 px for cards in the list, 1200 px for the detail page, 960 px between the two
# (cards on high-density screens, detail on phones).
RENDITION_WIDTHS = (480, 960, 1200)
RENDITIONS_DIR = "projects/renditions"
_NAME = re.compile(r"^projects/(?P<stem>[0-9a-f]{32}-(?P<w>\d+)x(?P<h>\d+))\.(?:jpg|png|webp)$")


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class ImageRenditions:
    """What templates need: srcset, a small and a large fallback, the aspect ratio."""

    renditions: tuple

    @property
    def srcset(self):
        return ", ".join(f"{r.url} {r.width}w" for r in self.renditions)

    @property
    def smallest(self):
        return self.renditions[0]

    @property
    def largest(self):
        return self.renditions[-1]


def rendition_sizes(width, height):
    """(w, h) for each rendition; never enlarged, so a small image has one rendition."""
    sizes = []
    for target in RENDITION_WIDTHS:
        w = min(target, width)
        size = (w, max(1, round(height * w / width)))
        if size not in sizes:
            sizes.append(size)
        if w == width:
            break
    return sizes


def rendition_name(stem, w):
    return f"{RENDITIONS_DIR}/{stem}-{w}.webp"


def image_renditions(project):
    """`project.image_renditions`: ImageRenditions, or None without an image or renditions.

    Pure string work on the stored name: no query and no file access.
    """
    field_file = project.image
    if not field_file:
        return None
    match = _NAME.match(field_file.name)
    if not match:
        return None  # an image stored before renditions existed: templates use image.url
    storage = field_file.storage
    width, height = int(match["w"]), int(match["h"])
    return ImageRenditions(
        tuple(
            Rendition(storage.url(rendition_name(match["stem"], w)), w, h)
            for w, h in rendition_sizes(width, height)
        )
    )


def image_fields():
    """(image, alt text, credit): the fields of a project's image, and of an update's."""
    return (
        models.ImageField(_("image"), upload_to="projects/", blank=True),
        models.CharField(
            _("image alt text"),
            max_length=250,
            blank=True,
            help_text=_(
                "Describes the image for people who cannot see it. Required with an image."
            ),
        ),
        models.CharField(
            _("image credit"), max_length=200, blank=True, help_text=_("Required with an image.")
        ),
    )


def image_errors(obj):
    """{field: message} for an image (of a project or an update) without its alt texts or credit.

    Alt text in every language the site shows: the fallback to German would read a German
    description out to English screen-reader users."""
    errors = {}
    if not obj.image:
        return errors
    missing = {
        "image_alt_de": _("An image needs a German alt text."),
        "image_alt_en": _("An image needs an English alt text."),
    }
    for name, message in missing.items():
        if not (getattr(obj, name, "") or "").strip():
            errors[name] = message
    if not (obj.image_credit or "").strip():
        errors["image_credit"] = _("An image needs a credit.")
    return errors
