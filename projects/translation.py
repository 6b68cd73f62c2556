from modeltranslation.translator import translator

from projects.models import (
    InKindContribution,
    Phase,
    Project,
    ProjectLink,
    ProjectResult,
    SpecialCall,
)
from projects.updates import ProjectUpdate

# German is required: every page falls back to it. An in-kind contribution's description
# stays optional.
translator.register(Phase, fields=("name", "description"), required_languages=("de",))
translator.register(SpecialCall, fields=("name", "description"), required_languages=("de",))
translator.register(
    Project,
    fields=("title", "summary", "description", "image_alt", "partner_region", "tz_programme"),
    required_languages=("de",),
)
translator.register(InKindContribution, fields=("description",))
translator.register(ProjectLink, fields=("label",), required_languages=("de",))
translator.register(
    ProjectResult, fields=("indicator", "unit", "narrative"), required_languages=("de",)
)
translator.register(ProjectUpdate, fields=("text", "image_alt"), required_languages=("de",))
