"""The parts of a map's markup that repeat per shape, built in Python: templates/partners/_map.html
calls them through {% load map_tags %}.

A list page draws two maps, each with up to a few dozen shaded shapes named three times (the
SVG's description, the shape's link with its title, the list under the map). As template loops
they cost more Python time than the rest of the list's markup but the cards; the markup here
is the same, character for character.
"""

from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext


def _named(shape):
    return f"{escape(shape['label'])}: {escape(shape['count_text'])}"


def description(map_):
    """The SVG's <desc>: every highlighted shape with its number of projects."""
    names = "; ".join(_named(shape) for shape in map_["highlighted"])
    return mark_safe(names or escape(gettext("No project yet.")))  # noqa: S308 - escaped parts


def _shape(shape, background):
    """One shaded shape: a link to its page, or a labelled group where it has none."""
    named = _named(shape)
    inside = f"<title>{named}</title>"
    if shape["outline"]:
        inside += f'<use href="{background}#{escape(shape["code"])}"/>'
    if shape["marker"]:
        inside += f'<path class="geo-map-marker" d="{escape(shape["marker"])}"/>'
    step = shape["step"]
    if shape["url"]:
        return (
            f'<a class="geo-map-link geo-map-step-{step}" href="{escape(shape["url"])}" '
            f'aria-label="{named}">{inside}</a>'
        )
    return (
        f'<g class="geo-map-area geo-map-step-{step}" role="img" aria-label="{named}">{inside}</g>'
    )


def shaded_shapes(map_):
    """The shapes with at least one project, each a <use> of its outline in the background."""
    background = escape(static(map_["background"]))
    return mark_safe(  # noqa: S308 - escaped parts
        "".join(f"\n      {_shape(shape, background)}" for shape in map_["shaded"])
    )


def list_items(map_):
    """The <li> of the list under the map (its text alternative)."""
    items = []
    for shape in map_["highlighted"]:
        label = escape(shape["label"])
        if shape["url"]:
            label = f'<a href="{escape(shape["url"])}">{label}</a>'
        items.append(f"\n      <li>{label}: {escape(shape['count_text'])}</li>")
    return mark_safe("".join(items))  # noqa: S308 - escaped parts
