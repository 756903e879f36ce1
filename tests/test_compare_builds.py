"""scripts/compare-builds: the same sites built with the package at a revision and with the
working tree, compared file by file (what a restructuring is checked with)."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

SCRIPT = ROOT / "scripts" / "compare-builds"


def _script():  # type: ignore[no-untyped-def]
    loader = importlib.machinery.SourceFileLoader("compare_builds", str(SCRIPT))
    spec = importlib.util.spec_from_loader("compare_builds", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_differences_names_changed_missing_and_extra_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for side in (a, b):
        (side / "rfcs/0001").mkdir(parents=True)
        (side / "index.html").write_text("same")
    (a / "rfcs/0001/index.html").write_text("<p>old</p>")
    (b / "rfcs/0001/index.html").write_text("<p>new</p>")
    (a / "gone.xml").write_text("x")
    (b / "new.xml").write_text("y")
    count, diffs = _script().differences(a, b)
    assert count == 2
    assert diffs == ["differs: rfcs/0001/index.html", "only at the revision: gone.xml", "only in the working tree: new.xml"]


def test_a_site_built_at_head_and_from_the_working_tree(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--ref", "HEAD", "--sites", "governance", "--rfcs", "0"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    line = done.stdout.splitlines()[0]
    assert line.startswith("governance: ") and "files compared" in line
    # In a clean checkout the working tree is HEAD: nothing may differ.
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "examples/governance"], cwd=ROOT, capture_output=True, text=True).stdout
    if not dirty:
        assert done.returncode == 0 and "identical" in line, done.stdout
