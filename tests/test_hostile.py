"""Hostile input: every case gives its exact `path:line` diagnostics, a non-zero exit from
`clausewise check`, a failed `mkdocs build`, no traceback, and leaves an existing site alone.

Every case runs the CLI and the MkDocs plugin in-process (fast); a representative handful
also runs the real `clausewise` and `mkdocs build` commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import clausewise, first_lines, mkdocs_build
from hostile_cases import all_cases, hostile_project, parse_expected
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import PluginError

from clausewise.cli.main import main

EXPECTED = parse_expected()
CASES = all_cases()
LOCATED = re.compile(r"^[^\s:][^:]*:[1-9][0-9]*: CW[0-9]{3} \S")



def test_the_suite_is_big_and_every_case_has_expectations() -> None:
    assert len(CASES) >= 40
    assert sorted(EXPECTED) == CASES, "every case needs a [case] section in tests/hostile/expected.txt, and no section may be stale"
    for case, lines in EXPECTED.items():
        assert lines and all(LOCATED.match(line) for line in lines if not line.startswith("  hint: ")), case


@pytest.mark.parametrize("case", CASES)
def test_check_gives_the_exact_diagnostics(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = hostile_project(case, tmp_path / "project")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr()
    assert first_lines(out.out) == EXPECTED[case]
    # Each located line names a file in the project (or the project's config) and a real line.
    for line in EXPECTED[case]:
        if line.startswith("  hint: "):
            continue
        path, number = line.split(": ", 1)[0].rsplit(":", 1)
        target = root / path
        if target.is_file() and not target.is_symlink():
            lines = target.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
            assert int(number) <= lines, line


@pytest.mark.parametrize("case", CASES)
def test_the_plugin_refuses_to_build(case: str, tmp_path: Path) -> None:
    """What `mkdocs build` runs first: the plugin's on_config raises the same diagnostics."""
    root = hostile_project(case, tmp_path / "project")
    config = load_mkdocs_config(str(root / "mkdocs.yml"))
    with pytest.raises(PluginError) as exc:
        config.plugins.on_config(config)  # every plugin's on_config, as MkDocs runs them
    message = str(exc.value)
    assert message.startswith("clausewise: the content has errors (")
    assert first_lines(message)[1:] == EXPECTED[case]


REPRESENTATIVE = ["yaml-alias-bomb", "file-binary", "symlink-to-etc-passwd", "supersedes-cycle-two", "file-bom-crlf-rfc", "empty-corpus"]


@pytest.mark.parametrize("case", REPRESENTATIVE)
def test_real_commands_fail_cleanly_and_leave_the_site_alone(case: str, tmp_path: Path) -> None:
    root = hostile_project(case, tmp_path / "project")
    check = clausewise("check", str(root))
    assert check.returncode == 1
    assert first_lines(check.stdout) == EXPECTED[case]
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site\n")
    build = mkdocs_build(root, site)
    assert build.returncode == 1
    assert "Traceback" not in build.stdout + build.stderr
    assert EXPECTED[case][0] in build.stderr
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site\n"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []
