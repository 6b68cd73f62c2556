"""The permission matrix: every admin-registered model × URL kind × role × own/other Land.

Generated from `admin.site._registry` and each admin's URLs, so a model registered later is in
the matrix at once: coordinators and editors get nothing on it until RIGHTS grants it, and
OBJECTS must say how to make one (the test says so). Expected results follow from RIGHTS (what
the issue grants each role) and three rules, not from a hand-written table of answers:
- anonymous users are sent to the log-in page;
- an object of another Land does not exist for a coordinator (404), whatever the view;
- lists (change list, autocomplete, export) show exactly the objects in the user's scope.
"""

import pytest
import reversion
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from reversion.admin import VersionAdmin
from reversion.models import Version

from editorial import snapshot, workflow
from editorial.models import Coordinator, WorkflowEvent
from partners.models import Land
from projects.models import Project, SpecialCall
from projects.updates import ProjectUpdate
from tests.conftest import ROLES
from tests.factories import make_country, make_organisation, make_phase, make_theme

pytestmark = pytest.mark.django_db

EDITOR_ROLES = {"editor", "superuser"}
MATRIX_ROLES = ["anonymous", "coordinator_a", "coordinator_b", "editor"]

# Rights ------------------------------------------------------------------------------------
VIEW, ADD, CHANGE, DELETE, RESTORE, IMPORT = "view", "add", "change", "delete", "restore", "import"
CONTENT = {VIEW, ADD, CHANGE, DELETE, RESTORE}

COORDINATOR_RIGHTS = {
    "projects.project": {VIEW, ADD, CHANGE},  # only their Länder's; publishing is for GIZ
    "projects.projectupdate": {VIEW, ADD, CHANGE},  # their projects' updates, GIZ publishes
    "partners.land": {VIEW, CHANGE},  # their own profile
    "editorial.changerequest": {VIEW},  # their proposals
    "editorial.workflowevent": {VIEW},  # the log of their projects
    # choosing what a project refers to
    "projects.specialcall": {VIEW},
    "partners.partnercountry": {VIEW},
    "partners.organisation": {VIEW, ADD},
}
EDITOR_RIGHTS = {
    **dict.fromkeys(
        [
            "projects.phase",
            "projects.specialcall",
            "projects.projectupdate",
            "partners.land",
            "partners.partnercountry",
            "partners.organisation",
            "themes.theme",
            "themes.sustainabledevelopmentgoal",
            "pages.page",
        ],
        CONTENT,
    ),
    "projects.project": CONTENT | {IMPORT},
    "editorial.coordinator": {VIEW, ADD, CHANGE, DELETE},
    "editorial.changerequest": {VIEW, CHANGE},  # made by saving a project, decided, kept
    "editorial.workflowevent": {VIEW},  # the log is never edited
    "editorial.maildelivery": {VIEW, CHANGE, DELETE},  # read only; "send again" needs change
    "pages.feedback": {VIEW, DELETE},  # barrier reports: read as sent, deleted when dealt with
    "auth.user": {VIEW, ADD, CHANGE, DELETE},
    "auth.group": {VIEW},  # the roles come from `manage.py setup_roles`
    # log-in attempts (axes), two-factor devices and background-task results: superusers only
}
RIGHTS = {
    "anonymous": {},
    "coordinator_a": COORDINATOR_RIGHTS,
    "coordinator_b": COORDINATOR_RIGHTS,
    "editor": EDITOR_RIGHTS,
}

