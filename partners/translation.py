from modeltranslation.translator import TranslationOptions, register

from partners.models import Land, Organisation


@register(Land)
class LandTranslationOptions(TranslationOptions):
    fields = ("name", "profile", "coordinator_organisation")
    required_languages = ("de",)


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("de",)
