"""Model pieces that several apps declare the same way: one home for each rule.

Nothing here names an app: the models come in as arguments.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.slugs import check_english_slug, localized_slug, slug_url
from blp_portal.lib.text import normalize_text_fields


def optional_key(to, on_delete, related_name, verbose_name, **options):
    """A foreign key that may be empty, in the database and in forms alike (null without blank
    would make a form insist on a value the database does not need, and blank without null
    fail on saving)."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def optional_line(verbose_name, max_length, help_text):
    """One line of text the editors may leave empty, with a hint below the field."""
    return models.CharField(verbose_name, max_length=max_length, blank=True, help_text=help_text)


def optional_text(verbose_name, help_text):
    """Free text (paragraphs) the editors may leave empty, with a hint below the field."""
    return models.TextField(verbose_name, blank=True, help_text=help_text)


def check_constraint(rule, condition):
    """A check constraint named <app>_<model>_<rule>, the naming of the portal's constraints."""
    return models.CheckConstraint(condition=condition, name=f"%(app_label)s_%(class)s_{rule}")


def user_reference(verbose_name, **options):
    """The user who did something (proposed, reviewed, wrote). The record outlives the account:
    deleting a user empties the field. No reverse accessor: nothing asks a user for these."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


class TwoLanguageAddress(models.Model):
    """A German slug and an optional English one (blp_portal/lib/slugs.py), unique across both.

    A subclass keeps the constraint by deriving its Meta from this one's; it may redeclare
    `slug` (e.g. with its own help text). Its public page is `address_view`, a URL name that
    takes the address slug.
    """

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    slug_en = models.SlugField(
        _("English slug"),
        max_length=80,
        blank=True,
        help_text=_("Part of the English address, e.g. “goals”; empty: the German one."),
    )

    address_view = ""

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["slug_en"],
                condition=~models.Q(slug_en=""),
                name="%(app_label)s_%(class)s_unique_slug_en",
            )
        ]

    def get_absolute_url(self):
        return slug_url(self.address_view, self.address_slug)

    def clean(self):
        super().clean()
        check_english_slug(self)

    @property
    def address_slug(self):
        """The slug of this object's address in the active language."""
        return localized_slug(self.slug, self.slug_en)


class EditorialEntry(TwoLanguageAddress):
    """A page-like entry the editors write and arrange (content pages, themes): listed by
    `kind`, then in the editors' display `order`, which the subclass declares with its own
    kinds and help texts. Its texts are brought into their stored form on every save.
    """

    class Meta(TwoLanguageAddress.Meta):
        abstract = True
        ordering = ["kind", "order", "slug"]

    def save(self, *args, **kwargs):
        self.prepare_texts()
        super().save(*args, **kwargs)

    def prepare_texts(self):
        """Every text field with bare "\\n" line endings; a subclass may prepare its own way."""
        normalize_text_fields(self)
