from modeltranslation.translator import translator

from themes.models import SustainableDevelopmentGoal, Theme

# German is required: every page falls back to it.
translator.register(Theme, fields=("name", "short_text", "long_text"), required_languages=("de",))
translator.register(SustainableDevelopmentGoal, fields=("name",), required_languages=("de",))
