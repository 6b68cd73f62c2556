"""Plain text as the portal stores it: line endings are always a bare "\n"."""

import re
import unicodedata

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def normalize_newlines(value):
    """`value` with Windows ("\\r\\n") and old Mac ("\\r") line endings as "\\n"."""
    if not isinstance(value, str) or "\r" not in value:
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")


def normalize_text_fields(instance):
    """Normalise the line endings of every TextField of a model instance in place.

    Works on the stored values (instance.__dict__), not through attribute access: a
    translated field's descriptor would read one language and write another."""
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() == "TextField" and field.attname in instance.__dict__:
            value = instance.__dict__[field.attname]
            instance.__dict__[field.attname] = normalize_newlines(value)


def normalize_stored_texts(models):
    """Rewrite the TextFields of every row of `models` that still holds a "\r" (for data
    migrations; one UPDATE per changed row, nothing for rows already clean)."""
    for model in models:
        fields = [
            f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "TextField"
        ]
        if not fields:
            continue
        for row in model.objects.only("pk", *fields).iterator():
            changed = {}
            for name in fields:
                value = getattr(row, name)
                if value and "\r" in value:
                    changed[name] = normalize_newlines(value)
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


def paragraphs(text):
    """The non-empty paragraphs of `text`, split on blank lines."""
    text = normalize_newlines(text or "")
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def fold(text):
    """Lower case without diacritics, ß → ss: for comparisons that ignore case and umlauts."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_variants(term):
    """`term` folded, and with "ae", "oe", "ue" read as ä, ö, ü ("Aethiopien")."""
    folded = fold(term)
    variant = folded.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return {folded, variant}
