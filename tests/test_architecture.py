"""The package's structure, read from its source: stages in order, no cycles, thin faces.

Every import counts, at module level, under `if TYPE_CHECKING:` and inside functions. The
stages and what each may import are the ones `src/clausewise/__init__.py` and
docs/architecture.md describe; a change that breaks them fails here with the import named.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from helpers import ROOT

SRC = ROOT / "src"
PACKAGE = "clausewise"

#: Each stage and its rank: a module may import its own stage and stages of lower rank.
STAGES = {
    "errors": 0, "atomic": 0, "version": 0, "i18n": 0,
    "model": 1,
    "load": 2,
    "graph": 3,
    "governance": 4,
    "check": 5,
    "site": 6,
    "project": 7,
    "author": 8,
    "markdown": 9, "cli": 9,
    "mkdocs": 10,  # the MkDocs face hands its pages to the Markdown face
    "__init__": 11, "__main__": 11,
}
FACES = {"markdown", "cli", "mkdocs"}
CORE_PACKAGES = {"model", "load", "governance", "check", "site", "author"}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports(module: str) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of the package's own
    modules in `module`, wherever the import statement is."""
    path = MODULES[module]
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names if a.name.split(".")[0] == PACKAGE]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == PACKAGE:
                found.append((target, [a.name for a in node.names], node.lineno))
    return found


def edges(module: str) -> list[tuple[str, int]]:
    """The modules `module` depends on: a name that is a submodule counts as that module."""
    out = []
    for target, names, line in imports(module):
        subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
        out += [(s, line) for s in subs]
        if len(subs) < len(names) or not names:
            out.append((target, line))
    return [(t, line) for t, line in out if t != module]


def test_every_module_belongs_to_a_stage() -> None:
    assert sorted({stage(m) for m in MODULES} - set(STAGES)) == []


def test_no_import_cycles() -> None:
    graph = {m: sorted({t for t, _ in edges(m) if t in MODULES}) for m in MODULES}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in graph[m]:
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in MODULES:
        if m not in state:
            visit(m)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_stages_import_only_stages_below() -> None:
    upward = []
    for m in MODULES:
        for target, line in edges(m):
            if STAGES[stage(target)] > STAGES[stage(m)]:
                upward.append(f"{MODULES[m].relative_to(ROOT)}:{line}: {stage(m)} imports {target} ({stage(target)} is above it)")
    assert upward == []


def test_faces_use_only_the_core_public_names() -> None:
    """A face imports a core stage's package and the names its `__all__` lists, never a
    module inside it: the core can be rearranged inside a stage without touching a face."""
    wrong = []
    for m in MODULES:
        if stage(m) not in FACES:
            continue
        for target, names, line in imports(m):
            target_stage = stage(target)
            where = f"{MODULES[m].relative_to(ROOT)}:{line}"
            if target_stage in FACES and target_stage != stage(m) and target != f"{PACKAGE}.{target_stage}":
                wrong.append(f"{where}: {target} is inside another face")
            if target_stage not in CORE_PACKAGES:
                continue
            if target != f"{PACKAGE}.{target_stage}":
                wrong.append(f"{where}: {target} is inside the {target_stage} stage; import from {PACKAGE}.{target_stage}")
                continue
            public = set(importlib.import_module(target).__all__)
            wrong += [f"{where}: {target}.{n} is not in its __all__" for n in names if n not in public]
    assert wrong == []


def test_the_core_imports_no_renderer() -> None:
    hosts = ("mkdocs", "material", "properdocs", "zensical", "markdown", "jinja2", "watchdog")
    found = []
    for m, path in MODULES.items():
        if stage(m) in FACES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in hosts]
    assert found == []


@pytest.mark.parametrize("package", sorted(CORE_PACKAGES | FACES))
def test_each_stage_says_what_it_owns_and_may_import(package: str) -> None:
    doc = importlib.import_module(f"{PACKAGE}.{package}").__doc__ or ""
    assert "May import" in doc and len(doc.split()) > 25, f"{package}/__init__.py: say what the stage owns and what it may import"


def test_the_architecture_page_names_every_stage() -> None:
    page = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    missing = [s for s in STAGES if s not in ("__init__", "__main__") and f"`{s}`" not in page]
    assert missing == []
