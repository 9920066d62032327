"""The layers that ARCHITECTURE.md draws, checked on the imports themselves.

An AST scan of ``hezuo/`` (module-level and function-level imports alike, since a cycle hidden in
a function still ties two apps together) against five rules:

(a) ``hezuo.core`` imports neither Django nor any other part of ``hezuo``;
(b) ``hezuo.base`` imports no app (only ``core`` and itself);
(c) nothing imports ``hezuo.reports`` but ``reports`` itself and the project's ``urls.py``,
    ``api_urls.py`` and ``settings.py``;
(d) ``hezuo.projects`` imports neither ``hezuo.zonedesk`` nor ``hezuo.reports``;
(e) no import cycle between apps (the app → app graph).

No database: the rules are checked on the source, and first on a tiny fake tree so that they
cannot pass by finding nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HEZUO = Path(__file__).resolve().parent.parent / "hezuo"

#: The project's own modules at the top of ``hezuo/`` that may import ``reports``.
REPORTS_IMPORTERS = {"reports", "urls", "api_urls", "settings"}


@dataclass(frozen=True)
class Import:
    """One import found in the source: who (module and file:line) imports what (module)."""

    importer: str
    target: str
    where: str

    @property
    def importer_app(self) -> str:
        return app_of(self.importer)

    @property
    def target_app(self) -> str:
        return app_of(self.target)

    def __str__(self) -> str:
        return f"{self.where}: {self.importer} imports {self.target}"


def app_of(module: str) -> str:
    """Return the part of ``hezuo`` a module belongs to (``hezuo.base.views`` → ``base``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "hezuo" else parts[0]


def module_name(root: Path, path: Path) -> str:
    """Return the dotted name of ``path`` under ``root`` (the ``hezuo`` package's folder)."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """Return the absolute module a (possibly relative) ``from`` import names."""
    if level == 0:
        return module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_in(root: Path, path: Path) -> Iterator[Import]:
    """Yield every import statement of one file, wherever it stands (module or function)."""
    importer = module_name(root, path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root.parent)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(importer, alias.name, f"{where}:{node.lineno}")
        elif isinstance(node, ast.ImportFrom):
            target = resolve(importer, is_package, node.level, node.module)
            if app_of(target) == "hezuo":
                # ``from hezuo import reports`` / ``from .. import accounts``: the names are apps
                for alias in node.names:
                    yield Import(importer, f"{target}.{alias.name}", f"{where}:{node.lineno}")
            else:
                yield Import(importer, target, f"{where}:{node.lineno}")


def scan(root: Path) -> list[Import]:
    """Return every import of every Python file under ``root``."""
    found: list[Import] = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name apps by string; their imports are Django's own
        found.extend(imports_in(root, path))
    return found


def _ours(imp: Import) -> bool:
    return imp.target == "hezuo" or imp.target.startswith("hezuo.")


def core_violations(imports: list[Import]) -> list[str]:
    """(a) ``core`` imports Django or another part of ``hezuo``."""
    return [
        str(i)
        for i in imports
        if i.importer_app == "core"
        and (
            i.target.split(".")[0] == "django"
            or (_ours(i) and i.target_app not in {"core", "hezuo"})
        )
    ]


def base_violations(imports: list[Import]) -> list[str]:
    """(b) ``base`` imports an app (anything of ``hezuo`` but ``core`` and ``base``)."""
    return [
        str(i)
        for i in imports
        if i.importer_app == "base" and _ours(i) and i.target_app not in {"core", "base", "hezuo"}
    ]


def reports_violations(imports: list[Import]) -> list[str]:
    """(c) something but reports, urls, api_urls or settings imports ``reports``."""
    return [
        str(i)
        for i in imports
        if _ours(i) and i.target_app == "reports" and i.importer_app not in REPORTS_IMPORTERS
    ]


def projects_violations(imports: list[Import]) -> list[str]:
    """(d) ``projects`` imports ``zonedesk`` or ``reports`` (they build on it, not it on them)."""
    return [
        str(i)
        for i in imports
        if i.importer_app == "projects" and _ours(i) and i.target_app in {"zonedesk", "reports"}
    ]


def app_graph(imports: list[Import], apps: set[str]) -> dict[str, dict[str, str]]:
    """Return app → {imported app: the first import that makes the edge} among ``apps``."""
    graph: dict[str, dict[str, str]] = {app: {} for app in apps}
    for i in imports:
        if not _ours(i):
            continue
        source, target = i.importer_app, i.target_app
        if source in apps and target in apps and source != target:
            graph[source].setdefault(target, str(i))
    return graph


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """Return one path per import cycle between apps (each closing on its first app).

    Depth-first search; a back edge to an app on the current path closes a cycle. Each cycle is
    reported once, starting from its alphabetically first app.
    """
    found: dict[tuple[str, ...], list[str]] = {}
    done: set[str] = set()

    def visit(app: str, path: list[str]) -> None:
        for target in sorted(graph[app]):
            if target in path:
                loop = path[path.index(target) :]
                start = loop.index(min(loop))
                key = tuple(loop[start:] + loop[:start])
                found.setdefault(key, [*key, key[0]])
            elif target not in done:
                visit(target, [*path, target])
        done.add(app)

    for app in sorted(graph):
        if app not in done:
            visit(app, [app])
    return list(found.values())


def describe(cycle: list[str], graph: dict[str, dict[str, str]]) -> str:
    """The cycle's path and, for each step, the import that makes it."""
    steps = [f"  {a} → {b}: {graph[a][b]}" for a, b in zip(cycle, cycle[1:], strict=False)]
    return " → ".join(cycle) + "\n" + "\n".join(steps)


def apps_under(root: Path) -> set[str]:
    """The apps of the project: the packages directly under ``hezuo/``."""
    return {p.parent.name for p in root.glob("*/__init__.py")}


def cycle_violations(root: Path, imports: list[Import]) -> list[str]:
    """(e) the import cycles between apps, each with its path."""
    graph = app_graph(imports, apps_under(root))
    return [describe(c, graph) for c in cycles(graph)]


# --- the rules on the project --------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_imports() -> list[Import]:
    return scan(HEZUO)


def test_the_scan_reads_the_project(project_imports: list[Import]) -> None:
    """A scan that found nothing would pass every rule below."""
    assert len(project_imports) > 1000
    assert {"core", "base", "projects", "accounts"} <= apps_under(HEZUO)


def test_core_imports_neither_django_nor_the_apps(project_imports: list[Import]) -> None:
    assert core_violations(project_imports) == []


def test_base_imports_no_app(project_imports: list[Import]) -> None:
    assert base_violations(project_imports) == []


def test_nothing_imports_reports(project_imports: list[Import]) -> None:
    assert reports_violations(project_imports) == []


def test_projects_imports_neither_zonedesk_nor_reports(project_imports: list[Import]) -> None:
    assert projects_violations(project_imports) == []


def test_no_import_cycle_between_apps(project_imports: list[Import]) -> None:
    found = cycle_violations(HEZUO, project_imports)
    assert found == [], "\n".join(found)


# --- the rules' own detection, on a tiny fake tree ------------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a fake ``hezuo`` package under ``root`` and return its folder."""
    package = root / "hezuo"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *package.rglob("*")]:
        if folder.is_dir() and folder.name != "migrations":
            (folder / "__init__.py").touch()
    return package


