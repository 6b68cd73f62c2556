from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from django.views.static import serve

from projectmedia.models import ProjectDocument
from projects.images import RENDITIONS_DIR


@require_GET
def document_download(request, pk):
    """A published project's PDF as a download with headers that forbid rendering it inline."""
    document = get_object_or_404(ProjectDocument.objects.public(), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("document file is missing") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser did render it, the file may not run anything or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Short: a project taken offline must not stay downloadable from caches for long.
    response["Cache-Control"] = "public, max-age=300"
    return response


# Renditions never change under their name (a new upload gets a new uuid), so a year is safe.
IMMUTABLE = "public, max-age=31536000, immutable"


def serve_media(request, path, document_root=None):
    """DEBUG only (blp_portal/urls.py): Django's static serve plus the production cache headers.

    In production the web server serves MEDIA_ROOT and sets the same header for
    projects/renditions/ (docs/media.md).
    """
    response = serve(request, path, document_root=document_root)
    if path.startswith(f"{RENDITIONS_DIR}/") and response.status_code == 200:
        response["Cache-Control"] = IMMUTABLE
    return response
