from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from opendata import sectors
from projects.models import once_per_project, part_of_project


class ProjectSector(models.Model):
    """An OECD-DAC 5-digit sector of a project for the IATI export.

    Where a project has none, the export derives the sectors from its focus themes
    (opendata.iati.THEME_SECTORS). The code must be an active one of the official codelist
    (opendata/data/dac_sectors.csv); the admin checks that a project's sectors add up to 100 %
    (opendata.admin.ProjectSectorFormSet).
    """

    project = part_of_project("sectors")
    code = models.CharField(
        _("DAC 5-digit sector code"),
        max_length=5,
        validators=[RegexValidator(r"^[1-9][0-9]{4}$", _("Five digits, e.g. 15110."))],
        help_text=_("OECD-DAC CRS purpose code, e.g. 15110 (public sector policy)."),
    )
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The sectors of one project should add up to 100."),
    )

    class Meta:
        ordering = ["project", "-percentage", "code"]
        verbose_name = _("DAC sector")
        verbose_name_plural = _("DAC sectors (IATI)")
        constraints = [
            once_per_project("code"),
            models.CheckConstraint(
                condition=Q(percentage__gte=0) & Q(percentage__lte=100),
                name="opendata_projectsector_percentage_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.code} ({self.percentage} %)"

    def clean(self):
        super().clean()
        if self.code and not sectors.is_active(self.code):
            raise ValidationError(
                {
                    "code": _("%(code)s is not a DAC 5-digit sector code in use.")
                    % {"code": self.code}
                }
            )
