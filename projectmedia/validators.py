"""Content checks for uploads: images and PDF documents are judged by their bytes, not names.

Every check raises ValidationError with a translated message that tells the editor what to do.
"""

import re
import warnings
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from projectmedia import pdf

# Pillow format name -> file name endings that may carry it.
IMAGE_FORMATS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

# Markup that browsers would run or render if the file were ever sniffed as HTML or SVG: an
# image that also parses as a web page (a polyglot) is refused even though Pillow reads it.
_MARKUP = re.compile(
    rb"<(?:\?xml|!doctype|html|head|body|script|svg|iframe|object|embed|\?php)[\s>/]", re.I
)

# A PDF starts with its header, e.g. "%PDF-1.7", and ends with "%%EOF" (maybe followed by
# whitespace or a few stray bytes that real-world writers leave behind).
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_TAIL_BYTES = 1024

_PDF_AGAIN = _("Export it again without interactive content (for example with “print to PDF”).")
# What the editor reads for each reason projectmedia.pdf refuses a document.
_PDF_REFUSALS = {
    pdf.NOT_A_PDF: _(
        "This file is not a readable PDF document, or it is damaged. Upload a PDF file; if it "
        "opens on your computer, save or export it again as PDF."
    ),
    pdf.ENCRYPTED: _(
        "The PDF is encrypted or protected by a password. Save it again without password "
        "and protection, then upload it."
    ),
    pdf.JAVASCRIPT: _("The PDF contains JavaScript or scripted forms. %(again)s"),
    pdf.AUTOMATIC_ACTION: _(
        "The PDF runs actions by itself when it is opened or viewed. %(again)s"
    ),
    pdf.LAUNCH: _("The PDF contains an action that starts other programs. %(again)s"),
    pdf.EMBEDDED_FILE: _(
        "The PDF has files embedded in it (attachments). Remove them or export the document "
        "again (for example with “print to PDF”)."
    ),
}


def _read_all(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _check_size(file, limit):
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; at most %(limit)s are allowed."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )


def _too_many_pixels(width, height, limit):
    return ValidationError(
        _(
            "The image has %(width)s × %(height)s pixels; at most %(limit)s megapixels are "
            "allowed. Please reduce it before uploading."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": round(limit / 1_000_000)},
    )


def load_image(file):
    """Check an uploaded image by its content and return it fully decoded.

    Accepts JPEG, PNG and WebP only (Pillow opens nothing else here, so SVG, GIF, TIFF and
    friends never reach a parser), within the byte and pixel limits, whose name ends in an
    extension that fits the content, and without HTML/SVG markup inside.
    """
    _check_size(file, settings.PROJECTMEDIA_IMAGE_MAX_BYTES)
    data = _read_all(file)
    if _MARKUP.search(data):
        raise ValidationError(
            _("The file contains HTML or SVG markup. Upload a plain JPEG, PNG or WebP image."),
            code="markup",
        )
    max_pixels = settings.PROJECTMEDIA_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses above twice that; both
            # are decompression bombs to us, whatever our own limit is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
                image_format = probe.format
                width, height = probe.size
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels)
                probe.verify()
            image = Image.open(BytesIO(data), formats=[image_format])
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels("?", "?", max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError(
            _(
                "This file is not a JPEG, PNG or WebP image, or it is damaged. SVG, GIF and "
                "other formats are not accepted."
            ),
            code="not_an_image",
        ) from exc
    extension = PurePath(file.name or "").suffix.lower()
    if extension not in IMAGE_FORMATS[image_format]:
        raise ValidationError(
            _(
                "The file name ends in “%(extension)s” but the file is a %(format)s image. "
                "Rename it to %(expected)s or upload the intended file."
            ),
            code="extension_mismatch",
            params={
                "extension": extension or "–",
                "format": FORMAT_LABELS[image_format],
                "expected": " / ".join(IMAGE_FORMATS[image_format]),
            },
        )
    return image


def validate_image(file):
    """Validator form of load_image, for form fields."""
    load_image(file)


def validate_pdf(file):
    """A PDF by content: size limit, %PDF- header first, %%EOF at the end, no HTML up front,
    a .pdf name, and then the whole document read with pikepdf (projectmedia/pdf.py): no
    JavaScript, automatic or launch actions, embedded files or encryption, object streams
    included.

    A file already in storage was checked on upload and is not read again on every save.
    """
    if getattr(file, "_committed", False):
        return
    _check_size(file, settings.PROJECTMEDIA_DOCUMENT_MAX_BYTES)
    data = _read_all(file)
    if not _PDF_HEADER.match(data) or b"%%EOF" not in data[-_PDF_TAIL_BYTES:]:
        raise ValidationError(
            _("This file is not a complete PDF document. Upload a PDF file."), code="not_a_pdf"
        )
    if _MARKUP.search(data[:_PDF_TAIL_BYTES]):
        raise ValidationError(
            _("The file contains HTML markup. Upload a plain PDF file."), code="markup"
        )
    if PurePath(file.name or "").suffix.lower() != ".pdf":
        raise ValidationError(_("The file name must end in .pdf."), code="extension_mismatch")
    try:
        pdf.check_pdf(data)
    except pdf.PdfRefused as refused:
        raise ValidationError(
            _PDF_REFUSALS[refused.reason], code=refused.reason, params={"again": _PDF_AGAIN}
        ) from refused
