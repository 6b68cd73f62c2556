"""The project list's query string in links: the filters and the search, not the page number."""


def without_page(params):
    """A mutable copy of the query parameters `params` without the page number."""
    query = params.copy()
    query.pop("page", None)
    return query


def with_filters(path, params):
    """`path` with the filters and the search of the query parameters `params`."""
    query = without_page(params)
    return f"{path}?{query.urlencode()}" if query else path


# The sort order a list has without a `sort` parameter (ProjectFilter.sort_order): relevance
# when searching, newest first otherwise. Written out, it only makes a second address.
def _default_sort(params):
    return "relevance" if params.get("q", "").strip() else "newest"


def tidy_query(params):
    """The query parameters `params` without empty values and a default sort, or None if
    there is nothing to drop (the address is already the list's one address)."""
    query = params.copy()
    for name in list(query):
        values = [value for value in query.getlist(name) if value.strip()]
        if name == "sort" and values == [_default_sort(params)]:
            values = []
        if values:
            query.setlist(name, values)
        else:
            query.pop(name)
    return None if query == params else query


# Parameters that change how a list is shown, not which projects it holds.
_PRESENTATION = {"page", "sort"}


def indexable(params):
    """Whether search engines may index the list at this address: the whole list or the list
    of one facet value (one theme, one Land). Two values, a search or a period are combinations
    that only visitors need; a crawler following them would find one list per combination."""
    values = [
        value
        for name in params
        if name not in _PRESENTATION
        for value in params.getlist(name)
        if value.strip()
    ]
    return len(values) <= 1 and "q" not in params and "from" not in params and "to" not in params
