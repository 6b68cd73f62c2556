"""Re-encoding of uploaded project images and their resized renditions.

Storage names carry everything a page needs, so no query and no file access is needed to
render <img srcset width height>:

    projects/<uuid>-<width>x<height>.<ext>                      the cleaned original
    projects/renditions/<uuid>-<width>x<height>-<w>.webp        one file per rendition width

The uuid is new for every upload, so a name never points at other content: renditions can
be cached for a year as immutable (see docs/media.md).
"""

import io
import re
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from projectmedia.validators import load_image

# 480 px for cards in the list, 1200 px for the detail page, 960 px between the two
# (cards on high-density screens, detail on phones).
RENDITION_WIDTHS = (480, 960, 1200)
RENDITIONS_DIR = "projects/renditions"
_NAME = re.compile(r"^projects/(?P<stem>[0-9a-f]{32}-(?P<w>\d+)x(?P<h>\d+))\.(?:jpg|png|webp)$")
_SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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


def _to_srgb(image):
    """Colour-managed images are converted to sRGB so that dropping the profile keeps colours."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def clean_image(image):
    """The picture only: EXIF orientation applied, sRGB, one frame, no metadata at all."""
    image = ImageOps.exif_transpose(image)
    image = _to_srgb(image)
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode not in ("L", "LA", "RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image = image.copy()  # a fresh image: first frame only, nothing of the source's info
    image.info = {}
    return image


def _encode(image, image_format):
    if image_format == "JPEG" and image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **_SAVE_OPTIONS[image_format])
    return buffer.getvalue()


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


def process_project_image(sender, instance, **kwargs):
    """pre_save of Project: a newly uploaded image is checked, cleaned, renamed and resized.

    Files already stored (committed) are left alone, so restoring an old version or saving
    without a new upload costs nothing.
    """
    field_file = instance.image
    if not field_file or field_file._committed:
        return
    source = load_image(field_file.file)  # raises ValidationError for anything but an image
    image_format = source.format
    image = clean_image(source)
    stem = f"{uuid.uuid4().hex}-{image.width}x{image.height}"
    field_file.save(
        f"{stem}.{_EXTENSIONS[image_format]}",
        ContentFile(_encode(image, image_format)),
        save=False,
    )
    storage = field_file.storage
    for w, h in rendition_sizes(image.width, image.height):
        resized = image.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        storage.save(rendition_name(stem, w), ContentFile(_encode(resized, "WEBP")))


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
