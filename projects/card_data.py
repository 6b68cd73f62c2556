"""What the cards of one list page, or one project's page, show besides the projects' own rows,
in ONE query.

`Project.with_list_data()` prefetches themes, topics, Länder and partner countries: four queries
that build ~100 model instances for a page of 20 cards. The list page keeps the themes, Länder
and countries anyway (projects.facets.facet_options), so here only the link rows are read, the
link tables in one UNION ALL, and the kept objects are attached as the same plain lists
(`Project._rows` reads `_listed_<relation>`), in the same order. A project's page does the same
for its five relations (with the SDGs), which saved building five queries' SQL per page.
"""

from django.db import connections

from projects.facets import facet_options, options_version
from projects.models import Project, ProjectLand

# relation of Project -> the facet whose kept options hold its objects
CARD_RELATIONS = {
    "themes": "theme",
    "topics": "topic",
    "land_roles": "land",
    "partner_countries": "country",
}
DETAIL_RELATIONS = {**CARD_RELATIONS, "sdgs": "sdg"}
ORDER = {
    "themes": lambda theme: (theme.kind, theme.order, theme.slug),
    "topics": lambda theme: (theme.kind, theme.order, theme.slug),
    "land_roles": lambda role: (not role.is_lead, str(role.land.name)),
    "partner_countries": lambda country: str(country.code),
    "sdgs": lambda sdg: sdg.number,
}


def _links_sql(quote, ids, relations):
    """(SQL, params): relation, project id, object id, lead flag of the links of `ids`."""
    marks = ", ".join(["%s"] * len(ids))
    parts, params = [], []
    for relation in relations:
        field = Project._meta.get_field(relation)
        if field.many_to_many:
            link = field.remote_field.through._meta
            project, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            lead = "0"
        else:  # land_roles: ProjectLand
            link = field.related_model._meta
            project, target = field.field.name, "land"
            lead = f"CASE WHEN {quote('is_lead')} THEN 1 ELSE 0 END"
        project_column = quote(link.get_field(project).column)
        parts.append(
            f"SELECT '{relation}', {project_column}, {quote(link.get_field(target).column)}, "
            f"{lead} FROM {quote(link.db_table)} WHERE {project_column} IN ({marks})"
        )
        params += ids
    return " UNION ALL ".join(parts), params


def attach_card_data(projects, filterset):
    """Sets the card lists of `projects` (a page of `filterset`'s list); False if an object
    is not among the kept ones (changed since): the caller prefetches as usual then."""
    return attach_relations(projects, CARD_RELATIONS, filterset.options)


def attach_detail_relations(project, filter_class):
    """The same for one project's page: its themes, topics, Länder, partner countries and SDGs
    from the options that `filter_class`'s facets keep (False: prefetch as usual)."""
    version = options_version()

    def options(name):
        return facet_options(name, filter_class.base_filters[name].queryset, version)

    return attach_relations([project], DETAIL_RELATIONS, options)


def attach_relations(projects, relations, options):
    """Sets `_listed_<relation>` of every project for `relations` ({relation: facet}) from
    `options(facet)`, the kept objects; False if a linked object is not among them."""
    if not projects:
        return True
    objects = {
        relation: {obj.pk: obj for obj in options(facet)} for relation, facet in relations.items()
    }
    # themes and topics are both Theme rows: either facet's object will do
    for relation in ("themes", "topics"):
        if relation in objects:
            objects[relation] = {**objects["themes"], **objects["topics"]}
    by_id = {project.pk: project for project in projects}
    lists = {(pk, relation): [] for pk in by_id for relation in objects}
    database = projects[0]._state.db or "default"
    connection = connections[database]
    sql, params = _links_sql(connection.ops.quote_name, list(by_id), relations)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for relation, project_id, object_id, lead in rows:
        obj = objects[relation].get(object_id)
        if obj is None:
            return False
        if relation == "land_roles":
            obj = ProjectLand(project_id=project_id, land=obj, is_lead=bool(lead))
        lists[project_id, relation].append(obj)
    for (project_id, relation), items in lists.items():
        items.sort(key=ORDER[relation])
        setattr(by_id[project_id], f"_listed_{relation}", items)
    return True
