"""A second community adopting clausewise from zero (issue 16): the mistakes a new user
makes are all reported in one run, with the right file, line and severity. Each test works
on what `clausewise init` writes, in a real folder (and a real git repository where it
matters), through the real command."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT, clausewise, first_lines, run

from clausewise.check.explain import EXAMPLES

FOUR_MISTAKES = """---
rfc: 2
title: Four mistakes
status: draft
authors: [Bob Example]
created: 1 February 2026
resolves: [incident-1.deploymnt]
changes:
  - op: amend
    clause: disclosure.deploymnet
    text: New text.
---
See [[incident-1.deploymen]].
"""


def init(tmp_path: Path, git: bool = False) -> Path:
    root = tmp_path / "site"
    assert clausewise("init", str(root)).returncode == 0
    if git:
        run(["git", "init", "-q", "-b", "main"], root, check=True)
        run(["git", "add", "-A"], root, check=True)
        run(["git", "commit", "-q", "-m", "init"], root, check=True)
    return root


def test_every_independent_problem_of_a_file_in_one_run(tmp_path: Path) -> None:
    """Front matter errors no longer hide the bad ids and references of the same file."""
    root = init(tmp_path)
    (root / "rfcs/0002-four.md").write_text(FOUR_MISTAKES)
    check = clausewise("check", cwd=root)
    assert check.returncode == 1
    assert first_lines(check.stdout) == [
        "rfcs/0002-four.md:2: CW103 `discussion` is required",
        "rfcs/0002-four.md:6: CW104 `created` must be a date written YYYY-MM-DD (or YYYY-MM), not `1 February 2026`",
        "rfcs/0002-four.md:7: CW201 unknown ambiguity `incident-1.deploymnt`",
        "  hint: did you mean `incident-1.deployment`?",
        "rfcs/0002-four.md:9: CW201 unknown clause `disclosure.deploymnet`",
        "  hint: did you mean `disclosure.deployment`?",
        "rfcs/0002-four.md:13: CW201 unknown reference `[[incident-1.deploymen]]`",
        "  hint: did you mean `incident-1.deployment`?",
    ]
    # Fixing the front matter brings no new problem to light: they were all reported.
    text = FOUR_MISTAKES.replace("created: 1 February 2026", 'created: "2026-02-01"\ndiscussion: https://example.org/d')
    (root / "rfcs/0002-four.md").write_text(text)
    again = first_lines(clausewise("check", cwd=root).stdout)
    assert [line.split(": CW")[0] for line in again if not line.startswith(" ")] == ["rfcs/0002-four.md:8", "rfcs/0002-four.md:10", "rfcs/0002-four.md:14"]


def test_a_broken_yaml_front_matter_still_has_its_body_checked(tmp_path: Path) -> None:
    root = init(tmp_path)
    (root / "rfcs/0002-yaml.md").write_text('---\nrfc: 2\ntitle: "unclosed\n---\nSee [[disclosure.embargoo]].\n')
    lines = first_lines(clausewise("check", cwd=root).stdout)
    assert lines[0].startswith("rfcs/0002-yaml.md:3: CW101 malformed YAML")
    assert "rfcs/0002-yaml.md:5: CW201 unknown reference `[[disclosure.embargoo]]`" in lines


def test_a_misspelt_voter_fails_the_check(tmp_path: Path) -> None:
    """`Aiko Tanka` for `Aiko Tanaka` would be miscounted as non-binding: an error, even
    without --strict. Someone really not on the roster stays a note."""
    root = init(tmp_path)
    ex = EXAMPLES["CW403"]
    for rel, content in ex.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(str(content))
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: voting"))
    check = clausewise("check", cwd=root)
    assert check.returncode == 1
    assert first_lines(check.stdout) == [
        "votes/0001.yml:5: CW403 `Aiko Tanka` is not on the roster, but `Aiko Tanaka` is; spell the voter as on the roster, or the vote is miscounted as non-binding",
        "  hint: did you mean `Aiko Tanaka`?",
    ]
    votes = root / "votes/0001.yml"
    votes.write_text(votes.read_text().replace("Aiko Tanka", "Zoe Outsider"))
    check = clausewise("check", "--strict", cwd=root)
    assert check.returncode == 0, check.stdout
    assert first_lines(check.stdout) == ["votes/0001.yml:5: CW403 note: Zoe Outsider is not on the roster on 2026-01-29; the vote is counted as non-binding"]
    # Case and spacing are a misspelling too.
    votes.write_text(votes.read_text().replace("Zoe Outsider", "aiko  tanaka"))
    assert clausewise("check", cwd=root).returncode == 1


def test_a_duplicate_rfc_number_blames_the_new_file_and_names_the_next_free_one(tmp_path: Path) -> None:
    root = init(tmp_path, git=True)
    old = (root / "rfcs/0001-allow-deployment.md").read_text()
    # The newcomer sorts first: the committed file must not be blamed for it.
    (root / "rfcs/0001-aardvark.md").write_text(old.replace("title: Allow", "title: Also allow"))
    check = clausewise("check", cwd=root)
    assert check.returncode == 1
    assert first_lines(check.stdout) == [
        "rfcs/0001-aardvark.md:2: CW202 RFC 1 is already used at rfcs/0001-allow-deployment.md:2",
        "  hint: the next free number is 2: rename the file to 0002-aardvark.md and set `rfc: 2`",
    ]
    # The RFC pages go on showing the committed RFC.
    tally = clausewise("tally", "1", cwd=root)
    assert "Allow deployment on one's own systems" in tally.stdout + tally.stderr


def test_a_stray_document_marker_in_a_vote_file(tmp_path: Path) -> None:
    root = init(tmp_path)
    (root / "governance.yml").write_text(str(EXAMPLES["CW403"].files["governance.yml"]))
    (root / "votes").mkdir()
    (root / "votes/0001.yml").write_text('rfc: 1\n---\nvoting: {opens: "2026-01-27", closes: "2026-02-10"}\nvotes: []\n')
    check = clausewise("check", cwd=root)
    assert first_lines(check.stdout)[0] == "votes/0001.yml:2: CW101 a second `---` starts another YAML document, and a file holds one; delete this `---` line"
    tally = clausewise("tally", "1", cwd=root)
    assert tally.returncode == 1
    assert "cannot tally: votes/0001.yml has errors" in tally.stderr
    assert "votes/0001.yml:2: CW101" in tally.stderr
    assert "no vote record" not in tally.stderr


def test_check_outside_a_project_and_without_policy(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    check = clausewise("check", cwd=empty)
    assert check.returncode == 2
    assert "no clausewise project in `.`" in check.stderr and "clausewise init" in check.stderr
    assert "clausewise.yml:1" not in check.stdout + check.stderr
    root = init(tmp_path)
    shutil.rmtree(root / "docs/policy")
    lines = first_lines(clausewise("check", cwd=root).stdout)
    assert lines[0].startswith("docs/policy/index.md:1: CW302 no policy pages found in `docs/policy/`")


def test_counts_are_singular_for_one(tmp_path: Path) -> None:
    root = init(tmp_path)
    check = clausewise("check", cwd=root)
    assert "clausewise: 3 clauses, 1 ambiguity, 1 ruling, 1 RFC: 0 errors, 0 warnings" in check.stderr


def test_a_typed_outcome_without_votes_or_decision_is_a_warning(tmp_path: Path) -> None:
    root = init(tmp_path)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: accepted"))
    check = clausewise("check", "--strict", cwd=root)
    assert check.returncode == 1
    assert first_lines(check.stdout) == [
        "rfcs/0001-allow-deployment.md:4: CW205 warning: status is `accepted` but nothing records the decision: no vote record and no `decision`",
        "  hint: add the votes (0001.yml in the votes folder) or a `decision:` with outcome, date, by and source",
    ]


def test_a_non_binding_vote_is_not_shown_as_counted(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    made = clausewise("pages", str(ROOT / "examples/governance"), "--out", str(out))
    assert made.returncode == 0, made.stdout + made.stderr
    page = (out / "rfcs/0001-permit-deployment.md").read_text()
    ivan = next(line for line in page.splitlines() if "Ivan Example" in line and line.startswith("|"))
    assert "| no | no: not binding |" in ivan
    alice = next(line for line in page.splitlines() if "| Alice Example |" in line)
    assert "| yes |" in alice.split("| +1 |")[1]


# -- scaffolding that `apply` accepts ------------------------------------------------------
GOV_PASSED = """# Fictional people.
default_rule: apache
as_of: "2026-03-01"
roster:
  - {name: Aiko Tanaka, role: committer, from: "2025-01-01"}
  - {name: Bob Example, role: committer, from: "2025-01-01"}
  - {name: Carol Example, role: committer, from: "2025-01-01"}