# URL kinds: what each needs, whether it names an object, whether it lists objects --------
NEEDS = {
    "changelist": VIEW,
    "add": ADD,
    "change": VIEW,  # GET: the form, read only without the change right
    "save": CHANGE,  # POST to the change form
    "delete": DELETE,
    "history": VIEW,
    "revert": RESTORE,
    "recoverlist": RESTORE,
    "recover": RESTORE,
    "import": IMPORT,
    "process_import": IMPORT,
    "export": VIEW,
    "autocomplete": VIEW,
    "actions": DELETE,  # the bulk delete: its effect is checked
}
OBJECT_KINDS = {"change", "save", "delete", "history", "revert"}
LIST_KINDS = {"changelist", "autocomplete", "export"}
STANDARD_URLS = {
    "changelist",
    "add",
    "change",
    "delete",
    "history",
    "revision",
    "recoverlist",
    "recover",
    "import",
    "process_import",
    "export",
}


def _autocomplete_source(model):
    """A relation to `model` to ask its autocomplete with: preferably one without
    limit_choices_to, from a registered model; never the project form's Land fields, which
    list every Land's name on purpose (test_land_autocomplete_of_the_project_form_…)."""
    candidates = []
    for source in apps.get_models():
        for field in [*source._meta.fields, *source._meta.many_to_many]:
            if field.related_model is not model:
                continue
            if model is Land and source._meta.app_label == "projects":
                continue
            limited = bool(field.get_limit_choices_to())
            registered = source in admin.site._registry
            candidates.append(
                (limited, not registered, source._meta.app_label, source._meta.model_name, field)
            )
    return min(candidates, key=lambda c: c[:4])[4] if candidates else None


def _offered(field, objects):
    """The targets an autocomplete for `field` can offer at all (its limit_choices_to)."""
    choices = field.related_model.objects.complex_filter(field.get_limit_choices_to())
    return [t for t, obj in objects.items() if choices.filter(pk=obj.pk).exists()]


def _url_kinds(model_admin):
    opts = model_admin.model._meta
    prefix = f"{opts.app_label}_{opts.model_name}_"
    names = {url.name.removeprefix(prefix) for url in model_admin.get_urls() if url.name}
    kinds = ["changelist", "add", "change", "save", "delete", "history", "actions"]
    if "revision" in names:
        kinds += ["revert", "recoverlist", "recover"]
    kinds += [kind for kind in ("import", "process_import", "export") if kind in names]
    if model_admin.search_fields and _autocomplete_source(model_admin.model):
        kinds.append("autocomplete")
    # the admin's own extra views (preview, workflow, password, …): as the change form
    kinds += sorted(f"view:{name}" for name in names - STANDARD_URLS)
    return kinds


MATRIX = [
    (model._meta.label_lower, kind)
    for model, model_admin in admin.site._registry.items()
    for kind in _url_kinds(model_admin)
]


# Objects: one per Land for what belongs to Länder, else one shared ------------------------
def _someone(name="someone"):
    return get_user_model().objects.create_user(name, f"{name}@example.org", "pw")


def _laender(request):
    return {"a": request.getfixturevalue("land_a"), "b": request.getfixturevalue("land_b")}


def _proposals(request):
    """Of each Land's project ("a", "b") and of each Land's profile ("a-profile", …)."""
    relations = admin.site._registry[Project].inline_relations()
    users = request.getfixturevalue("users")
    proposals = {
        target: workflow.propose(
            project, users[f"coordinator_{target}"], snapshot.from_object(project, relations)
        )
        for target, project in request.getfixturevalue("projects").items()
    }
    for target, land in _laender(request).items():
        proposals[f"{target}-profile"] = workflow.propose(
            land, users[f"coordinator_{target}"], snapshot.from_object(land, [])
        )
    return proposals


def _log_entries(request):
    entries = {
        target: workflow.record(project, None, WorkflowEvent.Action.CONFIRMED)
        for target, project in request.getfixturevalue("projects").items()
    }
    for target, land in _laender(request).items():
        entries[f"{target}-profile"] = workflow.record(land, None, WorkflowEvent.Action.PROPOSED)
    return entries


def _updates(request):
    """One update in review of each Land's project ("a", "b")."""
    return {
        target: ProjectUpdate.objects.create(project=project, text_de=f"Neuigkeit {target}")
        for target, project in request.getfixturevalue("projects").items()
    }


