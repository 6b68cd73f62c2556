from functools import lru_cache

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country, CountryField

from blp_portal.lib.models import check_constraint
from blp_portal.lib.slugs import slug_url


class ProjectCountQuerySet(models.QuerySet):
    """Rows counted by their projects, for the maps, lists, statistics and home page figures.

    `projects` is a queryset of projects.Project, normally ``Project.objects.published()`` or a
    part of it: what is counted is the caller's choice, so the draft gate stays in one place.
    Both methods annotate each row with `n`, its number of those projects.
    """

    # The lookup from this model to projects.Project (a string: no import of projects.models).
    project_lookup = ""

    def counted(self, projects):
        """The projects that may be counted for this model (all of `projects`)."""
        return projects

    def with_project_counts(self, projects):
        """Every row, with `n` (0 for a row without any of `projects`)."""
        lookup = self.project_lookup
        within = Q(**{f"{lookup}__in": self.counted(projects)})
        return self.annotate(n=Count(lookup, filter=within, distinct=True))

    def involved_in(self, projects):
        """Only the rows with at least one of `projects`, with `n`.

        The filter comes before the count, so both use one join: an inner join over the given
        projects rather than every project of every row (as with_project_counts has to).
        """
        lookup = self.project_lookup
        return self.filter(**{f"{lookup}__in": self.counted(projects)}).annotate(
            n=Count(lookup, distinct=True)
        )


class LandQuerySet(ProjectCountQuerySet):
    project_lookup = "project_roles__project"


class PartnerCountryQuerySet(ProjectCountQuerySet):
    project_lookup = "projects"

    def counted(self, projects):
        """A project that withholds its partner countries is not counted by country."""
        return projects.showing("partner_countries")

    def partners_of(self, projects):
        """THE partner countries of `projects`, with `n`: every count of partner countries on
        the site (home page, countries page, statistics) is this one set. A country is a
        partner once it has a counted project; a country recorded without one is not (yet)."""
        return self.involved_in(projects)

    def region_counts(self, projects):
        """{world region: number of `projects` with a partner country there}.

        A project with two countries in one region counts once there (hence distinct).
        """
        return dict(
            self.filter(projects__in=self.counted(projects))
            .values_list("region")
            .annotate(n=Count("projects", distinct=True))
            .order_by()
        )


class Land(models.Model):
    """One of the 16 German Länder taking part in the programme."""

    code = models.CharField(
        _("ISO 3166-2 code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^DE-[A-Z]{2}$", _("Use the form DE-XX, e.g. DE-BW."))],
    )
    name = models.CharField(_("name"), max_length=80)
    profile = models.TextField(_("short profile"), blank=True)
    website = models.URLField(_("website"), blank=True)
    coordinator_name = models.CharField(_("coordinator"), max_length=120, blank=True)
    coordinator_organisation = models.CharField(
        _("coordinator's office"), max_length=200, blank=True
    )
    coordinator_email = models.EmailField(_("coordinator e-mail"), blank=True)
    coordinator_phone = models.CharField(_("coordinator phone"), max_length=40, blank=True)

    objects = LandQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Land")
        verbose_name_plural = _("Länder")
        constraints = [check_constraint("code_de", models.Q(code__startswith="DE-"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("partners:land", self.slug)

    @property
    def slug(self):
        return self.code.lower()

    @property
    def has_coordinator(self):
        return bool(self.coordinator_name or self.coordinator_email or self.coordinator_phone)


class PartnerCountry(models.Model):
    """A partner country; its names come from django-countries in every language."""

    class Region(models.TextChoices):
        SUB_SAHARAN_AFRICA = "sub_saharan_africa", _("Sub-Saharan Africa")
        NORTH_AFRICA_MIDDLE_EAST = "north_africa_middle_east", _("North Africa and Middle East")
        LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and Caribbean")
        ASIA = "asia", _("Asia")
        EUROPE = "europe", _("Europe")
        OCEANIA = "oceania", _("Oceania")

    code = CountryField(_("country"), unique=True)
    region = models.CharField(_("world region"), max_length=30, choices=Region.choices)

    objects = PartnerCountryQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("partner country")
        verbose_name_plural = _("partner countries")

    def __str__(self):
        return str(self.code.name)

    def get_absolute_url(self):
        return slug_url("partners:country", self.slug)

    @property
    def name(self):
        """The country's name in the active language (django-countries, and COUNTRIES_OVERRIDE)."""
        return _country_name(self.code.code, get_language())

    @property
    def slug(self):
        return self.code.code.lower()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Public authority / ministry")
        MUNICIPALITY = "municipality", _("Municipality")
        UNIVERSITY = "university", _("University / research")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        CHAMBER = "chamber", _("Chamber / association")
        GIZ = "giz", _("GIZ")

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable short identifier.")
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@lru_cache(maxsize=1024)
def _country_name(code, language):
    """Looked up once per country and language: a list page names every partner country up to
    four times (filter, map, cards, chips), and django-countries' look-up is not cheap."""
    return str(Country(code).name)
