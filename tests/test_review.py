"""`clausewise check --since REF` in a real git repository with two commits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import clausewise, copy_fixture, run


def commit(root: Path, message: str) -> None:
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", message], root, check=True)


def short(root: Path, rev: str = "HEAD") -> str:
    return run(["git", "rev-parse", "--short=7", rev], root, check=True).stdout.strip()


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
    sha = short(root)
    assert review == [
        "docs/policy/index.md:9: CW511 clause `embargo.tell-users` was renamed to `embargo.what-to-tell` since `HEAD~1`, "
        "but 4 references still use it (first at postmortems/inc-1.md:14)",
        "docs/policy/index.md:19: CW512 warning: clause `membership.alias` was renamed to `membership.role-alias` since `HEAD~1`; "
        "links to `#membership.alias` will break",
        f'rfcs/0001-permit-deployment.md:4: CW510 status moved from `discussion` straight to `accepted` in commit {sha} ("second"), since `HEAD~1`; '
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


# -- a range of several commits (issue 16) ----------------------------------------------------
GOVERNANCE = """# Fictional people.
default_rule: apache
as_of: "2026-03-01"
roster:
  - {name: Aiko Tanaka, role: committer, from: "2025-01-01"}
  - {name: Bob Example, role: committer, from: "2025-01-01"}
  - {name: Carol Example, role: committer, from: "2025-01-01"}
