"""`clausewise tally` reports the rule errors `clausewise check` reports (issue 16): the
rule named, with path:line, a non-zero exit, and with `--format json` an object on stdout
that carries the errors, never an empty stdout. Each test works on what `clausewise init`
writes, with a roster of fictional people, through the real command."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import clausewise

GOV = """# Fictional people.
default_rule: apache
allowed_rules: [majority]
as_of: "2026-03-01"
roster:
  - {name: Aiko Tanaka, role: committer, from: "2025-01-01"}
  - {name: Bob Example, role: committer, from: "2025-01-01"}
  - {name: Carol Example, role: committer, from: "2025-01-01"}
rules:
  our-lazy-consensus:
    uses: lazy-consensus
kinds:
  charter: our-lazy-consensus
"""


def votes(rule: str | None = None, voter: str = "Carol Example") -> str:
    head = "rfc: 1\n" + (f"rule: {rule}\n" if rule else "")
    rows = "".join(f'  - {{voter: {n}, value: +1, date: "2026-02-02", ref: "https://example.org/m{i}"}}\n'
                   for i, n in enumerate(("Aiko Tanaka", "Bob Example", voter)))
    return head + f'voting: {{opens: "2026-02-01", closes: "2026-02-10"}}\nvotes:\n{rows}'


def site(tmp_path: Path, gov: str = GOV, record: str | None = None) -> Path:
    root = tmp_path / "site"
    assert clausewise("init", str(root)).returncode == 0
    (root / "governance.yml").write_text(gov)
    (root / "votes").mkdir()
    (root / "votes/0001.yml").write_text(record if record is not None else votes())
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: accepted"))
    return root


def both(root: Path) -> tuple[object, object]:
    text = clausewise("tally", "1", cwd=root)
    data = clausewise("tally", "1", "--format", "json", cwd=root)
    return text, data


def check_errors(root: Path) -> list[str]:
    out = clausewise("check", "--format", "json", cwd=root).stdout
    return [f"{d['path']}:{d['line']}: {d['code']} {d['message']}" for d in json.loads(out) if d["severity"] == "error"]


def test_an_unknown_rule_is_named_with_its_line_in_text_and_json(tmp_path: Path) -> None:
    root = site(tmp_path, record=votes("apache-ish"))
    text, data = both(root)
    assert text.returncode == 1 and data.returncode == 1  # type: ignore[attr-defined]
    assert text.stdout == ""  # type: ignore[attr-defined]
    stderr = text.stderr.splitlines()  # type: ignore[attr-defined]
    assert stderr[1] == "cannot tally under `apache-ish`: votes/0001.yml has errors; run `clausewise check`"
    assert stderr[2].startswith("votes/0001.yml:2: CW401 unknown decision rule `apache-ish`; known rules: our-lazy-consensus, ")
    assert stderr[3] == "  hint: did you mean `apache`?"
    obj = json.loads(data.stdout)  # type: ignore[attr-defined]
    assert obj["rfc"] == 1 and obj["rule"] == "apache-ish" and obj["outcome"] is None
    assert [(e["path"], e["line"], e["code"]) for e in obj["errors"]] == [("votes/0001.yml", 2, "CW401")]
    assert "`apache-ish`" in obj["errors"][0]["message"]
    # the same error `check` gives, word for word
    assert stderr[2] in check_errors(root)


def test_a_rule_the_governance_file_does_not_allow(tmp_path: Path) -> None:
    root = site(tmp_path, record=votes("supermajority"))
    text, data = both(root)
    assert text.returncode == 1 and data.returncode == 1  # type: ignore[attr-defined]
    assert "votes/0001.yml:2: CW401 rule `supermajority` is not allowed by governance.yml" in text.stderr  # type: ignore[attr-defined]
    assert "  hint: allowed: apache, majority, our-lazy-consensus" in text.stderr  # each once  # type: ignore[attr-defined]
    assert "outcome" not in text.stdout  # no outcome computed under a rule that may not be used  # type: ignore[attr-defined]
    obj = json.loads(data.stdout)  # type: ignore[attr-defined]
    assert obj["errors"][0]["message"] == "rule `supermajority` is not allowed by governance.yml" and obj["outcome"] is None
    # an allowed one tallies, with no errors
    (root / "votes/0001.yml").write_text(votes("majority"))
    text, data = both(root)
    assert text.returncode == 0 and "rule:    majority" in text.stdout  # type: ignore[attr-defined]
    assert json.loads(data.stdout)["errors"] == []  # type: ignore[attr-defined]


def test_rule_errors_in_the_governance_file_and_the_rfc_kind(tmp_path: Path) -> None:
    # an unknown default rule: the governance file's line
    root = site(tmp_path, gov=GOV.replace("default_rule: apache", "default_rule: apachee"))
    text, data = both(root)
    assert text.returncode == 1 and "governance.yml:2: CW401 unknown decision rule `apachee`" in text.stderr  # type: ignore[attr-defined]
    assert json.loads(data.stdout)["errors"][0]["path"] == "governance.yml"  # type: ignore[attr-defined]
    # a community rule with a bad parameter
    (root / "governance.yml").write_text(GOV.replace("    uses: lazy-consensus\n", "    uses: supermajority\n    fraction: \"5/4\"\n"))
    (root / "votes/0001.yml").write_text(votes("our-lazy-consensus"))
    text, data = both(root)
    assert text.returncode == 1  # type: ignore[attr-defined]
    assert "governance.yml:12: CW401 rule `our-lazy-consensus`: `fraction` must be a fraction above 0 and at most 1, such as 2/3, not `5/4`" in text.stderr  # type: ignore[attr-defined]
    assert json.loads(data.stdout)["rule"] == "our-lazy-consensus"  # type: ignore[attr-defined]
    # an RFC kind that maps to no rule: the RFC's line
    (root / "governance.yml").write_text(GOV)
    (root / "votes/0001.yml").write_text(votes())
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("resolves:", "kind: chartre\nresolves:"))
    text, data = both(root)
    assert text.returncode == 1  # type: ignore[attr-defined]
    assert "rfcs/0001-allow-deployment.md:8: CW401 unknown kind of decision `chartre`" in text.stderr  # type: ignore[attr-defined]
    assert [e["code"] for e in json.loads(data.stdout)["errors"]] == ["CW401"]  # type: ignore[attr-defined]


def test_other_errors_are_reported_beside_the_tally(tmp_path: Path) -> None:
    """A misspelt voter is an error (the vote would be miscounted): the tally is shown as it
    stands, the error beside it, and the exit status is 1."""
    root = site(tmp_path, record=votes(voter="Carol Exampel"))
    text, data = both(root)
    assert text.returncode == 1 and data.returncode == 1  # type: ignore[attr-defined]
    assert "outcome: FAILED: 2 binding +1s; at least 3 are needed" in text.stdout  # type: ignore[attr-defined]
    assert "votes/0001.yml:6: CW403 `Carol Exampel` is not on the roster, but `Carol Example` is" in text.stderr  # type: ignore[attr-defined]
    obj = json.loads(data.stdout)  # type: ignore[attr-defined]
    assert obj["outcome"]["result"] == "failed" and [e["code"] for e in obj["errors"]] == ["CW403"]


def test_json_is_an_object_whatever_stops_the_tally(tmp_path: Path) -> None:
    root = site(tmp_path)
    (root / "votes/0001.yml").unlink()
    none = clausewise("tally", "1", "--format", "json", cwd=root)
    assert none.returncode == 1 and json.loads(none.stdout) == {"rfc": 1, "status": "accepted", "rule": None, "errors": [], "outcome": None}
    assert "no vote record (votes/0001.yml) and no decision" in none.stderr
    missing = clausewise("tally", "7", "--format", "json", cwd=root)
    assert missing.returncode == 1 and json.loads(missing.stdout)["rfc"] == 7
    assert "there is no RFC 7" in missing.stderr
    (root / "votes/0001.yml").write_text("rfc: 1\n---\nvotes: []\n")
    broken = clausewise("tally", "1", "--format", "json", cwd=root)
    assert broken.returncode == 1 and json.loads(broken.stdout)["errors"][0]["code"] == "CW101"


# -- correct tallies, end to end ----------------------------------------------------------------
LAZY = GOV.replace("default_rule: apache", "default_rule: our-lazy-consensus")


def test_a_proposer_off_the_roster_who_votes_loses_the_implicit_plus_one(tmp_path: Path) -> None:
    """Lazy consensus with `proposer_counts`: the proposer (here not on the roster) is an
    implicit +1 until they state a vote; their stated 0 replaces it, as it would for a member."""
    record = 'rfc: 1\nproposer: Pat Outsider\nvoting: {opens: "2026-02-01", closes: "2026-02-10"}\nvotes: []\n'
    root = site(tmp_path, gov=LAZY, record=record)
    assert "outcome: PASSED: 1 binding +1 (including the proposer's implicit +1) and no binding -1" in clausewise("tally", "1", cwd=root).stdout
    (root / "votes/0001.yml").write_text(record.replace("votes: []\n", 'votes:\n  - {voter: Pat Outsider, value: 0, date: "2026-02-03", ref: "https://example.org/p"}\n'))
    tally = clausewise("tally", "1", cwd=root)
    assert "outcome: FAILED: no binding +1 (lazy consensus needs at least one positive vote)" in tally.stdout
    assert "implicit" not in tally.stdout.split("outcome:")[1]
    # the same on the +2 .. -2 scale: a stated -1 replaces the implicit +1 in the sum
    (root / "votes/0001.yml").write_text(record.replace("rfc: 1\n", "rfc: 1\nrule: xen-v3-lazy-consensus\n").replace(
        "votes: []\n", 'votes:\n  - {voter: Pat Outsider, value: -1, date: "2026-02-03", ref: "https://example.org/p", reasons: "Not yet."}\n'))
    (root / "governance.yml").write_text(LAZY.replace("allowed_rules: [majority]", "allowed_rules: [majority, xen-v3-lazy-consensus]"))
    assert "outcome: FAILED: the sum of opinions is +0; it must be above 0" in clausewise("tally", "1", cwd=root).stdout


def test_a_stakeholder_off_the_roster_is_an_error_tally_reports(tmp_path: Path) -> None:
    record = ('rfc: 1\nrule: xen-v3-lazy-consensus\nstakeholders: [Dana Absent]\nvoting: {opens: "2026-02-01", closes: "2026-02-10"}\n'
              'votes:\n  - {voter: Dana Absent, value: -2, date: "2026-02-03", ref: "https://example.org/d", reasons: "Blocks."}\n')
    root = site(tmp_path, gov=GOV.replace("allowed_rules: [majority]", "allowed_rules: [xen-v3-lazy-consensus]"), record=record)
    assert "votes/0001.yml:3: CW403 required stakeholder `Dana Absent` is not on the roster on 2026-02-01" in "\n".join(check_errors(root))
    tally = clausewise("tally", "1", "--format", "json", cwd=root)
    assert tally.returncode == 1
    obj = json.loads(tally.stdout)
    assert [(e["line"], e["code"]) for e in obj["errors"]] == [(3, "CW403")]


def test_record_uses_the_rule_the_rfc_kind_maps_to(tmp_path: Path) -> None:
    """`clausewise record` tallied under the default rule, ignoring the RFC's `kind:`: an
    RFC of kind `code` (Apache style) passed in `tally` and `check` but was recorded as
    rejected under the default lazy consensus, whose -1 fails it."""
    gov = LAZY.replace("  charter: our-lazy-consensus\n", "  charter: our-lazy-consensus\n  code: apache\n")
    record = votes() + '  - {voter: Dan Example, value: -1, date: "2026-02-04", ref: "https://example.org/d"}\n'
    root = site(tmp_path, gov=gov, record=record)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: accepted", "status: voting").replace("resolves:", "kind: code\nresolves:"))
    assert "outcome: PASSED: 3 binding +1 (at least 3) and no veto" in clausewise("tally", "1", cwd=root).stdout
    recorded = clausewise("record", "1", cwd=root)
    assert recorded.returncode == 0, recorded.stderr
    assert "status: accepted" in rfc.read_text() and "under apache" in rfc.read_text()
    assert clausewise("check", cwd=root).returncode == 0


def test_a_vote_row_s_caret_stays_on_its_own_row(tmp_path: Path) -> None:
    """CW405 on a one-line `- {voter: ...}` row: the caret is on that row, not on the
    `reasons:` of the next voter's row, which the message's last quoted word matches."""
    record = votes() + ('  - {voter: Dan Example, value: -1, date: "2026-02-04", ref: "https://example.org/d"}\n'
                        '  - {voter: Erin Example, value: -1, date: "2026-02-05", ref: "https://example.org/e", reasons: "No."}\n')
    root = site(tmp_path, record=record)
    out = clausewise("check", cwd=root).stdout
    block = out.split("votes/0001.yml:7: CW405", 1)[1].split("\nvotes/", 1)[0].splitlines()
    shown = [line for line in block if line.strip()[:1].isdigit()]
    assert len(shown) == 1 and shown[0].split("|", 1)[0].strip() == "7", block


def test_an_error_in_another_rule_is_reported_beside_the_tally(tmp_path: Path) -> None:
    """governance.yml's broken `our-lazy-consensus` is not the rule this vote is decided
    by (apache): the tally is shown, the error beside it, exit 1."""
    gov = GOV.replace("    uses: lazy-consensus\n", "    uses: supermajority\n    fraction: \"5/4\"\n")
    root = site(tmp_path, gov=gov)
    text, data = both(root)
    assert text.returncode == 1 and "outcome: PASSED: 3 binding +1 (at least 3) and no veto" in text.stdout  # type: ignore[attr-defined]
    assert "governance.yml:12: CW401 rule `our-lazy-consensus`: `fraction` must be a fraction" in text.stderr  # type: ignore[attr-defined]
    obj = json.loads(data.stdout)  # type: ignore[attr-defined]
    assert obj["outcome"]["result"] == "passed" and [e["code"] for e in obj["errors"]] == ["CW401"]
