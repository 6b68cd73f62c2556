"""Embeddable pages (/de/einbetten/projekte/…): see projects/views_embed.py."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from projects import views_embed

app_name = "embed"
urlpatterns = [
    path(
        _("projects/"),
        include(
            [
                path("", views_embed.embed_list, name="list"),
                path("<slug:slug>/", views_embed.embed_card, name="card"),
            ]
        ),
    ),
]
