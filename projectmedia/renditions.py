"""Re-encoding of uploaded project images and writing their resized renditions.

The files are named by projects/images.py, which pages read without a query or file access.
"""

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

from projectmedia.validators import load_image
from projects.images import rendition_name, rendition_sizes

_SAVE_OPTIONS = {
    "JPEG": {"quality": 88, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


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
