from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from blp_portal.lib.html import sanitize_html
from blp_portal.lib.models import EditorialEntry, optional_text


class Page(EditorialEntry):
    """An editable content page: about the programme (header menu), legal (footer) or an
    accessible format (Leichte Sprache, sign language: linked from the home page and footer)."""

    class Kind(models.TextChoices):
        ABOUT = "about", _("About the programme")
        LEGAL = "legal", _("Legal")
        ACCESS = "access", _("Accessible formats")

    # TwoLanguageAddress's slug again, with a help text for the editors; slug_en comes from there.
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Part of the address, e.g. “ziele”.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ABOUT)
    order = models.PositiveSmallIntegerField(
        _("display order"), default=0, help_text=_("Position in the menu; lower comes first.")
    )
    title = models.CharField(_("title"), max_length=150)
    body = optional_text(
        _("text"),
        _(
            "HTML with headings (h2, h3), paragraphs, lists, links, strong and em only; "
            "anything else is removed on saving."
        ),
    )
    feedback_form = models.BooleanField(
        _("feedback form"),
        default=False,
        help_text=_(
            "Show the form for reporting barriers below the text (accessibility statement)."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta(EditorialEntry.Meta):
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def __str__(self):
        return self.title

    def clean(self):
        self.prepare_texts()
        super().clean()

    @property
    def address_view(self):
        """Each kind of page has its own address (pages/urls.py)."""
        return f"pages:{self.kind}"

    def prepare_texts(self):
        """Sanitise the body in every language (body_de, body_en).

        Only the per-language fields: modeltranslation makes `body` itself read and write the
        field of the active language, with fallback.
        """
        for code, _name in settings.LANGUAGES:
            name = build_localized_fieldname("body", code)
            value = getattr(self, name, None)
            if value:
                setattr(self, name, sanitize_html(value))


class Feedback(models.Model):
    """A barrier reported through the form on the accessibility statement (BITV 2.0 § 7)."""

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    page_url = models.CharField(_("page address"), max_length=500)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, default="de", editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("forwarded to the operator"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    mail_error = models.TextField(_("last e-mail error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = verbose_name  # uncountable

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} – {self.page_url}"[:100]
