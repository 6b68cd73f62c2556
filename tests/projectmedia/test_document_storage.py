"""Documents live on settings.STORAGES["documents"]: a private directory locally, the media
bucket's private prefix with MEDIA_STORAGE=s3; downloads always go through the view."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from projectmedia.models import ProjectDocument
from projectmedia.storage import DocumentStorage, document_storage, documents_storage
from projects.models import Project
from tests.blp_portal.test_deploy import PRODUCTION, _settings
from tests.factories import make_project
from tests.projectmedia import pdfs

PDF = pdfs.PLAIN
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "blp-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
    "AWS_ACCESS_KEY_ID": "id",
    "AWS_SECRET_ACCESS_KEY": "secret",
}


def _document(state=Project.PublicationState.PUBLISHED):
    document = ProjectDocument(project=make_project(state=state), title="Factsheet")
    document.file.save("factsheet.pdf", ContentFile(PDF), save=True)
    return document


def _download(client, document):
    # Read to the end, never closed a second time: the test client closes a response itself,
    # and a second close would end the test's PostgreSQL connection (request_finished).
    response = client.get(f"/en/documents/{document.pk}/")
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, content


@pytest.fixture
def in_memory_documents(settings):
    """Documents on an in-memory storage, as a stand-in for any configured backend."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield storages["documents"]


def test_the_field_uses_the_configured_documents_storage(settings):
    field = ProjectDocument._meta.get_field("file")
    assert field.storage is documents_storage
    assert isinstance(storages["documents"], DocumentStorage)
    assert isinstance(field.storage, DocumentStorage)
    # The migration records the callable, so changing MEDIA_STORAGE needs no migration.
    assert field.deconstruct()[3]["storage"] is document_storage
    assert settings.STORAGES["documents"] == {"BACKEND": "projectmedia.storage.DocumentStorage"}


def test_local_documents_stay_outside_media_root(settings):
    location = storages["documents"].path("documents/x.pdf")
    assert location == str(settings.PROJECTMEDIA_DOCUMENT_ROOT / "documents" / "x.pdf")
    assert not location.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(NotImplementedError):
        storages["documents"].url("documents/x.pdf")


@pytest.mark.django_db
def test_a_file_stored_before_the_change_is_still_downloaded(client, settings):
    """Existing files keep their names (documents/<uuid>.pdf below PROJECTMEDIA_DOCUMENT_ROOT)."""
    name = "documents/0123456789abcdef0123456789abcdef.pdf"
    path = settings.PROJECTMEDIA_DOCUMENT_ROOT / name
    path.parent.mkdir(parents=True)
    path.write_bytes(PDF)
    document = ProjectDocument.objects.create(project=make_project(), title="Alt", file=name)
    assert _download(client, document) == (200, PDF)


@pytest.mark.django_db
def test_documents_are_saved_and_served_through_the_configured_storage(
    client, in_memory_documents, settings
):
    document = _document()
    assert in_memory_documents.exists(document.file.name)
    assert not default_storage.exists(document.file.name)
    assert not (settings.PROJECTMEDIA_DOCUMENT_ROOT / document.file.name).exists()
    assert _download(client, document) == (200, PDF)


@pytest.mark.django_db
def test_the_view_still_hides_unpublished_documents_on_any_storage(client, in_memory_documents):
    document = _document(state=Project.PublicationState.DRAFT)
    assert in_memory_documents.exists(document.file.name)
    assert _download(client, document)[0] == 404
    in_memory_documents.delete(document.file.name)
    Project.objects.filter(pk=document.project_id).update(
        publication_state=Project.PublicationState.PUBLISHED
    )
    assert _download(client, document)[0] == 404  # the file is gone: 404, not 500


def test_s3_documents_go_to_the_media_bucket_under_a_private_prefix():
    storages_ = _settings(**dict(PRODUCTION, **S3_ENV))["storages"]
    images, documents = storages_["default"], storages_["documents"]
    assert documents["BACKEND"] == images["BACKEND"] == "storages.backends.s3.S3Storage"
    options = documents["OPTIONS"]
    assert options["bucket_name"] == images["OPTIONS"]["bucket_name"] == "blp-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["location"] == "private"
    # Never under the public custom domain; any URL made for a document is signed, briefly.
    assert options["custom_domain"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert images["OPTIONS"]["custom_domain"] == "media.example.org"


def test_local_media_keeps_documents_in_the_private_directory():
    storages_ = _settings(**PRODUCTION)["storages"]
    assert storages_["documents"] == {"BACKEND": "projectmedia.storage.DocumentStorage"}


def test_s3_document_urls_are_signed_and_private_without_network(settings):
    pytest.importorskip("storages")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "blp-media",
                "endpoint_url": "https://s3.example.org",
                "region_name": "eu-central-1",
                "access_key": "id",
                "secret_key": "secret",
                "location": "private",
                "custom_domain": None,
                "querystring_auth": True,
                "querystring_expire": 300,
            },
        },
    }
    field = ProjectDocument._meta.get_field("file")
    assert field.storage.__class__.__name__ == "S3Storage"  # the field follows the setting
    url = urlsplit(field.storage.url("documents/0123.pdf"))
    assert url.path == "/blp-media/private/documents/0123.pdf"
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"]