"""


def passed_votes(number: int) -> str:
    rows = "".join(f'  - {{voter: {n}, value: +1, date: "2026-02-0{i + 2}", ref: "https://example.org/m{i}"}}\n'
                   for i, n in enumerate(("Aiko Tanaka", "Bob Example", "Carol Example")))
    return f'rfc: {number}\nvoting: {{opens: "2026-02-01", closes: "2026-02-10"}}\nvotes:\n{rows}'


def test_new_rfc_by_clause_goes_through_a_vote_and_apply(tmp_path: Path) -> None:
    root = init(tmp_path, git=True)
    made = clausewise("new", "rfc", "--clause", "membership.contact", "--author", "Bob Example", cwd=root)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "rfcs/0002-security-contact.md"  # the title's words, not "change-security-contact"
    path = root / rel
    text = path.read_text()
    assert text.count("the address of a person.") == 2  # as `base` and as `text`
    head, _, tail = text.partition("    text: |-\n")
    tail = tail.replace("rather than the address of a person.", "or a shared mailbox, never a person's address.", 1)
    path.write_text((head + "    text: |-\n" + tail).replace("status: draft", "status: voting"))
    (root / "governance.yml").write_text(GOV_PASSED.replace("2026-03-01", "2026-02-05"))
    (root / "votes").mkdir()
    (root / "votes/0002.yml").write_text(passed_votes(2))
    assert clausewise("check", cwd=root).returncode == 0  # voting, and ready for apply
    (root / "governance.yml").write_text(GOV_PASSED)
    path.write_text(path.read_text().replace("status: voting", "status: accepted"))
    applied = clausewise("apply", "2", cwd=root)
    assert applied.returncode == 0, applied.stderr
    assert "never a person's address" in (root / "docs/policy/index.md").read_text()
    after = clausewise("check", cwd=root)
    assert after.returncode == 0 and "0 errors" in after.stderr, after.stdout


def test_an_rfc_put_to_the_vote_without_base_is_an_error(tmp_path: Path) -> None:
    root = init(tmp_path)
    rfc = root / "rfcs/0001-allow-deployment.md"
    text = rfc.read_text()
    start = text.index("    base: |-\n")
    end = text.index("    text: |-\n")
    rfc.write_text((text[:start] + text[end:]).replace("status: discussion", "status: voting"))
    check = clausewise("check", cwd=root)
    assert check.returncode == 1
    assert first_lines(check.stdout) == [
        "rfcs/0001-allow-deployment.md:10: CW204 RFC 1 is `voting` but its `amend` of `disclosure.deployment` has no `base:`; `clausewise apply` needs the clause text the RFC was drafted against",
        "  hint: add `base:` with the clause's current text (from docs/policy/index.md:13)",
    ]
    # While it is being discussed, a missing `base` is not yet a problem.
    rfc.write_text(rfc.read_text().replace("status: voting", "status: discussion"))
    assert clausewise("check", cwd=root).returncode == 0


RESOLVING = """---
rfc: 1
title: Own systems
status: accepted
authors: [Alice Example]
created: "2026-01-20"
discussion: https://example.org/lists/policy/rfc-1
resolves: [incident-1.deployment]
changes:
  - op: remove
    clause: disclosure.deployment
    base: |-
      Organisations must not make fixed software available to anyone before the disclosure
      date, except after consulting the security team.
  - op: add
    clause: disclosure.own-systems
    title: Deploying on one's own systems
    after: disclosure.embargo
    text: Organisations may deploy fixed software on their own systems during an embargo.
