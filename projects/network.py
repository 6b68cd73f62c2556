"""The cooperation network: which Länder work with which partner countries, in how many projects.

A pair counts the published projects in which the Land takes part (lead or partner) and that
name the country; a project that withholds its partner countries is not counted (the same
rule as every country count: PartnerCountry.objects.counted). Each non-zero count links to the
project list filtered by that Land and country, which finds exactly those projects.

The statistics page gets the whole matrix from one query (`pair_counts`); a Land's page and a
country's page reuse the counts they already have (`PartnerCountry.objects.involved_in`,
`Land.objects.involved_in`), so their row or column costs no query.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from partners.models import PartnerCountry
from projects.facets import sort_key
from projects.models import ProjectLand
from projects.timeline import svg_number

# The drawing's units (its viewBox): labels beside the nodes, one line of text per node.
# Each side is as wide as its longest label (about CHAR units a letter at the templates'
# font size 13), so a short drawing is not scaled down on a phone and no name is cut off.
SPAN, CHAR, GAP, ROW, PAD = 140, 7.5, 14, 24, 12
THINNEST, THICKEST = 1.5, 9


def pair_counts(projects):
    """{(land id, country id): number of `projects` with both} (1 query)."""
    counted = PartnerCountry.objects.counted(projects)
    pairs = (
        ProjectLand.objects.filter(project__in=counted, project__partner_countries__isnull=False)
        .values_list("land_id", "project__partner_countries")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    return {(land, country): n for land, country, n in pairs}


def list_url(land, country):
    """The project list of the projects of `land` with `country`."""
    query = urlencode({"land": land.slug, "country": country.slug})
    return f"{reverse('projects:list')}?{query}"


@dataclass
class Node:
    label: str
    url: str
    y: str = "0"  # an SVG number (timeline.svg_number)


@dataclass
class Link:
    land: Node
    country: Node
    count: int
    url: str
    width: str = "0"  # an SVG number (timeline.svg_number)


@dataclass
class Network:
    """The pairs of one view, as a table (`rows` × `columns`) and as a drawing (`links`).

    The table's rows are Länder and its columns countries, or the other way round for a
    Land's page (`by_country`), where one Land's countries read best as a list.
    """

    laender: list[Node]
    countries: list[Node]
    links: list[Link]
    by_country: bool = False
    rows: list[dict] = field(default_factory=list)
    columns: list[Node] = field(default_factory=list)
    top: int = 0
    height: int = 0
    width: int = 0
    left: int = 0  # x of the Länder's ends of the lines
    right: int = 0  # x of the countries' ends

    def __bool__(self):
        return bool(self.links)


def network(laender, countries, counts, by_country=False):
    """The Network of `counts` ({(land id, country id): n}) between the given Länder and
    countries (objects; those without a pair are left out), sorted by name."""
    land_nodes = {land.pk: (land, Node(land.name, land.get_absolute_url())) for land in laender}
    country_nodes = {c.pk: (c, Node(c.name, c.get_absolute_url())) for c in countries}
    links = []
    for (land_id, country_id), count in counts.items():
        if count and land_id in land_nodes and country_id in country_nodes:
            (land, land_node), (country, country_node) = (
                land_nodes[land_id],
                country_nodes[country_id],
            )
            links.append(Link(land_node, country_node, count, list_url(land, country)))
    used_laender = _sorted({id(link.land): link.land for link in links}.values())
    used_countries = _sorted({id(link.country): link.country for link in links}.values())
    result = Network(used_laender, used_countries, links, by_country)
    _tabulate(result)
    _draw(result)
    return result


def land_network(land, countries):
    """One Land's row: `countries` annotated with `n` (PartnerCountry.objects.involved_in)."""
    counts = {(land.pk, country.pk): country.n for country in countries}
    return network([land], countries, counts, by_country=True)


def country_network(country, laender):
    """One country's column: `laender` annotated with `n` (Land.objects.involved_in)."""
    counts = {(land.pk, country.pk): land.n for land in laender}
    return network(laender, [country], counts)


def _sorted(nodes):
    return sorted(nodes, key=lambda node: sort_key(node.label))


def _tabulate(network):
    """Rows of cells ({count, url}; url only for a count above 0), one per column."""
    cells = {(id(link.land), id(link.country)): link for link in network.links}
    if network.by_country:
        heads, network.columns = network.countries, network.laender
    else:
        heads, network.columns = network.laender, network.countries
    for head in heads:
        row = []
        for column in network.columns:
            land, country = (column, head) if network.by_country else (head, column)
            link = cells.get((id(land), id(country)))
            row.append({"count": link.count if link else 0, "url": link.url if link else ""})
        network.rows.append({"head": head, "cells": row})


def _place(nodes, height):
    """Spread `nodes` evenly over `height`, centred on their row."""
    step = (height - 2 * PAD) / len(nodes)
    for index, node in enumerate(nodes):
        node.y = svg_number(PAD + step * (index + 0.5))


def _label_width(nodes):
    return round(GAP + CHAR * max(len(str(node.label)) for node in nodes))


def _draw(network):
    if not network.links:
        return
    network.height = 2 * PAD + ROW * max(len(network.laender), len(network.countries))
    network.left = _label_width(network.laender)
    network.right = network.left + SPAN
    network.width = network.right + _label_width(network.countries)
    _place(network.laender, network.height)
    _place(network.countries, network.height)
    network.top = max(link.count for link in network.links)
    for link in network.links:
        # the line's width grows with its count, the thinnest still visible
        share = link.count / network.top
        link.width = svg_number(THINNEST + (THICKEST - THINNEST) * share)
    network.links.sort(key=lambda link: link.count)  # the thickest drawn last, on top
