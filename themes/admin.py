from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from editorial.admin import HistoryAdmin
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
