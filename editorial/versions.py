"""Every versioned object has its present version in the history from the moment it exists.

The admin records a version with each save (django-reversion's VersionAdmin), the spreadsheet
import with each row (workflow.imported). Objects made elsewhere (the reference-data and demo
loaders, migrations, a shell) get their first version from `record_initial_versions`: the
loaders call it when they are done, migration editorial 0005 does it once for the objects that
existed before, and `manage.py record_initial_versions` does it on demand. It only adds a
version to objects that have none, so running it again changes nothing.
"""

import difflib

import reversion
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

INITIAL_COMMENT = gettext_noop("Initial version")


def initial_comments():
    """The comment of an initial version as stored (in the admin's first language) and in
    English: the data migration's reverse step finds its versions by it."""
    with translation.override(settings.LANGUAGE_CODE):
        return {gettext(INITIAL_COMMENT), INITIAL_COMMENT}


def _ready_models():
    """Registered models whose table has all the model's columns. A migration runs with the
    code of today; a model added or changed by a later migration waits for the next run."""
    tables = set(connection.introspection.table_names())
    ready = []
    with connection.cursor() as cursor:
        for model in reversion.get_registered_models():
            table = model._meta.db_table
            if table not in tables:
                continue
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            if all(f.column in columns for f in model._meta.concrete_fields):
                ready.append(model)
    return sorted(ready, key=lambda model: model._meta.label)


def record_initial_versions():
    """Add a first version (one revision each, no user) to every object that has none;
    returns the labels of the models looked at."""
    labels = [model._meta.label for model in _ready_models()]
    if labels:
        with translation.override(settings.LANGUAGE_CODE):
            comment = gettext(INITIAL_COMMENT)
        call_command("createinitialrevisions", *labels, comment=comment, verbosity=0)
    return labels


def remove_initial_versions():
    """Undo `record_initial_versions` (the data migration's reverse step)."""
    from reversion.models import Revision

    Revision.objects.filter(user__isnull=True, comment__in=initial_comments()).delete()


# Comparing two versions --------------------------------------------------------------------


def _plain(value):
    """A field's value as JSON can keep it (a django-countries Country as its code)."""
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    return value if hasattr(value, "isoformat") or hasattr(value, "as_tuple") else str(value)


def snapshot_of(version, relations):
    """A stored version as a snapshot (editorial/snapshot.py), with the inline rows saved in
    the same revision, so two versions compare like a proposed change with the live object."""
    from editorial import snapshot

    stored = version._object_version
    obj = stored.object
    model = type(obj)
    fields = {f.name: _plain(f.value_from_object(obj)) for f in snapshot.proposed_fields(model)}
    m2m = {
        f.name: sorted(int(pk) for pk in (stored.m2m_data or {}).get(f.attname, []))
        for f in model._meta.many_to_many
    }
    inlines = {name: [] for name, _model, _fk in relations}
    siblings = version.revision.version_set.exclude(pk=version.pk).select_related("content_type")
    by_model = {inline_model: (name, fk) for name, inline_model, fk in relations}
    for sibling in siblings:
        if sibling.content_type.model_class() not in by_model:
            continue
        row = sibling._object_version.object
        name, fk_name = by_model[type(row)]
        if getattr(row, type(row)._meta.get_field(fk_name).attname) == obj.pk:
            inlines[name].append(snapshot._row(row, fk_name))
    return snapshot._jsonable({"fields": fields, "m2m": m2m, "inlines": inlines})


LONG_TEXT = 80  # characters: above, a change is shown word by word


def word_diff(before, after):
    """[(kind, text)] with kind "same", "removed" or "added": a long text's change word by
    word, so a changed sentence in a long description can be found."""
    old, new = before.split(), after.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(("added", " ".join(new[b1:b2])))
    return parts


def compare(old_version, new_version, relations):
    """[{label, old, new, words}] for each field, link and inline list that differs; `words`
    is the word-by-word change of a long text (else None)."""
    from editorial import snapshot

    model = old_version.content_type.model_class()
    old = snapshot_of(old_version, relations)
    new = snapshot_of(new_version, relations)
    rows = []
    for label, before, after in snapshot.diff(old, new, model, relations):
        long = max(len(before), len(after)) > LONG_TEXT
        words = word_diff(before, after) if long else None
        rows.append({"label": label, "old": before, "new": after, "words": words})
    return rows
