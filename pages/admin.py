from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from pages.models import Page


@admin.register(Page)
class PageAdmin(TabbedTranslationAdmin):
    list_display = ["title", "slug", "kind", "order", "updated_at"]
    list_filter = ["kind"]
    list_editable = ["order"]
    search_fields = ["title_de", "title_en", "slug", "body_de", "body_en"]
    prepopulated_fields = {"slug": ["title_de"]}
    fields = ["kind", "title", "slug", "order", "body"]
