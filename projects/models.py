from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.models import check_constraint, optional_key, optional_line, optional_text
from blp_portal.lib.slugs import slug_url
from blp_portal.lib.text import normalize_text_fields, paragraphs
from partners.models import Land, Organisation, PartnerCountry
from projects.images import image_errors, image_fields, image_renditions
from themes.models import SustainableDevelopmentGoal, Theme


class Phase(models.Model):
    """A programme phase: pilot 2015–2019, BLP II 2019–2023, BLP III from 2023."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    short_name = models.CharField(_("short name"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    temporary_themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="phases",
        verbose_name=_("temporary themes"),
        help_text=_("Temporary themes that ran in this phase."),
        limit_choices_to={"is_temporary": True},
    )

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")
        constraints = [
            check_constraint(
                "end_after_start",
                Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
            )
        ]

    def __str__(self):
        return self.short_name

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"


class SpecialCall(models.Model):
    """A special call for proposals within a phase, e.g. the Ukraine call of BLP III."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("phase")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("special call")
        verbose_name_plural = _("special calls")

    def __str__(self):
        return self.name


def withholds(name):
    """Q: the project withholds `name`, a key of Project.WITHHOLDABLE_FIELDS.

    JSON `contains` on a list is PostgreSQL-only, so the JSON text is matched for the quoted
    name (`"partner_countries"`): one portable LIKE in the same query, on SQLite and PostgreSQL.
    The quotes keep one name from matching inside another.
    """
    if name not in Project.WITHHOLDABLE_FIELDS:
        raise ValueError(f"{name!r} is not a withholdable field")
    return Q(withheld_fields__icontains=f'"{name}"')


class ProjectQuerySet(models.QuerySet):
    def published(self):
        """The one gate for everything public: only published projects."""
        return self.filter(publication_state=Project.PublicationState.PUBLISHED)

    def for_theme(self, theme):
        return self.filter(Q(themes=theme) | Q(topics=theme)).distinct()

    def for_land(self, land):
        return self.filter(land_roles__land=land)

    def showing(self, name):
        """Projects that may be found and counted by `name` (a key of WITHHOLDABLE_FIELDS).

        A project that marks a field "do not publish" must not turn up behind it anywhere in
        public: withholding partner_countries keeps it off the country pages, the country and
        world-region filters, their counts and maps. Use this for every such relation.
        """
        return self.exclude(withholds(name))

    def for_country(self, country):
        return self.showing("partner_countries").filter(partner_countries=country)

    def with_list_data(self):
        """What a project card shows, in one query per relation: the phase joined; themes, topics,
        Länder (with the Land) and partner countries as plain lists (Project.theme_list,
        topic_list, laender, country_list).

        A prefetch into the relation itself builds a related manager and a queryset for every
        project and relation; a list (`to_attr`) does not, which makes a page of 20 cards about
        10 ms faster to build.
        """
        return self.select_related("phase").prefetch_related(
            *(
                models.Prefetch(relation, queryset=queryset, to_attr=f"_listed_{relation}")
                for relation, queryset in _card_relations()
            )
        )

    def with_detail_data(self):
        return self.select_related("phase", "special_call", "predecessor").prefetch_related(
            *(
                models.Prefetch(relation, queryset=queryset)
                for relation, queryset in _card_relations()
            ),
            "sdgs",
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("organisation").order_by(
                    "role", "organisation__name"
                ),
            ),
            models.Prefetch(
                "in_kind_contributions",
                queryset=InKindContribution.objects.select_related("land"),
            ),
            "links",
            "results",  # result indicators, in their own order
        )


def _card_relations():
    """(relation, queryset) of what a project card lists besides the project's own fields."""
    return [
        ("themes", Theme.objects.all()),
        ("topics", Theme.objects.all()),
        ("land_roles", ProjectLand.objects.select_related("land")),
        ("partner_countries", PartnerCountry.objects.all()),
    ]


def euro_amount(verbose_name):
    """An amount in euros that may be unknown (empty) but never negative."""
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


def themes_of_kind(kind, related_name, verbose_name):
    """A project's themes of one kind (focus themes, cross-cutting topics): both are Theme rows,
    told apart by `kind`, so each relation offers only its own kind."""
    return models.ManyToManyField(
        Theme,
        related_name=related_name,
        verbose_name=verbose_name,
        limit_choices_to={"kind": kind},
        blank=True,
    )


