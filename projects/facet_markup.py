"""The facets' markup, built in Python for speed: the filter form's check boxes and the chips
of the active filter values."""

from dataclasses import dataclass
from functools import lru_cache

from django.http import QueryDict
from django.utils.html import escape
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


@lru_cache(maxsize=4096)
def _escaped(text):
    """Names, values and labels of options recur on every list page: escaped once each."""
    return escape(text)


def checkboxes(facet):
    """The check boxes of a facet's options. Built here rather than in the filter form's
    template: about 100 options with a dozen template variables each took 4 ms of every page.
    Plain string formatting of escaped parts: format_html escaped nine values per option."""
    name = _escaped(facet.name)
    # KERN's check box markup (kern-form-check); check-disabled is ours: KERN has no "no
    # project with this value" state, and a disabled box alone is too faint to read.
    boxes = []
    for index, option in enumerate(facet.options):
        box_id = f"id_{name}_{index}"
        disabled = option.disabled
        boxes.append(
            f'<div class="kern-form-check{" check-disabled" if disabled else ""}">'
            f'<input class="kern-form-check__checkbox" type="checkbox" name="{name}" '
            f'value="{_escaped(option.value)}" id="{box_id}"'
            f"{' checked' if option.selected else ''}{' disabled' if disabled else ''}> "
            f'<label class="kern-label" for="{box_id}">{_escaped(option.label)} '
            f'<span class="facet-count">({count_html(option.count)})</span></label></div>'
        )
    return mark_safe("\n".join(boxes))  # noqa: S308 - every variable part escaped above


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
