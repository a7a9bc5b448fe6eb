"""The import graph of surfaces/, landscapes/ and animator/: no cycles, and every arrow pointing down
the layers surfaces ← leaf modules ← optimizers ← scenes ← engine ← animator ← cli.

Every `import` counts, at the top of a module or inside a function (a lazy import is still a
dependency); only imports under `if TYPE_CHECKING:` do not, since they never run.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("surfaces", "landscapes", "animator")

# Each unit (a subpackage of landscapes/, a leaf module, or a top-level package) and its layer;
# a unit may import only units of lower layers.
LAYERS = {
    "surfaces": 0,
    # Leaf modules. `landscapes` is the package's __init__: the public names, loaded lazily by name.
    "landscapes.errors": 1,
    "landscapes.limits": 2,
    "landscapes": 3,
    "landscapes.values": 3,
    "landscapes.display": 3,
    "landscapes.precision": 3,
    "landscapes.compiling": 3,
    "landscapes.files": 3,
    "landscapes.plugins": 3,
    "landscapes.optimizers": 4,
    "landscapes.study": 4,  # the 1D update-response study, beside the optimizers
    "landscapes.scenes": 5,
    "landscapes.manifest": 6,  # a scene's recipe, written into outputs and read back from them
    "landscapes.engine": 7,
    "landscapes.network": 8,  # training a model: the engine's trajectories, on a plane of weights
    "animator": 9,
    "landscapes.cli": 10,
    "landscapes.__main__": 11,
}


def modules() -> dict[str, Path]:
    """Every module of the three packages by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = modules()


def _known(name: str) -> str | None:
    """The module of ours that `name` (a module, or a name imported from one) is, if any."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes inside `if TYPE_CHECKING:` blocks."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            skipped.update(id(inner) for statement in node.body for inner in ast.walk(statement))
    return skipped


def imports_of(name: str, path: Path) -> set[str]:
    """The modules of ours that module `name` imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(known for target in targets if (known := _known(target)))
    found.discard(name)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    """Each module of ours and the modules of ours it imports (read when a test asks, not on import:
    every test process imports this file to collect it, and only one runs these tests)."""
    return {name: imports_of(name, path) for name, path in MODULES.items()}


def unit_of(module: str) -> str:
    """The layer unit a module belongs to: the longest key of `LAYERS` it lies in."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        candidate = ".".join(parts[:length])
        if candidate in LAYERS:
            return candidate
    raise AssertionError(f"{module} is in no layer: add it (or its package) to LAYERS")


def upward_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Each import from a unit to a unit of the same or a higher layer, as 'a → b'."""
    return sorted(
        f"{module} → {target}"
        for module, targets in graph.items()
        for target in targets
        if unit_of(module) != unit_of(target) and LAYERS[unit_of(target)] >= LAYERS[unit_of(module)]
    )


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_every_module_is_in_a_layer():
    assert len(MODULES) > 50
    for module in MODULES:
        unit_of(module)


def test_no_import_runs_against_the_layers():
    assert upward_arrows(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_checks_see_a_bad_arrow_and_a_cycle():
    module = "landscapes.optimizers.registry"
    bad = {**graph(), module: {*graph()[module], "animator"}}
    assert set(upward_arrows(bad)) - set(upward_arrows(graph())) == {f"{module} → animator"}
    looped = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert cycles(looped) == [["a.x", "a.y", "a.z"]]


def test_imports_are_read_from_the_source():
    assert "landscapes.errors" in graph()["landscapes.optimizers.registry"]
    assert "landscapes.cli.commands" in graph()["landscapes.cli.process"] or (
        "landscapes.cli.app" in graph()["landscapes.cli.process"]
    )
    # Names loaded only for type checkers are not dependencies.
    assert "animator" not in graph()["landscapes"]
