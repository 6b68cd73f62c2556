"""The one guard against spreadsheet formula injection, for every CSV and xlsx the portal writes.

A text such as ``=HYPERLINK(…)`` typed into any field would run as a formula in the reader's
spreadsheet program. A leading apostrophe makes the program show it as text; an importer that
reads our own files takes the apostrophe off again with ``unguard``.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value):
    """The value, as text that no spreadsheet program evaluates."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unguard(value):
    """Undo ``guard``: a round trip through export and import changes nothing."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value
