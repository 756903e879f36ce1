"""The flagship's governance content: real decisions by reference, one fictional vote."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, clausewise

from clausewise import load_project


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"): html.index("</article>")]


def test_real_rfcs_are_decided_by_reference_and_never_have_votes() -> None:
    project = load_project(ROOT)
    votes = project.corpus.gov.votes
    for rfc in project.corpus.rfcs.values():
        if rfc.number <= 8:
            assert rfc.decision is not None and rfc.decision.date == "2015-02-11", rfc.number
            assert rfc.number not in votes, f"RFC {rfc.number} is real history: no invented votes"
    # every voter anywhere in the flagship is fictional
    voters = {v.voter for record in votes.values() for v in record.votes}
    roster = {m.name for m in project.corpus.gov.governance.roster}  # type: ignore[union-attr]
    assert voters and all(name.endswith(" Example") for name in voters | roster)


def test_decision_by_reference_on_the_page_and_in_tally(flagship_site: Path) -> None:
    html = article(flagship_site / "rfcs/0001-sharing-among-members/index.html")
    assert "This decision is recorded by reference" in html
    assert 'id="votes"' not in html
    result = clausewise("tally", "1", str(ROOT))
    assert result.returncode == 0
    assert "recorded by reference (no individual votes)" in result.stdout and "votes:" not in result.stdout


def test_fictional_example_shows_its_computed_tally(flagship_site: Path) -> None:
    html = article(flagship_site / "rfcs/0009-example-leadership-vote/index.html")
    assert "This RFC never existed." in html
    assert "<strong>Passed</strong> under <em>Xen Project governance v3.0 (2016): leadership-team vote</em>" in html
    assert "4 for, 1 against of 7 members: quorum reached (at least 3 in favour)" in html
    assert html.count("<td>yes (committer (fictional))</td>") == 6


def test_faq_answers_have_stable_pages_and_cite_their_version(flagship_site: Path) -> None:
    project = load_project(ROOT)
    assert len(project.corpus.gov.faq) >= 3
    index = article(flagship_site / "faq/index.html")
    for slug, answer in project.corpus.gov.faq.items():
        assert f'href="{slug}/"' in index
        html = article(flagship_site / f"faq/{slug}/index.html")
        assert f"written against <a href=\"../../changelog/{answer.policy_version}/\">policy version {answer.policy_version}</a>" in html
    changelog = article(flagship_site / "changelog/index.html")
    assert 'id="v2.x"' in changelog


def test_pages_do_not_depend_on_the_build_date_once_votes_are_closed() -> None:
    early = {p.path: p.markdown for p in load_project(ROOT, today="2020-01-01").pages()}
    late = {p.path: p.markdown for p in load_project(ROOT, today="2030-06-30").pages()}
    assert early == late


def test_real_history_as_policy_versions(flagship_site: Path) -> None:
    project = load_project(ROOT)
    versions = [(v.version, v.date, v.published, v.rfcs) for v in project.corpus.gov.versions]
    assert versions == [
        ("2.x", "2014-10-01", None, ()),
        ("3.0", "2015-02-11", "2015-03-02", (1, 2, 3, 4, 5, 6, 7, 8)),
        ("3.7", "2015-05-12", None, ()),
    ]
    # the policy as it stood during XSA-108 is still readable, and v3.0's redline is shown
    old = article(flagship_site / "changelog/2.x/index.html")
    assert "Link to a security policy statement" in old and "embargo.sharing-among-members" not in old
    new = article(flagship_site / "changelog/3.0/index.html")
    assert "Sharing among list members" in new
    changelog = article(flagship_site / "changelog/index.html")
    assert "<strong>Amended <code>membership.role-alias</code></strong>" in changelog
    # answers given at XSA-108 time are flagged: the questions were settled in 3.0; the
    # editors' answers under 3.7 that supersede them are not
    for slug, answer in project.corpus.gov.faq.items():
        flagged = "Review needed:" in article(flagship_site / f"faq/{slug}/index.html")
        assert flagged == (answer.policy_version == "2.x"), slug
    # applying again is refused, and nothing is written
    result = clausewise("apply", "1", "--project", str(ROOT), "--dry-run")
    assert result.returncode == 1
    assert result.stderr.strip() == "clausewise: refused: RFC 1 was already applied in policy version 3.0 (2015-02-11)"


def test_ambiguity_page_shows_how_its_clause_changed_since(flagship_site: Path) -> None:
    html = article(flagship_site / "ambiguities/xsa-108.security-policy-statement/index.html")
    assert "has changed since this question was raised" in html
    # the redline from the v2.x text to today's: a rewrite, so removed and added whole
    assert '<span class="cw-rl-tag">Removed</span> <del>The application must include, in the policy' in html
    assert "<ins>The application must link to a current public web page of the organisation that invites" in html
