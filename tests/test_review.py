"""`clausewise check --since REF` in a real git repository with two commits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import clausewise, copy_fixture, run


def commit(root: Path, message: str) -> None:
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", message], root, check=True)


def heads(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line and not line.startswith(" ")]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_skipped_status_step_and_renamed_ids(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    edit(root / "rfcs/0001-permit-deployment.md", "status: discussion", "status: accepted")
    policy = root / "docs/policy/index.md"
    edit(policy, 'id="embargo.tell-users"', 'id="embargo.what-to-tell"')  # still referenced elsewhere
    edit(policy, 'id="membership.alias"', 'id="membership.role-alias"')  # referenced nowhere
    commit(root, "second")

    plain = clausewise("check", cwd=root)
    result = clausewise("check", "--since", "HEAD~1", cwd=root)
    assert result.returncode == 1
    review = [h for h in heads(result.stdout) if h not in heads(plain.stdout)]
    assert review == [
        "docs/policy/index.md:9: CW511 clause `embargo.tell-users` was renamed to `embargo.what-to-tell` since `HEAD~1`, "
        "but 4 references still use it (first at postmortems/inc-1.md:14)",
        "docs/policy/index.md:19: CW512 warning: clause `membership.alias` was renamed to `membership.role-alias` since `HEAD~1`; "
        "links to `#membership.alias` will break",
        "rfcs/0001-permit-deployment.md:4: CW510 status moved from `discussion` straight to `accepted` since `HEAD~1`; "
        "from discussion it may go to draft, voting, withdrawn",
    ]
    # The caret is under the new status on the status line, not under a `discussion:` key.
    block = result.stdout.split("CW510", 1)[1].split("= hint", 1)[0].splitlines()
    caret = next(line for line in block if set(line.split("|")[-1].strip()) == {"^"})
    status = next(line for line in block if "status: accepted" in line)
    assert caret.index("^") == status.index("accepted") and caret.count("^") == len("accepted")
    assert 'hint: update the references, or keep the old id: aliases="embargo.tell-users" in the clause marker' in result.stdout
    assert "= hint: move one step at a time (draft → discussion → voting → accepted or rejected), or record the `decision`" in result.stdout

    # recording the decision justifies the jump; nothing else changes
    edit(root / "rfcs/0001-permit-deployment.md", "status: accepted\n", "status: accepted\ndecision:\n  outcome: accepted\n  date: 2024-05-01\n  by: The example steering group\n  source: https://example.org/decisions/1\n")
    assert "CW510" not in clausewise("check", "--since", "HEAD~1", cwd=root).stdout


def test_rfc_pull_request_that_also_edits_the_policy(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    run(["git", "checkout", "-q", "-b", "my-rfc"], root, check=True)
    made = clausewise("new", "rfc", "--resolves", "inc-1.deploy", "--author", "Alice Example", cwd=root)
    assert made.returncode == 0, made.stderr
    edit(root / "docs/policy/index.md", "Members must not deploy fixed software", "Members may deploy fixed software")
    commit(root, "RFC 3, and the policy edited by hand")

    result = clausewise("check", "--since", "main", cwd=root)
    assert result.returncode == 1
    assert [h for h in heads(result.stdout) if "CW5" in h and "CW50" not in h] == [
        "docs/policy/index.md:5: CW513 clause `embargo.no-deploy` was edited directly since `main`, in the same change as RFC 3 (not yet accepted)",
    ]
    # without the RFC the same edit is the application of a decision, not flagged here
    (root / made.stdout.strip()).unlink()
    assert "CW513" not in clausewise("check", "--since", "main", cwd=root).stdout


def test_no_change_since_head_adds_nothing_and_a_bad_ref_is_one_line(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    same = clausewise("check", "--since", "HEAD", cwd=root)
    assert same.returncode == 0 and same.stdout == ""
    bad = clausewise("check", "--since", "no-such-branch", cwd=root)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("clausewise: error: --since no-such-branch: cannot read that revision from git (")
    # a project in a sub-folder of the repository is compared with the same sub-folder
    sub = copy_fixture("basic", tmp_path / "outer" / "site")
    run(["git", "init", "-q", "-b", "main"], tmp_path / "outer", check=True)
    commit(tmp_path / "outer", "outer")
    edit(sub / "rfcs/0001-permit-deployment.md", "status: discussion", "status: rejected")
    assert "CW510 status moved from `discussion` straight to `rejected`" in clausewise("check", "--since", "HEAD", cwd=sub).stdout


def _rfc(status: str, decided: bool = False) -> Any:
    from clausewise.model import RFC, Decision, Loc, RFCStatus

    decision = Decision(status, "2026-01-01", "The example steering group", "https://example.org/d") if decided else None
    return RFC(1, "x", "X", RFCStatus(status), ("Alice Example",), "2026-01-01", "https://example.org/t", (), (), "", 1,
               Loc("rfcs/0001-x.md", 1), decision=decision, lines={("status",): 4})


@pytest.mark.parametrize(
    ("before", "after", "decided", "flagged"),
    [
        (None, "draft", False, False),
        (None, "discussion", False, False),
        (None, "accepted", False, True),
        (None, "accepted", True, False),  # a historical RFC recorded with its decision
        ("draft", "discussion", False, False),
        ("draft", "voting", False, True),
        ("draft", "accepted", False, True),
        ("draft", "accepted", True, False),
        ("discussion", "draft", False, False),
        ("voting", "accepted", False, False),
        ("voting", "withdrawn", False, False),
        ("accepted", "superseded", False, False),
        ("accepted", "draft", False, True),
        ("rejected", "discussion", False, True),
        ("withdrawn", "draft", False, False),
    ],
)
def test_status_step_table(before: str | None, after: str, decided: bool, flagged: bool) -> None:
    from clausewise.check.review import check_status_steps
    from clausewise.model import Corpus

    old, new = Corpus(root="old"), Corpus(root="new")
    if before:
        old.rfcs[1] = _rfc(before)
    new.rfcs[1] = _rfc(after, decided)
    found = [d.code for d in check_status_steps(old, new, "main")]
    assert found == (["CW510"] if flagged else [])
