"""What the cards of one list page show besides the projects' own rows, in ONE query.

`Project.with_list_data()` prefetches themes, topics, Länder and partner countries: four queries
that build ~100 model instances for a page of 20 cards. The list page keeps the themes, Länder
and countries anyway (projects.facets.facet_options), so here only the link rows are read, the
four link tables in one UNION ALL, and the kept objects are attached as the same plain lists
(`Project._rows` reads `_listed_<relation>`), in the same order.
"""

from django.db import connections

from projects.models import Project, ProjectLand


def _links_sql(quote, ids):
    """(SQL, params): relation, project id, object id, lead flag of the links of `ids`."""
    marks = ", ".join(["%s"] * len(ids))
    parts, params = [], []
    for relation in ("themes", "topics", "land_roles", "partner_countries"):
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
    if not projects:
        return True
    themes = {t.pk: t for name in ("theme", "topic") for t in filterset.options(name)}
    objects = {
        "themes": themes,
        "topics": themes,
        "land_roles": {land.pk: land for land in filterset.options("land")},
        "partner_countries": {c.pk: c for c in filterset.options("country")},
    }
    by_id = {project.pk: project for project in projects}
    lists = {(pk, relation): [] for pk in by_id for relation in objects}
    database = projects[0]._state.db or "default"
    connection = connections[database]
    sql, params = _links_sql(connection.ops.quote_name, list(by_id))
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
        if relation == "land_roles":
            items.sort(key=lambda role: (not role.is_lead, str(role.land.name)))
        elif relation == "partner_countries":
            items.sort(key=lambda country: str(country.code))
        else:
            items.sort(key=lambda theme: (theme.kind, theme.order, theme.slug))
        setattr(by_id[project_id], f"_listed_{relation}", items)
    return True
