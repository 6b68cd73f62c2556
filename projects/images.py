"""How a project image's renditions are named, so pages can describe them without a query.

projectmedia writes the files (re-encoded original and one WebP per width); their storage names
carry everything a page needs for <img srcset width height>:

    projects/<uuid>-<width>x<height>.<ext>                      the cleaned original
    projects/renditions/<uuid>-<width>x<height>-<w>.webp        one file per rendition width

The uuid is new for every upload, so a name never points at other content: renditions can
be cached for a year as immutable (see docs/media.md).
"""

import re
from dataclasses import dataclass

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
