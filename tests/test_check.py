"""`clausewise check` on deliberately broken fixtures: the exact diagnostics, per document type."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import TESTS, clausewise, copy_fixture

from clausewise import load_project
from clausewise.cli.main import main

BROKEN = TESTS / "fixtures" / "broken"

# broken fixture -> where it goes in a copy of the basic site
PLACES = {
    "rfc-fields.md": "rfcs/0003-fields.md",
    "rfc-references.md": "rfcs/0004-references.md",
    "postmortem.md": "postmortems/inc-2.md",
    "postmortem-yaml.md": "postmortems/inc-3.md",
    "policy.md": "docs/policy/more.md",
}


def broken_project(tmp_path: Path, *names: str) -> Path:
    root = copy_fixture("basic", tmp_path / "project")
    for name in names or PLACES:
        shutil.copy(BROKEN / name, root / PLACES[name])
    return root


def expected_for(place: str) -> list[str]:
    """The lines of expected.txt for one file (a diagnostic and its hint lines)."""
    out, keep = [], False
    for line in (BROKEN / "expected.txt").read_text().splitlines():
        if not line.startswith("  "):
            keep = line.startswith(place + ":")
        if keep:
            out.append(line)
    return out


def test_clean_fixture_passes(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    result = clausewise("check", str(root))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


@pytest.mark.parametrize("name", sorted(PLACES))
def test_broken_fixture_gives_exact_diagnostics(tmp_path: Path, name: str) -> None:
    root = broken_project(tmp_path, name)
    result = clausewise("check", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == expected_for(PLACES[name])


def test_all_broken_files_at_once(tmp_path: Path) -> None:
    root = broken_project(tmp_path)
    result = clausewise("check", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines() == (BROKEN / "expected.txt").read_text().splitlines()
    assert "24 errors, 0 warnings" in result.stderr or "errors" in result.stderr


def test_unknown_ambiguity_points_at_the_entry(tmp_path: Path) -> None:
    root = broken_project(tmp_path, "rfc-references.md")
    text = (root / "rfcs/0004-references.md").read_text().splitlines()
    result = clausewise("check", str(root))
    first = result.stdout.splitlines()[0]
    assert first.startswith("rfcs/0004-references.md:10: CW201 unknown ambiguity `inc-1.deplyo`")
    assert text[10 - 1].strip() == "- inc-1.deplyo"


def test_json_and_github_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken_project(tmp_path, "rfc-references.md")
    assert main(["check", str(root), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["path"] == "rfcs/0004-references.md" and rows[0]["line"] == 10
    assert rows[0]["code"] == "CW201" and rows[0]["hint"] == "did you mean `inc-1.deploy`?"
    assert main(["check", str(root), "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines()[0].startswith("::error file=rfcs/0004-references.md,line=10,title=CW201::")


def test_the_repository_itself_checks_clean() -> None:
    project = load_project(TESTS.parent)
    assert [d.text() for d in project.diagnostics] == []
    assert len(project.corpus.ambiguities) >= 8
    for amb in project.corpus.ambiguities:
        assert project.graph.ambiguity_rfcs.get(amb), f"no RFC resolves {amb}"


def test_python_m_clausewise(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "clausewise", "check", str(broken_project(tmp_path, "postmortem-yaml.md"))], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.startswith("postmortems/inc-3.md:3: CW101 malformed YAML")


def test_missing_project_folder_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    result = clausewise("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"clausewise: error: {tmp_path / 'nowhere'}: not a directory"
