"""The hostile-input cases: each is a folder under tests/hostile/ laid over a copy of the
basic fixture site, plus the few that cannot be files in git (symlinks out of the project,
deletions, files too big to commit). Expected diagnostics are in tests/hostile/expected.txt."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from helpers import TESTS, run

HOSTILE = TESTS / "hostile"
EXPECTED = HOSTILE / "expected.txt"


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        link = root / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, link)

    return make


def _delete(*rels: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        for rel in rels:
            path = root / rel
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    return make


def _huge_file(root: Path) -> None:
    # 3 MiB: past the loader's 2 MiB limit, too big to commit as a fixture.
    body = ("All work and no play. " * 40 + "\n") * 3600
    (root / "rfcs/0003-huge.md").write_text("---\nrfc: 3\n---\n" + body, encoding="utf-8")


def _long_yaml(root: Path) -> None:
    # 300 KiB of front matter in a 300 KiB file: under the file limit, over the YAML one.
    items = "\n".join(f"  - Author number {i:06d} of a very long list" for i in range(7000))
    (root / "rfcs/0003-long-yaml.md").write_text(f"---\nrfc: 3\nauthors:\n{items}\n---\n", encoding="utf-8")


def _long_paragraph(root: Path) -> None:
    # One paragraph of 80,000 characters of emphasis: each match copied the whole paragraph
    # (a 2 MiB one would take hours); too big to commit as a fixture.
    (root / "docs/long.md").write_text("# Long\n\nA short paragraph.\n\n" + "*a* " * 20_000 + "\n", encoding="utf-8")


def _configured_folder_link(root: Path) -> None:
    # A folder named in clausewise.yml, below a symlink to a folder outside the project.
    outside = root.parent / "outside-proposals"
    (outside / "rfcs").mkdir(parents=True)
    (outside / "rfcs" / "0009-secret.md").write_text("---\nrfc: 9\ntitle: SECRET-OUTSIDE\n---\n", encoding="utf-8")
    os.symlink("../outside-proposals", root / "content")
    (root / "clausewise.yml").write_text("rfcs_dir: content/rfcs\n", encoding="utf-8")


def _many_clauses(root: Path) -> None:
    # 30,000 minimal clauses (2 MiB, the file limit): linear, but about a gigabyte of site
    # and of memory; refused past 5,000 before anything is rendered.
    (root / "docs/policy/rules.md").write_text("".join(f'<!-- clause id="r.c{i}" title="R{i}" -->\nR{i}.\n<!-- /clause -->\n\n' for i in range(30_000)), encoding="utf-8")


def _line_break_name(root: Path) -> None:
    # git holds file names with line breaks; printed as they are, one would start a line of
    # its own (a forged annotation in `--format github`: tests/test_hostile_outputs.py).
    (root / "docs/line\nbreak.md").write_text("# A\n", encoding="utf-8")


#: cases made by code rather than by a folder of files
MADE: dict[str, Callable[[Path], None]] = {
    "symlink-to-etc-passwd": _symlink("rfcs/0005-passwd.md", "/etc/passwd"),
    "symlink-to-project-file": _symlink("docs/leak.md", "../mkdocs.yml"),
    "symlink-dir-to-root": _symlink("postmortems/everything", "/"),
    "symlink-asset": _symlink("docs/assets/hostname.txt", "/etc/hostname"),
    "symlink-loop": _symlink("docs/loop.md", "loop.md"),
    "symlink-folder-votes-to-git": _symlink("votes", ".git"),
    "symlink-folder-faq-to-root": _symlink("faq", "/"),
    "symlink-folder-configured-outside": _configured_folder_link,
    "symlink-governance-file": _symlink("governance.yml", "/etc/passwd"),
    "symlink-versions-file": _symlink("policy-versions.yml", ".git/config"),
    "symlink-to-dev-zero": _symlink("rfcs/0009-zero.md", "/dev/zero"),
    "symlink-to-proc-environ": _symlink("docs/environ.md", "/proc/self/environ"),
    "empty-corpus": _delete("docs/policy", "rfcs", "postmortems", "docs/index.md"),
    "missing-policy": _delete("docs/policy/index.md"),
    "file-huge": _huge_file,
    "yaml-too-long": _long_yaml,
    "paragraph-too-long": _long_paragraph,
    "policy-30000-clauses": _many_clauses,
    "file-name-line-break": _line_break_name,
}


def parse_expected() -> dict[str, list[str]]:
    """`[case]` headers, each followed by its exact `clausewise check` output lines."""
    table: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("[") and line.endswith("]"):
            current = table.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(line)
    return table


def all_cases() -> list[str]:
    folders = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir())
    return sorted({*folders, *MADE})


def hostile_project(case: str, dest: Path) -> Path:
    """A copy of the basic site with the case applied, committed to a fresh git repository."""
    shutil.copytree(TESTS / "sites" / "basic", dest)
    overlay = HOSTILE / case
    if overlay.is_dir():
        shutil.copytree(overlay, dest, dirs_exist_ok=True)
    if case in MADE:
        MADE[case](dest)
    run(["git", "init", "-q", "-b", "main"], dest, check=True)
    run(["git", "add", "-A"], dest, check=True)
    run(["git", "commit", "-q", "-m", f"hostile case {case}"], dest, check=True)
    return dest
