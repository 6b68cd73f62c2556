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
