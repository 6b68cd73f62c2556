from django.db import models
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.models import EditorialEntry, optional_line, optional_text
from blp_portal.lib.text import paragraphs


class ThemeQuerySet(models.QuerySet):
    def focus(self):
        return self.filter(kind=Theme.Kind.FOCUS)

    def topics(self):
        return self.filter(kind=Theme.Kind.TOPIC)


class Theme(EditorialEntry):
    """A focus theme (Schwerpunktthema) or a cross-cutting topic (Querschnittsthema)."""

    class Kind(models.TextChoices):
        FOCUS = "focus", _("Focus theme")
        TOPIC = "topic", _("Cross-cutting topic")

    # slug and slug_en: EditorialEntry (a TwoLanguageAddress)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FOCUS)
    name = models.CharField(_("name"), max_length=120)
    short_text = optional_line(_("short text"), 300, _("One sentence for the icon."))
    long_text = optional_text(
        _("long text"), _("Shown on the theme page; blank lines split paragraphs.")
    )
    icon = optional_line(
        _("icon"), 100, _("File name of the theme's own SVG icon in static/icons/themes/.")
    )
    is_temporary = models.BooleanField(
        _("temporary theme"),
        default=False,
        help_text=_("A theme that belongs to certain programme phases only (see the phases)."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = ThemeQuerySet.as_manager()
    address_view = "themes:detail"

    class Meta(EditorialEntry.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    @property
    def icon_path(self):
        return f"icons/themes/{self.icon}" if self.icon else "icons/themes/default.svg"

    @property
    def paragraphs(self):
        return paragraphs(self.long_text)


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        constraints = [
            # Named before check_constraint's <app>_<model>_<rule>: renaming takes a migration.
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=17),
                name="themes_sdg_number_1_to_17",
            )
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.name}"