decision:
  outcome: accepted
  date: "2026-02-01"
  by: The security team
  source: https://example.org/decisions/1
---
Replaces the clause.
"""


def test_new_rfc_on_a_resolved_ambiguity_starts_from_the_clause_in_force(tmp_path: Path) -> None:
    root = init(tmp_path, git=True)
    (root / "rfcs/0001-allow-deployment.md").write_text(RESOLVING)
    (root / "faq/deploying-fixes.md").unlink()  # it cites the clause RFC 1 removes
    assert clausewise("apply", "1", cwd=root).returncode == 0
    made = clausewise("new", "rfc", "--resolves", "incident-1.deployment", cwd=root)
    assert made.returncode == 0, made.stderr
    assert "clausewise: warning: ambiguity `incident-1.deployment` is already resolved by RFC 1 (accepted); the new RFC starts from the clauses now in force: disclosure.own-systems" in made.stderr
    text = (root / made.stdout.strip()).read_text()
    assert "clause: disclosure.own-systems" in text and "clause: disclosure.deployment" not in text
    assert "base: |-\n      Organisations may deploy fixed software on their own systems during an embargo.\n" in text
    # The new RFC checks clean (the sample post-mortem still names the removed clause).
    check = clausewise("check", cwd=root)
    assert [line for line in first_lines(check.stdout) if line.startswith("rfcs/") and "warning" not in line] == []


def test_new_postmortem_suggests_the_normalised_id(tmp_path: Path) -> None:
    root = init(tmp_path)
    made = clausewise("new", "postmortem", "XSA 200", cwd=root)
    assert made.returncode == 2
    assert "did you mean `xsa-200`? (clausewise new postmortem xsa-200)" in made.stderr
    assert not (root / "postmortems/XSA 200.md").exists()


# -- `init` output that survives documented use --------------------------------------------
def nav_links(site: Path) -> set[str]:
    html = (site / "index.html").read_text()
    nav = html[html.index('class="md-nav__list"'):]
    return {h for h in ("faq/", "roster/", "changelog/", "rfcs/", "postmortems/") if f'href="{h}"' in nav}


def test_init_builds_strict_as_content_comes_and_goes(tmp_path: Path) -> None:
    """Each step is a documented command or file; none edits mkdocs.yml."""
    from helpers import mkdocs_build

    root = init(tmp_path, git=True)
    site = tmp_path / "out"

    def build() -> set[str]:
        result = mkdocs_build(root, site)
        assert result.returncode == 0, result.stderr
        return nav_links(site)

    assert build() == {"faq/", "changelog/", "rfcs/", "postmortems/"}
    (root / "faq/deploying-fixes.md").unlink()  # the sample answer goes: so does the FAQ entry
    assert "faq/" not in build()
    (root / "governance.yml").write_text(str(EXAMPLES["CW403"].files["governance.yml"]))
    assert "roster/" in build() and (site / "roster/index.html").exists()
    assert clausewise("new", "postmortem", "incident-2", cwd=root).returncode == 0
    asked = clausewise("new", "faq", "--question", "May we deploy fixes?", "--clause", "disclosure.deployment", cwd=root)
    assert asked.returncode == 0, asked.stderr
    assert "faq/" in build() and (site / "postmortems/incident-2/index.html").exists()
    # Every sample removed: the site still builds, the indexes say there is nothing yet.
    for rel in ("postmortems/incident-1.md", "rfcs/0001-allow-deployment.md", "faq/may-we-deploy-fixes.md"):
        (root / rel).unlink()
    assert clausewise("check", cwd=root).returncode == 0
    assert build() == {"roster/", "changelog/", "rfcs/", "postmortems/"}
    # What a build leaves behind (the site, an interrupted build's staging folders) is ignored.
    mkdocs_build(root, root / "site")
    for leftover in (".site.staging-x1y2", ".site.old-x1y2"):
        (root / leftover).mkdir()
        (root / leftover / "index.html").write_text("stale\n")
    status = run(["git", "status", "--porcelain", "--untracked-files=all"], root, check=True).stdout
    assert "site" not in status.replace("postmortems/", ""), status


def test_the_init_hook_runs_without_an_activated_virtualenv(tmp_path: Path) -> None:
    """`pre-commit install` in a new project whose clausewise lives in the project's .venv,
    with nothing activated: PATH has neither clausewise nor this test's environment."""
    import os
    import subprocess

    from helpers import BIN, GIT_ENV

    root = init(tmp_path, git=True)
    home = tmp_path / "pre-commit-home"
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": path}
    env.pop("VIRTUAL_ENV", None)

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=root, env=env, text=True, capture_output=True)

    assert sh(str(BIN / "pre-commit"), "install").returncode == 0
    # No clausewise anywhere: the commit is refused with what to do.
    (root / "rfcs/0002-four.md").write_text(FOUR_MISTAKES)
    sh("git", "add", "-A")
    missing = sh("git", "commit", "-m", "a bad RFC")
    assert missing.returncode != 0
    assert "clausewise is not installed here; python3 -m venv .venv" in missing.stdout + missing.stderr
    # The project's own .venv (as the docs set it up) is found without activating it.
    (root / ".venv/bin").mkdir(parents=True)
    (root / ".venv/bin/clausewise").symlink_to(BIN / "clausewise")
    blocked = sh("git", "commit", "-m", "a bad RFC")
    assert blocked.returncode != 0
    assert "rfcs/0002-four.md:13: CW201 unknown reference `[[incident-1.deploymen]]`" in blocked.stdout + blocked.stderr
    (root / "rfcs/0002-four.md").unlink()
    with (root / "docs/index.md").open("a") as fh:
        fh.write("\nSee [[disclosure.embargo]].\n")
    sh("git", "add", "-A")
    passed = sh("git", "commit", "-m", "a good edit")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def test_the_docs_show_the_hooks_as_they_are() -> None:
    """The remote hook's `rev:` is one pre-commit can resolve before `autoupdate` pins it
    (there is no release tag to name), and the local hook shown is the one `init` writes."""
    import re

    import yaml

    from clausewise.author.init import template_files

    page = (ROOT / "docs/contributing.md").read_text()
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", page, re.S) if "clausewise-check" in b]
    remote = next(b["repos"][0] for b in blocks if b["repos"][0]["repo"].startswith("https://"))
    assert remote["rev"] == "main" and "pre-commit autoupdate" in page
    local = next(b["repos"][0]["hooks"][0] for b in blocks if b["repos"][0]["repo"] == "local")
    written = yaml.safe_load(template_files()[".pre-commit-config.yaml"])["repos"][0]["hooks"][0]
    assert local == written
    assert "v0.1.0" not in page + (ROOT / ".pre-commit-hooks.yaml").read_text()


