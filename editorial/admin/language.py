"""The office's language in what the admin stores as text: log and history messages.

Django writes a change message with the form's field labels in the language of whoever saved,
and django-reversion keeps it as the version's comment, already rendered. An editor working in
the English admin would leave "Summary [de] changed." in a German history. The messages are
therefore built in the office's language (settings.LANGUAGE_CODE, German), with the fields'
verbose names, whatever language the person saving has chosen.
"""

from django.conf import settings
from django.utils import translation


def _label(form, name, language):
    with translation.override(language):
        return str(form.fields[name].label or name)


class OfficeLanguageMessagesMixin:
    """Mix into a ModelAdmin before VersionAdmin: change messages and version comments in the
    office's language."""

    def construct_change_message(self, request, form, formsets, add=False):
        """Django keeps the changed fields' labels in English (and translates them when the
        log is read, which fails for "Summary [de]"): keep them in the office's language."""
        message = super().construct_change_message(request, form, formsets, add)
        forms = [form, *(f for formset in formsets or () for f in formset.forms)]
        labels = {}
        for each in forms:
            for name in each.changed_data:
                if name in each.fields:
                    labels[_label(each, name, None)] = _label(each, name, settings.LANGUAGE_CODE)
        for part in message:
            changed = part.get("changed", {})
            if "fields" in changed:
                changed["fields"] = [labels.get(label, label) for label in changed["fields"]]
        return message

    def log_addition(self, request, obj, message):
        with translation.override(settings.LANGUAGE_CODE):
            return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        with translation.override(settings.LANGUAGE_CODE):
            return super().log_change(request, obj, message)
