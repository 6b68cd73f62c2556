"""PDFs for the document tests, written by pikepdf: one builder per case."""

from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def _page(pdf):
    pdf.add_blank_page(page_size=(595, 842))
    return pdf.pages[0]


def _annotation(pdf, page, **entries):
    annotation = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Rect=Array([50, 50, 200, 80]), **entries)
    )
    page.obj.Annots = pdf.make_indirect(Array([annotation]))
    return annotation


def build(change=None, *, object_streams=False, encryption=None):
    """A one-page PDF; `change(pdf, page)` adds the case's content before it is written."""
    pdf = pikepdf.new()
    page = _page(pdf)
    if change:
        change(pdf, page)
    out = BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(out, object_stream_mode=mode, compress_streams=True, encryption=encryption)
    return out.getvalue()


def javascript_action():
    return Dictionary(S=Name.JavaScript, JS=String("app.alert('hello')"))


def open_action_javascript(pdf, page):
    pdf.Root.OpenAction = javascript_action()


def open_action_uri(pdf, page):
    """Opening the document calls a web address."""
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://tracker.example.org/"))


def open_at_first_page(pdf, page):
    """A destination: open at the first page."""
    pdf.Root.OpenAction = Array([page.obj, Name.Fit])


def open_action_goto(pdf, page):
    """What LaTeX's hyperref writes: one GoTo action to the first page."""
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([page.obj, Name.Fit]))


def javascript_link(pdf, page):
    _annotation(pdf, page, Subtype=Name.Link, A=javascript_action())


def javascript_name_tree(pdf, page):
    script = pdf.make_indirect(javascript_action())
    tree = Dictionary(Names=Array([String("hello"), script]))
    pdf.Root.Names = Dictionary(JavaScript=tree)


def page_open_action(pdf, page):
    """An additional action (/AA) that runs when the page is shown: /O, a harmless GoTo."""
    page.obj.AA = Dictionary(O=Dictionary(S=Name.GoTo, D=Array([page.obj, Name.Fit])))


def launch_link(pdf, page):
    _annotation(pdf, page, Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=String("calc.exe")))


def uri_link(pdf, page):
    link = Dictionary(S=Name.URI, URI=String("https://www.giz.de/"))
    _annotation(pdf, page, Subtype=Name.Link, A=link)


def attachment(pdf, page):
    pdf.attachments["data.xlsx"] = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04 spreadsheet")


def file_attachment_annotation(pdf, page):
    embedded = pdf.make_stream(b"MZ program", Type=Name.EmbeddedFile)
    spec = Dictionary(Type=Name.Filespec, F=String("tool.exe"), EF=Dictionary(F=embedded))
    _annotation(pdf, page, Subtype=Name.FileAttachment, FS=spec)


PLAIN = build()
