"""The admins of the catalogue's reference content: themes, SDGs, Länder, partner countries,
organisations and content pages. Every one keeps a history (HistoryAdmin)."""

from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin

from blp_portal.lib.text import fold, folded_variants
from editorial.admin.history import HistoryAdmin
from editorial.admin.proposals import LandReviewMixin
from editorial.scope import may_change_identity_of_land, scope_laender
from pages.models import Page
from partners.models import Land, Organisation, PartnerCountry
from themes.models import SustainableDevelopmentGoal, Theme


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "is_temporary", "order", "slug"]
    list_filter = ["kind", "is_temporary"]
    list_editable = ["order"]
    search_fields = ["name_de", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_de",)}
    readonly_fields = ["phase_list"]

    @admin.display(description=_("phases (temporary themes)"))
    def phase_list(self, obj):
        return ", ".join(p.short_name for p in obj.phases.all()) or "–"


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["number", "name"]
    search_fields = ["name_de", "name_en"]


@admin.register(Land)
class LandAdmin(LandReviewMixin, HistoryAdmin, TranslationAdmin):
    """Länder profiles: coordinators see only their own Länder, and their changes go to GIZ
    for review (LandReviewMixin); editors' changes save directly."""

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
        if obj is not None and not may_change_identity_of_land(request.user):
            fields.append("code")  # coordinators edit the profile, not the identity
        return fields


@admin.register(PartnerCountry)
class PartnerCountryAdmin(HistoryAdmin):
    list_display = ["__str__", "code", "region"]
    list_filter = ["region"]
    search_fields = ["code"]

    def get_search_results(self, request, queryset, search_term):
        """The code, or the German or English name, case- and umlaut-insensitive ("Äth",
        "mosambik", "Mozambique", "MZ"). The names come from django-countries, not the
        database, so the few partner countries are matched in Python."""
        terms = [folded_variants(word) for word in search_term.split()]
        if not terms:
            return queryset, False
        codes = []
        for code in queryset.values_list("code", flat=True):
            names = [fold(code)]
            for language in ("de", "en"):
                with translation.override(language):
                    names.append(fold(Country(code).name))
            if all(any(v in name for v in variants for name in names) for variants in terms):
                codes.append(code)
        return queryset.filter(code__in=codes), False


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "acronym", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_de", "name_en", "acronym", "key"]
    prepopulated_fields = {"key": ("name_de",)}


@admin.register(Page)
class PageAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "slug", "slug_en", "kind", "order", "updated_at"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["title_de", "title_en", "slug", "slug_en", "body_de", "body_en"]
    prepopulated_fields = {"slug": ["title_de"], "slug_en": ["title_en"]}
    fields = ["kind", "title", "slug", "slug_en", "order", "body", "feedback_form"]
