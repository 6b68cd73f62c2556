from modeltranslation.translator import translator

from projectmedia.models import ProjectDocument

# German is required: every page falls back to it.
translator.register(ProjectDocument, fields=("title",), required_languages=("de",))
