"""A build is a function of the commit, never of the calendar (issue 15, deliverable 1).

A vote that closes while the RFC still says `voting` never fails `check` or a build; the
pages and `check` say so; `check --since` on a change that touches the RFC or its votes
still errors; `clausewise record` writes the outcome; the scheduled workflow `init` writes
runs it. Real git repositories, real builds; the voters are the governance example's
fictional ones.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, clausewise, copy_fixture, first_lines, mkdocs_build, run

JUNE_10 = "1718000000"  # 2024-06-10: RFC 4's vote (2024-06-03 to 2024-06-14) is open
JULY_1 = "1719800000"  # 2024-07-01: it has closed, and failed
MAY_1 = "1714521600"  # 2024-05-01: it has not opened yet


def live_copy(tmp_path: Path) -> Path:
    """The governance example without its pinned `as_of`: a live site, dated by the clock."""
    root = copy_fixture("governance", tmp_path / "project")
    gov = root / "governance.yml"
    gov.write_text("".join(line for line in gov.read_text().splitlines(keepends=True) if not line.startswith("as_of:")))
    run(["git", "commit", "-qam", "a live site: no pinned date"], root, check=True)
    return root


def at(epoch: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": epoch}


def cw(root: Path, epoch: str, *args: str) -> tuple[int, str, str]:
    r = run([str(Path(os.sys.executable).parent / "clausewise"), *args], root, env=at(epoch))
    return r.returncode, r.stdout, r.stderr


def test_a_closed_unrecorded_vote_fails_no_check_and_no_build(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    code, out, err = cw(root, JULY_1, "check", "--strict")
    assert code == 0, out
    lines = first_lines(out)
    assert "rfcs/0004-alias-scope.md:4: CW414 note: voting on RFC 4 closed on 2024-06-14: failed under `xen-v3-leadership` (votes/0004.yml); the outcome is not yet recorded" in lines
    assert "  hint: run `clausewise record 4` to set `status: rejected`" in lines
    assert "CW406" not in out and "0 errors, 0 warnings" in err
    for strict in (False, True):
        build = mkdocs_build(root, tmp_path / f"site-{strict}", strict=strict, env=at(JULY_1))
        assert build.returncode == 0, build.stderr
    page = (tmp_path / "site-True/rfcs/0004-alias-scope/index.html").read_text()
    assert "Voting closed on 2024-06-14: failed; the outcome is not yet recorded." in page
    assert "clausewise record 4" in page


def test_a_change_touching_the_rfc_or_its_votes_gets_every_check(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    code, out, _ = cw(root, JULY_1, "check", "--since", "HEAD")
    assert code == 0, out  # an unrelated change (here: none) is not held up
    rfc = root / "rfcs/0004-alias-scope.md"
    original = rfc.read_text()
    rfc.write_text(original + "\nOne more sentence.\n")
    code, out, _ = cw(root, JULY_1, "check", "--since", "HEAD")
    assert code == 1
    [line] = [x for x in first_lines(out) if "CW406" in x]
    assert line.startswith("rfcs/0004-alias-scope.md:4: CW406 status is `voting` but voting closed on 2024-06-14 and the votes in votes/0004.yml failed")
    assert line.endswith("this change (since `HEAD`) touches the RFC")
    rfc.write_text(original)
    votes = root / "votes/0004.yml"
    votes.write_text(votes.read_text().replace("lists/m15", "lists/m15-corrected"))
    code, out, _ = cw(root, JULY_1, "check", "--since", "HEAD")
    assert code == 1 and "CW406" in out
    # another RFC's edit does not make RFC 4's state its problem
    run(["git", "checkout", "-q", "."], root, check=True)
    other = root / "rfcs/0005-tell-users-more.md"
    other.write_text(other.read_text() + "\nAn aside.\n")
    code, out, _ = cw(root, JULY_1, "check", "--since", "HEAD")
    assert code == 0, out


def test_record_writes_the_outcome_and_refuses_while_the_vote_is_open(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    rfc = root / "rfcs/0004-alias-scope.md"
    before = rfc.read_text()
    for epoch, why in ((JUNE_10, "voting on RFC 4 is still open until 2024-06-14 (4 days left, as of 2024-06-10)"),
                       (MAY_1, "voting on RFC 4 has not opened yet (it opens on 2024-06-03, as of 2024-05-01)")):
        code, out, err = cw(root, epoch, "record", "4")
        assert code == 1 and out == ""
        assert err.startswith(f"clausewise: refused: {why}")
        assert rfc.read_text() == before
    code, out, err = cw(root, JULY_1, "record", "4", "--dry-run")
    assert code == 0 and out.startswith("RFC 4: voting -> rejected") and rfc.read_text() == before
    code, out, err = cw(root, JULY_1, "record", "4")
    assert code == 0, err
    diff = run(["git", "diff", "--numstat"], root, check=True).stdout.split()
    assert diff == ["1", "1", "rfcs/0004-alias-scope.md"]  # one line, nothing else
    assert rfc.read_text().splitlines()[3] == "status: rejected  # recorded by clausewise record: voting closed 2024-06-14, failed under xen-v3-leadership"
    code, out, err = cw(root, JULY_1, "check", "--strict", "--since", "HEAD")
    assert code == 0, out
    assert "CW414" not in out
    code, _, err = cw(root, JULY_1, "record", "4")
    assert code == 1 and "RFC 4 is `rejected`, not `voting` (already recorded)" in err
    code, _, err = cw(root, JULY_1, "record", "--all")
    assert code == 0 and "nothing to do" in err
    code, _, err = cw(root, JULY_1, "record", "1")  # a vote long closed and recorded
    assert code == 1 and "already recorded" in err
    code, _, err = cw(root, JULY_1, "record", "7")
    assert code == 1 and "RFC 7 has no vote record (votes/0007.yml)" in err
    code, _, err = cw(root, JULY_1, "record")
    assert code == 2 and "name the RFCs to record, or give --all" in err


def test_record_all_records_every_closed_vote_and_keeps_quotes_and_comments(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    rfc = root / "rfcs/0004-alias-scope.md"
    rfc.write_text(rfc.read_text().replace("status: voting", "status: 'voting'   # until the vote closes"))
    code, out, err = cw(root, JULY_1, "record", "--all")
    assert code == 0, err
    assert out.splitlines() == ["RFC 4: voting -> rejected (voting closed 2024-06-14: 2 for, 0 against of 7 members: quorum not reached (needs at least 3 in favour, 1/3 of the members))"]
    assert "status: rejected  # recorded by clausewise record" in rfc.read_text()


def test_tally_json_gives_the_state_and_flags_votes_from_the_future(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    states = {}
    for epoch in (MAY_1, JUNE_10, JULY_1):
        code, out, _ = cw(root, epoch, "tally", "4", "--format", "json")
        assert code == 0
        states[epoch] = json.loads(out)["voting"]
    assert [states[e]["state"] for e in (MAY_1, JUNE_10, JULY_1)] == ["not-open", "open", "closed"]
    assert states[MAY_1]["closed"] is False and states[JULY_1]["closed"] is True
    code, out, _ = cw(root, MAY_1, "tally", "4")
    assert "outcome: NOT OPEN YET: voting opens on 2024-06-03" in out
    # on 2024-06-04, Heidi's vote of 2024-06-05 is from the future
    june_4 = "1717500000"
    data = json.loads(cw(root, june_4, "tally", "4", "--format", "json")[1])
    assert [(v["voter"], v["future"]) for v in data["votes"]] == [("Alice Example", False), ("Heidi Example", True)]
    code, out, _ = cw(root, june_4, "check", "--strict")
    assert code == 0, out  # a note: the clock's hour must not fail a strict build
    assert "votes/0004.yml:6: CW415 note: vote of Heidi Example is dated 2024-06-05, after the build date 2024-06-04" in first_lines(out)
    build = mkdocs_build(root, tmp_path / "site", env=at(june_4))
    assert build.returncode == 0, build.stderr
    assert "dated after the build date, 2024-06-04" in (tmp_path / "site/rfcs/0004-alias-scope/index.html").read_text()


def test_a_withdrawn_rfc_does_not_start_failing_when_its_vote_closes(tmp_path: Path) -> None:
    root = live_copy(tmp_path)
    # RFC 4's votes on 2024-06-10 would pass only with a third +1; add one, then withdraw it
    votes = root / "votes/0004.yml"
    votes.write_text(votes.read_text() + '  - {voter: Bob Example, value: +1, date: "2024-06-06", ref: "https://example.org/lists/m99"}\n')
    rfc = root / "rfcs/0004-alias-scope.md"
    rfc.write_text(rfc.read_text().replace("status: voting", "status: withdrawn"))
    for epoch in (JUNE_10, JULY_1):
        code, out, _ = cw(root, epoch, "check", "--strict")
        assert code == 0, out


def _steps(workflow: Path) -> dict[str, str]:
    data = yaml.safe_load(workflow.read_text())
    return {s.get("name", s.get("uses", "")): s.get("run", "") for s in data["jobs"]["record"]["steps"]}


def test_init_writes_the_scheduled_workflow_and_this_repository_uses_it() -> None:
    for path in (ROOT / "src/clausewise/templates/init/github/workflows/record-votes.yml", ROOT / ".github/workflows/record-votes.yml"):
        data = yaml.safe_load(path.read_text())
        triggers = data[True]  # YAML 1.1 reads the key `on` as true
        assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers
        assert data["permissions"] == {"contents": "write", "pull-requests": "write"}
        steps = _steps(path)
        assert "clausewise record --all" in steps["Record every vote that has closed"]
        assert "gh pr create" in steps["Open or update the pull request"]


def test_the_workflow_steps_record_and_open_a_pull_request(tmp_path: Path) -> None:
    """Run the template's own shell steps in a real repository, with a bare remote and a
    stand-in for the `gh` command that logs how it was called."""
    target = tmp_path / "site"
    assert clausewise("init", str(target)).returncode == 0
    workflow = target / ".github/workflows/record-votes.yml"
    assert workflow.is_file()
    # give the new site a vote that closed, its RFC still in `voting` (fictional voters)
    (target / "governance.yml").write_text('default_rule: xen-v2-lazy-consensus\nroster:\n  - {name: Alice Example, role: maintainer, from: "2026-01-01"}\n')
    (target / "votes").mkdir()
    (target / "votes/0001.yml").write_text('rfc: 1\nvoting: {opens: "2026-02-02", closes: "2026-02-09"}\nvotes:\n  - {voter: Alice Example, value: +1, date: "2026-02-03", ref: "https://example.org/v1"}\n')
    rfc = target / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: voting"))
    remote = tmp_path / "remote.git"
    run(["git", "init", "-q", "--bare", str(remote)], tmp_path, check=True)
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-qm", "site"], ["git", "remote", "add", "origin", str(remote)], ["git", "push", "-q", "origin", "main"]):
        run(cmd, target, check=True)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\necho "$@" >> {shlex.quote(str(tmp_path / "gh.log"))}\n')
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    runner = tmp_path / "runner"
    runner.mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}:{Path(os.sys.executable).parent}:{os.environ['PATH']}", "RUNNER_TEMP": str(runner),
           "GITHUB_OUTPUT": str(runner / "output"), "BRANCH": "clausewise/record-votes", "BASE": "main", "SOURCE_DATE_EPOCH": "1772323200"}  # 2026-03-01
    env.pop("GIT_CONFIG_NOSYSTEM", None)
    steps = _steps(workflow)
    record = run(["bash", "-e", "-c", steps["Record every vote that has closed"]], target, env=env)
    assert record.returncode == 0, record.stderr
    assert (runner / "output").read_text() == "changed=true\n"
    assert "status: accepted  # recorded by clausewise record" in rfc.read_text()
    opened = run(["bash", "-e", "-c", steps["Open or update the pull request"]], target, env=env)
    assert opened.returncode == 0, opened.stderr
    log = run(["git", "log", "--format=%s%n%b", "clausewise/record-votes", "-1"], remote, check=True).stdout
    assert log.startswith("Record the outcome of closed votes") and "RFC 1: voting -> accepted" in log
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0].startswith("pr list --head clausewise/record-votes")
    assert calls[1].startswith("pr create --base main --head clausewise/record-votes")
    # the pull request's body shows the recorded lines (voter names) as text, not Markdown
    body = (runner / "body.md").read_text()
    assert body.split("\n")[2:4] == ["~~~text", "RFC 1: voting -> accepted (voting closed 2026-02-09: 1 binding +1 and no binding -1)"] and body.endswith("~~~\n"), body
    # the next day: nothing left to record, nothing to open
    (runner / "output").unlink()
    again = run(["bash", "-e", "-c", steps["Record every vote that has closed"]], target, env=env)
    assert again.returncode == 0 and (runner / "output").read_text() == "changed=false\n"
    # and the site it leaves behind checks clean, strict
    assert clausewise("check", "--strict", cwd=target).returncode == 0
