from django.urls import path
from django.utils.translation import gettext_lazy as _

from partners import views

app_name = "partners"
urlpatterns = [
    path(_("states/"), views.land_list, name="laender"),
    path(_("countries/"), views.country_list, name="countries"),
    path(_("states/<slug:code>/"), views.land_detail, name="land"),
    path(_("countries/<slug:code>/"), views.country_detail, name="country"),
]
