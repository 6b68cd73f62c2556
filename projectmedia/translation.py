from modeltranslation.translator import TranslationOptions, register

from projectmedia.models import ProjectDocument


@register(ProjectDocument)
class ProjectDocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("de",)
