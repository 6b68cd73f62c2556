"""The layers of docs/architecture.md, read from the source itself so the rules cannot rot.

blp_portal.lib (helpers) -> domain apps -> back office and services -> wiring (blp_portal):
an import may only point down, or sideways within a layer.
"""

import ast
from pathlib import Path

import pytest
from django.conf import global_settings

from blp_portal import settings as portal_settings

ROOT = Path(__file__).resolve().parents[1]
LIB = "blp_portal.lib"
DOMAIN = ["themes", "partners", "projects", "pages"]
SERVICES = ["editorial", "opendata", "projectmedia", "accounts", "backups"]
APPS = DOMAIN + SERVICES
MAX_LINES = 400
MAX_LINES_MODELS = 600  # a cohesive models.py may hold a few related models


def _modules(*packages, root=ROOT):
    for package in packages:
        for path in sorted((root / package.replace(".", "/")).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _imports(path):
    """Every module name the file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _top(name):
    return name.split(".")[0]


def _is_lib(name):
    return name == LIB or name.startswith(LIB + ".")


def _violations(packages, allowed, root=ROOT):
    found = []
    for path in _modules(*packages, root=root):
        for name in _imports(path):
            if _top(name) in APPS + ["blp_portal"] and not allowed(name):
                found.append(f"{path.relative_to(root)} imports {name}")
    return found


def _domain_allows(name):
    return _top(name) in DOMAIN or _is_lib(name)


def test_domain_apps_import_only_the_domain_and_the_helpers():
    assert _violations(DOMAIN, _domain_allows) == []


def test_services_never_import_the_wiring():
    assert _violations(SERVICES, lambda name: _top(name) in APPS or _is_lib(name)) == []


def test_the_helpers_import_no_app():
    assert _violations([LIB], _is_lib) == []


def test_an_upward_import_is_found_at_the_top_and_inside_a_function(tmp_path):
    (tmp_path / "projects").mkdir()
    (tmp_path / "projects" / "views.py").write_text(
        "from blp_portal.lib.html import sanitize_html\n"
        "from partners.models import Land\n"
        "import opendata.api\n"
        "def view():\n"
        "    from editorial.scope import is_editor\n",
        encoding="utf-8",
    )
    assert _violations(["projects"], _domain_allows, root=tmp_path) == [
        "projects/views.py imports opendata.api",
        "projects/views.py imports editorial.scope",
    ]


@pytest.mark.parametrize("package", [*APPS, "blp_portal"])
def test_no_module_is_too_long(package):
    too_long = []
    for path in _modules(package):
        limit = MAX_LINES_MODELS if path.name == "models.py" else MAX_LINES
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert too_long == []


def test_no_app_patches_other_classes_at_start_up():
    """An app's ready() connects signals; it never assigns attributes to anything."""
    patches = []
    for path in _modules(*APPS, "blp_portal"):
        if path.name != "apps.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "ready":
                for statement in ast.walk(node):
                    targets = getattr(statement, "targets", None) or [
                        getattr(statement, "target", None)
                    ]
                    if isinstance(statement, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and any(
                        isinstance(target, ast.Attribute) for target in targets
                    ):
                        patches.append(f"{path.relative_to(ROOT)}:{statement.lineno}")
    assert patches == []


def _settings_read(path):
    """(names read as settings.NAME, names read with a getattr(settings, …) default)."""
    read, with_default = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            read.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            with_default.add(ast.unparse(node))
    return read, with_default


def test_every_setting_the_code_reads_is_declared_and_read_without_a_default():
    declared = {name for name in vars(portal_settings) if name.isupper()}
    django_defaults = {name for name in vars(global_settings) if name.isupper()}
    undeclared, defaults = [], []
    for path in _modules(*APPS, "blp_portal"):
        read, with_default = _settings_read(path)
        undeclared += [
            f"{path.relative_to(ROOT)}: {name}"
            for name in sorted(read - declared - django_defaults)
        ]
        defaults += [f"{path.relative_to(ROOT)}: {call}" for call in sorted(with_default)]
    assert undeclared == []
    assert defaults == []
