"""Where project documents (PDF) are stored: settings.STORAGES["documents"].

It follows MEDIA_STORAGE (blp_portal/settings.py, docs/media.md):

- local: `DocumentStorage`, a directory OUTSIDE MEDIA_ROOT (PROJECTMEDIA_DOCUMENT_ROOT) that
  the web server does not serve;
- s3: the media bucket under a private prefix, objects without a public ACL, signed URLs only.

Either way the download view (projectmedia.views.document_download) is the only way out: it
checks that the project is published and streams the file. A draft's PDF is therefore
unreachable even when somebody knows its file name.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty

ALIAS = "documents"


@deconstructible
class DocumentStorage(FileSystemStorage):
    """The local documents directory, PROJECTMEDIA_DOCUMENT_ROOT (same names as ever:
    documents/<uuid>.pdf below it)."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PROJECTMEDIA_DOCUMENT_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PROJECTMEDIA_DOCUMENT_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise NotImplementedError("Documents have no public URL; see projectmedia:document.")


class _ConfiguredDocumentStorage(LazyObject):
    """storages["documents"], looked up on first use (and again after STORAGES changes)."""

    def _setup(self):
        self._wrapped = storages[ALIAS]


documents_storage = _ConfiguredDocumentStorage()


def document_storage():
    """The FileField's storage callable: migrations record this function, not the backend,
    so switching MEDIA_STORAGE needs no migration."""
    return documents_storage


def forget_document_storage(*, setting, **kwargs):
    """setting_changed receiver (tests): a new STORAGES gives a new documents storage."""
    if setting == "STORAGES":
        documents_storage._wrapped = empty
