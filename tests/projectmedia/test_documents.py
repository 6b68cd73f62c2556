"""Project documents: PDFs by content, random names outside MEDIA_ROOT, safe public downloads."""

import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from editorial.admin.projects import ProjectAdmin
from projectmedia.admin import ProjectDocumentInline
from projectmedia.models import ProjectDocument
from projectmedia.validators import validate_pdf
from projects.models import Project
from tests.factories import make_project
from tests.projectmedia import pdfs

PDF = pdfs.PLAIN


def _pdf(name="Bericht.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _error(file):
    with pytest.raises(ValidationError) as info:
        validate_pdf(file)
    return info.value


def _document(state=Project.PublicationState.PUBLISHED, title="Annual report 2024 – Übersicht"):
    document = ProjectDocument(
        project=make_project(state=state), title_de="Bericht", title_en=title, language="de"
    )
    document.file.save("Meine Datei.pdf", _pdf(), save=False)
    document.full_clean()
    document.save()
    return document


def test_real_pdf_is_accepted():
    validate_pdf(_pdf())


@pytest.mark.parametrize(
    "change",
    [None, pdfs.open_at_first_page, pdfs.open_action_goto, pdfs.uri_link],
    ids=["plain", "open-at-page", "open-with-goto", "web-link"],
)
@pytest.mark.parametrize("object_streams", [False, True], ids=["plain-xref", "object-streams"])
def test_harmless_pdfs_are_accepted(change, object_streams):
    validate_pdf(_pdf(data=pdfs.build(change, object_streams=object_streams)))


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("report.pdf", b"Hello, I am plain text.\n", "not_a_pdf"),
        ("report.pdf", b"<html><body>%PDF-1.4</body></html>", "not_a_pdf"),
        ("report.pdf", PDF.replace(b"%%EOF", b""), "not_a_pdf"),
        ("report.pdf", PDF[:-6] + b"<html><script>x</script>\n%%EOF\n", "markup"),
        ("report.exe", PDF, "extension_mismatch"),
        # Header and end are right, the body is not a PDF: pikepdf cannot read it.
        ("report.pdf", b"%PDF-1.7\n" + b"\x00garbage " * 200 + b"\n%%EOF\n", "not_a_pdf"),
        # A broken cross-reference table is not repaired: the file is refused as damaged.
        ("report.pdf", PDF.replace(b"startxref\n", b"startxref\n9"), "not_a_pdf"),
    ],
)
def test_not_a_pdf_is_rejected(name, data, code):
    assert _error(_pdf(name, data)).code == code


REFUSED = [
    (pdfs.open_action_javascript, "pdf_javascript"),
    (pdfs.javascript_link, "pdf_javascript"),
    (pdfs.javascript_name_tree, "pdf_javascript"),
    (pdfs.open_action_uri, "pdf_automatic_action"),
    (pdfs.page_open_action, "pdf_automatic_action"),
    (pdfs.launch_link, "pdf_launch"),
    (pdfs.attachment, "pdf_embedded_file"),
    (pdfs.file_attachment_annotation, "pdf_embedded_file"),
]


@pytest.mark.parametrize(("change", "code"), REFUSED, ids=[c.__name__ for c, _ in REFUSED])
def test_active_content_is_refused(change, code):
    error = _error(_pdf(data=pdfs.build(change)))
    assert error.code == code
    assert "PDF" in error.messages[0]


@pytest.mark.parametrize(("change", "code"), REFUSED, ids=[c.__name__ for c, _ in REFUSED])
def test_active_content_in_a_compressed_object_stream_is_refused(change, code):
    data = pdfs.build(change, object_streams=True)
    assert b"/ObjStm" in data
    # The actions are invisible to a search of the bytes: compressed in the object stream.
    # (An embedded file is itself a stream, and a stream's dictionary is never compressed.)
    for word in (b"JavaScript", b"/JS", b"Launch", b"OpenAction", b"/AA", b"/EF", b"/Names"):
        assert word not in data
    assert _error(_pdf(data=data)).code == code


def test_javascript_in_an_object_stream_is_found():
    data = pdfs.build(pdfs.javascript_link, object_streams=True)
    assert b"JavaScript" not in data and b"app.alert" not in data
    error = _error(_pdf(data=data))
    assert error.code == "pdf_javascript"
    assert error.messages == [
        "The PDF contains JavaScript or scripted forms. Export it again without interactive "
        "content (for example with “print to PDF”)."
    ]


@pytest.mark.parametrize("user_password", ["", "secret"], ids=["no-password", "password"])
def test_encrypted_pdf_is_refused(user_password):
    encryption = pikepdf.Encryption(owner="owner-secret", user=user_password)
    error = _error(_pdf(data=pdfs.build(encryption=encryption)))
    assert error.code == "pdf_encrypted"
    assert "password" in error.messages[0]


def test_refusals_are_translated():
    with translation.override("de"):
        error = _error(_pdf(data=pdfs.build(pdfs.launch_link)))
        assert error.messages[0].startswith("Das PDF enthält eine Aktion")


@pytest.mark.django_db
def test_model_validation_refuses_a_hostile_pdf():
    document = ProjectDocument(
        project=make_project(), title_de="Bericht", title_en="Report", language="de"
    )
    document.file = _pdf(data=pdfs.build(pdfs.javascript_link, object_streams=True))
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert [e.code for e in info.value.error_dict["file"]] == ["pdf_javascript"]


def test_pdf_over_the_size_limit_is_rejected(settings):
    settings.PROJECTMEDIA_DOCUMENT_MAX_BYTES = 100
    error = _error(_pdf())
    assert error.code == "file_too_large"
    assert "at most 100\xa0bytes are allowed" in error.messages[0]


@pytest.mark.django_db
def test_document_gets_a_random_name_outside_media_root(settings):
    document = _document()
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert document.file.path.startswith(str(settings.PROJECTMEDIA_DOCUMENT_ROOT))
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert document.size == len(PDF)


@pytest.mark.django_db
def test_published_project_document_is_downloaded_with_safe_headers(
    client, django_assert_num_queries
):
    document = _document()
    # 1. the document joined with the published-project gate
    with django_assert_num_queries(1):
        response = client.get(f"/en/documents/{document.pk}/")
    content = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="annual-report-2024-ubersicht.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert content == PDF


@pytest.mark.django_db
def test_title_with_quotes_and_newlines_gives_a_plain_file_name(client):
    document = _document(title='Bericht"\r\nX-Evil: 1; ../../etc')
    response = client.get(f"/en/documents/{document.pk}/")
    response.close()
    assert response["Content-Disposition"] == 'attachment; filename="bericht-x-evil-1-etc.pdf"'


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state",
    [
        Project.PublicationState.DRAFT,
        Project.PublicationState.REVIEW,
        Project.PublicationState.ARCHIVED,
    ],
)
def test_document_of_an_unpublished_project_is_404(client, state):
    document = _document(state=state)
    assert client.get(f"/en/documents/{document.pk}/").status_code == 404


@pytest.mark.django_db
def test_unknown_document_and_missing_file_are_404(client):
    assert client.get("/en/documents/999999/").status_code == 404
    document = _document()
    document.file.delete(save=False)
    ProjectDocument.objects.filter(pk=document.pk).update(file="documents/gone.pdf")
    assert client.get(f"/en/documents/{document.pk}/").status_code == 404


def test_documents_inline_is_on_the_project_admin():
    assert ProjectDocumentInline in ProjectAdmin.inlines
