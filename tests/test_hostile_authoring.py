"""Red team of the commands that write content: `clausewise new`, `apply`, `record` and
`import` given hostile ids, titles, paths and files. What they write must pass `check`, or
they write nothing and say why; they never write outside the project.

What was tried and found safe is listed in docs/security.md ("Red team of the writing
commands"); the findings fixed are asserted here and in tests/hostile/ (apply-*)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import BIN, run

from clausewise.author.init import init_project


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", "sample"], root, check=True)
    return root


def _new(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "clausewise"), "new", *args], cwd=root, capture_output=True, text=True)


def _untracked(root: Path) -> list[str]:
    return run(["git", "status", "--porcelain", "-uall"], root, check=True).stdout.splitlines()


@pytest.mark.parametrize("args,says", [
    (["rfc", "--clause", "membership.contact", "--title", "ok \u202e evil"], "CW104 text contains the control character U+202E"),
    (["rfc", "--clause", "membership.contact", "--title", "x" * 5000], "CW104 `title` must be at most 300 characters long"),
    (["rfc", "--clause", "membership.contact", "--title", "ok", "--author", "A\n---\n<script>x</script>"], "CW104 `authors[0]` must be one line of text"),
    (["postmortem", "inc-9", "--title", "a: b\n  c: [d"], "CW104 `title` must be one line of text"),
    (["postmortem", "inc-9", "--title", "a\x1b[31mb"], "CW104 text contains the control character U+001B"),
])
def test_new_writes_nothing_check_would_refuse(project: Path, args: list[str], says: str) -> None:
    """A value from the command line is YAML-quoted, so it never adds keys; one `check`
    refuses (a newline, an escape character, a bidirectional override, a 5,000-character
    title) used to be written anyway. Now nothing is written, and the error says why."""
    done = _new(project, *args)
    assert done.returncode == 2 and "nothing written: " in done.stderr and says in done.stderr, done.stderr
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr  # shown escaped
    assert _untracked(project) == []


@pytest.mark.parametrize("name", ["../../escape", "/tmp/abs", "a/../../b", ".hidden", "CON", "x" * 300])
def test_new_postmortem_ids_never_leave_the_folder(project: Path, name: str) -> None:
    done = _new(project, "postmortem", name)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _untracked(project) == []


@pytest.mark.parametrize("args", [["faq", "--slug", "../../x", "--question", "q?", "--clause", "membership.contact"],
                                  ["rfc", "--clause", "membership.contact", "--path", "../outside"],
                                  ["rfc", "--resolves", "../../x"]])
def test_new_paths_never_leave_the_project(project: Path, args: list[str]) -> None:
    done = _new(project, *args)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _untracked(project) == [] and not (project.parent / "x.md").exists()


def test_new_titles_that_look_like_front_matter_stay_one_value(project: Path) -> None:
    """`--title $'T\\nstatus: accepted'` and `--question $'Q?\\n---\\nfoo'` are flattened to one
    line inside quotes: they cannot set a status or end the front matter."""
    done = _new(project, "rfc", "--clause", "membership.contact", "--title", "T\nstatus: accepted")
    assert done.returncode == 0, done.stderr
    written = project / done.stdout.strip()
    assert "status: draft" in written.read_text() and "\nstatus: accepted" not in written.read_text()
    check = subprocess.run([str(BIN / "clausewise"), "check"], cwd=project, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("source,says", [
    ("# P\n\n## A\x1b[31m\n\nText.\n", "in.md:3: CW114 it holds the control character U+001B"),
    ("# P\n\n## A\n\nThe vote \u202eliaf\u202c passes.\n", "in.md:5: CW114 it holds the control character U+202E"),
    ("# P\n\n## A\n\n\x00\x01\n", "in.md:5: CW100 it is binary"),
    ("# P\n\n## A\n\n" + "".join("  " * i + "- x\n" for i in range(200)), "in.md:70: CW109 line is indented 130 columns"),
    ("# P\n\n## A\n\n" + "*a* " * 20_000 + "\n", "in.md:5: CW110 paragraph is longer than 65,536 characters"),
    ("# P\n\n" + "".join(f"## H{i}\n\nT{i}.\n\n" for i in range(5_100)), "the policy would hold 5,103 clauses, and a policy may hold at most 5,000 (CW113)"),
])
def test_import_writes_nothing_check_would_refuse(project: Path, source: str, says: str) -> None:
    """`clausewise import` of a file holding an escape sequence, a bidirectional override, NUL
    bytes, 200 levels of nesting, a 80 KB paragraph or 5,100 headings wrote a policy page
    `check` then refused (and, before CW114, one whose control characters reached the
    export and terminals). It refuses at the source's line and writes nothing."""
    (project / "in.md").write_text(source, encoding="utf-8")
    done = subprocess.run([str(BIN / "clausewise"), "import", "in.md", "--to", "docs/policy/imported.md"], cwd=project, capture_output=True, text=True)
    assert done.returncode != 0 and says in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert "\x1b" not in done.stderr and "Traceback" not in done.stderr
    assert not (project / "docs/policy/imported.md").exists()


def test_import_keeps_markup_in_headings_out_of_the_markers(project: Path) -> None:
    """A heading's `"` and `-->` never reach the clause marker's title (safe before; kept)."""
    (project / "in.md").write_text('# P\n\n## Say "hi" --> <img src=x onerror=alert(1)>\n\nText.\n', encoding="utf-8")
    done = subprocess.run([str(BIN / "clausewise"), "import", "in.md", "--to", "docs/policy/imported.md"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    marker = next(line for line in (project / "docs/policy/imported.md").read_text().splitlines() if line.startswith("<!-- clause "))
    assert marker.count('"') == 4 and marker.count("-->") == 1, marker
    check = subprocess.run([str(BIN / "clausewise"), "check"], cwd=project, capture_output=True, text=True)
    assert "CW1" not in check.stdout, check.stdout
