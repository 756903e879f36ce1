"""Git history costs a constant number of git processes, whatever the number of documents.

A `git` shim first on PATH logs every invocation (GitPython and anything else that runs
git), then a real `mkdocs build` runs over two generated repositories, one ten times the
size of the other, each with a history of several commits per document kind."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from helpers import BIN, GIT_ENV, run

REAL_GIT = shutil.which("git") or "/usr/bin/git"

MKDOCS_YML = """site_name: Generated
theme: {name: material, font: false, features: [navigation.prune]}
plugins: [search, clausewise]
nav: [{Home: index.md}, {Policy: policy/index.md}, {RFCs: rfcs/index.md}, {Ambiguities: ambiguities/index.md}, {Post-mortems: postmortems/index.md}]
"""


def rfc(n: int, clauses: int) -> str:
    return f"""---
rfc: {n}
title: Proposal number {n}
status: discussion
authors: [Alice Example]
created: 2024-03-10
discussion: https://example.org/lists/rfc-{n}
resolves: [inc-1.q{n % 5}]
changes:
  - op: amend
    clause: section.c{n % clauses}
    text: Clause {n % clauses} as RFC {n} would have it.
---
Body of RFC {n}.
"""


def generate_repo(root: Path, n_rfcs: int, n_clauses: int) -> None:
    (root / "docs/policy").mkdir(parents=True)
    (root / "rfcs").mkdir()
    (root / "postmortems").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs/index.md").write_text("# Home\n\n<!-- clausewise:home -->\n")
    clauses = "\n\n".join(f'<!-- clause id="section.c{i}" title="Clause {i}" -->\nText of clause {i}.\n<!-- /clause -->' for i in range(n_clauses))
    (root / "docs/policy/index.md").write_text(f"# Policy\n\n## Section\n\n{clauses}\n")
    ambs = "".join(f"  - id: inc-1.q{i}\n    title: Question {i}\n    question: Question {i}?\n    clauses: [section.c{i}]\n" for i in range(5))
    (root / "postmortems/inc-1.md").write_text(f"---\nid: inc-1\ntitle: Incident 1\ndate: 2024-03-05\nambiguities:\n{ambs}---\nBody.\n")
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    for batch in range(4):  # several commits, each adding RFCs and changing the policy
        for n in range(1 + batch * n_rfcs // 4, 1 + (batch + 1) * n_rfcs // 4):
            (root / f"rfcs/{n:04d}-proposal-{n}.md").write_text(rfc(n, n_clauses))
        policy = root / "docs/policy/index.md"
        policy.write_text(policy.read_text().replace(f"Text of clause {batch}.", f"Text of clause {batch}, revised."))
        run(["git", "add", "-A"], root, check=True)
        run(["git", "commit", "-q", "-m", f"batch {batch}"], root, check=True)


def count_git_calls(root: Path, tmp: Path) -> list[str]:
    shim_dir = tmp / "shim"
    shim_dir.mkdir()
    log = tmp / "git-calls.log"
    shim = shim_dir / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{REAL_GIT}" "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, **GIT_ENV, "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("GIT_PYTHON_GIT_EXECUTABLE", None)
    import subprocess

    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp / "site")], cwd=root, env=env, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr
    assert (tmp / "site/rfcs/0001-proposal-1/index.html").exists()
    return log.read_text().split("\n")[:-1] if log.exists() else []  # not splitlines: the log format holds \x1e


def test_git_processes_do_not_grow_with_the_corpus(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    generate_repo(small / "project", n_rfcs=20, n_clauses=6)
    generate_repo(large / "project", n_rfcs=200, n_clauses=60)
    calls_small = count_git_calls(small / "project", small)
    calls_large = count_git_calls(large / "project", large)
    # the same commands, and few of them: GitPython's version checks and
    # --batch-check, then log, status and one cat-file --batch given every object
    strip = lambda calls: [c.split()[0] for c in calls]  # noqa: E731
    assert strip(calls_small) == strip(calls_large), (calls_small, calls_large)
    # version x2, cat-file --batch-check, log, status, cat-file --batch (which also reads
    # HEAD's commit for SOURCE_DATE_EPOCH: no `log -1` of its own)
    assert len(calls_large) <= 6, calls_large
    assert not any(c.startswith("log -1") for c in calls_large), calls_large
    assert any(c.startswith("log ") for c in calls_large) and any("cat-file --batch" in c for c in calls_large)
    # and the history really was read: a clause changed in a later commit shows it
    page = (large / "site/clauses/section.c2/index.html").read_text()
    assert "Text last edited in git" in page


def test_since_a_range_costs_the_same_git_processes_for_two_commits_or_twenty(tmp_path: Path) -> None:
    """`check --since REF` reads the range commit by commit (issue 16) in a constant number
    of git processes: where the project sits in the repository, one archive of REF, one log
    of the range, one cat-file for every RFC version in it, whatever the number of commits
    and RFCs."""
    import subprocess

    shim_dir = tmp_path / "shim"
    shim_dir.mkdir()
    log = tmp_path / "git-calls.log"
    (shim_dir / "git").write_text(f'#!/bin/sh\necho "$1" >> "{log}"\nexec "{REAL_GIT}" "$@"\n')
    (shim_dir / "git").chmod(0o755)

    def calls(commits: int) -> list[str]:
        root = tmp_path / f"r{commits}"
        generate_repo(root, n_rfcs=8, n_clauses=6)
        run(["git", "checkout", "-q", "-b", "work"], root, check=True)
        for i in range(commits):  # each commit moves one RFC a step, or edits its body
            path = root / f"rfcs/{i % 8 + 1:04d}-proposal-{i % 8 + 1}.md"
            text = path.read_text()
            path.write_text(text.replace("status: discussion", "status: voting") if i < 8 else text + f"\nEdit {i}.\n")
            run(["git", "commit", "-qam", f"step {i}"], root, check=True)
        log.unlink(missing_ok=True)
        env = {**os.environ, **GIT_ENV, "PATH": f"{shim_dir}{os.pathsep}{os.environ['PATH']}"}
        result = subprocess.run([str(BIN / "clausewise"), "check", "--since", "main", str(root)], cwd=root, env=env, text=True, capture_output=True)
        assert "Traceback" not in result.stderr, result.stderr
        assert "CW510" not in result.stdout, result.stdout  # discussion → voting, one commit each
        return log.read_text().split() if log.exists() else []

    two, twenty = calls(2), calls(20)
    assert two == twenty, (two, twenty)
    assert len(twenty) <= 4, twenty
    assert twenty.count("log") == 1 and twenty.count("cat-file") == 1 and twenty.count("archive") == 1, twenty
