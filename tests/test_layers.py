"""The packages of press/ form layers: a module imports only from its own package or
from packages below it (ARCHITECTURE.md, "Layers"). Every import counts, the lazy ones
inside functions too, because a lazy import is still a dependency.

The test reads the code with `ast`; it imports nothing of the toolchain."""
from __future__ import annotations

import ast
import sys
from pathlib import Path


PRESS = Path(__file__).resolve().parent.parent / "press"

# Lower number = lower layer. Packages of the same rank must not import each other.
# data sits above content: the maps link a place to its case record.
RANK = {"core": 0, "i18n": 1, "content": 2, "data": 3, "print": 4, "epub": 4, "ext": 5,
        "site": 6, "build": 7}


def module_name(path: Path) -> str:
    parts = path.relative_to(PRESS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import of press.* in the file, lazy ones too."""
    own = module_name(path).split(".")
    package = own if path.name == "__init__.py" else own[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from press.data import maps` imports the module press.data.maps
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return [(name, line) for name, line in found if name.split(".")[0] == "press"]


def package_of(module: str) -> str | None:
    """The layer package of a module name, None for press/__init__ (ROOT only)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def modules() -> list[Path]:
    return sorted(PRESS.rglob("*.py"))


def test_every_package_has_a_rank():
    packages = {p.name for p in PRESS.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(RANK), "a new package needs its place in RANK and ARCHITECTURE.md"


def upward_imports(path: Path) -> list[str]:
    here = package_of(module_name(path))
    problems = []
    for name, line in imports(path):
        there = package_of(name)
        if here is None or there is None or there == here:
            continue
        if RANK[there] >= RANK[here]:
            problems.append(f"{path.relative_to(PRESS.parent)}:{line}: {here} imports "
                            f"{name} ({there} is not below {here})")
    return problems


def test_no_module_imports_from_its_layer_or_above():
    problems = [p for path in modules() for p in upward_imports(path)]
    assert problems == []


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The rule can fail: a lazy `from press.build ...` inside an i18n module is found."""
    fake = tmp_path / "press"
    (fake / "i18n").mkdir(parents=True)
    module = fake / "i18n" / "bad.py"
    module.write_text("def f():\n    from press.build.edition import friendly\n"
                      "    from ..content import sources\n")
    monkeypatch.setattr(sys.modules[__name__], "PRESS", fake)
    assert upward_imports(module) == [
        "press/i18n/bad.py:2: i18n imports press.build.edition.friendly "
        "(build is not below i18n)",
        "press/i18n/bad.py:3: i18n imports press.content.sources "
        "(content is not below i18n)"]


def test_no_import_cycle_between_modules():
    """No circle of modules, lazy imports included (maps <-> partnerships was one)."""
    names = {module_name(path): path for path in modules()}
    graph = {}
    for name, path in names.items():
        targets = set()
        for imported, _ in imports(path):
            # `from press.data import maps` names a module; `from x import f` names x
            while imported and imported not in names:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "press":
                targets.add(imported)
        graph[name] = targets
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [node, nxt]))
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []
