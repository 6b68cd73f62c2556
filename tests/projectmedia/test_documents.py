"""Project documents: PDFs by content, random names outside MEDIA_ROOT, safe public downloads."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.admin.projects import ProjectAdmin
from projectmedia.admin import ProjectDocumentInline
from projectmedia.models import ProjectDocument
from projectmedia.validators import validate_pdf
from projects.models import Project
from tests.factories import make_project

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


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
    ("name", "data", "code"),
    [
        ("report.pdf", b"Hello, I am plain text.\n", "not_a_pdf"),
        ("report.pdf", b"<html><body>%PDF-1.4</body></html>", "not_a_pdf"),
        ("report.pdf", PDF.replace(b"%%EOF", b""), "not_a_pdf"),
        ("report.pdf", PDF[:-6] + b"<html><script>x</script>\n%%EOF\n", "markup"),
        (
            "report.pdf",
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript>>"),
            "pdf_active_content",
        ),
        ("report.exe", PDF, "extension_mismatch"),
    ],
)
def test_not_a_safe_pdf_is_rejected(name, data, code):
    assert _error(_pdf(name, data)).code == code


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
