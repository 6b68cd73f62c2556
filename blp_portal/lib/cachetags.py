"""Dependency tags of the page cache: which writes make which cached pages stale.

A tag is a name with a version number in the shared cache (Redis: all app servers see the same
one). A cached page keeps the versions of the tags it depends on and is served only while all
of them are unchanged (blp_portal.lib.pagecache). A write bumps the tags of what it changed:

- `app.model:<pk>` (`row()`): that row changed, or a row that hangs on it (see `track`'s
  `parents`: an update, a Land role or a document bumps its project's row);
- `app.model` (`every()`): any row of the model changed, in any field (the API's lists, the
  downloads, the feeds and a text search show every field);
- `app.model#lists` (`lists()`): a change that lists, counts, filters or the navigation can show,
  i.e. anything but the model's detail-only fields (`track`: a project's description, a content
  page's body), and every insert and delete.

Two more: EVERYTHING, on which every page depends (`bump_generation()`: for writes that
bypass signals, e.g. imports), and CONTENT, which every write of content bumps and on which a
page depends that declares no tags of its own. Pages declare their tags while they are made:
`depends_on(request, …)`, in the view or a context processor.

Saves, deletes and m2m changes of every model outside IGNORED_APPS and `ignore()`d models bump
tags through signals, at once and again after the transaction's commit (a page rendered from
the not yet committed state in between is not kept either: pagecache compares CONTENT before
and after rendering). Code that writes without signals (`bulk_create`, `queryset.update()`)
calls `bump_rows()` or `bump_generation()` itself.
"""

import secrets

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

TAG_KEY = "pagecache:tag:"
EVERYTHING = "*"
CONTENT = "content"
LISTS_SUFFIX = "#lists"

# Apps whose rows are no public content: their writes never make a page stale.
IGNORED_APPS = {
    "admin",
    "auth",
    "axes",
    "contenttypes",
    "django_otp",
    "django_tasks_database",
    "otp_email",
    "otp_hotp",
    "otp_static",
    "otp_totp",
    "reversion",
    "sessions",
}
_ignored_models = set()
# label -> set of field names (and their per-language columns) only a detail page shows
_detail_only = {}
# label -> list of (attname of a foreign key, label of its target) whose row shows this row
_parents = {}
# tag -> the group tags that also stand for it (`group()`)
_groups = {}
# where a tracked instance keeps its stored state between pre_save and post_save
BEFORE_ATTRIBUTE = "_pagecache_before"


def _cache():
    return caches["default"]


def _label(model):
    return model if isinstance(model, str) else model._meta.label_lower


def row(obj, pk=None):
    """The tag of one row: `row(project)` or `row("projects.project", 12)`."""
    return f"{_label(obj)}:{obj.pk if pk is None else pk}"


def every(model):
    return _label(model)


def lists(model):
    return _label(model) + LISTS_SUFFIX


def depends_on(request, *tags):
    """Declare that the page made for `request` shows what these tags stand for."""
    declared = request.__dict__.setdefault("cache_tags", set())
    declared.update(tags)


def declared_tags(request):
    return request.__dict__.get("cache_tags")


def ignore(*labels):
    """Models that no public page shows (e.g. the feedback of visitors)."""
    _ignored_models.update(label.lower() for label in labels)


def track(label, *, detail_only=(), parents=()):
    """How saves of `label` ("app.Model") reach pages; call from the owning app's ready().

    `detail_only`: fields that only the row's own page (and the full open data) shows; a save
    that changes nothing else leaves the lists alone. `parents`: foreign keys (names) to rows
    whose pages show this row.
    """
    from django.apps import apps

    model = apps.get_model(label)
    label = _label(model)
    _detail_only[label] = set(detail_only)
    _parents[label] = [
        (model._meta.get_field(name).attname, _label(model._meta.get_field(name).related_model))
        for name in parents
    ]


def group(name, *tags):
    """One tag `name` that is bumped whenever one of `tags` is; call from an app's ready().

    For tags that pages depend on only all together (the reference rows every list and project
    page names): a cache hit then checks one version instead of each of them."""
    for tag in tags:
        _groups.setdefault(tag, set()).add(name)
    return name


def _is_detail_only(label, field):
    names = _detail_only.get(label, ())
    return field.name in names or field.name.rsplit("_", 1)[0] in names


def _lists_fields(model):
    label = _label(model)
    return [f.attname for f in model._meta.concrete_fields if not _is_detail_only(label, f)]


# --- Versions --------------------------------------------------------------------------------


