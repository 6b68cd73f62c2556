"""Open-data pages, downloads and feeds (language-prefixed; the API is in api_urls)."""

from django.urls import path

from opendata import feeds, views
from opendata.http import conditional

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects.csv", views.projects_csv, name="projects_csv"),
    path("projects.xlsx", views.projects_xlsx, name="projects_xlsx"),
    path("projects/<slug:slug>.csv", views.project_csv, name="project_csv"),
    path("feed/", conditional(feeds.ProjectsFeed()), name="feed"),
    path("feed/theme/<slug:slug>/", conditional(feeds.ThemeProjectsFeed()), name="theme_feed"),
    path("feed/land/<str:code>/", conditional(feeds.LandProjectsFeed()), name="land_feed"),
    path(
        "feed/project/<slug:slug>/",
        conditional(feeds.ProjectUpdatesFeed()),
        name="project_updates_feed",
    ),
]