# -- rules are the community's --------------------------------------------------------------
COMMUNITY_GOV = """# Fictional people and rules.
default_rule: our-lazy-consensus
as_of: "2026-03-01"
roster:
  - {name: Aiko Tanaka, role: committer, from: "2025-01-01"}
  - {name: Bob Example, role: committer, from: "2025-01-01"}
  - {name: Carol Example, role: committer, from: "2025-01-01"}
rules:
  our-lazy-consensus:
    uses: lazy-consensus
    title: Lazy consensus (our bylaws, section 4)
  charter-change:
    uses: supermajority
    title: Charter change
    fraction: "3/4"
    quorum: "2/3"
kinds:
  charter: charter-change
"""


def test_a_community_names_its_rules_and_maps_kinds_to_them(tmp_path: Path) -> None:
    from helpers import mkdocs_build

    root = init(tmp_path)
    (root / "governance.yml").write_text(COMMUNITY_GOV)
    (root / "votes").mkdir()
    rfc = root / "rfcs/0001-allow-deployment.md"
    # The proposer's implicit +1 passes lazy consensus with nobody else voting.
    (root / "votes/0001.yml").write_text('rfc: 1\nproposer: Aiko Tanaka\nvoting: {opens: "2026-02-01", closes: "2026-02-10"}\nvotes: []\n')
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: accepted"))
    check = clausewise("check", "--strict", cwd=root)
    assert check.returncode == 0, check.stdout
    tally = clausewise("tally", "1", cwd=root)
    assert "rule:    our-lazy-consensus (Lazy consensus (our bylaws, section 4))" in tally.stdout
    assert "outcome: PASSED: 1 binding +1 (including the proposer's implicit +1) and no binding -1" in tally.stdout
    site = tmp_path / "out"
    assert mkdocs_build(root, site).returncode == 0
    page = (site / "rfcs/0001-allow-deployment/index.html").read_text()
    assert "Lazy consensus (our bylaws, section 4)" in page and "Xen" not in page
    roster = (site / "roster/index.html").read_text()
    assert "Charter change" in roster and "decides <code>charter</code>" in roster

    # A charter RFC is decided by the rule its kind maps to: 2 of 3 in favour is below 3/4.
    rfc.write_text(rfc.read_text().replace("status: accepted", "status: rejected").replace("resolves:", "kind: charter\nresolves:"))
    (root / "votes/0001.yml").write_text('rfc: 1\nvoting: {opens: "2026-02-01", closes: "2026-02-10"}\nvotes:\n'
                                         '  - {voter: Aiko Tanaka, value: +1, date: "2026-02-02", ref: "https://example.org/1"}\n'
                                         '  - {voter: Bob Example, value: +1, date: "2026-02-02", ref: "https://example.org/2"}\n'
                                         '  - {voter: Carol Example, value: -1, date: "2026-02-02", ref: "https://example.org/3", reasons: "No."}\n')
    assert clausewise("check", cwd=root).returncode == 0
    tally = clausewise("tally", "1", cwd=root).stdout
    assert "rule:    charter-change (Charter change)" in tally
    assert "outcome: FAILED: 2 for, 1 against of 3 members: 2 of 3 votes cast in favour is less than 3/4" in tally


