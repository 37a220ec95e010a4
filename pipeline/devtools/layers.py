"""The layering check: imports go only downward between the stage packages, and no modules import
each other in a circle. Run it with `python -m pipeline.devtools.layers`; it exits 1 and prints
every offending import (file and line) when there is one.

Every import is read from the source (ast), at module level and inside functions alike: an import
deferred into a function is still a dependency, and a circle through it is still a circle. An import
counts as one of the module it names (`from pipeline.rules import Rule` is one of pipeline.rules,
the package's __init__), not of the packages Python runs on the way there.
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "pipeline"
PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own layer and the layers below it, never above.
# `pipeline` itself is the public API (its __init__), at the top with the CLI.
LAYERS: list[tuple[str, ...]] = [
    ("pipeline.records", "pipeline.version"),
    ("pipeline.speedups",),
    ("pipeline.rules",),
    ("pipeline.acquire",),
    ("pipeline.clean",),
    ("pipeline.nlp",),
    ("pipeline.extractors",),
    ("pipeline.batch",),
    ("pipeline.review",),
    ("pipeline.cli", "pipeline.__main__", "pipeline"),
]
# Outside the pipeline's layers: these may import anything and nothing may import them.
OUTSIDE = ("pipeline.devtools",)


@dataclass(frozen=True)
class Import:
    """One import statement's target module, where it stands and whether it runs at import time."""
    source: str           # importing module, dotted
    target: str           # imported module, dotted
    file: str             # relative to the folder holding the package
    line: int
    in_function: bool

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(root: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package: dotted name -> file."""
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def resolve(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = source.split(".") if is_package else source.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str, path: Path, modules: dict[str, Path], root: Path = PACKAGE_DIR) -> list[Import]:
    """The package's own modules that one module imports. `from a import b` names the module a.b
    when there is one, otherwise a (where b is defined)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []
    file = path.relative_to(root.parent).as_posix()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            deferred = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = resolve(name, path.name == "__init__.py", child)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in child.names]
            for target in targets:
                while target and target not in modules:   # `import a.b.c` of a name inside a module
                    target = target.rpartition(".")[0]
                imp = Import(name, target, file, child.lineno, in_function)
                if target and target != name and imp not in found:
                    found.append(imp)
            visit(child, deferred)

    visit(tree, False)
    return found


def layer_of(module: str) -> int | None:
    best, best_len = None, -1
    for index, units in enumerate(LAYERS):
        for unit in units:
            if (module == unit or module.startswith(unit + ".")) and len(unit) > best_len:
                # `pipeline` (the public API) is only the top package's own __init__
                if unit == PACKAGE and module != PACKAGE:
                    continue
                best, best_len = index, len(unit)
    return best


def is_outside(module: str) -> bool:
    return any(module == unit or module.startswith(unit + ".") for unit in OUTSIDE)


def upward_imports(imports: list[Import]) -> list[str]:
    problems = []
    for imp in imports:
        if is_outside(imp.source):
            continue
        if is_outside(imp.target):
            problems.append(f"{imp.where()}: {imp.source} imports the developer tool {imp.target}")
            continue
        low, high = layer_of(imp.target), layer_of(imp.source)
        if low is None or high is None:
            unplaced = imp.source if high is None else imp.target
            problems.append(f"{imp.where()}: {unplaced} is in no layer (add it to LAYERS in {__name__})")
        elif low > high:
            problems.append(f"{imp.where()}: {imp.source} (layer {LAYERS[high][0]}) imports {imp.target} "
                            f"from the higher layer {LAYERS[low][0]}")
    return problems


def cycles(imports: list[Import]) -> list[list[str]]:
    """The module circles: strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.source, set()).add(imp.target)
        graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def connect(start: str) -> None:   # iterative, so a deep chain cannot exhaust the recursion limit
        nonlocal counter
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def check(root: Path = PACKAGE_DIR) -> list[str]:
    """Every layering problem of the package at root, one line each; empty when there is none."""
    modules = package_modules(root)
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules, root)]
    problems = upward_imports(imports)
    for component in cycles(imports):
        members = set(component)
        links = [f"{imp.where()} {imp.source} -> {imp.target}" for imp in imports
                 if imp.source in members and imp.target in members]
        problems.append("import cycle between " + ", ".join(component) + ":\n    " + "\n    ".join(links))
    return problems


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]).resolve() if argv else PACKAGE_DIR
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layering problem(s) in {root}", file=sys.stderr)
        return 1
    print(f"layers ok: {len(package_modules(root))} modules, imports only downward, no cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
