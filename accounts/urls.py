"""Two-factor enrolment at the first log-in (under /admin/two-factor/, never page-cached)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.enrol, name="enrol"),
]
