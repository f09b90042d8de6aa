"""The apps depend on each other in one direction only:

    portal → projects → partners → cities → core;  portal → users;  ops → core;
    opendata → projects (and the apps below it)

and the kernel, core, names no app at all, not even in a string."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("users", "core", "cities", "partners", "projects", "portal", "opendata", "ops")
ALLOWED = {
    "users": set(),
    "core": set(),
    "cities": {"core"},
    "partners": {"cities", "core"},
    "projects": {"partners", "cities", "core"},
    "portal": {"projects", "partners", "cities", "core", "users"},
    "opendata": {"projects", "partners", "cities", "core"},
    "ops": {"core"},
}


def modules(app: str, *, migrations: bool = True) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if migrations or "migrations" not in path.parts
    ]


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(APPS)
    return found


def import_graph() -> dict[str, set[str]]:
    return {
        app: set().union(*(imported_apps(path) for path in modules(app))) - {app}
        for app in APPS
    }


def test_every_app_depends_only_on_the_apps_below_it():
    graph = import_graph()
    wrong = {
        app: used - ALLOWED[app] for app, used in graph.items() if used - ALLOWED[app]
    }
    assert wrong == {}


def test_the_record_apps_are_used_by_the_site_as_the_design_says():
    # Not only allowed: the layers are really there.
    graph = import_graph()
    assert graph["portal"] >= {"projects", "partners", "cities", "core", "users"}
    assert graph["projects"] == {"partners", "cities", "core"}
    assert graph["ops"] == {"core"}


def names_an_app(text: str) -> bool:
    head = text.replace(":", ".").split(".")[0]
    return head in set(APPS) - {"core"}


@pytest.mark.parametrize(
    "path", modules("core", migrations=False), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_kernel_names_no_app_not_even_in_a_string(path):
    strings = [
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert [text for text in strings if names_an_app(text)] == []
