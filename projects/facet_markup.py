"""The facets' markup, built in Python for speed: the filter form's check boxes and the chips
of the active filter values."""

from dataclasses import dataclass
from functools import lru_cache

from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from projects.querystring import without_page


@lru_cache(maxsize=4096)
def _count_html(count, language):
    """Looked up once per count and language: about 100 per list page otherwise."""
    text = ngettext(
        '%(counter)s<span class="visually-hidden"> project</span>',
        '%(counter)s<span class="visually-hidden"> projects</span>',
        count,
    )
    return mark_safe(text % {"counter": count})  # noqa: S308 - our own markup, an int


def count_html(count):
    """A count with its unit for screen readers (a {% blocktranslate %} per option in the filter
    form cost more than the rest of the form)."""
    return _count_html(count, get_language())


def checkboxes(facet):
    """The check boxes of a facet's options. Built here rather than in the filter form's
    template: about 100 options with a dozen template variables each took 4 ms of every page."""
    checked, disabled = mark_safe(" checked"), mark_safe(" disabled")
    # KERN's check box markup (kern-form-check); check-disabled is ours: KERN has no "no
    # project with this value" state, and a disabled box alone is too faint to read.
    return format_html_join(
        "\n",
        '<div class="kern-form-check{}"><input class="kern-form-check__checkbox" type="checkbox"'
        ' name="{}" value="{}" id="{}"{}{}> <label class="kern-label" for="{}">{}'
        ' <span class="facet-count">({})</span></label></div>',
        (
            (
                " check-disabled" if option.disabled else "",
                facet.name,
                option.value,
                f"id_{facet.name}_{index}",
                checked if option.selected else "",
                disabled if option.disabled else "",
                f"id_{facet.name}_{index}",
                option.label,
                count_html(option.count),
            )
            for index, option in enumerate(facet.options)
        ),
    )


@dataclass
class Chip:
    """One active filter value and the query string of the list without it."""

    label: str
    value: str
    query: QueryDict


def chips(filterset, data):
    """The active filter values of `filterset` as removable chips; `data` is the request's GET."""
    labels = {
        (facet.name, option.value): option.label
        for facet in filterset.facets()
        for option in facet.options
    }
    values = filterset.values()
    found = []
    for name in filterset.active_names():
        label = str(filterset.filters[name].label)
        if name in filterset.FACETS:
            for selected in sorted(filterset.selected(name)):
                query = without_page(data)
                query.setlist(
                    name, [v for v in data.getlist(name) if v.lower() != selected.lower()]
                )
                text = labels.get((name, selected), selected)
                found.append(Chip(label, text, query))
        else:
            query = without_page(data)
            query.pop(name, None)
            found.append(Chip(label, str(values[name]), query))
    return found
