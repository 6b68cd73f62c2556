"""A project (or a Land's profile) with its many-to-many links and inline rows as plain JSON
data, and back.

Used for proposed changes: the coordinator's submitted form becomes a snapshot (nothing is
saved to the live object), the editor sees the difference to the live snapshot, and approval
writes the snapshot into the live rows. A Land has no links or inline rows: its snapshot is
its fields in both languages.

Snapshot format: {"fields": {name: value}, "m2m": {name: [pk, …]},
"inlines": {related_name: [{field: value, …}, …]}}.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from blp_portal.lib.text import normalize_newlines

# Set by the workflow or by the database, or the identity of a Land (its ISO code, editors
# only): never by a proposal.
NOT_PROPOSED = {"id", "publication_state", "published_at", "created_at", "updated_at", "code"}


def _translated_originals(model):
    """`title` of title/title_de/title_en: the admin edits the language fields only."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _row_fields(model, exclude=()):
    skip = set(exclude) | _translated_originals(model)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        if isinstance(field, models.FileField):
            continue  # files are not proposed: see editorial/admin/project_workflow.py (read-only then)
        yield field


def proposed_fields(model):
    return [f for f in _row_fields(model) if f.name not in NOT_PROPOSED]


def inline_relations(parent_model, inline_models):
    """(related_name, model, fk field name) for each inline model of the parent's admin."""
    relations = []
    for model in inline_models:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is parent_model:
                relations.append((field.remote_field.get_accessor_name(), model, field.name))
                break
    return relations


def _row(instance, fk_name):
    fields = _row_fields(type(instance), exclude=(fk_name,))
    return {field.name: normalize_newlines(field.value_from_object(instance)) for field in fields}


def from_form(obj, form, formsets):
    """The snapshot of a validated admin form and its inline formsets (nothing saved)."""
    fields = {
        f.name: normalize_newlines(f.value_from_object(obj)) for f in proposed_fields(type(obj))
    }
    m2m = {}
    for field in type(obj)._meta.many_to_many:
        if field.name in form.cleaned_data:
            m2m[field.name] = sorted(o.pk for o in form.cleaned_data[field.name])
        elif obj.pk:
            m2m[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    inlines = {}
    for formset in formsets:
        fk_name = formset.fk.name
        rows = []
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            if not inline_form.has_changed() and inline_form.instance.pk is None:
                continue
            rows.append(_row(inline_form.instance, fk_name))
        inlines[formset.fk.remote_field.get_accessor_name()] = rows
    return _jsonable({"fields": fields, "m2m": m2m, "inlines": inlines})


def from_object(obj, relations):
    """The snapshot of the live project (or Land) as stored in the database."""
    fields = {f.name: f.value_from_object(obj) for f in proposed_fields(type(obj))}
    m2m = {
        f.name: sorted(getattr(obj, f.name).values_list("pk", flat=True))
        for f in type(obj)._meta.many_to_many
    }
    inlines = {
        name: [_row(row, fk_name) for row in getattr(obj, name).all()]
        for name, _model, fk_name in relations
    }
    return _jsonable({"fields": fields, "m2m": m2m, "inlines": inlines})


def set_fields(obj, snapshot):
    """Put the snapshot's field values on the object (in memory; nothing is saved)."""
    for field in proposed_fields(type(obj)):
        if field.name in snapshot["fields"]:
            value = normalize_newlines(field.to_python(snapshot["fields"][field.name]))
            setattr(obj, field.attname, value)


def apply(obj, snapshot, relations):
    """Write the snapshot into the live object: fields, links, and the inline rows replaced."""
    set_fields(obj, snapshot)
    obj.full_clean(exclude=["slug"], validate_unique=False)
    obj.save()
    for name, ids in snapshot["m2m"].items():
        getattr(obj, name).set(ids)
    for name, model, fk_name in relations:
        if name not in snapshot["inlines"]:
            continue
        getattr(obj, name).all().delete()
        for row in snapshot["inlines"][name]:
            instance = model(**{fk_name: obj})
            for field in _row_fields(model, exclude=(fk_name,)):
                if field.name in row:
                    value = normalize_newlines(field.to_python(row[field.name]))
                    setattr(instance, field.attname, value)
            instance.save()


# Difference ---------------------------------------------------------------------------------


def _display_value(field, value):
    if value in (None, "", []):
        return "–"
    if field.is_relation:
        model = field.related_model
        if isinstance(value, list):
            return ", ".join(str(o) for o in model._default_manager.filter(pk__in=value)) or "–"
        obj = model._default_manager.filter(pk=value).first()
        return str(obj) if obj else "–"
    if field.choices:
        return str(dict(field.flatchoices).get(field.to_python(value), value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _row_display(model, row):
    parts = []
    for field in _row_fields(model):
        if field.name in row and row[field.name] not in (None, "", []):
            parts.append(f"{field.verbose_name}: {_display_value(field, row[field.name])}")
    return "; ".join(parts)


def _same(field, before, after):
    """Equal as values: empty is empty (None, ""), 100000 is 100000.00, and a text is the same
    text whatever its line breaks (browsers send a textarea's lines with CRLF)."""
    if before in (None, "", []) and after in (None, "", []):
        return True
    if isinstance(before, str) and isinstance(after, str):
        before, after = before.replace("\r\n", "\n"), after.replace("\r\n", "\n")
    try:
        return field.to_python(before) == field.to_python(after)
    except Exception:  # noqa: BLE001 – malformed stored value: show it as a difference
        return before == after


def diff(old, new, model, relations):
    """[(label, old display, new display)] for every field, link and inline list that differs."""
    changes = []
    for field in proposed_fields(model):
        before, after = old["fields"].get(field.name), new["fields"].get(field.name)
        if field.name in new["fields"] and not _same(field, before, after):
            changes.append(
                (field.verbose_name, _display_value(field, before), _display_value(field, after))
            )
    for field in model._meta.many_to_many:
        before = sorted(old["m2m"].get(field.name, []))
        after = sorted(new["m2m"].get(field.name, before))
        if before != after:
            changes.append(
                (field.verbose_name, _display_value(field, before), _display_value(field, after))
            )
    for name, model, _fk in relations:
        if name not in new["inlines"]:
            continue
        before = [_row_display(model, row) for row in old["inlines"].get(name, [])]
        after = [_row_display(model, row) for row in new["inlines"][name]]
        if before != after:
            changes.append(
                (
                    model._meta.verbose_name_plural,
                    "\n".join(before) or "–",
                    "\n".join(after) or "–",
                )
            )
    return changes
