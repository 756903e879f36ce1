"""Every diagnostic code fires on its documented example, with its documented message, and
docs/diagnostics.md lists every code. `clausewise init` gives the project they change."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import BIN, ROOT, clausewise, mkdocs_build, run

from clausewise.author.init import init_project
from clausewise.check.explain import EXAMPLES, Example, reference_page
from clausewise.cli.main import main
from clausewise.model.diagnostics import CODES


def apply(root: Path, ex: Example) -> None:
    if ex.since:
        run(["git", "init", "-q", "-b", "main"], root, check=True)
        run(["git", "add", "-A"], root, check=True)
        run(["git", "commit", "-q", "-m", "sample"], root, check=True)
    for rel, content in ex.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for rel, target in ex.links.items():
        (root / rel).symlink_to(target)
    for rel, old, new in ex.edits:
        text = (root / rel).read_text()
        assert old in text, (rel, old)
        (root / rel).write_text(text.replace(old, new))


def build_log(tmp_path: Path, root: Path, situation: str) -> str:
    """Build the sample in a real git situation; the log, without the INFO/WARNING prefixes."""
    if situation == "zensical":
        # Zensical runs no MkDocs plugin; the extension listed in mkdocs.yml says so (the
        # renderer wraps what the extension raises in a traceback of its own).
        done = run([str(BIN / "zensical"), "build", "--clean"], root)
        assert done.returncode != 0
        return "\n".join((done.stdout + done.stderr).splitlines())
    if situation == "snippets":
        text = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(text.replace("  - admonition\n", "  - admonition\n  - pymdownx.snippets\n", 1))
    if situation not in ("no-git", "snippets"):
        run(["git", "init", "-q", "-b", "main"], root, check=True)
        for i in range(2):
            (root / f"docs/note-{i}.md").write_text(f"# Note {i}\n")
            run(["git", "add", "-A"], root, check=True)
            run(["git", "commit", "-q", "-m", f"commit {i}"], root, check=True)
    if situation == "long-history":
        # 70 versions of a 1.9 MiB policy file (deleted again): 133 MiB to read, past the budget.
        big = root / "docs/policy/big.md"
        for i in range(70):
            big.write_text(f"Version {i}.\n\n" + ("Filler text of the long file.\n" * 2000 + "\n") * 32)
            run(["git", "add", "-A"], root, check=True)
            run(["git", "commit", "-q", "-m", f"big {i}"], root, check=True)
        big.unlink()
        run(["git", "commit", "-q", "-am", "big file gone"], root, check=True)
    if situation == "shallow":
        clone = tmp_path / "shallow"
        run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], tmp_path, check=True)
        root = clone
    if situation == "broken-git":
        # Lose the newest commit's tree: the commit still resolves, but the log cannot be read.
        tree = run(["git", "rev-parse", "HEAD^{tree}"], root, check=True).stdout.strip()
        (root / ".git/objects" / tree[:2] / tree[2:]).unlink()
    result = mkdocs_build(root, tmp_path / "site", strict=False)
    assert "Traceback" not in result.stderr
    return "\n".join(line.split("-  ", 1)[-1].removeprefix("clausewise: ") for line in result.stderr.splitlines())


def check_lines(root: Path, since: bool) -> list[str]:
    result = clausewise("check", *(["--since", "HEAD"] if since else []), cwd=root)
    assert "Traceback" not in result.stderr
    # A configuration that cannot be read stops the command with one error on stderr.
    stopped = [line.removeprefix("clausewise: error: ") for line in result.stderr.splitlines() if line.startswith("clausewise: error: ")]
    return [line for line in result.stdout.splitlines() if line and not line.startswith(" ")] + stopped


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_fires_on_its_example(tmp_path: Path, code: str) -> None:
    assert code in EXAMPLES, f"add an example for {code} to EXAMPLES in src/clausewise/check/explain.py"
    ex = EXAMPLES[code]
    root = tmp_path / "project"
    init_project(root)
    if ex.build:
        assert ex.says in build_log(tmp_path, root, ex.build)
        return
    apply(root, ex)
    lines = check_lines(root, ex.since)
    assert ex.says in lines, "\n".join(lines)
    assert ex.says.split(": ")[1].split()[0] == code


@pytest.mark.parametrize("code", sorted(CODES))
def test_explain_knows_every_code(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` promises an example for each problem: `explain CODE` has one for every code."""
    assert main(["explain", code]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.startswith(f"{code} {CODES[code].name}: ") and "Example:" in out and "Fix: " in out
    assert EXAMPLES[code].says.strip() in out


def test_explain_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    """`clausewise explain | head -1`: the reader leaves early; no BrokenPipeError traceback."""
    proc = subprocess.Popen([str(BIN / "clausewise"), "explain"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the page is written: the write meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_the_reference_page_is_current_and_lists_every_code() -> None:
    page = (ROOT / "docs/diagnostics.md").read_text(encoding="utf-8")
    assert page == reference_page(), "regenerate it: clausewise explain > docs/diagnostics.md"
    for code in CODES:
        assert f"## {code} {CODES[code].name} {{#{code.lower()}}}" in page
        assert code not in EXAMPLES or EXAMPLES[code].says in page


def test_explain_one_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "cw201"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CW201 unknown-reference: ")
    assert "This amends [[disclosure.deploymnet]]." in out and "Fix: " in out
    assert main(["explain", "CW2011"]) == 2
    assert "unknown diagnostic code `CW2011`; did you mean `CW201`?" in capsys.readouterr().err


def test_init_checks_and_builds_clean(tmp_path: Path) -> None:
    target = tmp_path / "x"
    made = clausewise("init", str(target), "--name", "Example Co: security policy")
    assert made.returncode == 0, made.stderr
    assert {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} == {
        ".github/workflows/record-votes.yml", ".gitignore", ".pre-commit-config.yaml", "mkdocs.yml", "docs/index.md",
        "docs/policy/index.md", "faq/deploying-fixes.md", "policy-versions.yml", "postmortems/incident-1.md",
        "rfcs/0001-allow-deployment.md",
    }
    check = clausewise("check", cwd=target)
    assert check.returncode == 0 and check.stdout == "" and "0 errors, 0 warnings" in check.stderr
    build = mkdocs_build(target, target / "site")
    assert build.returncode == 0, build.stderr
    assert "Example Co: security policy" in (target / "site/index.html").read_text()
    amb = (target / "site/ambiguities/incident-1.deployment/index.html").read_text()
    assert 'href="../../rfcs/0001-allow-deployment/"' in amb
    again = clausewise("init", str(target))
    assert again.returncode == 2 and "not empty" in again.stderr


def test_an_faq_answer_can_be_started_on_a_new_site(tmp_path: Path) -> None:
    """`init` records the policy's first version, which an FAQ answer names, and has the
    FAQ and changelog in its navigation."""
    target = tmp_path / "x"
    assert clausewise("init", str(target)).returncode == 0
    made = clausewise("new", "faq", "--question", "May we deploy fixed software during an embargo?", "--clause", "disclosure.deployment", cwd=target)
    assert made.returncode == 0, made.stderr
    answer = (target / "faq/may-we-deploy-fixed-software-during-an-embargo.md").read_text()
    assert "policy_version: '1.0'" in answer or 'policy_version: "1.0"' in answer or "policy_version: 1.0" in answer, answer
    assert "[[disclosure.deployment]], at policy version 1.0:" in answer  # rendered as the clause's title, once
    check = clausewise("check", cwd=target)
    assert check.returncode == 0 and "0 errors, 1 warning" in check.stderr, check.stderr  # the TODO left to fill in
    build = mkdocs_build(target, target / "site")
    assert build.returncode == 0, build.stderr
    assert "Version 1.0" in (target / "site/changelog/index.html").read_text()


def test_json_rows_carry_the_code_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "project"
    init_project(root)
    apply(root, EXAMPLES["CW501"])
    assert main(["check", str(root), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["code"], r["name"], r["severity"]) for r in rows] == [("CW501", "placeholder", "warning")]
