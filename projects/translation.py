from modeltranslation.translator import TranslationOptions, register

from projects.models import (
    InKindContribution,
    Phase,
    Project,
    ProjectLink,
    ProjectResult,
    SpecialCall,
)


@register(Phase)
class PhaseTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("de",)


@register(SpecialCall)
class SpecialCallTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("de",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "image_alt", "partner_region", "tz_programme")
    required_languages = ("de",)


@register(InKindContribution)
class InKindContributionTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(ProjectLink)
class ProjectLinkTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("de",)


@register(ProjectResult)
class ProjectResultTranslationOptions(TranslationOptions):
    fields = ("indicator", "unit", "narrative")
    required_languages = ("de",)
