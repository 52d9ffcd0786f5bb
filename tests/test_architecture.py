"""The direction of dependencies: each layer imports only the layers below it, and no module
imports itself back through others.

From the bottom: text utilities; the knowledge; the embedding model; matching and safety (which
know nothing of each other); the engine, which says what it needs from a store; the stores;
evaluation and learning (training the decision model); the adapters and the command line. A
change that makes matching import safety, or the engine import an adapter or a particular store,
fails here with the import that did it.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot

# Each layer (a package or module directly under bot/) and the layers it may import.
ALLOWED: dict[str, frozenset[str]] = {
    "text": frozenset(),
    "config": frozenset(),
    "probe": frozenset(),
    "semantic": frozenset(),
    "knowledge": frozenset({"text"}),
    "pictures": frozenset({"knowledge"}),
    "matching": frozenset({"text", "knowledge", "semantic"}),
    "safety": frozenset({"text", "knowledge"}),
    "engine": frozenset({"text", "knowledge", "semantic", "matching", "safety"}),
    "storage": frozenset({"engine"}),
    "evaluation": frozenset({"engine", "knowledge"}),
    # Training and cross-validating the decision model: reads examples as the matcher does and
    # answers held-out cases with the whole engine.
    "learning": frozenset({"text", "knowledge", "semantic", "matching", "safety", "engine", "storage", "evaluation"}),
    "adapters": frozenset({"text", "knowledge", "semantic", "pictures", "engine", "storage", "config"}),
    "cli": frozenset(
        {"text", "knowledge", "semantic", "pictures", "matching", "safety", "engine", "storage", "evaluation"}
        | {"adapters", "config", "learning", "probe"}
    ),
    "__main__": frozenset({"cli"}),
}


def _modules() -> dict[str, Path]:
    """Every module of the package, by dotted name, with its source file."""
    found = {"bot": Path(bot.__file__)}
    for info in pkgutil.walk_packages(bot.__path__, prefix="bot."):
        spec = importlib.util.find_spec(info.name)
        assert spec is not None and spec.origin is not None
        found[info.name] = Path(spec.origin)
    return found


MODULES = _modules()


def _imports(source: Path) -> Iterator[tuple[str, int]]:
    """The modules of ``bot`` that a file imports (anywhere in it, functions too), with the line."""
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "bot":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "bot":
                continue
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                yield (submodule if submodule in MODULES else node.module), node.lineno


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_imports_on_its_own() -> None:
    for name in MODULES:
        if name != "bot.__main__":  # the entry point: importing it runs the command line
            importlib.import_module(name)


def test_every_layer_is_known() -> None:
    """A new package under bot/ gets its place in the order above."""
    layers = {_layer(name) for name in MODULES} - {""}
    assert layers <= set(ALLOWED), f"layers without a place in ALLOWED: {sorted(layers - set(ALLOWED))}"


def test_layers_import_only_the_layers_below() -> None:
    wrong = []
    for name, source in MODULES.items():
        own = _layer(name)
        for imported, line in _imports(source):
            other = _layer(imported)
            if other and other != own and own in ALLOWED and other not in ALLOWED[own]:
                wrong.append(f"{source.relative_to(Path(bot.__file__).parent.parent)}:{line}: {own} imports {imported}")
    assert not wrong, "imports against the direction of layers:\n" + "\n".join(wrong)


def test_the_allowed_directions_have_no_cycle() -> None:
    order: list[str] = []
    remaining = dict(ALLOWED)
    while remaining:
        ready = [layer for layer, below in remaining.items() if below <= set(order)]
        assert ready, f"these layers depend on each other in a circle: {sorted(remaining)}"
        order += sorted(ready)
        for layer in ready:
            del remaining[layer]


def test_no_module_imports_itself_back() -> None:
    """No import cycles between modules (Tarjan's strongly connected components)."""
    edges = {name: {imported for imported, _ in _imports(source)} - {name} for name, source in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    assert not cycles, f"modules importing each other in a circle: {cycles}"


@pytest.mark.parametrize(
    ("driver", "package"),
    [("sqlite3", "bot.storage.sqlite"), ("psycopg", "bot.storage.postgres"), ("psycopg_pool", "bot.storage.postgres")],
)
def test_only_its_store_imports_a_database_driver(driver: str, package: str) -> None:
    """Another database plugs in beside them (bot.storage), so nothing else may depend on one."""
    users = [
        name
        for name, source in MODULES.items()
        if not name.startswith(package)
        and any(isinstance(node, ast.Import | ast.ImportFrom) and _names(node, driver) for node in _walk(source))
    ]
    assert not users, f"modules that import {driver} outside {package}: {users}"


def _walk(source: Path) -> Iterator[ast.AST]:
    return ast.walk(ast.parse(source.read_text(), str(source)))


def _names(node: ast.Import | ast.ImportFrom, package: str) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == package
    return any(alias.name.split(".")[0] == package for alias in node.names)
