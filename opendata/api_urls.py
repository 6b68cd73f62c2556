"""Language-neutral open data under /api/ next to the JSON API (opendata.api)."""

from django.urls import path

from opendata import views

app_name = "opendata_api"
urlpatterns = [
    path("docs", views.api_docs, name="docs"),
    path("iati/activities.xml", views.iati_activities, name="iati_activities"),
    path("iati/projects/<slug:slug>.xml", views.iati_project, name="iati_project"),
]
