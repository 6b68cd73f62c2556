"""Active content in a PDF, found by reading the whole document with pikepdf (qpdf).

A byte search cannot see inside compressed object streams, where a PDF 1.5+ writer may put
any dictionary, an action included. qpdf unpacks them: `Pdf.objects` is every object in the
cross-reference table, whether stored plainly or in an object stream, and each one is walked
down through its direct dictionaries and arrays (indirect ones are in that list themselves).

Refused: JavaScript (actions, the document's JavaScript name tree, XFA forms that can carry
scripts), actions that run by themselves (an /OpenAction that is an action, /AA additional
actions on the document, pages, annotations and form fields), /Launch actions, and embedded
files (the /EmbeddedFiles name tree, file specifications with an /EF stream, file attachment
annotations, /EmbeddedFile streams). An /OpenAction that only shows a page (a destination, or
one GoTo action to it, as LaTeX's hyperref and many other writers set it) runs nothing and is
allowed; any other /OpenAction (a web address, a named command, a chain) is refused.

Encrypted and password-protected files are refused (their content cannot be judged
reliably), and so is anything qpdf cannot parse without repairing it.
"""

from io import BytesIO

import pikepdf

# Reasons, checked in this order; validators.py turns them into translated messages.
NOT_A_PDF = "not_a_pdf"
ENCRYPTED = "pdf_encrypted"
JAVASCRIPT = "pdf_javascript"
AUTOMATIC_ACTION = "pdf_automatic_action"
LAUNCH = "pdf_launch"
EMBEDDED_FILE = "pdf_embedded_file"

_KEYS = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # the catalogue's /Names tree of document scripts
    "/XFA": JAVASCRIPT,  # XML forms, which carry their own scripts
    "/AA": AUTOMATIC_ACTION,
    "/EmbeddedFiles": EMBEDDED_FILE,
    "/EF": EMBEDDED_FILE,
}
# (key, name value) pairs that mark an object, e.g. an action of type /Launch.
_NAMES = {
    ("/S", "/JavaScript"): JAVASCRIPT,
    ("/S", "/Launch"): LAUNCH,
    ("/Subtype", "/FileAttachment"): EMBEDDED_FILE,
    ("/Type", "/EmbeddedFile"): EMBEDDED_FILE,
}


class PdfRefused(Exception):
    """The document may not be stored; `reason` is one of the constants above."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _children(obj):
    """The direct (not indirect) dictionaries and arrays inside obj."""
    if isinstance(obj, pikepdf.Stream):
        values = [obj.stream_dict]
    elif isinstance(obj, pikepdf.Dictionary):
        values = list(obj.values())
    elif isinstance(obj, pikepdf.Array):
        values = list(obj)
    else:
        return []
    return [
        value
        for value in values
        if isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect
    ]


def _opens_at_a_page(open_action):
    """An /OpenAction that only shows a page: a destination (an array), or a single GoTo
    action to one (what LaTeX's hyperref writes). Anything else runs on opening."""
    if isinstance(open_action, pikepdf.Array):
        return True
    return (
        isinstance(open_action, pikepdf.Dictionary)
        and open_action.get("/S") == pikepdf.Name.GoTo
        and "/Next" not in open_action
    )


def _reasons(dictionary):
    """Why one dictionary (or a stream's dictionary) is refused; empty when it is harmless."""
    found = set()
    for key, value in dictionary.items():
        if key in _KEYS:
            found.add(_KEYS[key])
        if isinstance(value, pikepdf.Name) and (key, str(value)) in _NAMES:
            found.add(_NAMES[key, str(value)])
        if key == "/OpenAction" and not _opens_at_a_page(value):
            found.add(AUTOMATIC_ACTION)
    return found


def _walk(root):
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            yield obj.stream_dict
        elif isinstance(obj, pikepdf.Dictionary):
            yield obj
        stack.extend(_children(obj))


def check_pdf(data):
    """Raise PdfRefused unless the bytes are a plain, readable, unencrypted PDF."""
    try:
        with pikepdf.open(BytesIO(data), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise PdfRefused(ENCRYPTED)
            found = set()
            for obj in [pdf.trailer, *pdf.objects]:
                for dictionary in _walk(obj):
                    found |= _reasons(dictionary)
    except pikepdf.PasswordError as exc:
        raise PdfRefused(ENCRYPTED) from exc
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError) as exc:
        raise PdfRefused(NOT_A_PDF) from exc
    for reason in (JAVASCRIPT, AUTOMATIC_ACTION, LAUNCH, EMBEDDED_FILE):
        if reason in found:
            raise PdfRefused(reason)