def test_mistakes_in_the_community_rules_are_located(tmp_path: Path) -> None:
    root = init(tmp_path)
    gov = COMMUNITY_GOV.replace('    fraction: "3/4"\n', '    fraction: "5/4"\n    min_plus: 2\n')
    (root / "governance.yml").write_text(gov)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("resolves:", "kind: chartre\nresolves:"))
    lines = first_lines(clausewise("check", cwd=root).stdout)
    assert lines == [
        "governance.yml:15: CW401 rule `charter-change`: `fraction` must be a fraction above 0 and at most 1, such as 2/3, not `5/4`",
        "governance.yml:16: CW401 rule `charter-change`: `min_plus` is not a parameter of `supermajority` (it takes fraction, quorum, quorum_of, scale)",
        "rfcs/0001-allow-deployment.md:8: CW401 unknown kind of decision `chartre`",
        "  hint: did you mean `charter`?",
    ]


def test_schema_modelines_and_docs_name_the_same_host(tmp_path: Path) -> None:
    """Without a site_url the modeline is the schema's own $id; with one, the site's copy,
    as docs/contributing.md shows for this repository's site."""
    import json

    root = init(tmp_path)
    made = clausewise("new", "rfc", "--clause", "disclosure.embargo", cwd=root)
    modeline = (root / made.stdout.strip()).read_text().splitlines()[1]
    schema_id = json.loads((ROOT / "src/clausewise/schemas/rfc.schema.json").read_text())["$id"]
    assert modeline == f"# yaml-language-server: $schema={schema_id}"
    page = (ROOT / "docs/contributing.md").read_text()
    site_url = next(line.split(": ", 1)[1].strip() for line in (ROOT / "mkdocs.yml").read_text().splitlines() if line.startswith("site_url:"))
    assert f"# yaml-language-server: $schema={site_url}schemas/rfc.schema.json" in page
    assert schema_id in page


