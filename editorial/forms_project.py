"""Parts of the project form in the admin: the "do not publish" checkboxes with their warning,
and the rules for the Länder's in-kind contributions."""

import re

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.models import Project


class WithheldFieldsField(forms.TypedMultipleChoiceField):
    """One labelled checkbox per withholdable part (labels in the editor's language); stores
    the list of names the JSON field always held."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        for name in ("encoder", "decoder", "max_length"):
            kwargs.pop(name, None)
        kwargs["choices"] = list(Project.WITHHOLDABLE_FIELDS.items())
        kwargs["required"] = False
        super().__init__(**kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        # Always in the order of the checkboxes: an unchanged choice is an unchanged value.
        return [name for name in Project.WITHHOLDABLE_FIELDS if name in chosen]


def _mentioned(name, texts):
    name = (name or "").strip()
    if len(name) < 3:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
    return any(pattern.search(text) for text in texts)


def _country_names(countries):
    names = []
    for language in ("de", "en"):
        with translation.override(language):
            names += [country.name for country in countries]
    return names


def _organisation_names(formsets):
    for formset in formsets:
        if formset.model._meta.model_name != "participation":
            continue
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            organisation = data.get("organisation")
            if organisation is not None and not data.get("DELETE"):
                yield organisation.name
                yield organisation.acronym


def withheld_mentions(form, formsets):
    """The withheld names that the title or summary (German or English) still mention, as
    "name (part)" strings: withholding the partner country and naming it in the title
    publishes it anyway."""
    data = form.cleaned_data
    withheld = data.get("withheld_fields") or []
    texts = [
        data.get(f"{field}_{lang}") or ""
        for field in ("title", "summary")
        for lang in "de en".split()
    ]
    candidates = {
        "partner_countries": lambda: _country_names(data.get("partner_countries") or []),
        "partner_region": lambda: re.split(
            r"[,;/]", ";".join(data.get(f"partner_region_{lang}") or "" for lang in ("de", "en"))
        ),
        "organisations": lambda: _organisation_names(formsets),
    }
    found = []
    for part in withheld:
        if part not in candidates:
            continue
        for name in dict.fromkeys(n.strip() for n in candidates[part]() if n):
            if _mentioned(name, texts):
                found.append(f"{name} ({Project.WITHHOLDABLE_FIELDS[part]})")
    return found


def withheld_warning(form, formsets):
    """The warning after a save, or "" when nothing withheld is named."""
    found = withheld_mentions(form, formsets)
    if not found:
        return ""
    return gettext(
        "The title or summary still names something you chose not to publish: %(names)s. "
        "Rephrase them, or the public pages show it anyway."
    ) % {"names": ", ".join(found)}


class InKindContributionFormSet(BaseInlineFormSet):
    """A contribution's Land takes part in the project (the Länder rows of the same form); a
    coordinator records only their own Länder's contributions.

    Set per request by the admin: `land_formset` (the form's Länder rows) and
    `allowed_land_ids` (the coordinator's Länder; None for editors)."""

    land_formset = None
    allowed_land_ids = None

    def _participating_land_ids(self):
        if self.land_formset is None:
            return None
        if not self.land_formset.is_valid():
            return None  # its own errors are shown; a second error here would only confuse
        return {
            form.cleaned_data["land"].pk
            for form in self.land_formset.forms
            if form.cleaned_data.get("land") and not form.cleaned_data.get("DELETE")
        }

    def _recorded(self):
        """(Land, kind) of the contributions already stored: another Land's stay as they are."""
        if self.instance.pk is None:
            return set()
        return set(self.instance.in_kind_contributions.values_list("land_id", "kind"))

    def clean(self):
        super().clean()
        participating = self._participating_land_ids()
        recorded = self._recorded() if self.allowed_land_ids is not None else set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            land = data.get("land")
            if land is None or data.get("DELETE"):
                continue
            if participating is not None and land.pk not in participating:
                form.add_error(
                    "land",
                    _(
                        "%(land)s does not take part in this project: add it under "
                        "Partners first, or choose a participating Land."
                    )
                    % {"land": land},
                )
            elif (
                self.allowed_land_ids is not None
                and land.pk not in self.allowed_land_ids
                and (land.pk, data.get("kind")) not in recorded
            ):
                form.add_error(
                    "land",
                    _("You may record contributions of the Länder you coordinate only."),
                )
