from modeltranslation.translator import TranslationOptions, register

from themes.models import SustainableDevelopmentGoal, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "short_text", "long_text")
    required_languages = ("de",)


@register(SustainableDevelopmentGoal)
class SDGTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("de",)
