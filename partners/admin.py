from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from editorial.admin import HistoryAdmin, LandReviewMixin
from editorial.permissions import scope_laender
from partners.models import Land, Organisation, PartnerCountry


@admin.register(Land)
class LandAdmin(LandReviewMixin, HistoryAdmin, TranslationAdmin):
    """Länder profiles: coordinators see only their own Länder, and their changes go to GIZ
    for review (editorial/admin.py LandReviewMixin); editors' changes save directly."""

    list_display = ["name", "code", "coordinator_name", "coordinator_email"]
    search_fields = ["name_de", "name_en", "code"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_land_choice(request):
            return queryset  # names only, to pick the participating Länder of a project
        return scope_laender(queryset, request.user)

    @staticmethod
    def _is_land_choice(request):
        """The autocomplete of the project form's Land fields (the names are public anyway)."""
        return (
            request.resolver_match is not None
            and request.resolver_match.url_name == "autocomplete"
            and request.GET.get("app_label") == "projects"
            and request.GET.get("field_name") == "land"
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.has_perm("partners.add_land"):
            fields.append("code")  # coordinators edit the profile, not the identity
        return fields


@admin.register(PartnerCountry)
class PartnerCountryAdmin(HistoryAdmin):
    list_display = ["__str__", "code", "region"]
    list_filter = ["region"]
    search_fields = ["code"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_de", "name_en", "acronym", "key"]
    prepopulated_fields = {"key": ("name_de",)}
