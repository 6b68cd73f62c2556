import uuid

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from projectmedia.storage import document_storage
from projectmedia.validators import validate_pdf
from projects.models import Project, part_of_project


def document_upload_to(instance, filename):
    """A random name: nothing of the uploader's file name reaches the disk."""
    return f"documents/{uuid.uuid4().hex}.pdf"


class ProjectDocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents of published projects only: the same one gate as every public page."""
        return self.filter(project__in=Project.objects.published())


class ProjectDocument(models.Model):
    """A PDF attached to a project (report, flyer, factsheet), downloadable in public."""

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")
        OTHER = "other", _("Other language")

    project = part_of_project("documents")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        default=Language.GERMAN,
        help_text=_("The language the document is written in."),
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=document_upload_to,
        storage=document_storage,  # settings.STORAGES["documents"]
        validators=[validate_pdf],
        help_text=_(
            "PDF only, without JavaScript, automatic actions, attachments or password; the "
            "size limit is shown on error."
        ),
    )
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ProjectDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projectmedia:document", args=[self.pk])

    @property
    def download_name(self):
        """ASCII-only, so no header injection and no odd characters in anybody's downloads."""
        return f"{slugify(self.title)[:80].strip('-') or 'document'}.pdf"
