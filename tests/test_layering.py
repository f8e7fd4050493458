"""Layering: the modules of ``sitrep`` import each other without cycles, in pipeline order.

Every ``.py`` file under the installed ``sitrep`` package is parsed with :mod:`ast` (nothing is
imported or run) and every ``import`` / ``from … import`` in it counts: at module level, inside
functions (the lazy imports of the CLI and the optional extras) and under ``if TYPE_CHECKING``
alike, relative imports resolved against the importing module. A cycle a lazy import closes is still
a cycle: it is only hidden until the day that import moves to the top of the file.

Edges, and how a package's ``__init__`` is counted:

- ``import a.b.c`` and ``from a.b import c`` (``c`` a submodule) are edges to the module ``a.b.c``;
  ``from a.b import name`` (a name, not a submodule) is an edge to the package ``a.b``'s ``__init__``.
- Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__`` first, but that implicit step is
  *not* an edge. A package is always initialised before its children, so an ``__init__`` that imports
  its own submodules (``sitrep.resolve`` importing ``sitrep.resolve.clusters``) is no cycle as long as
  those submodules do not use the ``__init__``'s names. If a submodule does name the package
  (``from sitrep.resolve import index_record`` inside ``sitrep.resolve.entities``) while the
  ``__init__`` imports that submodule, it meets a half-initialised package: that is reported as a cycle.
- ``sitrep/__init__`` (``sitrep.open``, ``__version__``) is the facade above :mod:`sitrep.api`; a
  module that reads ``__version__`` from it has an edge to it like any other.

Layer rule on top of "no cycles": no stage imports the orchestration (``sitrep.api``, ``sitrep.cli``,
``sitrep.__main__``). (The store still calls the knowledge layer through lazy imports on its write
path and in migrations; ``sitrep.resolve`` never imports the store's write path back, so that is no cycle.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import sitrep

PACKAGE = Path(sitrep.__file__).resolve().parent
TOP = {"sitrep", "sitrep.api", "sitrep.cli", "sitrep.__main__"}  # the facade and the orchestration


def _module_name(path: Path) -> str:
    parts = ["sitrep", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> dict[str, int]:
    """The sitrep modules ``name`` imports (anywhere in the file), each with the first line that does."""
    is_pkg = path.name == "__init__.py"
    out: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        if target != name and target in known:
            out.setdefault(target, line)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target and target not in known:  # import sitrep.x.Name-less: nearest module
                    target = target.rpartition(".")[0]
                add(target, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name if is_pkg else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if not (module == "sitrep" or module.startswith("sitrep.")):
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                add(sub if sub in known else module, node.lineno)
    return out


def import_graph() -> dict[str, dict[str, int]]:
    """Module → {imported module: line} over every sitrep module."""
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), shortest found by BFS."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    comps: list[set[str]] = []
    counter = [0]

    def strong(v: str) -> None:  # recursion depth is bounded by the module count (~100)
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(comp)

    for v in sorted(graph):
        if v not in index:
            strong(v)
    out: list[list[str]] = []
    for comp in sorted(comps, key=min):  # a shortest cycle through each member, each cycle once
        for m in sorted(comp):
            c = _shortest_cycle(graph, comp, m)[:-1]
            i = c.index(min(c))
            c = [*c[i:], *c[:i], min(c)]
            if c not in out:
                out.append(c)
    return out


def _shortest_cycle(graph: dict[str, dict[str, int]], comp: set[str], start: str) -> list[str]:
    """A shortest cycle from ``start`` back to it inside the strongly connected component ``comp``."""
    prev: dict[str, str] = {}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return [*reversed(path), start]
            if w in comp and w not in prev and w != start:
                prev[w] = v
                queue.append(w)
    raise AssertionError(f"no cycle through {start} in {comp}")  # (a component always has one)


def _describe(graph: dict[str, dict[str, int]], cycle: list[str]) -> str:
    """``a (line 3) → b (line 9) → a``: each module with the line of its import of the next."""
    hops = [f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:], strict=False)]
    return " → ".join([*hops, cycle[-1]])


def test_no_import_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 50, f"found only {len(graph)} modules under {PACKAGE}"
    cycles = _cycles(graph)
    assert not cycles, "import cycles between sitrep modules:\n  " + "\n  ".join(
        _describe(graph, c) for c in cycles)


def test_no_stage_imports_the_orchestration() -> None:
    graph = import_graph()
    bad = [f"{m} imports {t} (line {line})" for m, deps in sorted(graph.items()) if m not in TOP
           for t, line in sorted(deps.items()) if t in TOP - {"sitrep"}]
    assert not bad, "stage modules must not import sitrep.api / sitrep.cli:\n  " + "\n  ".join(bad)


def test_the_graph_sees_lazy_and_relative_imports(tmp_path) -> None:
    """The walker itself: a function-level import, a relative import and a package-name import all count."""
    known = {"sitrep", "sitrep.store", "sitrep.store.db", "sitrep.resolve", "sitrep.resolve.names", "sitrep.api"}
    src = tmp_path / "mod.py"
    src.write_text("from . import db\nfrom ..resolve import names\n"
                   "def f():\n    from sitrep.api import open\n    import sitrep.resolve\n", encoding="utf-8")
    assert _imports("sitrep.store.mod", src, known | {"sitrep.store.mod"}) == {
        "sitrep.store.db": 1, "sitrep.resolve.names": 2, "sitrep.api": 4, "sitrep.resolve": 5}
    assert _cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c", "a"]]
    assert _cycles({"p": {"p.x": 1}, "p.x": {}}) == []  # a package importing its child
    assert _cycles({"p": {"p.x": 1}, "p.x": {"p": 2}}) == [["p", "p.x", "p"]]  # … which names it back
