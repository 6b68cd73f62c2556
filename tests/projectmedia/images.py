"""Small image files made in memory for the upload tests."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F
ORIENTATION = 0x0112


def jpeg_bytes(size=(1600, 1000), exif=True, **save_options):
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1]))
    if exif:
        data = Image.Exif()
        data[MAKE] = "Spy Camera Inc."
        data[ORIENTATION] = 1
        data.get_ifd(GPS_IFD)[2] = (51.0, 20.0, 0.0)  # GPSLatitude
        save_options["exif"] = data.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def png_bytes(size=(800, 600), mode="RGBA"):
    image = Image.new(mode, size, (10, 120, 10, 128) if mode == "RGBA" else 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def gif_bytes():
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def png_bomb_bytes(width=100_000, height=100_000):
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
