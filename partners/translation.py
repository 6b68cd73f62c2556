from modeltranslation.translator import translator

from partners.models import Land, Organisation

# German is required: every page falls back to it.
translator.register(
    Land, fields=("name", "profile", "coordinator_organisation"), required_languages=("de",)
)
translator.register(Organisation, fields=("name",), required_languages=("de",))