def _access(model, **extra):
    fields = {"username": "x", "ip_address": "192.0.2.1", "user_agent": "t", "http_accept": "*"}
    return model.objects.create(**fields, path_info="/admin/login/", **extra)


def _otp_device(label):
    return apps.get_model(label).objects.create(user=_someone(), name="device")


OBJECTS = {
    "projects.project": lambda r: r.getfixturevalue("projects"),
    "projects.projectupdate": _updates,
    "partners.land": _laender,
    "editorial.changerequest": _proposals,
    "editorial.workflowevent": _log_entries,
    "projects.phase": lambda r: make_phase("blp-iv"),
    "projects.specialcall": lambda r: SpecialCall.objects.create(
        slug="aufruf", name_de="Aufruf", name_en="Call", phase=make_phase()
    ),
    "partners.partnercountry": lambda r: make_country("KE"),
    "partners.organisation": lambda r: make_organisation(),
    "themes.theme": lambda r: make_theme("energy", is_temporary=True),
    "themes.sustainabledevelopmentgoal": lambda r: apps.get_model(
        "themes.sustainabledevelopmentgoal"
    ).objects.get_or_create(number=7, defaults={"name_de": "Energie", "name_en": "Energy"})[0],
    "pages.page": lambda r: apps.get_model("pages.page").objects.create(
        slug="matrix", title_de="Matrix", title_en="Matrix"
    ),
    "editorial.coordinator": lambda r: Coordinator.objects.create(user=_someone()),
    "auth.user": lambda r: _someone(),
    "auth.group": lambda r: Group.objects.create(name="Gäste"),
    "axes.accessattempt": lambda r: _access(
        apps.get_model("axes.accessattempt"), get_data="", post_data="", failures_since_start=1
    ),
    "axes.accesslog": lambda r: _access(apps.get_model("axes.accesslog")),
    "axes.accessfailurelog": lambda r: _access(apps.get_model("axes.accessfailurelog")),
    "otp_totp.totpdevice": lambda r: _otp_device("otp_totp.totpdevice"),
    "otp_static.staticdevice": lambda r: _otp_device("otp_static.staticdevice"),
    "pages.feedback": lambda r: apps.get_model("pages.feedback").objects.create(
        page_url="/de/", message="Kontrast"
    ),
    "editorial.maildelivery": lambda r: apps.get_model("editorial.maildelivery").objects.create(
        recipient="giz@example.org", subject="Betreff", body="Text", status="failed"
    ),
    "django_tasks_database.dbtaskresult": lambda r: apps.get_model(
        "django_tasks_database.dbtaskresult"
    ).objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="editorial.tasks.deliver",
        backend_name="default",
        run_after=timezone.now(),
    ),
}


def _objects(request, label):
    """{target: object}: targets "a"/"b" (belongs to Land A/B; "a-…" too) or "shared"; each
    has a version."""
    assert label in OBJECTS, f"{label} is registered in the admin: add it to OBJECTS (and RIGHTS)"
    made = OBJECTS[label](request)
    objects = made if isinstance(made, dict) else {"shared": made}
    model_admin = admin.site._registry[apps.get_model(label)]
    if isinstance(model_admin, VersionAdmin):
        for obj in objects.values():
            if not Version.objects.get_for_object(obj).exists():
                with reversion.create_revision():
                    reversion.add_to_revision(obj)
    return objects


# Expected and measured outcomes ------------------------------------------------------------
def in_scope(role, target):
    owner = target.split("-")[0]
    return owner == "shared" or role in EDITOR_ROLES or role == f"coordinator_{owner}"


