from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from blp_portal.lib.html import sanitize_html


class Page(models.Model):
    """An editable content page: about the programme (header menu) or legal (footer)."""

    class Kind(models.TextChoices):
        ABOUT = "about", _("About the programme")
        LEGAL = "legal", _("Legal")

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Part of the address, e.g. “ziele”.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ABOUT)
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Position in the menu; lower comes first.")
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "HTML with headings (h2, h3), paragraphs, lists, links, strong and em only; "
            "anything else is removed on saving."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["kind", "order", "slug"]
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sanitize()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(f"pages:{self.kind}", args=[self.slug])

    def clean(self):
        self.sanitize()

    def sanitize(self):
        """Sanitise the body in every language (body_de, body_en).

        Only the per-language fields: modeltranslation makes `body` itself read and write the
        field of the active language, with fallback.
        """
        for code, _name in settings.LANGUAGES:
            name = build_localized_fieldname("body", code)
            value = getattr(self, name, None)
            if value:
                setattr(self, name, sanitize_html(value))
