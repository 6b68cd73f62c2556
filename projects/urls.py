from django.urls import path

from projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    # two segments: never a project's slug
    path("search/suggestions/", views.search_suggestions, name="suggestions"),
    path("<slug:slug>/", views.project_detail, name="detail"),
]
