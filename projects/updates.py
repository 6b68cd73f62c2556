"""Project updates: short dated news of a project, posted by its coordinators and by GIZ.

An update goes through the same publication states as a project (draft, in review,
published): a coordinator's update waits in review until an editor publishes it
(editorial/admin/updates.py). In public (the project page, the feeds, the API) an update shows
only when it is published and its project is, too: `ProjectUpdate.objects.published()` is the
one gate. Updates have no page of their own, so neither the sitemap nor the search lists them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.models import user_reference
from blp_portal.lib.text import normalize_text_fields, paragraphs
from projects.images import image_errors, image_fields, image_renditions
from projects.models import Project, part_of_project

State = Project.PublicationState


class ProjectUpdateQuerySet(models.QuerySet):
    def published(self):
        """Published updates of published projects: everything public reads these only."""
        return self.filter(
            publication_state=State.PUBLISHED, project__in=Project.objects.published()
        )


class ProjectUpdate(models.Model):
    # The project's states; archiving is for whole projects (an update is simply withdrawn).
    STATES = [(s.value, s.label) for s in (State.DRAFT, State.REVIEW, State.PUBLISHED)]

    project = part_of_project("updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(
        _("text"), help_text=_("A few sentences on what happened. Blank lines split paragraphs.")
    )
    image, image_alt, image_credit = image_fields()
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Optional: a web address (http or https) with more on this update."),
    )
    publication_state = models.CharField(
        _("publication state"), max_length=10, choices=STATES, default=State.REVIEW
    )
    author = user_reference(_("author"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    objects = ProjectUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]  # newest first, as the project page lists them
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        indexes = [models.Index(fields=["project", "publication_state", "-date"])]

    def __str__(self):
        return f"{self.project} ({self.date:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if self.publication_state == State.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        normalize_text_fields(self)
        super().save(*args, **kwargs)

    def clean(self):
        errors = image_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return self.publication_state == State.PUBLISHED and self.project.is_public

    @property
    def paragraphs(self):
        return paragraphs(self.text)

    @property
    def image_renditions(self):
        return image_renditions(self)
