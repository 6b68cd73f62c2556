"""Suggestions while a visitor types in the search box: projects by title, Länder, partner
countries, themes and topics, as links. Two queries: the titles of published projects, and the
themes with the partner countries that a published project shows. Länder come from
search_names (no query). Nothing of a draft and no withheld partner country is suggested.
"""

from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django_countries.fields import Country

from projects.search import localized
from projects.search_names import LAENDER, land_name
from projects.search_sql import Fold
from projects.search_text import fold

MIN_LENGTH = 2
MAX_PROJECTS = 5
MAX_NAMES = 5
SEP = "\x1f"  # between the parts of a row of the names query (in no name)


def _starts_a_word(name, typed):
    """Whether the folded `typed` starts `name` or one of its words."""
    folded = fold(name)
    return folded.startswith(typed) or f" {typed}" in folded or f"-{typed}" in folded


def suggestions(q, language):
    """[(kind, label, url)] for the text `q` typed so far (kind: "project", "land", "country",
    "theme", "topic"); empty for fewer than MIN_LENGTH letters."""
    from partners.models import PartnerCountry
    from projects.models import Project
    from themes.models import Theme

    typed = " ".join(fold(q).split())[:100]
    if len(typed) < MIN_LENGTH:
        return []
    found = []
    title = localized("title", language)
    projects = (
        Project.objects.published()
        .annotate(folded_title=Fold(title), shown_title=title)
        .filter(folded_title__contains=typed)
        .order_by("-published_at", "-id")
        .values_list("slug", "shown_title")[:MAX_PROJECTS]
    )
    for slug, shown in projects:
        found.append(("project", shown, reverse("projects:detail", args=[slug])))

    list_url = reverse("projects:list")
    names = []
    for code, spellings in LAENDER.items():
        if any(_starts_a_word(s, typed) for s in spellings):
            names.append(("land", land_name(code, language), code.lower()))
    # The countries that a published project shows: an EXISTS per country (about 40, each
    # stops at its first project) rather than a DISTINCT over every project's countries
    # (2026-12-02: 17 ms of the 30 ms of a suggestion on 10,000 projects).
    # One text column per row ("kind|code|name"): a UNION pairs columns by position, and the
    # order Django gives several annotations differs between the two queries.
    shown = Project.objects.published().showing("partner_countries")
    countries = (
        PartnerCountry.objects.filter(Exists(shown.filter(partner_countries=OuterRef("pk"))))
        .annotate(
            row=Concat(Value(f"country{SEP}"), F("code"), Value(SEP), output_field=TextField())
        )
        .order_by()
        .values_list("row", flat=True)
    )
    themes = (
        Theme.objects.annotate(
            row=Concat(
                F("kind"),
                Value(SEP),
                F("slug"),
                Value(SEP),
                localized("name", language),
                output_field=TextField(),
            )
        )
        .order_by()
        .values_list("row", flat=True)
    )
    for row in themes.union(countries):
        kind, code, name = row.split(SEP, 2)
        if kind == "country":
            name = Country(code).name
            code = code.lower()
        elif kind != Theme.Kind.FOCUS:
            kind = "topic"
        else:
            kind = "theme"
        if _starts_a_word(str(name), typed):
            names.append((kind, str(name), code))
    parameter = {"land": "land", "country": "country", "theme": "theme", "topic": "topic"}
    for kind, name, value in sorted(names, key=lambda n: fold(n[1]))[:MAX_NAMES]:
        found.append((kind, name, f"{list_url}?{urlencode({parameter[kind]: value})}"))
    return found
