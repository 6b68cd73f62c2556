"""{% map_description map %}, {% map_shapes map %} and {% map_list_items map %}: the parts of
templates/partners/_map.html that repeat per shape (partners.map_markup)."""

from django import template

from partners.map_markup import description, list_items, shaded_shapes

register = template.Library()
register.simple_tag(description, name="map_description")
register.simple_tag(shaded_shapes, name="map_shapes")
register.simple_tag(list_items, name="map_list_items")
