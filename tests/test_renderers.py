"""The same site under the renderers clausewise supports: MkDocs and ProperDocs (a
maintained fork of MkDocs 1.x that runs MkDocs plugins)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BIN, mkdocs_build, run
from test_incremental import flagship_copy

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(renderer: str, root: Path, out: Path, strict: bool = True) -> tuple[int, str]:
    done = run([str(BIN / renderer), "build", "--site-dir", str(out)] + (["--strict"] if strict else []), root)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def flagship_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return flagship_copy(tmp_path_factory.mktemp("renderers") / "project")


def test_properdocs_builds_the_flagship_as_mkdocs_does(flagship_project: Path, tmp_path: Path) -> None:
    assert mkdocs_build(flagship_project, tmp_path / "mkdocs").returncode == 0
    code, log = _build("properdocs", flagship_project, tmp_path / "properdocs")
    assert code == 0, log
    mk = {p.relative_to(tmp_path / "mkdocs"): p for p in (tmp_path / "mkdocs").rglob("*") if p.is_file()}
    pd = {p.relative_to(tmp_path / "properdocs"): p for p in (tmp_path / "properdocs").rglob("*") if p.is_file()}
    assert sorted(mk) == sorted(pd) and len(mk) > 150
    # Byte for byte, but for the generator's name in each page's head.
    different = [str(rel) for rel in mk if GENERATOR.sub(b"", mk[rel].read_bytes()) != GENERATOR.sub(b"", pd[rel].read_bytes())]
    assert different == []


@pytest.mark.parametrize("renderer", ["mkdocs", "properdocs"])
def test_a_strict_build_with_a_warning_keeps_the_previous_site(renderer: str, tmp_path: Path) -> None:
    """ProperDocs counts warnings on its own logger; a doomed strict build must not
    replace the good site under either renderer."""
    root = flagship_copy(tmp_path / "project")
    (root / "docs" / "broken.md").write_text("# Broken\n\nSee [a page that is not there](nowhere.md).\n", encoding="utf-8")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site\n")
    code, log = _build(renderer, root, site)
    assert code == 1 and "nowhere.md" in log, log
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site\n"
