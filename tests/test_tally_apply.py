"""Votes as data, the computed tally, and `clausewise apply` in real git repositories.

The governance example (examples/governance) has only fictional voters. The build date is pinned with
SOURCE_DATE_EPOCH (2024-06-10), never the wall clock.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import TESTS, clausewise, copy_fixture, first_lines, mkdocs_build, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausewise import load_project
from clausewise.governance.tally import build_date

EPOCH = "1718000000"  # 2024-06-10 06:13 UTC
BROKEN = TESTS / "fixtures" / "governance-broken"


@pytest.fixture(autouse=True)
def pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def git_status(root: Path) -> str:
    return run(["git", "status", "--porcelain"], root, check=True).stdout


def test_build_date_comes_from_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": EPOCH}) == "2024-06-10"
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01"


def test_fixture_checks_clean_with_notes_only(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    result = clausewise("check", str(root), "--strict")
    assert result.returncode == 0, result.stdout
    assert first_lines(result.stdout) == [
        "rfcs/0008-alias-personal.md:10: CW411 note: RFC 8 was drafted against older text of `membership.alias`; the clause has changed since",
        "  hint: compare the texts on the RFC page, then update `text` and `base`",
        "votes/0001.yml:9: CW403 note: Ivan Example is not on the roster on 2024-03-06; the vote is counted as non-binding",
    ]
    assert "0 errors, 0 warnings, 2 notes" in result.stderr


def test_broken_vote_records_give_exact_diagnostics(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    for path in BROKEN.rglob("*"):
        if path.is_file() and path.name != "expected.txt":
            target = root / path.relative_to(BROKEN)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    result = clausewise("check", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert first_lines(result.stdout) == (BROKEN / "expected.txt").read_text().splitlines()


def test_accepted_status_against_failing_votes_points_at_the_status_line(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    shutil.copy(BROKEN / "votes/0003.yml", root / "votes/0003.yml")
    result = clausewise("check", str(root))
    assert result.returncode == 1
    line = next(x for x in first_lines(result.stdout) if "CW406" in x)
    assert line.startswith("rfcs/0003-reboot-notices.md:4: CW406 status is `accepted` but the votes in votes/0003.yml failed")
    assert "1 for, 2 against of 6 members" in line
    assert (root / "rfcs/0003-reboot-notices.md").read_text().splitlines()[3] == "status: accepted"


def test_tally_prints_votes_rule_period_and_outcome(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    result = clausewise("tally", "3", str(root))
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "RFC 3: Allow reboot notices [accepted]",
        "rule:    xen-v3-leadership (Xen Project governance v3.0 (2016): leadership-team vote)",
        "period:  2024-04-01 to 2024-04-08, closed on 2024-04-08",
        "roster:  6 binding members when voting opened",
        "votes:",
        "  2024-04-01  Alice Example   +2  binding (committer)",
        "  2024-04-02  Bob Example     +1  binding (committer)",
        "  2024-04-02  Carol Example    0  binding (committer)",
        "  2024-04-03  Dan Example     -1  binding (committer)",
        "  2024-04-05  Erin Example    +1  binding (committer)",
        "outcome: PASSED: 3 for, 1 against of 6 members: quorum reached (at least 2 in favour) and 3 of 4 votes cast in favour is at least 2/3",
    ]


def test_tally_of_an_open_vote_shows_time_left(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    out = clausewise("tally", "4", str(root)).stdout
    assert "period:  2024-06-03 to 2024-06-14, 4 days left (closes 2024-06-14) (as of 2024-06-10)" in out
    assert "roster:  7 binding members" in out  # Heidi joined on 2024-06-01, Grace left before
    assert "outcome: OPEN: voting is open; as it stands it would fail: 2 for, 0 against of 7 members" in out


def test_tally_of_a_decision_by_reference_shows_no_votes(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    result = clausewise("tally", "7", str(root))
    assert result.returncode == 0
    assert "decision: accepted on 2024-01-15 by the example board (fictional), recorded by reference (no individual votes)" in result.stdout
    assert "votes:" not in result.stdout
    assert clausewise("tally", "8", str(root)).returncode == 1


def test_votes_outside_the_period_and_replaced_votes_do_not_count(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    with (root / "votes/0003.yml").open("a") as fh:
        fh.write('  - {voter: Bob Example, value: -2, date: "2024-04-06", ref: "https://example.org/m", reasons: "Changed my mind."}\n')
        fh.write('  - {voter: Frank Example, value: -1, date: "2024-04-09", ref: "https://example.org/m"}\n')
    project = load_project(root)
    from clausewise.site.govpages import rfc_tally

    t = rfc_tally(project.graph, project.corpus.rfcs[3])
    assert t is not None
    notes = {(r.vote.voter, r.vote.date): (r.counted, r.note) for r in t.rows}
    assert notes[("Bob Example", "2024-04-02")] == (False, "replaced by a later vote of Bob Example")
    assert notes[("Bob Example", "2024-04-06")] == (True, "binding (committer)")
    assert notes[("Frank Example", "2024-04-09")][0] is False
    assert t.outcome.reason.startswith("2 for, 2 against of 6 members")  # Alice, Erin for; Bob, Dan against
    assert [d.code for d in project.diagnostics if d.path == "votes/0003.yml"] == ["CW404"]


# -- apply --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rfc", "edit", "message"),
    [
        ("4", None, "refused: RFC 4 is `voting`, not accepted; only an accepted RFC can be applied"),
        ("2", None, "refused: RFC 2 is `rejected`, not accepted"),
        ("99", None, "refused: there is no RFC 99"),
        ("1", ("docs/policy/index.md", "Members must not deploy", "Members shall not deploy"), "refused: RFC 1 is stale: it was written against other text of `embargo.no-deploy`"),
        ("1", ("rfcs/0001-permit-deployment.md", "    base: |\n      Members must not deploy fixed software on public systems before the embargo\n      date.\n", ""), "refused: the content has errors"),  # `check` says CW204: apply will need `base:`
        ("1", ("rfcs/0001-permit-deployment.md", "status: accepted", "status: rejected"), "refused: the content has errors"),
    ],
)
def test_apply_refuses_and_writes_nothing(tmp_path: Path, rfc: str, edit: tuple[str, str, str] | None, message: str) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    if edit:
        path, old, new = edit
        text = (root / path).read_text()
        assert old in text
        (root / path).write_text(text.replace(old, new))
        run(["git", "commit", "-qam", "edit"], root, check=True)
    result = clausewise("apply", rfc, "--project", str(root))
    assert result.returncode == 1
    assert result.stderr.startswith("clausewise: " + message), result.stderr
    assert git_status(root) == ""


def test_apply_writes_the_policy_and_the_next_version_then_refuses_twice(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    result = clausewise("apply", "1", "3", "6", "--project", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["RFC 1: amend embargo.no-deploy", "RFC 3: add embargo.reboot-notices", "RFC 6: amend membership.review"]
    assert "policy version 1.1 (2024-06-10); wrote docs/policy/index.md, policy-versions.yml" in result.stderr
    assert git_status(root).split() == ["M", "docs/policy/index.md", "M", "policy-versions.yml"]
    policy = (root / "docs/policy/index.md").read_text()
    assert "Members may deploy fixed software on public systems before the embargo\ndate if the team permits it in the advisory.\n<!-- /clause -->" in policy
    assert '<!-- /clause -->\n\n<!-- clause id="embargo.reboot-notices" title="Reboot notices" -->\nMembers may tell their users that a reboot fixes a security issue.\n<!-- /clause -->\n\n## Membership' in policy
    assert "The team reviews the list twice a year." in policy
    project = load_project(root)
    assert [d.code for d in project.diagnostics] == ["CW411", "CW403"]
    v = project.corpus.gov.versions[-1]
    assert (v.version, v.date, v.rfcs) == ("1.1", "2024-06-10", (1, 3, 6))
    assert v.changes[0].before == "Members must not deploy fixed software on public systems before the embargo\ndate."
    again = clausewise("apply", "1", "--project", str(root))
    assert again.returncode == 1
    assert again.stderr.strip() == "clausewise: refused: RFC 1 was already applied in policy version 1.1 (2024-06-10)"


def test_apply_remove_and_explicit_version(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    rfc = root / "rfcs/0002-drop-review.md"
    rfc.write_text(rfc.read_text().replace("status: rejected", "status: accepted"))
    (root / "votes/0002.yml").unlink()
    result = clausewise("apply", "2", "--project", str(root), "--version", "2.0", "--date", "2024-07-01")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "membership.review" not in (root / "docs/policy/index.md").read_text()
    project = load_project(root)
    # RFC 6, accepted but not applied, amends the clause just removed: check says so.
    # RFC 12, rejected, also named it; it stays as history without an error.
    assert [(d.path, d.code) for d in project.errors] == [("rfcs/0006-twice-yearly-review.md", "CW201")]
    pages = {p.path: p.markdown for p in project.pages()}
    assert "### Amend `membership.review` (no longer in the policy)" in pages["rfcs/0012-monthly-review.md"]
    from clausewise.governance.versions import state_at

    assert [c.id for c in state_at(project.corpus, "1.0")][-1] == "membership.review"
    assert "membership.review" not in [c.id for c in state_at(project.corpus, "2.0")]


def test_applied_version_is_on_the_site_with_its_redline_and_the_old_version(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    assert clausewise("apply", "1", "--project", str(root)).returncode == 0
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    changelog = (site / "changelog/index.html").read_text()
    assert 'id="v1.1"' in changelog
    assert "Members <del>must not </del><ins>may </ins>deploy" in changelog
    old = (site / "changelog/1.0/index.html").read_text()
    assert "Members must not deploy fixed software" in old
    new = (site / "changelog/1.1/index.html").read_text()
    assert "if the team permits it in the advisory" in new
    faq = (site / "faq/deploying-fixes/index.html").read_text()
    assert "Review needed:" in faq and "changed in version 1.1" in faq
    rfc = (site / "rfcs/0001-permit-deployment/index.html").read_text()
    assert "Applied to the policy in" in rfc and "Text before" in rfc
    # the tally on the RFC page: every vote, binding or not, the rule, the outcome and why
    votes = (site / "rfcs/0001-permit-deployment/index.html").read_text()
    assert "<strong>Passed</strong> under <em>Xen Project governance v2.0 (2013): lazy consensus</em>" in votes
    assert "<td>Ivan Example</td>\n<td>-1</td>\n<td>no</td>" in votes
    open_vote = (site / "rfcs/0004-alias-scope/index.html").read_text()
    assert "4 days left (closes 2024-06-14) (as of 2024-06-10)" in open_vote
    # competing on both RFC pages and on the clause; stale with the diff since drafting
    assert 'href="../0008-alias-personal/"' in open_vote
    stale = (site / "rfcs/0008-alias-personal/index.html").read_text()
    assert 'href="../0004-alias-scope/"' in stale
    assert "Stale draft:" in stale and "Members give one <ins>role </ins>email alias." in stale
    clause = (site / "clauses/membership.alias/index.html").read_text()
    assert "Competing proposals:" in clause


def test_the_example_shows_every_rule_passing_and_failing() -> None:
    from helpers import ROOT

    from clausewise.governance.rules import GENERIC, RULES, Result
    from clausewise.site.govpages import rfc_tally

    project = load_project(ROOT / "examples/governance", today="2024-06-10")
    seen = set()
    for rfc in project.corpus.rfcs.values():
        t = rfc_tally(project.graph, rfc)
        if t is not None:
            seen.add((t.rule.name, t.outcome.result))
            seen.add((t.rule.uses, t.outcome.result))
    # Every Xen preset and the two other built-ins by name; every generic rule, by name or
    # as a community rule of governance.yml (`rules:`), one of them through an RFC's kind.
    named = [n for n in RULES if n not in GENERIC or n in ("apache", "majority")]
    assert seen >= {(rule, result) for rule in [*named, *GENERIC] for result in (Result.PASSED, Result.FAILED)}
    assert {("board-lazy-consensus", Result.PASSED), ("charter-change", Result.FAILED)} <= seen
    assert not project.errors


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        ("governance.yml", "allowed_rules: [xen-v3-leadership, xen-v3-lazy-consensus, apache, majority]", "allowed_rules: [apache, majority]",
         "votes/0003.yml:2: CW401 rule `xen-v3-leadership` is not allowed by governance.yml"),
        ("governance.yml", 'from: "2024-06-01"}', 'from: "2024-06-01", until: "2024-05-01"}',
         "governance.yml:14: CW410 roster entry for Heidi Example ends (2024-05-01) before it starts (2024-06-01)"),
        ("governance.yml", "default_rule: xen-v2-lazy-consensus", "default_rule: xen-v2-lazy",
         "governance.yml:2: CW401 unknown decision rule `xen-v2-lazy`"),
        ("policy-versions.yml", "    note: The first version.", "    rfcs: [1, 1]",
         "policy-versions.yml:3: CW412 RFC 1 is applied twice, in versions 1.0 and 1.0"),
        ("votes/0003.yml", "value: +2", "value: 3", "votes/0003.yml:5: CW104 `votes[0].value` must be one of 2, 1, 0, -1, -2, not `3`"),
    ],
)
def test_governance_mistakes_are_located(tmp_path: Path, path: str, old: str, new: str, expected: str) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    text = (root / path).read_text()
    assert old in text
    (root / path).write_text(text.replace(old, new))
    result = clausewise("check", str(root))
    assert result.returncode == 1
    assert any(line.startswith(expected) for line in first_lines(result.stdout)), result.stdout


def test_votes_without_a_governance_file(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    (root / "governance.yml").unlink()
    out = clausewise("check", str(root)).stdout
    assert "votes/0001.yml:2: CW402 votes on RFC 1 need a roster and a decision rule" in out


def test_status_must_follow_the_calendar(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    late = load_project(root, today="2024-07-01")  # RFC 4's vote closed on 2024-06-14 and failed
    assert not late.errors  # the calendar alone never makes an error (see test_record.py)
    [d] = [d for d in late.diagnostics if d.code == "CW414"]
    assert (d.path, d.line, d.severity.value) == ("rfcs/0004-alias-scope.md", 4, "note")
    assert d.message == "voting on RFC 4 closed on 2024-06-14: failed under `xen-v3-leadership` (votes/0004.yml); the outcome is not yet recorded"
    assert d.hint == "run `clausewise record 4` to set `status: rejected`"
    rfc = root / "rfcs/0004-alias-scope.md"
    rfc.write_text(rfc.read_text().replace("status: voting", "status: accepted"))
    [d] = [d for d in load_project(root, today="2024-06-10").errors if d.code == "CW406"]
    assert d.message == "status is `accepted` but voting is open until 2024-06-14 (votes/0004.yml, rule `xen-v3-leadership`)"


def test_apply_creates_the_versions_file_when_there_is_none(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    (root / "policy-versions.yml").unlink()
    (root / "faq/deploying-fixes.md").unlink()  # it names version 1.0
    run(["git", "commit", "-qam", "no versions yet"], root, check=True)
    result = clausewise("apply", "1", "--project", str(root))
    assert result.returncode == 0, result.stderr
    project = load_project(root)
    assert [(v.version, v.rfcs) for v in project.corpus.gov.versions] == [("1.0", (1,))]
    assert not project.errors


def test_tally_as_json(tmp_path: Path) -> None:
    import json

    root = copy_fixture("governance", tmp_path / "project")
    data = json.loads(clausewise("tally", "4", str(root), "--format", "json").stdout)
    assert data["rule"] == "xen-v3-leadership" and data["status"] == "voting"
    assert data["voting"] == {"state": "open", "opens": "2024-06-03", "closes": "2024-06-14", "closed": False, "days_left": 4, "as_of": "2024-06-10"}
    assert [v["binding"] for v in data["votes"]] == [True, True]
    assert data["outcome"]["result"] == "open" and data["outcome"]["counts"]["for"] == 2


_days = st.dates(min_value=__import__("datetime").date(2024, 1, 1), max_value=__import__("datetime").date(2024, 12, 31)).map(str)
_vote = st.fixed_dictionaries(
    {"voter": st.sampled_from(["Alice Example", "Bob Example", "Heidi Example", "Nobody Example"]), "value": st.integers(-3, 3), "date": _days, "ref": st.just("https://example.org/m")},
    optional={"reasons": st.text(min_size=1, max_size=20)},
)
_record = st.fixed_dictionaries(
    {"rfc": st.just(3), "voting": st.fixed_dictionaries({"opens": _days, "closes": _days}), "votes": st.lists(_vote, max_size=8)},
    optional={"rule": st.sampled_from([*__import__("clausewise").RULES, "no-such-rule"]), "proposer": st.just("Alice Example"), "stakeholders": st.just(["Bob Example"])},
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=_record, today=_days)
def test_any_vote_record_gives_diagnostics_never_a_traceback(governance_copy: Path, record: dict[str, object], today: str) -> None:
    import yaml

    (governance_copy / "votes/0003.yml").write_text(yaml.safe_dump(record))
    project = load_project(governance_copy, today=today)
    from clausewise.site.govpages import rfc_tally

    t = rfc_tally(project.graph, project.corpus.rfcs[3])
    if t is not None:
        # RFC 3 says `accepted`: that is reported exactly when its votes do not pass
        flagged = any(d.code == "CW406" and d.path.startswith("rfcs/0003-") for d in project.errors)
        assert flagged == (t.outcome.result.value != "passed")
    project.pages()  # every page still generates


@pytest.fixture(scope="module")
def governance_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_fixture("governance", tmp_path_factory.mktemp("hyp") / "project")


def test_as_of_pins_the_day_whatever_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpers import ROOT

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    project = load_project(ROOT / "examples/governance")
    assert project.corpus.build_date == "2024-06-10" and not project.errors
