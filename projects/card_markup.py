"""A project card's markup, built in Python: the list, the home page, theme pages and the
embeds show it (templates/projects/_card.html calls it).

The template with its dozen variables, loops and filters, included once per card, took about
a third of the list's Python time (2026-12-02: ~20 ms of a page of 20 cards on a loaded
machine); the markup here is the same, character for character.
"""

from django.template.defaultfilters import truncatewords, truncatewords_html
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

WORDS = 40  # of the summary


def _joined(items):
    return conditional_escape(", ".join(str(item.name) for item in items))


def _places(project):
    """The Länder → partner countries line."""
    if project.is_withheld("partner_countries"):
        countries = gettext("partner country not published")
    else:
        listed = project.country_list
        countries = _joined(listed) if listed else gettext("partner country not recorded")
    return format_html("{}\n    → {}", _joined(project.laender), countries)


def _reasons(project):
    reasons = getattr(project, "search_reasons", None)
    if not reasons:
        return ""
    tags = format_html_join(" ", '<span class="tag tag-reason">{}: {}</span>', reasons)
    return format_html('<p class="card-reasons">{}: {}</p>', gettext("Found by"), tags)


def _summary(project):
    summary_html = getattr(project, "summary_html", None)
    if summary_html:  # safe HTML in, safe HTML out (a string filter keeps the marking)
        return truncatewords_html(summary_html, WORDS)
    return conditional_escape(truncatewords(project.summary, WORDS))


def _tags(project):
    status = (
        format_html(
            '<span class="tag tag-status-{}">{}</span>',
            project.status,
            project.get_status_display(),
        )
        if project.status
        else ""
    )
    phase = (
        format_html('<span class="tag">{}</span>', project.phase.short_name)
        if project.phase
        else ""
    )
    themes = format_html_join(
        "", '<span class="tag">{}</span>', ((t.name,) for t in project.theme_list)
    )
    topics = format_html_join(
        "", '<span class="tag tag-topic">{}</span>', ((t.name,) for t in project.topic_list)
    )
    return format_html("{}\n    {}\n    {}\n    {}", status, phase, themes, topics)


def card(project, target=""):
    """One project's card (<li>), with links opening in `target` (the embeds: "_blank")."""
    title = getattr(project, "title_html", None) or project.title
    if target:
        link = format_html(' target="{}" rel="noopener"', target)
        new_tab = format_html(
            '<span class="visually-hidden"> ({})</span>', gettext("opens in a new tab")
        )
    else:
        link = new_tab = ""
    return format_html(
        '<li class="card kern-card">\n'
        '  <h3><a href="{}"{}>{}{}</a></h3>\n'
        '  <p class="card-meta">\n'
        "    {}\n"
        "  </p>\n"
        "  {}\n"
        "  <p>{}</p>\n"
        '  <p class="tags">\n'
        "    {}\n"
        "  </p>\n"
        "</li>\n",
        project.get_absolute_url(),
        link,
        title,
        new_tab,
        _places(project),
        _reasons(project),
        _summary(project),
        _tags(project),
    )


def cards(projects, target=""):
    """The cards of `projects`, one after the other."""
    html = "".join(card(project, target) for project in projects)
    return mark_safe(html)  # noqa: S308 - each card built by format_html