# -- correct tallies --------------------------------------------------------------------------
def test_only_valid_votes_compete_for_the_latest(tmp_path: Path) -> None:
    """Apache: three binding +1 in the period, then one voter's -1 after it closed (or a
    value the rule does not allow): the earlier +1 still counts."""
    root = init(tmp_path)
    (root / "governance.yml").write_text(GOV_PASSED)
    (root / "votes").mkdir()
    late = '  - {voter: Bob Example, value: -1, date: "2026-02-20", ref: "https://example.org/late", reasons: "Too late."}\n'
    (root / "votes/0001.yml").write_text(passed_votes(1) + late)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: accepted"))
    tally = clausewise("tally", "1", cwd=root).stdout
    assert "outcome: PASSED: 3 binding +1 (at least 3) and no veto" in tally
    assert "replaced by a later vote" not in tally
    (root / "votes/0001.yml").write_text(passed_votes(1) + late.replace("-1", "+2").replace("2026-02-20", "2026-02-09"))
    assert "outcome: PASSED: 3 binding +1" in clausewise("tally", "1", cwd=root).stdout


def test_a_stakeholder_must_be_on_the_roster(tmp_path: Path) -> None:
    root = init(tmp_path)
    (root / "governance.yml").write_text(GOV_PASSED)
    (root / "votes").mkdir()
    (root / "votes/0001.yml").write_text(passed_votes(1).replace("rfc: 1\n", "rfc: 1\nrule: xen-v3-lazy-consensus\nstakeholders: [Carol Exampel]\n"))
    (root / "governance.yml").write_text(GOV_PASSED.replace("as_of", "allowed_rules: [xen-v3-lazy-consensus]\nas_of"))
    lines = first_lines(clausewise("check", cwd=root).stdout)
    assert "votes/0001.yml:3: CW403 required stakeholder `Carol Exampel` is not on the roster on 2026-02-01, when voting opened; only a binding -2 blocks, so theirs would be ignored" in lines
    assert "  hint: did you mean `Carol Example`?" in lines


