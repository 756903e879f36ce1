"""`clausewise init DIR`: a new community's policy site that checks and builds clean.

The template is package data (`templates/init/`), so what `init` writes is what the tests
build; its sample ids also anchor the examples of `clausewise explain`.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from clausewise.errors import ClausewiseError
from clausewise.governance.tally import build_date
from clausewise.site.text import inline

#: Files stored without their leading dot, so packaging tools do not skip them.
RENAMES = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml", "github": ".github"}


def _walk(node: Traversable, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Traversable]]:
    out = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.is_dir():
            out += _walk(child, (*prefix, RENAMES.get(child.name, child.name)))
        elif not child.name.endswith((".pyc", ".pyo")):
            out.append(((*prefix, RENAMES.get(child.name, child.name)), child))
    return out


def template_files(name: str = "Our security policy", today: str | None = None) -> dict[str, str]:
    """Project-relative path -> text of every file `init` writes. `today` dates the policy's
    first version (default: the build date, SOURCE_DATE_EPOCH if set, else today)."""
    root = resources.files("clausewise").joinpath("templates/init")
    files = {}
    for parts, node in _walk(root):
        text = node.read_text(encoding="utf-8")
        value = json.dumps(name, ensure_ascii=False) if parts == ("mkdocs.yml",) else inline(name)
        files["/".join(parts)] = text.replace("{{name}}", value).replace("{{today}}", today or build_date())
    return files


def init_project(target: Path, name: str = "Our security policy") -> list[Path]:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ClausewiseError(f"{target} already exists and is not empty; choose a new folder")
    if not name.strip() or "\n" in name:
        raise ClausewiseError("--name must be one line of text")
    written = []
    for rel, text in template_files(name.strip()).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
