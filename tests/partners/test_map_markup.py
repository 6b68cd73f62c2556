"""partners.map_markup: the per-shape parts of a map, built in Python, are the markup the
template loops gave, character for character (the loops are kept here as the reference)."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from partners import maps

# templates/partners/_map.html's loops before they moved to partners.map_markup
LOOPS = Template(
    "{% load i18n static %}{% static map.background as background %}"
    "<desc>{% for shape in map.highlighted %}{{ shape.label }}: {{ shape.count_text }}"
    '{% if not forloop.last %}; {% endif %}{% empty %}{% translate "No project yet." %}'
    "{% endfor %}</desc>"
    "<g>{% for shape in map.shaded %}\n      "
    '{% if shape.url %}<a class="geo-map-link geo-map-step-{{ shape.step }}" '
    'href="{{ shape.url }}" aria-label="{{ shape.label }}: {{ shape.count_text }}">'
    "<title>{{ shape.label }}: {{ shape.count_text }}</title>"
    '{% if shape.outline %}<use href="{{ background }}#{{ shape.code }}"/>{% endif %}'
    '{% if shape.marker %}<path class="geo-map-marker" d="{{ shape.marker }}"/>{% endif %}</a>'
    '{% else %}<g class="geo-map-area geo-map-step-{{ shape.step }}" role="img" '
    'aria-label="{{ shape.label }}: {{ shape.count_text }}">'
    "<title>{{ shape.label }}: {{ shape.count_text }}</title>"
    '{% if shape.outline %}<use href="{{ background }}#{{ shape.code }}"/>{% endif %}'
    '{% if shape.marker %}<path class="geo-map-marker" d="{{ shape.marker }}"/>{% endif %}</g>'
    "{% endif %}{% endfor %}</g>"
    "<ul>{% for shape in map.highlighted %}\n      <li>{% if shape.url %}"
    '<a href="{{ shape.url }}">{{ shape.label }}</a>{% else %}{{ shape.label }}{% endif %}: '
    "{{ shape.count_text }}</li>{% endfor %}</ul>"
)
PARTS = Template(
    "{% load map_tags %}<desc>{% map_description map %}</desc><g>{% map_shapes map %}</g>"
    "<ul>{% map_list_items map %}</ul>"
)

MAPS = {
    "nothing highlighted": lambda: maps.world_map({}),
    "links, a marker and many steps": lambda: maps.world_map(
        {
            "TN": {"url": "/de/partnerlaender/tn/", "label": "Tunesien", "count": 12},
            "MT": {"url": "/de/partnerlaender/mt/", "label": "Malta & Gozo", "count": 1},
            "GH": {"url": "/de/partnerlaender/gh/", "label": "Ghana", "count": 5},
            "ZA": {"url": "/de/partnerlaender/za/", "label": "Südafrika", "count": 8},
            "SG": {"url": "/de/partnerlaender/sg/", "label": "Singapur", "count": 3},
        }
    ),
    "shapes without a page, one with no project": lambda: maps.germany_map(
        {
            "DE-SN": {"label": "Sachsen", "count": 2},
            "DE-BY": {"label": "Bayern", "count": 0},
            "DE-HB": {"url": "/de/laender/de-hb/", "label": "Bremen", "count": 1},
        }
    ),
    "hostile labels and addresses": lambda: maps.world_map(
        {
            "TN": {"url": '/x/?a=1&b="2"', "label": "<script>alert(1)</script>", "count": 1},
            "GH": {"label": "O'Brien & <b>", "count": 4},
        }
    ),
}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("name", MAPS)
def test_parts_are_the_template_loops_markup(name, language):
    with translation.override(language):
        context = Context({"map": MAPS[name]()})
        assert PARTS.render(context) == LOOPS.render(context)


@translation.override("en")
def test_hostile_label_is_escaped_in_every_part():
    html = render_to_string("partners/_map.html", {"map": MAPS["hostile labels and addresses"]()})
    assert "<script>" not in html and "<b>" not in html
    # the description, the link's name and title, the list
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;: 1 project") == 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>: 1 project</li>" in html
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    # a shape without a page is a labelled group, not a link
    assert '<g class="geo-map-area geo-map-step-4" role="img" aria-label="O&#x27;Brien' in html


@translation.override("de")
def test_empty_map_says_so():
    html = render_to_string("partners/_map.html", {"map": maps.world_map({})})
    assert '-desc">Noch kein Projekt.</desc>' in html
    assert "geo-map-list" not in html and "<a " not in html
