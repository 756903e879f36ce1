"""Complete lifecycle states (issue 15, deliverable 6): "Accepted, not yet applied" on RFC
pages, in the RFC index, the register and the feeds, which also carry "applied in version
V" events; real builds of the governance example (fictional voters) and of the flagship.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from helpers import clausewise, copy_fixture, mkdocs_build, run


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(index_text: str, heading: str) -> str:
    """The text from `heading` to the next heading of the RFC index."""
    start = index_text.index(heading)
    rest = index_text[start + len(heading):]
    nxt = re.search(r"(Voting|Discussion|Draft|Accepted|Rejected|Withdrawn|Superseded)[^()|]* \(\d+\) ¶", rest)
    return rest[: nxt.start()] if nxt else rest


def heading(index_text: str, label: str) -> str:
    """The RFC index's heading for `label`, with its count ("Accepted (3) ¶")."""
    m = re.search(re.escape(label) + r" \([0-9]+\) ¶", index_text)
    assert m is not None, f"no heading {label!r} in the RFC index"
    return m.group(0)


def status_feed(site: Path) -> dict[str, feedparser.FeedParserDict]:
    return {e.id: e for e in feedparser.parse((site / "feeds/rfc-status.xml").read_bytes()).entries}


def test_accepted_not_yet_applied_then_applied(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(root, site).returncode == 0
    page = text((site / "rfcs/0001-permit-deployment/index.html").read_text())
    assert "Status Accepted, not yet applied" in page
    assert "Accepted on 2024-03-11, not yet applied: the policy does not contain this change yet. clausewise apply 1" in page
    index = text((site / "rfcs/index.html").read_text())
    unapplied = section(index, heading(index, "Accepted, not yet applied"))
    assert "RFC 1 " in unapplied and "RFC 3 " in unapplied
    register = text((site / "ambiguities/index.html").read_text())
    assert "RFC 1 (accepted, not yet applied)" in register
    feed = status_feed(site)
    assert feed["urn:clausewise:rfc:1:vote"].title.startswith("RFC 1 accepted by vote, not yet applied:")
    assert feed["urn:clausewise:rfc:1:vote"].updated.startswith("2024-03-11")
    assert feed["urn:clausewise:rfc:2:vote"].title.startswith("RFC 2 rejected by vote:")
    assert feed["urn:clausewise:rfc:7:decision"].summary.endswith("Its change is not yet applied to the policy.")
    assert not any(k.endswith(":applied") for k in feed)

    applied = clausewise("apply", "1", "--project", str(root), "--version", "1.1", "--date", "2024-06-01")
    assert applied.returncode == 0, applied.stderr
    run(["git", "commit", "-qam", "apply RFC 1"], root, check=True)
    site2 = tmp_path / "site2"
    build = mkdocs_build(root, site2)
    assert build.returncode == 0, build.stderr
    page = text((site2 / "rfcs/0001-permit-deployment/index.html").read_text())
    assert "Status Accepted " in page and "not yet applied" not in page
    assert "Applied to the policy in version 1.1 (2024-06-01)" in page
    index = text((site2 / "rfcs/index.html").read_text())
    assert "RFC 1 " not in section(index, heading(index, "Accepted, not yet applied"))
    assert "RFC 1 " in section(index, heading(index, "Accepted"))
    assert "RFC 1 (accepted" not in text((site2 / "ambiguities/index.html").read_text())
    feed = status_feed(site2)
    entry = feed["urn:clausewise:rfc:1:applied"]
    assert entry.title.startswith("RFC 1 applied in version 1.1:") and entry.updated.startswith("2024-06-01")
    assert feed["urn:clausewise:rfc:1:vote"].title.startswith("RFC 1 accepted by vote:")


def test_the_flagship_says_rfc_9_is_accepted_but_not_applied(flagship_site: Path) -> None:
    page = text((flagship_site / "rfcs/0009-example-leadership-vote/index.html").read_text())
    assert "Status Accepted, not yet applied" in page
    assert "Accepted on 2017-01-23, not yet applied" in page
    home = text((flagship_site / "index.html").read_text())
    assert "2017-01-23: RFC 9 (fictional example): Record interim rulings in the policy repository accepted by vote, not yet applied" in home
    assert "applied in version 3.0" in home
    feed = status_feed(flagship_site)
    assert feed["urn:clausewise:rfc:9:vote"].title.startswith("RFC 9 (fictional example) accepted by vote, not yet applied")
    assert feed["urn:clausewise:rfc:1:applied"].title.startswith("RFC 1 (reconstruction) applied in version 3.0")


def test_two_histories_on_the_flagship(flagship_site: Path) -> None:
    """Issue 15, deliverable 4: one created date and one author list on RFC pages (the
    front matter's); git's history apart, labelled and collapsed; policy history first."""
    rfc = (flagship_site / "rfcs/0001-sharing-among-members/index.html").read_text()
    words = text(rfc)
    assert words.count("Created") == 1 and words.count("Authors") == 1
    assert "created 20" not in words and " authors:" not in words
    head, source = rfc.split('<details class="cw-source-history"')
    assert "Decided</strong> 2015-02-11: accepted, by reference" in head
    assert "Source history: the Markdown file in git" in source and "File last committed" in source
    assert "File last committed" not in head
    clause = (flagship_site / "clauses/embargo.deployment-during-embargo/index.html").read_text()
    assert clause.index("Policy history:</strong> added in") < clause.index("<blockquote>") < clause.index('<details class="cw-source-history"')
    amb = text((flagship_site / "ambiguities/xsa-108.deployment-during-embargo/index.html").read_text())
    assert "Policy history: raised 2014-10 in xsa-108 ; RFC 2 (reconstruction) accepted 2015-02-11, applied in version 3.0 (2015-02-11)." in amb
    home = text((flagship_site / "index.html").read_text())
    start = home.index("What's new ¶")
    whats_new = home[start:home.index("Open ambiguities (", start)]
    policy, _, source_edits = whats_new.partition("Source edits")
    assert "2026-" not in policy  # the day Markdown was committed is not policy news
    assert "applied in version 3.0" in policy
    assert "text edited" not in policy
    feed = (flagship_site / "feeds/clauses/embargo.deployment-during-embargo.xml").read_text()
    assert "Policy changed: embargo.deployment-during-embargo added in policy version 3.0 by RFC 2" in feed
    assert "Source edited: embargo.deployment-during-embargo added in git" in feed


def test_version_pages_say_what_changed_and_why(flagship_site: Path) -> None:
    """Issue 15, deliverable 5: each applied RFC with its title, the ambiguities it resolves,
    its summary and decision date, before the redlines; the home page links the version."""
    html = (flagship_site / "changelog/3.0/index.html").read_text()
    why, changes, whole = html.index('id="why"'), html.index('id="changes"'), html.index('id="policy"')
    assert why < changes < whole
    section = text(html[why:changes])
    row = "RFC 2 (reconstruction) Permit deployment of fixes during the embargo, with the Security Team's permission Deployment of fixed versions on public systems during the embargo 2015-02-11 by reference"
    assert row in section
    assert section.count("2015-02-11 by reference") == 8
    summary = section.index("RFC 2: Permit deployment of fixes during the embargo, with the Security Team's permission ¶")
    assert section.index("Settle whether list members may put fixed versions into production before the embargo date.") > summary > section.index(row)
    assert "<del" in html[changes:whole]  # the redlines follow
    changelog = text((flagship_site / "changelog/index.html").read_text())
    assert row in changelog
    home = (flagship_site / "index.html").read_text()
    assert '<a href="changelog/3.7/">Version 3.7</a>, dated 2015-05-12.' in home
    assert '<a href="changelog/3.0/#why">version 3.0</a>' in home
    # a version without RFCs keeps its plain layout
    old = (flagship_site / "changelog/2.x/index.html").read_text()
    assert 'id="why"' not in old and "Link to a security policy statement" in old
