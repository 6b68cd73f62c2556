from django.urls import path
from django.utils.translation import gettext_lazy as _

from pages import views

app_name = "pages"
urlpatterns = [
    path(_("about/<slug:slug>/"), views.page_detail, {"kind": "about"}, name="about"),
    path(_("legal/<slug:slug>/"), views.page_detail, {"kind": "legal"}, name="legal"),
]
