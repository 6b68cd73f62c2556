from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class DocumentStorage(FileSystemStorage):
    """Project documents live outside MEDIA_ROOT (PROJECTMEDIA_DOCUMENT_ROOT).

    The web server never serves them directly: the download view is the only way out, and it
    checks that the project is published. A draft's PDF is therefore unreachable even when
    somebody knows its file name.
    """

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