def expected(role, label, kind, target, objects):
    if role == "anonymous":
        return "deleted: none" if kind == "actions" else "login"
    may = NEEDS.get(kind, VIEW) in RIGHTS[role].get(label, set())
    if kind == "actions":
        deleted = [t for t in objects if may and in_scope(role, t)]
        return f"deleted: {', '.join(sorted(deleted)) or 'none'}"
    if target is not None and not in_scope(role, target):
        return "not found"
    if not may:
        return "denied"
    if kind in LIST_KINDS:
        listable = objects
        if kind == "autocomplete":
            listable = _offered(_autocomplete_source(apps.get_model(label)), objects)
        return f"ok: {', '.join(sorted(t for t in listable if in_scope(role, t)))}"
    return "ok"


def _status(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return "login"
    return {200: "ok", 302: "redirect", 403: "denied", 404: "not found"}.get(
        response.status_code, str(response.status_code)
    )


def _listed(kind, response, objects, model_admin):
    if kind == "changelist":
        html = response.content.decode()
        return [t for t, obj in objects.items() if _admin_url(model_admin, "change", obj) in html]
    if kind == "autocomplete":
        ids = {item["id"] for item in response.json()["results"]}
        return [t for t, obj in objects.items() if str(obj.pk) in ids]
    content = response.content.decode("utf-8-sig")
    return [t for t, obj in objects.items() if getattr(obj, "slug", str(obj)) in content]


def _admin_url(model_admin, name, *args):
    opts = model_admin.model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{name}",
        args=[getattr(arg, "pk", arg) for arg in args],
    )


def measure(client, model_admin, kind, obj, objects):
    if kind == "actions":
        client.post(
            _admin_url(model_admin, "changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [o.pk for o in objects.values()],
                "post": "yes",
            },
        )
        model = model_admin.model
        gone = [t for t, o in objects.items() if not model.objects.filter(pk=o.pk).exists()]
        return f"deleted: {', '.join(sorted(gone)) or 'none'}"
    if kind == "autocomplete":
        field = _autocomplete_source(model_admin.model)
        opts = field.model._meta
        params = {
            "app_label": opts.app_label,
            "model_name": opts.model_name,
            "field_name": field.name,
        }
        response = client.get(reverse("admin:autocomplete"), {**params, "term": ""})
    elif kind == "export":
        resource = model_admin.resource_classes[0]
        fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().fields}
        csv = [f.__name__ for f in model_admin.export_formats].index("CSV")
        response = client.post(
            _admin_url(model_admin, "export"), {"resource": "0", "format": str(csv), **fields}
        )
    elif kind in ("save", "process_import"):
        url = _admin_url(model_admin, "change" if kind == "save" else kind, *filter(None, [obj]))
        status = _status(client.post(url, {}))
        return "ok" if status == "redirect" else status  # the form again or saved
    elif kind == "revert":
        version = Version.objects.get_for_object(obj).first()
        response = client.get(_admin_url(model_admin, "revision", obj, version.pk))
    elif kind == "recover":
        version = Version.objects.get_for_object(next(iter(objects.values()))).first()
        response = client.get(_admin_url(model_admin, "recover", version.pk))
    else:
        name = kind.removeprefix("view:")
        try:
            url = _admin_url(model_admin, name, *filter(None, [obj]))
        except NoReverseMatch:
            url = _admin_url(model_admin, name)
        response = client.get(url)
    status = _status(response)
    if kind in LIST_KINDS and status == "ok":
        return f"ok: {', '.join(sorted(_listed(kind, response, objects, model_admin)))}"
    return status


def _takes_object(model_admin, kind):
    if kind in OBJECT_KINDS:
        return True
    if not kind.startswith("view:"):
        return False
    try:
        _admin_url(model_admin, kind.removeprefix("view:"))
    except NoReverseMatch:
        return True
    return False


