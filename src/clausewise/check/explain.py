"""`clausewise explain CODE` and the diagnostics reference page: for every code, a bad
example, what `clausewise check` says about it, and the fix.

Each example is a change to the sample project that `clausewise init` writes (ids such as
`disclosure.deployment`, `incident-1.deployment`, RFC 1). The tests apply every example to
a fresh sample project and check that it produces exactly the documented first line, so
the page cannot drift from the checker; another test keeps docs/diagnostics.md equal to
`reference_page()`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from clausewise.errors import ClausewiseError
from clausewise.model.diagnostics import CODES


@dataclass(frozen=True)
class Example:
    #: the first line `clausewise check` prints for it (the tests hold it to this)
    says: str
    #: what to do about it
    fix: str
    #: new files: project path -> content (bytes for what is not text)
    files: dict[str, str | bytes] = field(default_factory=dict)
    #: edits to the sample's files: (path, old, new)
    edits: tuple[tuple[str, str, str], ...] = ()
    #: compare with the sample as committed: `clausewise check --since HEAD`
    since: bool = False
    #: a notice of the site build, not of `check`: the git situation that triggers it
    #: (no-git | shallow | broken-git | long-history), or the renderer (zensical); `says` is then the start of the logged line
    build: str | None = None
    #: symbolic links to make: project path -> target
    links: dict[str, str] = field(default_factory=dict)


#: For the examples of a closed vote: a roster and a vote record for the sample's RFC 1
#: (fictional voters); the build date is pinned with `as_of`, so the examples say the same whatever the clock.
_CLOSED_GOVERNANCE = """default_rule: xen-v2-lazy-consensus
as_of: "2026-03-01"
roster:
  - {name: Alice Example, role: maintainer, from: "2026-01-01"}
  - {name: Bob Example, role: maintainer, from: "2026-01-01"}
"""
_CLOSED_VOTES = """rfc: 1
voting: {{opens: "2026-02-02", closes: "{closes}"}}
votes:
  - {{voter: Alice Example, value: +1, date: "{voted}", ref: "https://example.org/lists/policy/v1"}}
"""


def _rfc(number: int, slug: str, front: str, body: str = "See [[incident-1.deployment]].\n") -> dict[str, str | bytes]:
    return {f"rfcs/{number:04d}-{slug}.md": f"---\n{front.strip()}\n---\n{body}"}


_BASE = """rfc: 2
title: Deploy only after notice
status: draft
authors: [Bob Example]
created: "2026-02-01"
discussion: https://example.org/lists/policy/rfc-2
resolves: [incident-1.deployment]"""
_AMEND = """changes:
  - op: amend
    clause: disclosure.deployment
    text: Organisations may deploy fixed software on their own systems."""

# Governance examples add a roster (fictional people) and a vote on the sample's RFC 1,
# open on the day `as_of` pins, so the examples give the same tally on any day.
_GOV = """# The people on this roster are fictional.
default_rule: apache
as_of: "2026-02-01"
roster:
  - {name: Aiko Tanaka, role: committer, from: "2025-01-01"}
  - {name: Bob Example, role: committer, from: "2025-01-01"}
  - {name: Carol Example, role: committer, from: "2025-01-01"}
"""
_VOTES = """rfc: 1
voting: {opens: "2026-01-27", closes: "2026-02-10"}
votes:
  - {voter: Bob Example, value: +1, date: "2026-01-28", ref: "https://example.org/lists/policy/m1"}
"""
_VOTING = (("rfcs/0001-allow-deployment.md", "status: discussion", "status: voting"),)


def _gov(gov: str = _GOV, votes: str = _VOTES, extra_vote: str = "") -> dict[str, str | bytes]:
    return {"governance.yml": gov, "votes/0001.yml": votes + extra_vote}


#: For the application examples (CW801 to CW809): criteria declared on the sample's clause
#: `membership.contact` in version 1.0, and a version 1.1 that adds `disclosure.deployment`.
_APP_VERSIONS = """versions:
  - version: "1.0"
    date: "2026-01-01"
    criteria:
      - {id: category, clause: membership.contact, title: Category, evidence: category, categories: [vendor, hosting provider], ask: Your category., check: One of the categories.}
      - {id: page, clause: membership.contact, title: Security page, evidence: url, ask: A link to your security page., check: Must be a web address.}
      - {id: role-alias, clause: %s, title: Role alias, evidence: email, private: true, ask: One role address., check: One email address; never published.}
  - version: "1.1"
    date: "2026-02-01"
    changes:
      - {rfc: 1, op: add, clause: disclosure.deployment, page: docs/policy/index.md, after: disclosure.embargo, title: Deploying fixes during an embargo}
"""


def _app(name: str, front: str, body: str = "") -> dict[str, str | bytes]:
    """An application of the sample, under the criteria of `_APP_VERSIONS`."""
    return {"policy-versions.yml": _APP_VERSIONS % "membership.contact", f"applications/{name}.md": f"---\n{front.strip()}\n---\n{body}"}


_COMPLETE = """applicant: Example Vendor (fictional)
received: "2026-01-10"
category: vendor
evidence:
  page: https://vendor.example/security
  role-alias: security@vendor.example
