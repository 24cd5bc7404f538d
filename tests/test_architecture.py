"""The layout of ``generator/`` stays readable: floors by pipeline stage, rooms by audience, no import cycles.

The picture is ``docs/architecture.md``'s; this test keeps the code to it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"
STAGES = ("text", "model", "load", "national", "render", "pdf", "html", "paper", "data", "editor", "web", "cli")
"""Packages by pipeline stage; a module may import from a stage before its own, never after."""
ORDER = {
    "__init__": 0,
    "problems": 0,
    "project": 0,
    "staging": 0,
    "text": 0,
    "model": 1,
    "urls": 2,
    "load": 3,
    # National records in: a stage before the catalogue is rendered, which checks what it writes with load.
    "national": 4,
    "render": 5,
    "pdf": 6,
    "html": 6,
    # The rooms by audience, each rendering the model: what is printed, what machines read, the browser
    # editor; then the citizens' site, which links to all of them.
    "paper": 7,
    "data": 7,
    "editor": 7,
    "web": 8,
    "publish": 9,
    "build": 10,
    # The print pack (catalogue print): the build's checked catalogue, the paper room and the PDF engine.
    "pack": 10,
    "cli": 11,
}
ROOMS = ("paper", "data", "editor", "web")
"""The rooms by audience: none imports another of the same floor."""


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Every generator module and the generator modules it imports (at any depth of the file)."""
    modules = {_module(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_there_is_a_package_for_each_stage() -> None:
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), stage
    assert not [p.name for p in PACKAGE.glob("*.py") if p.stem not in {*ORDER, "__init__", "__main__"}]


def test_no_module_imports_a_later_stage() -> None:
    wrong = []
    for module, targets in _imports().items():
        if module in ("generator", "generator.__main__"):
            continue
        for target in targets:
            if ORDER[_stage(target)] > ORDER[_stage(module)]:
                wrong.append(f"{module} imports {target}")
    assert not wrong


def test_rooms_render_with_the_shared_templating_only() -> None:
    """A room does not make its own template environment: ``generator.render.templating`` is the one kind."""
    wrong = []
    for room in ROOMS:
        for path in sorted((PACKAGE / room).rglob("*.py")):
            if "jinja2.Environment(" in path.read_text(encoding="utf-8"):
                wrong.append(str(path.relative_to(ROOT)))
    assert not wrong


def test_there_are_no_import_cycles() -> None:
    graph = _imports()
    graph.pop("generator", None)  # the facade names every stage, lazily
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in graph.get(module, ()):
            if target in path:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        visit(module, [module])
    assert not cycles


def test_importing_the_package_imports_no_stage() -> None:
    code = "import generator, sys; print(sorted(m for m in sys.modules if m.startswith('generator.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_facade_names_the_pipeline() -> None:
    import generator

    assert generator.load_catalogue.__module__ == "generator.load.catalogue"
    assert generator.CatalogueError.__module__ == "generator.problems"
