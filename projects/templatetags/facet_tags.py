"""{% facet_checkboxes facet %}: a facet's check boxes in the project list's filter form."""

from django import template

from projects.facet_markup import checkboxes

register = template.Library()
register.simple_tag(checkboxes, name="facet_checkboxes")
