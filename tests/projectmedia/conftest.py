"""Uploads in these tests go to a temporary MEDIA_ROOT and document root.

Messages are checked in English: the German translations are added later to locale/.
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_dirs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PROJECTMEDIA_DOCUMENT_ROOT = tmp_path / "private" / "documents"
    return tmp_path


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