class Project(models.Model):
    class PublicationState(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    class GenderMarker(models.IntegerChoices):
        NOT_TARGETED = 0, _("0 – not targeted")
        SIGNIFICANT = 1, _("1 – significant objective")
        PRINCIPAL = 2, _("2 – principal objective")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year only")

    # Content
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), help_text=_("Two or three sentences for lists."))
    description = optional_text(_("description"), _("Blank lines split paragraphs."))
    image, image_alt, image_credit = image_fields()

    # Classification
    themes = themes_of_kind(Theme.Kind.FOCUS, "projects", _("focus themes"))
    topics = themes_of_kind(Theme.Kind.TOPIC, "topic_projects", _("cross-cutting topics"))
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="projects", verbose_name=_("SDGs")
    )
    # Open on a coordinator's draft; the checklist requires phase and status for review.
    phase = optional_key(Phase, models.PROTECT, "projects", _("phase"))
    special_call = optional_key(SpecialCall, models.SET_NULL, "projects", _("special call"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    gender_marker = models.PositiveSmallIntegerField(
        _("OECD-DAC gender equality marker"),
        choices=GenderMarker.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty where the project has not been assessed."),
    )
    tz_programme = optional_line(
        _("German TZ programme complemented"),
        250,
        _("The federal technical-cooperation programme this project complements."),
    )

    # Partners and places
    partner_countries = models.ManyToManyField(
        PartnerCountry, related_name="projects", verbose_name=_("partner countries"), blank=True
    )
    partner_region = optional_line(
        _("partner region"), 250, _("Province, region or cities in the partner country.")
    )

    # Time
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("How exactly the dates are known; pages show only that much."),
    )

    # Financing
    bmz_funding = euro_amount(_("BMZ funding (EUR)"))
    laender_funding = euro_amount(_("Länder financial contribution (EUR)"))

    predecessor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("predecessor project"),
    )

    # Fields that must not appear in public (sensitive contexts): names from WITHHOLDABLE_FIELDS.
    withheld_fields = models.JSONField(
        _("do not publish"),
        default=list,
        blank=True,
        help_text=_(
            "Parts of this project that public pages, exports and the API replace with a "
            "neutral placeholder."
        ),
    )

    # For the GIZ office only: never on a public page, in an export, the API or the search.
    internal_note = optional_text(
        _("internal note"),
        _(
            "For editors and coordinators only, never published: sources, open questions, "
            "what is not known and why."
        ),
    )

    # Publication
    publication_state = models.CharField(
        _("publication state"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    WITHHOLDABLE_FIELDS = {
        "partner_region": _("partner region"),
        "organisations": _("partner organisations"),
        "partner_countries": _("partner countries"),
        "description": _("description"),
        "image": _("image"),
        "links": _("external links"),
    }

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            check_constraint(
                "end_after_start",
                Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
            check_constraint(
                "gender_marker_0_to_2", Q(gender_marker__isnull=True) | Q(gender_marker__lte=2)
            ),
            check_constraint(
                "bmz_funding_not_negative", Q(bmz_funding__isnull=True) | Q(bmz_funding__gte=0)
            ),
            check_constraint(
                "laender_funding_not_negative",
                Q(laender_funding__isnull=True) | Q(laender_funding__gte=0),
            ),
        ]
        indexes = [models.Index(fields=["publication_state", "-published_at"])]

    # The search's highlighted title and summary (safe HTML), set by ProjectSearch.highlight() on
    # the projects of a result page. None elsewhere: the card template then shows the plain text
    # without probing a missing attribute (two failed look-ups per card).
    title_html = None
    summary_html = None

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.publication_state == self.PublicationState.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        normalize_text_fields(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("projects:detail", self.slug)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end must not be before the start.")
        errors.update(image_errors(self))
        unknown = set(self.withheld_fields or []) - set(self.WITHHOLDABLE_FIELDS)
        if unknown:
            errors["withheld_fields"] = _("Unknown field names: %(names)s") % {
                "names": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    def is_withheld(self, name):
        """True when `name` (a key of WITHHOLDABLE_FIELDS) must not be shown in public."""
        return name in (self.withheld_fields or [])

    @property
    def withheld(self):
        """Template access: {% if project.withheld.partner_region %}."""
        return {name: self.is_withheld(name) for name in self.WITHHOLDABLE_FIELDS}

    @property
    def is_public(self):
        return self.publication_state == self.PublicationState.PUBLISHED

    @property
    def paragraphs(self):
        return paragraphs(self.description)

    def _rows(self, relation):
        """The rows of `relation`: the list with_list_data() fetched, else relation.all()."""
        listed = getattr(self, f"_listed_{relation}", None)
        return listed if listed is not None else getattr(self, relation).all()

    @property
    def theme_list(self):
        return self._rows("themes")

    @property
    def topic_list(self):
        return self._rows("topics")

    @property
    def country_list(self):
        return self._rows("partner_countries")

    @property
    def land_role_list(self):
        return self._rows("land_roles")

    @property
    def sdg_list(self):
        return self._rows("sdgs")

    @property
    def lead_land(self):
        for role in self._rows("land_roles"):
            if role.is_lead:
                return role.land
        return None

    @property
    def laender(self):
        roles = sorted(self._rows("land_roles"), key=lambda r: (not r.is_lead, r.land.name))
        return [r.land for r in roles]

    @property
    def image_renditions(self):
        """The image's resized versions for srcset (projects/images.py), or None."""
        return image_renditions(self)


def part_of_project(related_name):
    """The foreign key from a part of a project (its Länder, organisations, links, results,
    documents, sectors) to the project; the part is deleted with the project."""
    return models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name=related_name, verbose_name=_("project")
    )


def catalogue_entry(to, verbose_name, related_name=None):
    """A part of a project naming an entry of the catalogue (a Land, an organisation): the entry
    cannot be deleted while a project names it."""
    return models.ForeignKey(
        to, on_delete=models.PROTECT, related_name=related_name, verbose_name=verbose_name
    )


def once_per_project(*fields):
    """A part of a project names each of its `fields` values once per project; the constraint is
    named <app>_<model>_unique_<last field>."""
    return models.UniqueConstraint(
        fields=["project", *fields], name=f"%(app_label)s_%(class)s_unique_{fields[-1]}"
    )


class ProjectLand(models.Model):
    """A Land taking part in a project; exactly one of them leads."""

    project = part_of_project("land_roles")
    land = catalogue_entry(Land, _("Land"), related_name="project_roles")
    is_lead = models.BooleanField(_("lead Land"), default=False)

    class Meta:
        ordering = ["-is_lead", "land__name"]
        verbose_name = _("participating Land")
        verbose_name_plural = _("participating Länder")
        constraints = [
            once_per_project("land"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(is_lead=True),
                name="projects_projectland_one_lead",
            ),
        ]

    def __str__(self):
        return f"{self.land} – {self.project}"


class Participation(models.Model):
    class Role(models.TextChoices):
        GERMAN_PARTNER = "german_partner", _("German partner")
        PARTNER_COUNTRY_PARTNER = "partner_country_partner", _("Partner in the partner country")
        IMPLEMENTING = "implementing", _("Implementing organisation")

    project = part_of_project("participations")
    organisation = catalogue_entry(Organisation, _("organisation"), related_name="participations")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [once_per_project("organisation", "role")]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class InKindContribution(models.Model):
    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        ROOMS = "rooms", _("Rooms")
        SCHOLARSHIPS = "scholarships", _("Scholarships")
        TRAINING_PLACES = "training_places", _("Training places")
        OTHER = "other", _("Other")

    project = part_of_project("in_kind_contributions")
    land = catalogue_entry(Land, _("Land"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["land__name", "kind"]
        verbose_name = _("in-kind contribution")
        verbose_name_plural = _("in-kind contributions")

    def __str__(self):
        return f"{self.land}: {self.get_kind_display()}"


class ProjectLink(models.Model):
    project = part_of_project("links")
    url = models.URLField(_("address"), max_length=500)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("external link")
        verbose_name_plural = _("external links")

    def __str__(self):
        return self.label


class ProjectResult(models.Model):
    """A result indicator of a project: baseline, target and achieved value with a narrative."""

    project = part_of_project("results")
    indicator = models.CharField(_("indicator"), max_length=250)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    achieved = models.DecimalField(
        _("achieved"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("date of measurement"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")

    def __str__(self):
        return self.indicator


# Project updates live in their own module (this one stays within its size); importing them
# here registers the model with the app.
from projects.updates import ProjectUpdate  # noqa: E402, F401