@pytest.mark.parametrize(("label", "kind"), MATRIX, ids=[f"{m}-{k}" for m, k in MATRIX])
def test_admin_permission_matrix(request, client, users, label, kind):
    model_admin = admin.site._registry[apps.get_model(label)]
    objects = _objects(request, label)
    targets = objects.items() if _takes_object(model_admin, kind) else [(None, None)]
    wrong = []
    for role in MATRIX_ROLES:  # the editor last: the bulk delete may delete the objects
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for target, obj in targets:
            want = expected(role, label, kind, target, objects)
            got = measure(client, model_admin, kind, obj, objects)
            if got != want:
                wrong.append(f"{role} on {target or 'the list'}: expected {want!r}, got {got!r}")
    assert not wrong, "\n".join(wrong)


def test_every_registered_model_is_in_the_matrix():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(OBJECTS)
    assert set(COORDINATOR_RIGHTS) | set(EDITOR_RIGHTS) <= registered


def is_own(role, target):
    return role in EDITOR_ROLES or role == f"coordinator_{target}"


@pytest.mark.parametrize("role", ROLES[1:])
def test_land_autocomplete_of_the_project_form_offers_every_land_name(login, projects, role):
    """Picking a partner Land needs the (public) names of all Länder, nothing else."""
    response = login(role).get(
        "/admin/autocomplete/",
        {"app_label": "projects", "model_name": "projectland", "field_name": "land"},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == Land.objects.count()
    assert set(response.json()["results"][0]) == {"id", "text"}


@pytest.mark.parametrize("action", ["publish_selected", "archive_selected", "delete_selected"])
@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b"])
def test_coordinators_cannot_use_editor_bulk_actions(login, projects, role, action):
    before = {p.pk: p.publication_state for p in Project.objects.all()}
    client = login(role)
    client.post(
        "/admin/projects/project/",
        {"action": action, "_selected_action": [p.pk for p in projects.values()], "post": "yes"},
    )
    assert {p.pk: p.publication_state for p in Project.objects.all()} == before


@pytest.mark.parametrize("role", ["coordinator_a", "coordinator_b", "editor"])
def test_bulk_submit_touches_only_own_projects(login, projects, role):
    Project.objects.update(publication_state=Project.PublicationState.DRAFT)
    login(role).post(
        "/admin/projects/project/",
        {"action": "submit_selected", "_selected_action": [p.pk for p in projects.values()]},
    )
    for target, project in projects.items():
        project.refresh_from_db()
        submitted = project.publication_state == Project.PublicationState.REVIEW
        assert submitted == is_own(role, target)


@pytest.mark.parametrize("role", ROLES[1:])
def test_publish_step_only_for_editors(login, projects, role):
    project = projects["b"]  # a complete draft of Land B
    response = login(role).post(
        f"/admin/projects/project/{project.pk}/workflow/", {"step": "publish"}
    )
    project.refresh_from_db()
    published = project.publication_state == Project.PublicationState.PUBLISHED
    assert published == (role in EDITOR_ROLES)
    assert response.status_code == (302 if is_own(role, "b") else 404)


def test_coordinator_cannot_make_a_project_of_another_land(login, projects, land_b):
    client = login("coordinator_a")
    from tests.editorial.conftest import form_data

    data = form_data(client.get("/admin/projects/project/add/"))
    data.update(
        title_de="Neu",
        title_en="New",
        summary_de="K",
        summary_en="S",
        slug="neu",
        status="ongoing",
        phase=str(projects["a"].phase_id),
        **{"land_roles-0-land": str(land_b.pk), "land_roles-0-is_lead": "on"},
    )
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 200
    # the admin speaks German (the default language)
    assert "Eines der Länder, die Sie koordinieren, muss an dem Projekt beteiligt sein" in (
        response.content.decode()
    )
    assert not Project.objects.filter(slug="neu").exists()


def test_coordinator_cannot_grant_themselves_rights(login, users):
    client = login("coordinator_a")
    user = users["coordinator_a"]
    assert client.get(f"/admin/auth/user/{user.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/", {"is_superuser": "on", "username": user.username}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser
    assert client.get("/admin/editorial/coordinator/").status_code == 403