"""


EXAMPLES: dict[str, Example] = {
    "CW401": Example(
        "governance.yml:2: CW401 unknown decision rule `lazy-concensus`; known rules: xen-v2-lazy-consensus, xen-v3-leadership, xen-v3-lazy-consensus, apache, majority, lazy-consensus, supermajority",
        "Name one of the known rules (the message lists them; the governance page defines each), and list any other rule a vote record may name under `allowed_rules`.",
        files=_gov(_GOV.replace("default_rule: apache", "default_rule: lazy-concensus")),
        edits=_VOTING,
    ),
    "CW402": Example(
        "votes/0001.yml:1: CW402 votes on RFC 1 need a roster and a decision rule",
        "Add `governance.yml` at the project root with `default_rule` and the `roster` of people whose votes are binding.",
        files={"votes/0001.yml": _VOTES},
        edits=_VOTING,
    ),
    "CW403": Example(
        "votes/0001.yml:5: CW403 `Aiko Tanka` is not on the roster, but `Aiko Tanaka` is; spell the voter as on the roster, or the vote is miscounted as non-binding",
        "Spell the voter's name exactly as on the roster. Someone truly not on the roster may vote: the vote is shown and counted as non-binding, which is only a note.",
        files=_gov(extra_vote='  - {voter: Aiko Tanka, value: +1, date: "2026-01-29", ref: "https://example.org/lists/policy/m2"}\n'),
        edits=_VOTING,
    ),
    "CW404": Example(
        "votes/0001.yml:5: CW404 warning: vote of Carol Example on 2026-01-20 is outside the voting period 2026-01-27 to 2026-02-10; it is not counted",
        "Check the date: a vote cast before the period opens or after it closes is shown but not counted. If the date is right, ask the voter to vote again within the period.",
        files=_gov(extra_vote='  - {voter: Carol Example, value: +1, date: "2026-01-20", ref: "https://example.org/lists/policy/m2"}\n'),
        edits=_VOTING,
    ),
    "CW405": Example(
        "votes/0001.yml:5: CW405 warning: a -1 under `apache` must give reasons or an alternative (without them it does not veto); add `reasons:`",
        "Record the reasons the voter gave (`reasons: ...`, in the voter's own words or a summary, with `ref` linking their message). Under `apache` a -1 without reasons is shown but does not veto.",
        files=_gov(extra_vote='  - {voter: Carol Example, value: -1, date: "2026-01-29", ref: "https://example.org/lists/policy/m2"}\n'),
        edits=_VOTING,
    ),
    "CW406": Example(
        "rfcs/0001-allow-deployment.md:4: CW406 status is `discussion` but voting is open until 2026-02-10 (votes/0001.yml, rule `apache`)",
        "Set the status the votes call for: `voting` while the period is open, then `accepted` or `rejected` as the tally says (`clausewise tally N`).",
        files=_gov(),
    ),
    "CW407": Example(
        "votes/0001.yml:5: CW407 Carol Example voted +2, which is not a vote under `apache` (+1, 0, -1)",
        "Record one of the values the rule allows; a vote under another rule needs that rule named in the record (`rule:`) and allowed by governance.yml.",
        files=_gov(extra_vote='  - {voter: Carol Example, value: +2, date: "2026-01-29", ref: "https://example.org/lists/policy/m2"}\n'),
        edits=_VOTING,
    ),
    "CW408": Example(
        "votes/0001.yml:2: CW408 the voting period closes (2026-01-10) before it opens (2026-01-27)",
        "Fix the dates of the period: `opens` is the day of the call for votes, `closes` the last day a vote counts.",
        files=_gov(votes='rfc: 1\nvoting: {opens: "2026-01-27", closes: "2026-01-10"}\nvotes: []\n'),
        edits=(("rfcs/0001-allow-deployment.md", "status: discussion", "status: rejected"),),
    ),
    "CW409": Example(
        "votes/0001.yml:1: CW409 RFC 1 has a decision recorded by reference in rfcs/0001-allow-deployment.md; it cannot also have votes",
        "Keep the votes (the outcome is then computed) or the `decision` (for a decision taken elsewhere, recorded by reference), not both.",
        files=_gov(votes='rfc: 1\nvoting: {opens: "2026-01-05", closes: "2026-01-12"}\nvotes:\n' + "".join(
            f'  - {{voter: {name}, value: +1, date: "2026-01-0{i + 6}", ref: "https://example.org/lists/policy/m{i}"}}\n'
            for i, name in enumerate(("Aiko Tanaka", "Bob Example", "Carol Example")))),
        edits=(("rfcs/0001-allow-deployment.md", "status: discussion", "status: accepted"), ("rfcs/0001-allow-deployment.md", "changes:\n", 'decision:\n  outcome: accepted\n  date: "2026-02-11"\n  by: The security team\n  source: https://example.org/decisions/1\nchanges:\n')),
    ),
    "CW410": Example(
        "governance.yml:7: CW410 roster entry for Carol Example ends (2024-12-31) before it starts (2025-01-01)",
        "Fix the dates of the entry: `from` is the day the person joined, `until` the last day of their term.",
        files=_gov(_GOV.replace('{name: Carol Example, role: committer, from: "2025-01-01"}', '{name: Carol Example, role: committer, from: "2025-01-01", until: "2024-12-31"}')),
        edits=_VOTING,
    ),
    "CW411": Example(
        "rfcs/0001-allow-deployment.md:10: CW411 note: RFC 1 was drafted against older text of `disclosure.deployment`; the clause has changed since",
        "Compare the texts (the RFC page shows what changed in the clause), then update the RFC's `text` and set `base` to the clause's current text.",
        edits=(("rfcs/0001-allow-deployment.md", "    base: |-\n      Organisations must not make fixed software available to anyone before the disclosure\n      date, except after consulting the security team.\n",
                "    base: |-\n      Organisations must not make fixed software available to anyone before the disclosure\n      date.\n"),),
    ),
    "CW412": Example(
        "policy-versions.yml:8: CW412 policy version 1.0 is already listed on line 5",
        "Give each version its own number; `clausewise apply` numbers the next version for you.",
        edits=(("policy-versions.yml", "    note: The policy as first written.", '    note: The policy as first written.\n  - version: "1.0"\n    date: "2026-03-01"'),),
    ),
    "CW413": Example(
        "faq/deploying-fixes.md:3: CW413 unknown policy version `1.1`",
        "Name a version listed in policy-versions.yml: the one the answer was written against.",
        edits=(("faq/deploying-fixes.md", 'policy_version: "1.0"', 'policy_version: "1.1"'),),
    ),
    "CW801": Example(
        "policy-versions.yml:7: CW801 criterion `role-alias` is declared on clause `membership.alias`, which is not in force in version 1.0",
        "Declare the criterion on the clause that requires it, as that clause stood in the version (`clausewise check` names the clauses in force), once per version.",
        files={"policy-versions.yml": _APP_VERSIONS % "membership.alias"},
    ),
    "CW802": Example(
        "applications/2026-01-10-example-vendor.md:7: CW802 warning: evidence for `role-alais`, which is not a criterion of version 1.0 (in force on 2026-01-10)",
        "Use the criterion's id as the versions file declares it for the version in force on the day received; `clausewise new application` writes them all.",
        files=_app("2026-01-10-example-vendor", _COMPLETE.replace("  role-alias:", "  role-alais:")),
    ),
    "CW803": Example(
        "applications/2026-01-10-example-vendor.md:7: CW803 approved, but the checklist has `role-alias` (missing)",
        "Add the missing evidence, or list the criterion under `decision.waived` and say in the reasons why it was waived.",
        files=_app("2026-01-10-example-vendor", _COMPLETE.replace("  role-alias: security@vendor.example\n", "") + 'decision: {outcome: approved, date: "2026-01-20", by: the security team}'),
    ),
    "CW804": Example(
        "applications/2026-01-10-example-vendor.md:8: CW804 rejected although every item of the checklist is present, and the reasons cite no clause or ruling",
        "Cite the clause or ruling the application fails, e.g. `reasons: Not a vendor under [[membership.contact]].`",
        files=_app("2026-01-10-example-vendor", _COMPLETE + 'decision: {outcome: rejected, date: "2026-01-20", by: the security team, reasons: Not convincing.}'),
    ),
    "CW805": Example(
        "applications/2026-01-12-other-vendor.md:8: CW805 warning: rejected, but [[2026-01-10-example-vendor]] (Example Vendor (fictional)) was approved on 2026-01-20 with the same category and checklist",
        "Say why this case differs, citing the earlier application with `[[its id]]`, or correct one of the two decisions.",
        files={
            **_app("2026-01-10-example-vendor", _COMPLETE + 'decision: {outcome: approved, date: "2026-01-20", by: the security team}'),
            **_app("2026-01-12-other-vendor", _COMPLETE.replace("Example Vendor", "Other Vendor").replace("2026-01-10", "2026-01-12")
                   + 'decision: {outcome: rejected, date: "2026-01-25", by: the security team, reasons: "Fails [[membership.contact]]."}'),
        },
    ),
    "CW806": Example(
        "applications/2026-01-10-example-vendor.md:8: CW806 the reasons cite `disclosure.deployment`, which was not in force on 2026-01-20 (version 1.0)",
        "Cite the clause as it stood on the day of the decision (the changelog shows each version), or correct the decision's date.",
        files=_app("2026-01-10-example-vendor", _COMPLETE + 'decision: {outcome: approved, date: "2026-01-20", by: the security team, reasons: "Meets [[disclosure.deployment]]."}'),
    ),
    "CW807": Example(
        "applications/2026-01-10-example-vendor.md:3: CW807 note: pending for 50 days (received 2026-01-10, as of 2026-03-01); the limit is 30",
        "Record the decision (approved, rejected or withdrawn, with date and by), or raise `pending_days` in clausewise.yml. A note never fails a build; it is computed for the build date (`as_of`, SOURCE_DATE_EPOCH or the commit's day).",
        files={**_app("2026-01-10-example-vendor", _COMPLETE), "governance.yml": _CLOSED_GOVERNANCE},
    ),
    "CW808": Example(
        "applications/2026-01-10-example-vendor.md:2: CW808 an email address in the public field `applicant`; the site, feeds, search index and export would publish it",
        "Move the address to `contact` or under `private:` (never published), or mark the criterion that asks for it `private: true`.",
        files=_app("2026-01-10-example-vendor", _COMPLETE.replace("Example Vendor (fictional)", "Example Vendor <psirt@vendor.example>")),
    ),
    "CW809": Example(
        "applications/2026-01-10-example-vendor.md:8: CW809 the decision `approved` has no date",
        "Give the decision a `date` (on or after `received`) and say who decided (`by`).",
        files=_app("2026-01-10-example-vendor", _COMPLETE + "decision: {outcome: approved, by: the security team}"),
    ),
    "CW112": Example(
        "CW112 the policy and RFC files' versions in git are more than 128 MiB of text",
        "Nothing is wrong with the content at HEAD: the history is longer than clausewise reads (each version of a file counts whole, so 70 commits of a 2 MiB policy pass it). Clause pages show the changes of the newest commits that fit; a pull request that adds many commits of a large file should be squashed.",
        build="long-history",
    ),
    "CW703": Example(
        "CW703 cannot read git history",
        "Repair the repository (`git fsck` says what is wrong) or build from a fresh clone.",
        build="broken-git",
    ),
    "CW704": Example(
        "clausewise.yml:1: CW704 `docs_dir: pages` conflicts with mkdocs.yml (by default) (`docs_dir: docs`): the site would show the pages of docs with clause data read from pages; set `docs_dir` once, in mkdocs.yml, and delete it from clausewise.yml",
        "Keep every setting in one place, the clausewise plugin's block in mkdocs.yml (`docs_dir` at its top level), and delete clausewise.yml.",
        files={"clausewise.yml": "docs_dir: pages\n"},
    ),
    "CW705": Example(
        "CW705 Zensical is rendering this site without the clausewise plugin",
        "Write the docs tree and its configuration, then build that: `clausewise pages --out build/zensical/docs --config build/zensical/mkdocs.yml --site-dir build/zensical/site` and `zensical build -f build/zensical/mkdocs.yml` (`make site RENDERER=zensical` does both).",
        build="zensical",
    ),
    "CW706": Example(
        "mkdocs.yml:5: CW706 note: `theme.language: xx`: clausewise has no translation for this language; its generated text stays English (translations: en, fr)",
        "Add a catalog for the language (docs/translating.md), or accept English for the text clausewise generates; the theme's own text still follows `theme.language`.",
        edits=(("mkdocs.yml", "  name: material\n", "  name: material\n  language: xx\n"),),
    ),
    "CW710": Example(
        "mkdocs.yml:1: CW710 `INHERIT: shared/base.yml`: there is no file shared/base.yml",
        "Name the configuration this one inherits from, as a path relative to the file that says `INHERIT:` (MkDocs merges it under this one, and clausewise reads the same merged settings); or remove the line.",
        edits=(("mkdocs.yml", 'site_name: "Our security policy"\n', 'INHERIT: shared/base.yml\nsite_name: "Our security policy"\n'),),
    ),
    "CW100": Example(
        "rfcs/0002-notice.md:3: CW100 file is not valid UTF-8; save it as UTF-8",
        "Save the file as UTF-8 (every editor offers it under *Save with encoding*).",
        files={"rfcs/0002-notice.md": b"---\nrfc: 2\ntitle: Caf\xe9 notice\n---\n"},
    ),
    "CW101": Example(
        "rfcs/0002-notice.md:3: CW101 malformed YAML: mapping values are not allowed here",
        "Put text that contains `: ` (or starts with a special character such as `[`, `{`, `*`, `&`, `!`) in double quotes: `title: \"Notice: deploy only after it\"`.",
        files=_rfc(2, "notice", _BASE.replace("title: Deploy only after notice", "title: Notice: deploy only after it") + "\n" + _AMEND),
    ),
    "CW102": Example(
        "rfcs/0002-notice.md:1: CW102 an RFC must start with YAML front matter between `---` lines",
        "Start the file with the front matter: a `---` line, the fields, and another `---` line.",
        files={"rfcs/0002-notice.md": "# Deploy only after notice\n\nThe text of the RFC.\n"},
    ),
    "CW103": Example(
        "rfcs/0002-notice.md:2: CW103 `discussion` is required",
        "Add the missing field. For an RFC: `rfc`, `title`, `status`, `authors`, `created`, `discussion`, `resolves` and `changes`.",
        files=_rfc(2, "notice", _BASE.replace("discussion: https://example.org/lists/policy/rfc-2\n", "") + "\n" + _AMEND),
    ),
    "CW104": Example(
        "rfcs/0002-notice.md:6: CW104 `created` must be a date written YYYY-MM-DD (or YYYY-MM), not `1 February 2026`",
        "Write the value in the form the message names; dates are `YYYY-MM-DD`, lists are `[a, b]` or one `- item` per line.",
        files=_rfc(2, "notice", _BASE.replace('created: "2026-02-01"', "created: 1 February 2026") + "\n" + _AMEND),
    ),
    "CW105": Example(
        "rfcs/0002-notice.md:3: CW105 unknown field `titel`; allowed: rfc, title, status, authors, created, discussion, resolves, supersedes, changes, provenance, decision, kind",
        "Fix the spelling (the hint names the closest field) or remove the field.",
        files=_rfc(2, "notice", _BASE.replace("title:", "titel:") + "\ntitle: Deploy only after notice\n" + _AMEND),
    ),
    "CW106": Example(
        "rfcs/0002-notice.md:4: CW106 status must be one of draft, discussion, voting, accepted, rejected, withdrawn, superseded, not `aproved`",
        "Use one of the statuses listed; a new RFC starts as `draft`.",
        files=_rfc(2, "notice", _BASE.replace("status: draft", "status: aproved") + "\n" + _AMEND),
    ),
    "CW107": Example(
        "rfcs/0002-notice.md:2: CW107 YAML expands to more than 20000 values (alias bomb?)",
        "Write the values out plainly; front matter needs neither deep nesting nor repeated `*alias` expansion.",
        files=_rfc(2, "notice", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d]"),
    ),
    "CW108": Example(
        "rfcs/0002-notice.md:9: CW108 `title` is given more than once; keep one",
        "Keep one of the two entries: YAML would silently keep only the last.",
        files=_rfc(2, "notice", _BASE + "\ntitle: Deploy after notice\n" + _AMEND),
    ),
    "CW109": Example(
        "rfcs/0009-deep.md:43: CW109 `<div markdown>` blocks nest deeper than 32 levels",
        "Flatten the structure: prose needs a few levels of lists or blocks, never dozens.",
        files=_rfc(9, "deep", "rfc: 9\ntitle: Deep\nstatus: draft\nauthors: [Alice Example]\ncreated: \"2026-02-01\"\ndiscussion: https://example.org/lists/policy/rfc-9\nresolves: [incident-1.deployment]\nchanges: []", "<div markdown>\n" * 40 + "See [[incident-1.deployment]].\n" + "</div>\n" * 40),
    ),
    "CW110": Example(
        "rfcs/0009-long.md:13: CW110 paragraph is longer than 65,536 characters; split it with blank lines",
        "Put blank lines between paragraphs: no real paragraph is 64 KiB long, and Python-Markdown's time for one grows with its length times its emphasis, code and links.",
        files=_rfc(9, "long", "rfc: 9\ntitle: Long\nstatus: draft\nauthors: [Alice Example]\ncreated: \"2026-02-01\"\ndiscussion: https://example.org/lists/policy/rfc-9\nresolves: [incident-1.deployment]\nchanges: []", "See [[incident-1.deployment]].\n\n" + "*a* " * 17_000 + "\n"),
    ),
    "CW114": Example(
        "docs/policy/index.md:10: CW114 the file holds the control character U+001B; content is plain text (an escape sequence or a bidirectional override would reach terminals, feeds and the export)",
        "Delete the character (an editor that shows invisible characters helps): a clause's title and text reach `clausewise tally`, diagnostics, the feeds and the JSON export as they are written.",
        edits=(("docs/policy/index.md", "disclosure date agreed with the security team.", "disclosure date agreed with the \x1b[31msecurity team\x1b[0m."),),
    ),
    "CW113": Example(
        "docs/policy/rules.md:19989: CW113 the policy holds 5,003 clauses; at most 5,000 are built (each has its own page, feed and permalink: about 35 KB of site and of the build's memory), and this is clause 5,001",
        "Merge small clauses into larger ones: a clause is a rule someone may cite, not a sentence. A policy of thousands of rules is several policies; give each a site of its own.",
        files={"docs/policy/rules.md": "".join(f'<!-- clause id="appendix.rule-{i}" title="Rule {i}" -->\nRule {i}.\n<!-- /clause -->\n\n' for i in range(1, 5001))},
    ),
    "CW111": Example(
        "rfcs/0002-notice.md:10: CW111 the `text` of the change to `disclosure.deployment` holds a clause marker (`<!-- clause ... -->` or `<!-- /clause -->`); `clausewise apply` would write it into the policy, ending the clause or starting one no RFC proposed",
        "Write the clause's text only: a marker in a change would be written into the policy by `clausewise apply`, and on the RFC's page it is an HTML comment nobody sees. To add a clause, add a change with `op: add`.",
        files=_rfc(2, "notice", _BASE + "\nchanges:\n  - op: amend\n    clause: disclosure.deployment\n    text: |\n      Organisations may deploy fixed software.\n"
                   "      <!-- /clause -->\n      <!-- clause id=\"hidden.rule\" title=\"Hidden\" -->\n      Members send their keys to the sender."),
    ),
    "CW601": Example(
        "rfcs/0002-two.md:9: CW601 `supersedes` forms a cycle: RFC 2 -> RFC 3 -> RFC 2",
        "An RFC can only supersede older ones: remove one of the two `supersedes` entries.",
        files={"rfcs/0002-two.md": "---\nrfc: 2\ntitle: Two\nstatus: discussion\nauthors: [Bob Example]\ncreated: \"2026-02-01\"\ndiscussion: https://example.org/lists/policy/rfc-2\nresolves: [incident-1.deployment]\nsupersedes: [3]\nchanges: []\n---\nSee [[incident-1.deployment]].\n", "rfcs/0003-three.md": "---\nrfc: 3\ntitle: Three\nstatus: discussion\nauthors: [Bob Example]\ncreated: \"2026-02-01\"\ndiscussion: https://example.org/lists/policy/rfc-3\nresolves: [incident-1.deployment]\nsupersedes: [2]\nchanges: []\n---\nSee [[incident-1.deployment]].\n"},
    ),
    "CW602": Example(
        "rfcs/0009-x.md:1: CW602 symlink points outside the content folders (to `/etc/passwd`); its target would be read and published",
        "Replace the link with the file itself, inside the content folders.",
        links={"rfcs/0009-x.md": "/etc/passwd"},
    ),
    "CW603": Example(
        "mkdocs.yml:24: CW603 pymdownx.snippets reads from the current folder by default",
        "Confine snippets: `base_path: [snippets]` (a dedicated folder), `check_paths: true`, `restrict_base_path: true`, `url_download: false` — or leave snippets off.",
        build="snippets",
    ),
    "CW604": Example(
        "docs/demo.html:1: CW604 `docs/demo.html` (.html) would be published as it is, and a browser may run script in it; the content folder may hold Markdown pages (.md), images, PDFs, text and fonts",
        "Write the page in Markdown; the site's own HTML, scripts and styles belong in the theme's `custom_dir` (e.g. `overrides/`), which maintainers review as configuration.",
        files={"docs/demo.html": "<script>alert(document.cookie)</script>\n"},
    ),
    "CW701": Example(
        "CW701 ",
        "Nothing to fix if you only want a preview; for dates and authors, build inside the git clone of the project.",
        build="no-git",
    ),
    "CW702": Example(
        "CW702 this is a shallow git clone",
        "Fetch the whole history: `git fetch --unshallow`; in GitHub Actions use `actions/checkout` with `fetch-depth: 0`.",
        build="shallow",
    ),
    "CW201": Example(
        "rfcs/0002-notice.md:14: CW201 unknown reference `[[disclosure.deploymnet]]`",
        "Fix the id (the hint names the closest one). Ids are listed on each clause, ambiguity and post-mortem page.",
        files=_rfc(2, "notice", _BASE + "\n" + _AMEND, "This amends [[disclosure.deploymnet]].\n"),
    ),
    "CW202": Example(
        "postmortems/incident-2.md:6: CW202 id `incident-1.deployment` is already used at postmortems/incident-1.md:6",
        "Give the new ambiguity (or clause, ruling, post-mortem) an id of its own; ids share one namespace.",
        files={"postmortems/incident-2.md": '---\nid: incident-2\ntitle: Incident 2\ndate: "2026-03-01"\nambiguities:\n'
               "  - id: incident-1.deployment\n    title: Deployment again\n    question: May we deploy?\n    clauses: [disclosure.deployment]\n---\n"},
    ),
    "CW203": Example(
        "rfcs/0002-notice.md:2: CW203 `rfc: 3` does not match the file name's number 2",
        "Make the number in the file name and the `rfc:` field agree; `clausewise new rfc` picks the next free number for you.",
        files=_rfc(2, "notice", _BASE.replace("rfc: 2", "rfc: 3") + "\n" + _AMEND),
    ),
    "CW204": Example(
        "rfcs/0002-notice.md:10: CW204 cannot add clause `disclosure.embargo`: it already exists",
        "Use `op: amend` to change an existing clause; `op: add` needs a new id.",
        files=_rfc(2, "notice", _BASE + "\nchanges:\n  - op: add\n    clause: disclosure.embargo\n    title: Embargo\n"
                   "    after: disclosure.deployment\n    text: A second embargo clause."),
    ),
    "CW205": Example(
        "rfcs/0002-notice.md:4: CW205 status is `rejected` but the recorded decision is `accepted`",
        "Make `status` agree with the recorded `decision` (the hint says which).",
        files=_rfc(2, "notice", _BASE.replace("status: draft", "status: rejected") + "\n" + _AMEND + "\ndecision:\n  outcome: accepted\n"
                   '  date: "2026-03-01"\n  by: The steering group\n  source: https://example.org/decisions/2'),
    ),
    "CW301": Example(
        "docs/policy/extra.md:3: CW301 clause is never closed; end it with `<!-- /clause -->` on its own line",
        'Close every clause with `<!-- /clause -->` on its own line; open one with `<!-- clause id="section.slug" title="..." -->`.',
        files={"docs/policy/extra.md": '# More policy\n\n<!-- clause id="membership.review" title="Yearly review" -->\nThe list is reviewed every year.\n'},
    ),
    "CW302": Example(
        "docs/policy/index.md:1: CW302 no policy clauses found; mark clauses in the policy pages with <!-- clause id=\"...\" title=\"...\" -->",
        "Wrap each clause of the policy in clause markers so it gets a stable id.",
        edits=(("docs/policy/index.md", '<!-- clause id="disclosure.embargo" title="Embargo" -->', ""),
               ("docs/policy/index.md", '<!-- clause id="disclosure.deployment" title="Deploying fixes during an embargo" -->', ""),
               ("docs/policy/index.md", '<!-- clause id="membership.contact" title="Security contact" -->', ""),
               ("docs/policy/index.md", "<!-- /clause -->", "")),
    ),
    "CW303": Example(
        "faq/deploying-fixes.md:10: CW303 clause `membership.contact` did not exist yet: FAQ answer `deploying-fixes` is read as at policy version 1.0; it was added in version 1.1 by RFC 1",
        "A dated document (a post-mortem, an interim ruling, a FAQ answer, an RFC) is read as at the policy version of its date: "
        "cite the clause that stood then, or, if the text really means the later clause, say so with `[[membership.contact@1.1]]`. "
        "A FAQ answer for the policy as it is now is a new answer that `supersedes:` this one.",
        edits=(("faq/deploying-fixes.md", "date, except after consulting", "date ([[membership.contact]]), except after consulting"),
               ("policy-versions.yml", "    note: The policy as first written.",
                '    note: The policy as first written.\n  - version: "1.1"\n    date: "2999-01-01"\n    rfcs: [1]\n    changes:\n'
                "      - {rfc: 1, op: add, clause: membership.contact, title: Security contact, text: One role address.}")),
    ),
    "CW304": Example(
        "faq/deploying-fixes.md:9: CW304 `[[disclosure.deployment@2.0]]` names policy version `2.0`, which is not recorded",
        "After `@`, name a version listed in policy-versions.yml, or drop `@...` to cite the clause as the document's date reads it.",
        edits=(("faq/deploying-fixes.md", "[[disclosure.deployment]] forbids", "[[disclosure.deployment@2.0]] forbids"),),
    ),
    "CW305": Example(
        "faq/deploying-fixes-today.md:5: CW305 `supersedes: deploying-fixs` names no FAQ answer",
        "Name the earlier answer by its file name without `.md`; each answer can be superseded once, by the answer that replaces it.",
        files={"faq/deploying-fixes-today.md": '---\nquestion: May we deploy fixed software on our own systems during an embargo?\npolicy_version: "1.0"\n'
               "cites: [disclosure.deployment]\nsupersedes: deploying-fixs\n---\nYes, after consulting the security team ([[disclosure.deployment]]).\n"},
    ),
    "CW501": Example(
        "rfcs/0002-notice.md:16: CW501 warning: a TODO placeholder is still to be filled in",
        "Replace each `TODO` left by `clausewise new` with your text. A warning: the site still builds, and `clausewise check --strict` fails on it.",
        files=_rfc(2, "notice", _BASE + "\n" + _AMEND, "## Motivation\n\nTODO: why the current wording is not enough.\n"),
    ),
    "CW502": Example(
        "rfcs/0002-notice.md:10: CW502 warning: `amend` of `disclosure.embargo` leaves its text unchanged",
        "Edit the pre-filled `text` into the wording you propose, or delete the change if the RFC leaves that clause alone.",
        files=_rfc(2, "notice", _BASE + "\nchanges:\n  - op: amend\n    clause: disclosure.embargo\n    text: |-\n"
                   "      Organisations told about a vulnerability in advance keep it confidential until the\n"
                   "      disclosure date agreed with the security team."),
    ),
    "CW510": Example(
        "rfcs/0001-allow-deployment.md:4: CW510 status moved from `discussion` straight to `accepted` since `HEAD`; from discussion it may go to draft, voting, withdrawn",
        "Move one step at a time (draft, discussion, voting, then accepted or rejected), or record the `decision` (date, by, source) that settled it.",
        edits=(("rfcs/0001-allow-deployment.md", "status: discussion", "status: accepted"),),
        since=True,
    ),
    "CW511": Example(
        "docs/policy/index.md:13: CW511 clause `disclosure.deployment` was renamed to `disclosure.deploying` since `HEAD`, but 4 references still use it (first at postmortems/incident-1.md:11)",
        'Update the references, or keep the old id working: `<!-- clause id="disclosure.deploying" aliases="disclosure.deployment" ... -->`.',
        edits=(("docs/policy/index.md", 'id="disclosure.deployment"', 'id="disclosure.deploying"'),),
        since=True,
    ),
    "CW512": Example(
        "docs/policy/index.md:20: CW512 warning: clause `membership.contact` was renamed to `membership.security-contact` since `HEAD`; links to `#membership.contact` will break",
        "Keep the old id as an alias (`aliases=\"membership.contact\"`) so links pasted into mail and other sites keep working.",
        edits=(("docs/policy/index.md", 'id="membership.contact"', 'id="membership.security-contact"'),),
        since=True,
    ),
    "CW414": Example(
        "rfcs/0001-allow-deployment.md:4: CW414 note: voting on RFC 1 closed on 2026-02-09: passed under `xen-v2-lazy-consensus` (votes/0001.yml); the outcome is not yet recorded",
        "Nothing fails: the RFC page shows the computed result. Record it with `clausewise record 1` "
        "(or let the scheduled workflow `clausewise init` writes open a pull request that does), then commit.",
        files={"governance.yml": _CLOSED_GOVERNANCE, "votes/0001.yml": _CLOSED_VOTES.format(closes="2026-02-09", voted="2026-02-03")},
        edits=(("rfcs/0001-allow-deployment.md", "status: discussion", "status: voting"),),
    ),
    "CW415": Example(
        "votes/0001.yml:4: CW415 note: vote of Alice Example is dated 2026-03-05, after the build date 2026-03-01",
        "Correct the vote's date to the day it was cast (the date of its message).",
        files={"governance.yml": _CLOSED_GOVERNANCE, "votes/0001.yml": _CLOSED_VOTES.format(closes="2026-03-09", voted="2026-03-05")},
        edits=(("rfcs/0001-allow-deployment.md", "status: discussion", "status: voting"),),
    ),
    "CW513": Example(
        "docs/policy/index.md:13: CW513 clause `disclosure.deployment` was edited directly since `HEAD`, in the same change as RFC 2 (not yet accepted)",
        "Revert the edit to the policy page and put the proposed text in the RFC's `changes`; the policy changes when the RFC is accepted.",
        files=_rfc(2, "notice", _BASE + "\n" + _AMEND),
        edits=(("docs/policy/index.md", "Organisations must not make fixed software", "Organisations may deploy fixed software, but must not make it"),),
        since=True,
    ),
}


def example(code: str) -> Example:
    code = code.upper()
    if code not in CODES:
        from clausewise.model.diagnostics import did_you_mean

        hint = did_you_mean(code, CODES)
        raise ClausewiseError(f"unknown diagnostic code `{code}`" + (f"; {hint}" if hint else ""))
    if code not in EXAMPLES:
        raise ClausewiseError(f"no example recorded for {code} yet: {CODES[code].summary}")
    return EXAMPLES[code]


_CONTROL = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _example_lines(ex: Example) -> list[str]:
    out = [f"`{path}` is a symbolic link to `{target}`." for path, target in ex.links.items()]
    out += [""] if out else []
    for path, content in ex.files.items():
        if isinstance(content, bytes):
            out += [f"`{path}`, saved as Latin-1 rather than UTF-8:", "", "```markdown", content.decode("latin-1").rstrip("\n"), "```", ""]
        else:
            lang = "yaml" if path.endswith((".yml", ".yaml")) else "markdown"
            # A line of the size a limit is about (CW110's 64 KiB paragraph) is shown cut.
            lines = [ln if len(ln) <= 200 else f"{ln[:60]}... ({len(ln):,} characters on this line)" for ln in content.rstrip("\n").split("\n")]
            if len(lines) > 40:  # a file of the size a limit is about (CW113's 5,001 clauses) is shown cut too
                lines = [*lines[:12], f"... ({len(lines) - 16:,} more lines like these)", *lines[-4:]]
            shown = "\n".join(lines)
            out += [f"`{path}`:", "", f"```{lang}", shown, "```", ""]
    edits: dict[str, list[tuple[str, str]]] = {}
    for path, old, new in ex.edits:
        edits.setdefault(path, []).append((old, new))
    for path, pairs in edits.items():
        out += [f"Change in `{path}`" + (" (since the last commit)" if ex.since else "") + ":", "", "```diff"]
        for old, new in pairs:
            # CW114's example holds an escape character: shown as `\x1b`, never written raw.
            out += [_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", line) for line in _diff(old, new)]
        out += ["```", ""]
    return out


def _diff(old: str, new: str) -> list[str]:
    """An edit as diff lines: removed `- `, added `+ `, lines kept around an insertion `  `."""
    a, b = old.rstrip("\n").split("\n"), (new.rstrip("\n").split("\n") if new else [])
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [f"  {line}" for line in a[i1:i2]]
            continue
        out += [f"- {line}" for line in a[i1:i2]] + [f"+ {line}" for line in b[j1:j2]]
    return out


def _cell(s: str) -> str:
    return s.replace("|", "\\|")


def reference_page() -> str:
    """The whole reference as Markdown: docs/diagnostics.md is this, written out."""
    out = [
        "---", "title: Diagnostics reference",
        "description: Every clausewise diagnostic code, with an example that triggers it and the fix.",
        "search:", "  boost: 0.3", "---", "",
        "# Diagnostics reference", "",
        "<!-- Generated by `clausewise explain > docs/diagnostics.md`; edit src/clausewise/check/explain.py instead. -->", "",
        "`clausewise check` reports each problem as `path:line: CODE message`, shows the line and",
        "underlines the culprit, and adds a hint where it can guess what was meant. Codes are stable.",
        "`clausewise explain CODE` prints the entry below in the terminal.", "",
        "The examples change the sample project that `clausewise init` writes. Codes CW510 to CW513",
        "come from `clausewise check --since REF`, which compares with a git revision. The",
        "governance examples (CW401 to CW410) add a roster of fictional people and a vote on the",
        "sample RFC, open on the day `as_of` pins.", "",
        "| code | name | rule |", "| --- | --- | --- |",
    ]
    out += [f"| [{c.code}](#{c.code.lower()}) | {c.name} | {_cell(c.summary)} |" for c in CODES.values()]
    out.append("")
    for c in CODES.values():
        out += [f"## {c.code} {c.name} {{#{c.code.lower()}}}", "", f"Rule: {c.summary}.", ""]
        ex = EXAMPLES.get(c.code)
        if ex is None:
            out += ["No example recorded yet.", ""]
            continue
        if ex.build:
            situation = {"snippets": "Enable `pymdownx.snippets` in mkdocs.yml with its defaults",
                         "no-git": "Build the site from a folder that is not a git repository",
                         "shallow": "Build the site from a shallow clone (`git clone --depth 1`)",
                         "broken-git": "Build the site from a repository whose objects are damaged",
                         "long-history": "Build the site from a repository where a 2 MiB file in `docs/policy/` was committed 70 times",
                         "zensical": "Run `zensical build` on the sample's mkdocs.yml"}[ex.build]
            tool = "`zensical build` stops with a line containing" if ex.build == "zensical" else "`mkdocs build` logs a line starting"
            out += ["**Example**", "", f"{situation}. {tool}:", "", "```text", ex.says.strip(), "```", ""]
            out += [f"**Fix:** {ex.fix}", ""]
            continue
        out += ["**Example**", ""] + _example_lines(ex)
        out += ["`clausewise check" + (" --since HEAD" if ex.since else "") + "` says:", "", "```text", ex.says, "```", ""]
        out += [f"**Fix:** {ex.fix}", ""]
    return "\n".join(out)


def explain(code: str) -> str:
    ex = example(code)
    c = CODES[code.upper()]
    lines = [f"{c.code} {c.name}: {c.summary}", "", "Example:", ""]
    lines += ["  " + line if line else "" for line in "\n".join(_example_lines(ex)).split("\n")]
    who = "zensical build" if ex.build == "zensical" else "mkdocs build" if ex.build else "clausewise check" + (" --since HEAD" if ex.since else "")
    lines += [f"{who} says:", "", "  " + ex.says, "", "Fix: " + ex.fix]
    return "\n".join(lines)
