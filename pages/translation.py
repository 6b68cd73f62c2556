from modeltranslation.translator import translator

from pages.models import Page

# German is required: every page falls back to it.
translator.register(Page, fields=("title", "body"), required_languages=("de",))