"""
DECISION = '\ndecision:\n  outcome: accepted\n  date: "2026-02-01"\n  by: The security team\n  source: https://example.org/d/1'


def passed(number: int) -> str:
    rows = "".join(f'  - {{voter: {n}, value: +1, date: "2026-02-02", ref: "https://example.org/m{i}"}}\n'
                   for i, n in enumerate(("Aiko Tanaka", "Bob Example", "Carol Example")))
    return f'rfc: {number}\nvoting: {{opens: "2026-02-01", closes: "2026-02-10"}}\nvotes:\n{rows}'


def init_site(tmp_path: Path) -> Path:
    """What `clausewise init` writes, committed on `main`, then a branch `work` for the change."""
    root = tmp_path / "site"
    assert clausewise("init", str(root)).returncode == 0
    (root / "governance.yml").write_text(GOVERNANCE)
    (root / "votes").mkdir()
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    commit(root, "init")
    run(["git", "checkout", "-q", "-b", "work"], root, check=True)
    return root


def new_rfc(root: Path, clause: str) -> Path:
    made = clausewise("new", "rfc", "--clause", clause, "--author", "Bob Example", cwd=root)
    assert made.returncode == 0, made.stderr
    path = root / made.stdout.strip()
    edit(path, "https://example.org/TODO-link-to-the-discussion", "https://lists.example.org/archives/main/rfc")
    return path


def set_status(path: Path, status: str, message: str, extra: str = "") -> None:
    text = path.read_text()
    old = next(line for line in text.splitlines() if line.startswith("status: "))
    path.write_text(text.replace(old + "\n", f"status: {status}{extra}\n", 1))
    commit(path.parents[1], message)


def cw510(stdout: str) -> list[str]:
    return [h for h in heads(stdout) if "CW510" in h]


def test_a_status_moved_one_step_per_commit_is_judged_step_by_step(tmp_path: Path) -> None:
    """draft → discussion → voting → accepted over four commits, the votes recorded: no
    CW510, though REF and HEAD alone would show a new RFC born `accepted`."""
    root = init_site(tmp_path)
    rfc = new_rfc(root, "membership.contact")
    commit(root, "RFC 2: draft")
    set_status(rfc, "discussion", "RFC 2: discussion")
    (root / "votes/0002.yml").write_text(passed(2))
    set_status(rfc, "voting", "RFC 2: voting")
    set_status(rfc, "accepted", "RFC 2: accepted")
    review = clausewise("check", "--since", "main", cwd=root)
    assert cw510(review.stdout) == [], review.stdout
    assert "a new RFC starts" not in review.stdout

    # draft → voting → accepted over three commits: the one skipped step is named, with
    # its commit; no "a new RFC starts as draft", which it did.
    other = new_rfc(root, "disclosure.embargo")
    commit(root, "RFC 3: draft")
    (root / "votes/0003.yml").write_text(passed(3))
    set_status(other, "voting", "RFC 3: straight to the vote")
    skipped = short(root)
    set_status(other, "accepted", "RFC 3: accepted")
    review = clausewise("check", "--since", "main", cwd=root)
    assert review.returncode == 1
    assert cw510(review.stdout) == [
        f'{other.relative_to(root)}:5: CW510 status moved from `draft` straight to `voting` in commit {skipped} ("RFC 3: straight to the vote"), '
        "since `main`; from draft it may go to discussion, withdrawn",
    ]
    # The caret underlines the status line, not the `discussion:` key below it (whose
    # link holds the word `main` the message quotes).
    block = review.stdout.split("CW510", 1)[1].split("= hint", 1)[0].splitlines()
    assert any(line.endswith("| status: accepted") for line in block)
    caret = next(line for line in block if set(line.split("|")[-1].strip()) == {"^"})
    assert caret.split("|")[-1] == " " + "^" * len("status: accepted")

    # A step back from a final status is named with its commit; an uncommitted step is
    # judged against HEAD and named as the working tree's.
    # (RFC 2 back to draft would be no step: it came into the range as a draft, and a
    # status tried and taken back is forgotten. RFC 1 was in discussion at REF.)
    first = root / "rfcs/0001-allow-deployment.md"
    (root / "votes/0001.yml").write_text(passed(1))
    set_status(first, "voting", "RFC 1: voting")
    set_status(first, "accepted", "RFC 1: accepted")
    set_status(first, "withdrawn", "RFC 1: withdrawn after all")
    reopened = short(root)
    edit(other, "status: accepted", "status: discussion")
    lines = cw510(clausewise("check", "--since", "main", cwd=root).stdout)
    assert f'CW510 status moved from `accepted` straight to `withdrawn` in commit {reopened} ("RFC 1: withdrawn after all"), since `main`; from accepted it may go to superseded' in "\n".join(lines)
    assert "CW510 status moved from `accepted` straight to `discussion` in the working tree, since `main`; from accepted it may go to superseded" in "\n".join(lines)


def test_a_caret_stays_on_the_status_line_when_a_later_key_holds_the_ref(tmp_path: Path) -> None:
    root = init_site(tmp_path)
    rfc = root / "rfcs/0001-allow-deployment.md"
    edit(rfc, "https://example.org/lists/policy/rfc-1", "https://lists.example.org/archives/main/rfc-1")
    set_status(rfc, "accepted", "RFC 1 accepted, no votes")
    review = clausewise("check", "--since", "main", cwd=root)
    block = review.stdout.split("CW510", 1)[1].split("= hint", 1)[0].splitlines()
    status = next(line for line in block if "status: accepted" in line)
    caret = next(line for line in block if set(line.split("|")[-1].strip()) == {"^"})
    assert caret.index("^") == status.index("accepted") and caret.count("^") == len("accepted")


def test_apply_in_a_range_is_blamed_on_the_applied_rfc(tmp_path: Path) -> None:
    """RFC 1 is accepted and applied, then RFCs 2 and 3 are drafted against the same
    policy file, in four commits: `apply 1`'s edit is RFC 1's, not theirs. A hand edit
    made on top of it later is blamed, naming what `apply` wrote."""
    root = init_site(tmp_path)
    rfc1 = root / "rfcs/0001-allow-deployment.md"
    set_status(rfc1, "voting", "RFC 1: voting")
    set_status(rfc1, "accepted", "RFC 1: accepted", DECISION)
    applied = clausewise("apply", "1", cwd=root)
    assert applied.returncode == 0, applied.stderr
    commit(root, "Apply RFC 1")
    new_rfc(root, "disclosure.deployment")
    new_rfc(root, "disclosure.embargo")
    commit(root, "RFCs 2 and 3")
    review = clausewise("check", "--since", "main", cwd=root)
    assert [h for h in heads(review.stdout) if "CW51" in h] == [], review.stdout

    policy = root / "docs/policy/index.md"
    edit(policy, "provided that doing so does not reveal the vulnerability", "if it reveals nothing")
    commit(root, "tweak the applied text")
    review = clausewise("check", "--since", "main", cwd=root)
    blamed = [h for h in heads(review.stdout) if "CW513" in h]
    assert len(blamed) == 1 and blamed[0].startswith("docs/policy/index.md:"), review.stdout
    assert ("CW513 clause `disclosure.deployment` was edited by hand since `main` after `clausewise apply` wrote RFC 1's text "
            "into it (policy version 1.1), in the same change as RFC 2, RFC 3 (not yet accepted)") in blamed[0]


def test_a_project_in_a_sub_folder_of_the_repository_is_reviewed_commit_by_commit(tmp_path: Path) -> None:
    """The site in `policy-site/` of a larger repository (one .git, at the top): REF's
    tree is read for that folder, and the range commit by commit."""
    outer = tmp_path / "product"
    outer.mkdir()
    (outer / "README.md").write_text("The product.\n")
    assert clausewise("init", str(outer / "policy-site")).returncode == 0
    (outer / "policy-site/governance.yml").write_text(GOVERNANCE)
    (outer / "policy-site/votes").mkdir()
    run(["git", "init", "-q", "-b", "main"], outer, check=True)
    commit(outer, "product and policy site")
    root = outer / "policy-site"
    assert not (root / ".git").exists()
    rfc = root / "rfcs/0001-allow-deployment.md"
    (root / "votes/0001.yml").write_text(passed(1))
    set_status(rfc, "voting", "RFC 1: voting")
    set_status(rfc, "accepted", "RFC 1: accepted")
    review = clausewise("check", "--since", "main~2", cwd=root)
    assert review.returncode == 0 and "CW5" not in review.stdout and ": 0 errors" in review.stderr, review.stdout + review.stderr
    set_status(rfc, "draft", "RFC 1: reopened as draft")
    reopened = short(root)
    lines = cw510(clausewise("check", "--since", "main~3", cwd=root).stdout)
    assert lines == [f'rfcs/0001-allow-deployment.md:4: CW510 status moved from `accepted` straight to `draft` in commit {reopened} ("RFC 1: reopened as draft"), '
                     "since `main~3`; from accepted it may go to superseded"]


def test_a_status_tried_and_taken_back_is_no_step(tmp_path: Path) -> None:
    """discussion → accepted by mistake → discussion again → voting: the detour is
    forgotten, and discussion → voting is one good step."""
    root = init_site(tmp_path)
    rfc = root / "rfcs/0001-allow-deployment.md"
    set_status(rfc, "accepted", "RFC 1: accepted by mistake")
    set_status(rfc, "discussion", "RFC 1: back to discussion")
    set_status(rfc, "voting", "RFC 1: voting")
    assert cw510(clausewise("check", "--since", "main", cwd=root).stdout) == []
    # a detour that does not come back is still judged step by step
    set_status(rfc, "rejected", "RFC 1: rejected without votes")
    set_status(rfc, "draft", "RFC 1: draft again")
    lines = cw510(clausewise("check", "--since", "main", cwd=root).stdout)
    assert [line.split(" CW510 ", 1)[1].split(" in commit ")[0] for line in lines] == [
        "status moved from `rejected` to `draft`",
    ], lines
