"""The layers point one way: no import cycles among gradcli's modules, no import pointing up.

Function-level (lazy) imports count: they keep start-up fast, but only pointing down.
The layer order is docs/architecture.md's; a module may import its own layer and those below.
"""

import ast
import pathlib

import gradcli

PACKAGE = pathlib.Path(gradcli.__file__).parent

# Top to bottom. A module's layer is its subpackage, or its own name for top-level modules.
LAYERS = ["cli", "output", "cases", "api", "checks", "engines", "inputs", "frontends", "core",
          "limits", "errors"]
SAME_LEVEL = [{"engines", "inputs"}]  # siblings: neither imports the other
TOP = {"__init__", "__main__"}  # the package's lazy facade and `python -m gradcli`


def modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: pathlib.Path, known: set[str]) -> set[str]:
    """Every gradcli module ``name`` imports, at any depth of the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module
                       for a in node.names]
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target in known and target not in (name, "gradcli"):
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def rank(layer_name: str) -> int:
    return LAYERS.index(layer_name)


def test_every_module_is_in_a_layer():
    assert sorted({layer(m) for m in modules()} - set(LAYERS) - TOP) == []


def test_no_import_points_up_the_layers():
    upward = []
    for module, targets in graph().items():
        if layer(module) in TOP:
            continue
        for target in targets:
            a, b = layer(module), layer(target)
            if a == b:
                continue
            if any({a, b} <= group for group in SAME_LEVEL) or rank(b) <= rank(a):
                upward.append(f"{module} -> {target}")
    assert upward == []


def cycles(edges: dict[str, set[str]]) -> list[str]:
    """Every module from which an import chain leads back to itself."""
    found = set()
    for start in edges:  # iterative depth-first search from each module
        stack, seen = [start], set()
        while stack:
            for nxt in edges[stack.pop()]:
                if nxt == start:
                    found.add(start)
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    return sorted(found)


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_scan_sees_lazy_imports_and_cycles():
    """The scan itself, or the tests above prove nothing: a function-level import is an
    edge, and a three-module loop is a cycle."""
    edges = graph()
    assert "gradcli.checks.oracle" in edges["gradcli.api"]  # imported inside evaluate()
    assert "gradcli.engines.arrays" in edges["gradcli.api"]  # imported inside run()
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c"]