def versions(tags):
    """{cache key: version} of the tags; a tag without a version gets a random start value."""
    cache = _cache()
    keys = [TAG_KEY + tag for tag in tags]
    found = cache.get_many(keys)
    missing = [key for key in keys if found.get(key) is None]
    for key in missing:
        # Random, so that a version lost to eviction never matches a page stored before.
        cache.add(key, secrets.randbits(48), timeout=None)
    if missing:
        found.update(cache.get_many(missing))
    return {key: found.get(key) for key in keys}


def unchanged(stored):
    """Whether the tag versions stored with a page are all still current (one MGET)."""
    found = _cache().get_many(list(stored))
    return all(found.get(key) == version for key, version in stored.items())


def _bump(tags):
    cache = _cache()
    for tag in tags:
        key = TAG_KEY + tag
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, secrets.randbits(48), timeout=None)


def bump_tags(*tags):
    """Make the pages that depend on these tags stale, now and after the commit (if any)."""
    tags = {*tags, CONTENT}
    tags.update(name for tag in list(tags) for name in _groups.get(tag, ()))
    _bump(tags)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(tags))


def bump_generation():
    """Make every cached page stale (writes that send no signals and touch much)."""
    bump_tags(EVERYTHING)


def _row_tags(label, pk, lists_too):
    tags = [f"{label}:{pk}", label]
    if lists_too:
        tags.append(label + LISTS_SUFFIX)
    return tags


def bump_rows(model, pks, lists_too=True):
    """Tags of rows written without signals (bulk_create, queryset.update()) and their parents'.

    Parents are found only for the model's own instances; pass their rows here as well when the
    rows are gone or not at hand."""
    label = _label(model)
    tags = [label, label + LISTS_SUFFIX] if lists_too else [label]
    for pk in pks:
        tags += _row_tags(label, pk, lists_too)
    bump_tags(*tags)


# --- Signals ---------------------------------------------------------------------------------


def _is_content(model):
    return model._meta.app_label not in IGNORED_APPS and _label(model) not in _ignored_models


def _remember_before(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save of a tracked row: its stored lists-relevant values and parents."""
    label = _label(sender)
    if raw or instance.pk is None or not _is_content(sender):
        return
    if label not in _detail_only and not _parents.get(label):
        return
    fields = _lists_fields(sender) + [attname for attname, _target in _parents.get(label, ())]
    old = sender._default_manager.filter(pk=instance.pk).values(*fields).first()
    if old is not None:
        instance.__dict__[BEFORE_ATTRIBUTE] = old


def _saved(sender, instance, created=False, update_fields=None, **kwargs):
    if not _is_content(sender):
        return
    label = _label(sender)
    old = instance.__dict__.pop(BEFORE_ATTRIBUTE, None)
    if created or old is None:
        lists_too = True
    elif update_fields is not None:
        names = {sender._meta.get_field(name) for name in update_fields}
        lists_too = any(not _is_detail_only(label, field) for field in names)
    else:
        lists_too = any(
            getattr(instance, name) != old[name] for name in _lists_fields(sender) if name in old
        )
    tags = _row_tags(label, instance.pk, lists_too)
    for attname, target in _parents.get(label, ()):
        ids = {getattr(instance, attname), (old or {}).get(attname)} - {None}
        for pk in ids:
            tags += _row_tags(target, pk, lists_too)
    bump_tags(*tags)


def _deleted(sender, instance, **kwargs):
    if not _is_content(sender):
        return
    label = _label(sender)
    tags = _row_tags(label, instance.pk, True)
    for attname, target in _parents.get(label, ()):
        pk = getattr(instance, attname)
        if pk is not None:
            tags += _row_tags(target, pk, True)
    bump_tags(*tags)


def _relinked(sender, instance, action, model, pk_set=None, **kwargs):
    if action.startswith("pre_") or not _is_content(type(instance)):
        return
    tags = _row_tags(_label(instance), instance.pk, True)
    if pk_set:
        for pk in pk_set:
            tags += _row_tags(_label(model), pk, True)
    else:  # a clear(): the other side's rows are gone from the signal
        tags += [_label(model), lists(model)]
    bump_tags(*tags)


def connect_signals():
    """Bump the tags of every content row that is saved, deleted or (un)linked."""
    pre_save.connect(_remember_before, dispatch_uid="blp_page_cache_before")
    post_save.connect(_saved, dispatch_uid="blp_page_cache_save")
    post_delete.connect(_deleted, dispatch_uid="blp_page_cache_delete")
    m2m_changed.connect(_relinked, dispatch_uid="blp_page_cache_m2m")
