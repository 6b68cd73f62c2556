from django.urls import path
from django.utils.translation import gettext_lazy as _

from pages import views

app_name = "pages"
urlpatterns = [
    path(_("about/"), views.page_index, {"kind": "about"}, name="about_index"),
    path(_("legal/"), views.page_index, {"kind": "legal"}, name="legal_index"),
    path(_("about/<slug:slug>/"), views.page_detail, {"kind": "about"}, name="about"),
    path(_("legal/<slug:slug>/"), views.page_detail, {"kind": "legal"}, name="legal"),
    path(_("accessible/<slug:slug>/"), views.page_detail, {"kind": "access"}, name="access"),
    path(_("accessibility-feedback/"), views.feedback, name="feedback"),
    path(_("accessibility-feedback/thanks/"), views.feedback_thanks, name="feedback_thanks"),
]
