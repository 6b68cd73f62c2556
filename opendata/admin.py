from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opendata import sectors
from opendata.models import ProjectSector


class ProjectSectorForm(forms.ModelForm):
    # A select of the active codes (with their names) instead of a free five-digit field.
    code = forms.ChoiceField(
        label=_("DAC 5-digit sector code"),
        choices=lambda: [("", "---------"), *sectors.choices()],
        help_text=_("OECD-DAC CRS purpose code (IATI Sector codelist)."),
    )

    class Meta:
        model = ProjectSector
        fields = ["code", "percentage"]


class ProjectSectorFormSet(forms.BaseInlineFormSet):
    """Where a project has DAC sectors, their percentages add up to exactly 100."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum((f.cleaned_data["percentage"] for f in kept), Decimal(0))
        if kept and total != 100:
            raise ValidationError(
                _("The percentages of the DAC sectors add up to %(total)s, not 100.")
                % {"total": total}
            )


class ProjectSectorInline(admin.TabularInline):
    """DAC sectors that override the theme-derived ones in the IATI export."""

    model = ProjectSector
    form = ProjectSectorForm
    formset = ProjectSectorFormSet
    extra = 0