@pytest.fixture
def fake_tree(tmp_path: Path) -> Path:
    """A project breaking every rule once, each import in a different form."""
    return write(
        tmp_path,
        {
            "core/rules.py": "import django.db\nfrom hezuo.base import models\n",
            "core/clean.py": "from . import rules\nfrom .rules import x\n",
            "base/views.py": "def f():\n    from hezuo.accounts.audit import record\n",
            "base/access.py": "from ..core import rules\nfrom hezuo.base import models\n",
            "accounts/audit.py": "from ..regions.models import Program\n",
            "regions/models.py": "from hezuo import accounts\n",
            "projects/views.py": "from hezuo.zonedesk import models\nimport hezuo.reports.charts\n",
            "zonedesk/models.py": "from hezuo.projects.models import Project\n",
            "reports/charts.py": "from hezuo.projects import models\n",
            "web/queue.py": "from hezuo import reports\n",
            "urls.py": "from hezuo.reports import charts\n",
            "migrations_only/migrations/0001.py": "from hezuo.reports import charts\n",
        },
    )


def test_relative_imports_resolve_to_absolute_modules() -> None:
    assert resolve("hezuo.base.views", False, 1, "access") == "hezuo.base.access"
    assert resolve("hezuo.base", True, 1, "access") == "hezuo.base.access"
    assert resolve("hezuo.accounts.models.audit", False, 2, "choices") == "hezuo.accounts.choices"
    assert resolve("hezuo.base.views", False, 2, None) == "hezuo"


def test_core_rule_finds_django_and_the_apps(fake_tree: Path) -> None:
    found = core_violations(scan(fake_tree))
    assert any("imports django.db" in v for v in found)
    assert any("imports hezuo.base" in v for v in found)
    assert not any("clean.py" in v for v in found)  # core importing core is fine


def test_base_rule_finds_an_import_inside_a_function(fake_tree: Path) -> None:
    found = base_violations(scan(fake_tree))
    assert found and all("hezuo/base/views.py:2" in v for v in found)
    assert any("hezuo.accounts.audit" in v for v in found)


def test_reports_rule_allows_urls_and_reports_only(fake_tree: Path) -> None:
    found = reports_violations(scan(fake_tree))
    assert any(v.startswith("hezuo/web/queue.py") for v in found)  # `from hezuo import reports`
    assert any(v.startswith("hezuo/projects/views.py") for v in found)
    assert not any(v.startswith(("hezuo/urls.py", "hezuo/reports/")) for v in found)
    assert not any("migrations" in v for v in found)


def test_projects_rule_finds_zonedesk_and_reports(fake_tree: Path) -> None:
    found = projects_violations(scan(fake_tree))
    assert any("hezuo.zonedesk" in v for v in found)
    assert any("hezuo.reports.charts" in v for v in found)


def test_cycles_are_found_with_their_path(fake_tree: Path) -> None:
    imports = scan(fake_tree)
    graph = app_graph(imports, apps_under(fake_tree))
    found = cycles(graph)
    assert ["accounts", "regions", "accounts"] in found
    assert ["projects", "zonedesk", "projects"] in found
    assert ["projects", "reports", "projects"] in found
    report = cycle_violations(fake_tree, imports)
    assert any(
        "hezuo/accounts/audit.py:1" in r and "hezuo/regions/models.py:1" in r for r in report
    )


def test_a_longer_cycle_is_reported_once() -> None:
    graph = {"a": {"b": "a→b"}, "b": {"c": "b→c"}, "c": {"a": "c→a"}, "d": {"a": "d→a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b": "a→b"}, "b": {}}) == []
