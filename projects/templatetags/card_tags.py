"""{% project_card project target %} and {% project_cards projects %}: project cards
(projects.card_markup)."""

from django import template

from projects.card_markup import card, cards

register = template.Library()
register.simple_tag(card, name="project_card")
register.simple_tag(cards, name="project_cards")
