"""Project images are judged by their bytes: only real JPEG/PNG/WebP within the limits pass."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from projectmedia.validators import load_image
from tests.projectmedia.images import gif_bytes, jpeg_bytes, png_bomb_bytes, png_bytes, upload


def _error(file):
    with pytest.raises(ValidationError) as info:
        load_image(file)
    return info.value


def test_real_jpeg_is_accepted():
    image = load_image(upload("photo.jpg", jpeg_bytes()))
    assert image.format == "JPEG"
    assert image.size == (1600, 1000)


def test_real_png_and_webp_are_accepted():
    assert load_image(upload("chart.png", png_bytes(), "image/png")).format == "PNG"
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40)).save(buffer, "WEBP")
    assert load_image(upload("pic.webp", buffer.getvalue(), "image/webp")).format == "WEBP"


def test_uppercase_jpeg_extension_is_accepted():
    assert load_image(upload("PHOTO.JPEG", jpeg_bytes(exif=False))).format == "JPEG"


def test_text_file_named_jpg_is_rejected():
    error = _error(upload("photo.jpg", b"just some text, certainly not a photo\n" * 20))
    assert error.code == "not_an_image"
    assert "not a JPEG, PNG or WebP image" in error.messages[0]


def test_svg_is_rejected_even_when_named_png():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for name in ("logo.svg", "logo.png"):
        error = _error(upload(name, svg, "image/svg+xml"))
        assert error.code == "markup"
        assert "HTML or SVG markup" in error.messages[0]


def test_html_file_named_jpg_is_rejected():
    error = _error(upload("photo.jpg", b"<!DOCTYPE html><html><body>hi</body></html>", "text/html"))
    assert error.code == "markup"


def test_jpeg_html_polyglot_is_rejected():
    """A valid JPEG that carries a web page in its comment segment."""
    data = jpeg_bytes(exif=False, comment=b"<html><script>alert(document.cookie)</script>")
    assert Image.open(io.BytesIO(data)).format == "JPEG"  # Pillow alone would accept it
    assert _error(upload("photo.jpg", data)).code == "markup"


def test_gif_is_rejected():
    assert _error(upload("anim.gif", gif_bytes(), "image/gif")).code == "not_an_image"


def test_truncated_jpeg_is_rejected():
    data = jpeg_bytes(exif=False)
    assert _error(upload("photo.jpg", data[: len(data) // 2])).code == "not_an_image"


def test_png_named_jpg_is_rejected_with_the_content_type_named():
    error = _error(upload("photo.jpg", png_bytes(), "image/jpeg"))
    assert error.code == "extension_mismatch"
    assert "“.jpg” but the file is a PNG image" in error.messages[0]


def test_file_over_the_size_limit_is_rejected(settings):
    settings.PROJECTMEDIA_IMAGE_MAX_BYTES = 2_000
    error = _error(upload("photo.jpg", jpeg_bytes()))
    assert error.code == "file_too_large"
    assert "at most 2.0\xa0KB are allowed" in error.messages[0]


def test_image_over_the_pixel_limit_is_rejected(settings):
    settings.PROJECTMEDIA_IMAGE_MAX_PIXELS = 1_000_000
    error = _error(upload("photo.jpg", jpeg_bytes(size=(1600, 1000))))
    assert error.code == "too_many_pixels"
    assert "1600 × 1000 pixels; at most 1 megapixels" in error.messages[0]


def test_decompression_bomb_is_rejected_before_decoding():
    data = png_bomb_bytes()
    assert len(data) < 200
    error = _error(upload("bomb.png", data, "image/png"))
    assert error.code == "too_many_pixels"


def test_bomb_just_over_pillows_warning_threshold_is_rejected(settings):
    """Between Image.MAX_IMAGE_PIXELS and twice that Pillow only warns: still refused."""
    settings.PROJECTMEDIA_IMAGE_MAX_PIXELS = 10**12  # our own limit out of the way
    side = int((Image.MAX_IMAGE_PIXELS * 1.5) ** 0.5)
    error = _error(upload("bomb.png", png_bomb_bytes(side, side), "image/png"))
    assert error.code == "too_many_pixels"