def test_an_applied_rfc_is_not_blamed_on_the_rfcs_beside_it(tmp_path: Path) -> None:
    """`clausewise apply 1` edits the policy in the same change as a new draft RFC 2: the
    edit is RFC 1's, recorded in policy-versions.yml, and CW513 does not blame RFC 2. A
    hand edit of the policy beside the draft still is."""
    root = init(tmp_path, git=True)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text().replace("status: discussion", "status: accepted").replace(
        "changes:", 'decision:\n  outcome: accepted\n  date: "2026-02-01"\n  by: The security team\n  source: https://example.org/d/1\nchanges:'))
    run(["git", "commit", "-qam", "RFC 1 accepted"], root, check=True)
    assert clausewise("new", "rfc", "--clause", "membership.contact", cwd=root).returncode == 0
    assert clausewise("apply", "1", cwd=root).returncode == 0
    review = clausewise("check", "--since", "HEAD", cwd=root)
    assert "CW513" not in review.stdout, review.stdout
    policy = root / "docs/policy/index.md"
    policy.write_text(policy.read_text().replace("rather than the address of a person", "never a person's address"))
    assert "CW513 clause `membership.contact` was edited directly since `HEAD`, in the same change as RFC 2" in clausewise("check", "--since", "HEAD", cwd=root).stdout
