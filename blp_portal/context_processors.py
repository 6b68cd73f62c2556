from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def navigation(request):
    """Links to the same page in the other languages (the language lives in the URL)."""
    current = get_language()
    path = request.get_full_path()
    alternates = []
    for code, name in settings.LANGUAGES:
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "active": code == current,
            }
        )
    return {"language_alternates": alternates}
