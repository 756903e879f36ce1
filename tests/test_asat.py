"""Policy lives in time (issue 15, deliverables 2 and 3, and search summaries): dated
documents read as at their date, FAQ answers that carry their history, and search entries
that lead with the document, not its metadata. Real git repositories, real strict builds
of the governance example (fictional voters) and of the flagship.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from helpers import ROOT, clausewise, copy_fixture, first_lines, mkdocs_build, run

from clausewise import load_project


def article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article"): page.index("</article>")]


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def plain(fragment: str) -> str:
    """Running text as read: tags dropped without adding spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def _commit(root: Path, message: str) -> None:
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-qm", message], root, check=True)


_NEW_ANSWER = """---
question: May we deploy a fix during an embargo?
policy_version: "1.1"
supersedes: deploying-fixes
provenance: editors
cites: [embargo.no-deploy]
---
Since version 1.1, see [[embargo.no-deploy]].
"""


@pytest.fixture(scope="module")
def applied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The governance example after RFC 1 was applied as version 1.1 (2024-06-01): its
    post-mortem (2024-02-20) and its FAQ answer (version 1.0) predate the change. A current
    answer supersedes the old one; a contributed paragraph asks search to leave it out."""
    root = copy_fixture("governance", tmp_path_factory.mktemp("asat") / "project")
    pm = root / "postmortems/inc-1.md"
    pm.write_text(pm.read_text(encoding="utf-8") + "\nAt the time, [[embargo.no-deploy]] applied; see the [[inc-1]].\n\n"
                  '<p data-search-exclude="">Contributed words search must still find</p>\n', encoding="utf-8")
    rfc = root / "rfcs/0001-permit-deployment.md"
    body = rfc.read_text(encoding="utf-8")
    head, sep, rest = body.partition("\n---\n")
    rfc.write_text(head + sep + "\n## Summary\n\nLet providers deploy fixes when the team agrees.\n\n" + rest, encoding="utf-8")
    _commit(root, "post-mortem cites the clause; RFC 1 gets a summary")
    result = clausewise("apply", "1", "--project", str(root), "--version", "1.1", "--date", "2024-06-01")
    assert result.returncode == 0, result.stderr
    _write(root / "faq/deploying-fixes-now.md", _NEW_ANSWER)
    _commit(root, "apply RFC 1; a current answer")
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return root, site


def test_a_dated_document_reads_the_clause_as_at_its_date(applied: tuple[Path, Path]) -> None:
    root, site = applied
    page = article(site / "postmortems/inc-1/index.html")
    ref = re.search(r'<span class="cw-asat-ref">(.*?)</span></span>', page, re.S)
    assert ref is not None, page
    link = re.search(r'<a class="cw-ref cw-ref-clause cw-asat" href="([^"]+)"[^>]*>([^<]+)</a>', ref.group(1))
    assert link is not None and link.group(1) == "../../changelog/1.0/#embargo.no-deploy"
    assert link.group(2) == "No deployment during the embargo"  # the title at 1.0
    assert plain(ref.group(1)).endswith("(since amended by RFC 1 in version 1.1: today's text)")
    assert 'href="../../clauses/embargo.no-deploy/">today\'s text</a>' in ref.group(1)
    # the as-at view is there: the clause's anchor on version 1.0's page, with the old text
    old = article(site / "changelog/1.0/index.html")
    anchor = old.index('id="embargo.no-deploy"')
    assert "Members must not deploy fixed software on public systems" in text(old[anchor:anchor + 800])
    # and the clause's page links to it, one link per version the clause stood in
    clause = article(site / "clauses/embargo.no-deploy/index.html")
    assert 'href="../../changelog/1.0/#embargo.no-deploy"' in clause and 'href="../../changelog/1.1/#embargo.no-deploy"' in clause
    # a FAQ answer written against 1.0 reads the same way; one against 1.1 links the clause today
    assert 'href="../../changelog/1.0/#embargo.no-deploy"' in article(site / "faq/deploying-fixes/index.html")
    now = article(site / "faq/deploying-fixes-now/index.html")
    assert 'href="../../policy/#embargo.no-deploy" title="clause embargo.no-deploy, unchanged since version 1.1"' in now


def test_a_document_reference_reads_as_a_short_label(applied: tuple[Path, Path]) -> None:
    _, site = applied
    page = article(site / "postmortems/inc-1/index.html")
    assert re.search(r'<a class="cw-ref cw-ref-postmortem" href="[^"]*" title="postmortem inc-1">INC-1 post-mortem</a>', page)
    index = text(article(site / "postmortems/index.html"))
    assert "INC-1 post-mortem Incident 1 post-mortem 2024-02-20" in index  # the title in its own column


def test_a_superseded_answer_shows_today_first_and_the_index_lists_it_as_history(applied: tuple[Path, Path]) -> None:
    root, site = applied
    old = text(article(site / "faq/deploying-fixes/index.html"))
    banner = old.index("A superseded answer, kept as history.")
    today = load_project(root).corpus.clauses["embargo.no-deploy"].text
    assert " ".join(today.split()) in old[banner:]
    assert banner < old.index("What the policy says today") < old.index(" ".join(today.split())) < old.index("No: No deployment during the embargo (since amended")
    assert re.search(r'<a href="../deploying-fixes-now/">May we deploy a fix during an embargo\? \(editors(\'|&#x27;|&#39;) answer\)</a>', article(site / "faq/deploying-fixes/index.html"))
    new = text(article(site / "faq/deploying-fixes-now/index.html"))
    assert new.index("Editors' answer") < new.index("Written by this site's editors") < new.index("Since version 1.1")
    assert "This answer replaces an earlier one, kept as history" in new
    index = text(article(site / "faq/index.html"))
    assert index.index("May we deploy a fix during an embargo? (editors' answer)") < index.index("History: superseded answers")
    assert index.index("History: superseded answers") < index.index("May I deploy a fixed version before the embargo ends?")


def test_search_entries_lead_with_the_document(applied: tuple[Path, Path]) -> None:
    _, site = applied
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"]: d for d in docs if "#" not in d["location"]}
    assert pages["rfcs/0001-permit-deployment/"]["text"].startswith("<p>RFC 1 in short: Let providers deploy fixes when the team agrees.</p>")
    assert pages["faq/deploying-fixes-now/"]["text"].startswith("<p>Since version 1.1, see")
    assert pages["clauses/embargo.no-deploy/"]["text"].startswith("<p>Clause <code>embargo.no-deploy</code>")
    assert pages["clauses/embargo.no-deploy/"]["text"].endswith("<p>Permanent link: r/embargo.no-deploy/ · Atom feed of changes</p>")
    for location, doc in pages.items():
        for metadata in ("File last committed", "Status Accepted", "Policy history", "since amended"):
            assert metadata not in doc["text"], (location, metadata)
    # contributed HTML may not hide text from search: the attribute is stripped, the words found
    assert any("Contributed words search must still find" in d["text"] for d in docs)
    page = (site / "postmortems/inc-1/index.html").read_text(encoding="utf-8")
    assert "<p>Contributed words search must still find</p>" in page
    assert 'class="cw-published" data-search-exclude=""' in page
    from clausewise.site import sanitize

    key = sanitize.SEARCH_EXCLUDE.split('"')[1]
    assert all(key not in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_check_refuses_what_the_dates_do_not_allow(applied: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = applied
    project = tmp_path / "p"
    run(["git", "clone", "-q", str(root), str(project)], tmp_path, check=True)
    pm = project / "postmortems/inc-1.md"
    pm.write_text(pm.read_text(encoding="utf-8") + "\nLater: [[embargo.no-deploy@1.1]]; never: [[embargo.no-deploy@2.0]].\n", encoding="utf-8")
    lines = pm.read_text(encoding="utf-8").split("\n")
    where = next(i for i, line in enumerate(lines, 1) if "@2.0" in line)
    result = clausewise("check", str(project))
    assert result.returncode == 1
    assert f"postmortems/inc-1.md:{where}: CW304 `[[embargo.no-deploy@2.0]]` names policy version `2.0`, which is not recorded" in first_lines(result.stdout)
    # answers that supersede each other, and two successors for one answer
    _write(project / "faq/a.md", _NEW_ANSWER.replace("supersedes: deploying-fixes", "supersedes: b"))
    _write(project / "faq/b.md", _NEW_ANSWER.replace("supersedes: deploying-fixes", "supersedes: a"))
    _write(project / "faq/c.md", _NEW_ANSWER)
    out = first_lines(clausewise("check", str(project)).stdout)
    assert any(re.fullmatch(r"faq/(c|deploying-fixes-now)\.md:4: CW305 answer `deploying-fixes` is already superseded by `(deploying-fixes-now|c)`; an answer has one successor", line) for line in out), out
    assert any(line.startswith("faq/") and "CW305 answers supersede each other in a cycle: a -> b -> a" in line for line in out), out


def test_a_clause_added_later_is_an_error_in_an_earlier_document(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    versions = root / "policy-versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8") + '  - version: "1.1"\n    date: "2024-06-01"\n    changes:\n'
                        "      - {rfc: 1, op: add, clause: membership.review, title: Membership review, text: Reviewed.}\n", encoding="utf-8")
    pm = root / "postmortems/inc-1.md"
    pm.write_text(pm.read_text(encoding="utf-8") + "\nSee [[membership.review]].\n", encoding="utf-8")
    line = len(pm.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    faq = root / "faq/deploying-fixes.md"  # written against 1.0, it lists the later clause too
    faq.write_text(faq.read_text(encoding="utf-8").replace("cites: [embargo.no-deploy,", "cites: [embargo.no-deploy, membership.review,"), encoding="utf-8")
    result = clausewise("check", str(root))
    assert result.returncode == 1
    assert (f"postmortems/inc-1.md:{line}: CW303 clause `membership.review` did not exist yet: post-mortem `inc-1` (2024-02-20) "
            "is read as at policy version 1.0; it was added in version 1.1 by RFC 1") in first_lines(result.stdout)
    assert ("faq/deploying-fixes.md:5: CW303 clause `membership.review` did not exist yet: FAQ answer `deploying-fixes` "
            "is read as at policy version 1.0; it was added in version 1.1 by RFC 1") in first_lines(result.stdout)
    site = tmp_path / "site"
    assert mkdocs_build(root, site).returncode != 0 and not (site / "index.html").exists()


# -- the flagship ------------------------------------------------------------------------------
def test_the_flagship_postmortem_reads_2014s_policy(flagship_site: Path) -> None:
    page = article(flagship_site / "postmortems/xsa-108/index.html")
    ref = re.search(r'<span class="cw-asat-ref"><a [^>]*href="../../changelog/2.x/#membership.security-policy-statement"[^>]*>([^<]+)</a>(.*?)</span></span>', page, re.S)
    assert ref is not None
    assert ref.group(1) == "Link to a security policy statement"  # not 2015's "Public invitation to report ..."
    assert plain(ref.group(2)) == "(since amended by RFC 4 (reconstruction) in version 3.0: today's text)"
    home = plain(article(flagship_site / "index.html"))
    assert "published the XSA-108 post-mortem." in home and "process post-mortem: security policy ambiguities embargo" not in home


def test_the_flagship_questions_have_current_answers(flagship_site: Path) -> None:
    corpus = load_project(ROOT).corpus
    faq = corpus.gov.faq
    current = {a.supersedes: a for a in faq.values() if a.supersedes}
    assert sorted(current) == sorted(slug for slug, a in faq.items() if a.policy_version == "2.x") and len(current) == 4
    for old_slug, new in current.items():
        assert new.policy_version == "3.7" and new.provenance == "editors" and new.question == faq[old_slug].question
        page = text(article(flagship_site / f"faq/{new.slug}/index.html"))
        assert page.index("Editors' answer") < page.index("not given by the team that applies the policy") < page.index(f"Answer {new.slug}")
        policy = page[page.index("The policy text it rests on"):]
        for cite in new.cites:
            if cite in corpus.clauses:  # quoted as the flagship's policy holds it today
                words = text(corpus.clauses[cite].text.replace("\n> ", "\n").replace("* ", ""))
                assert words[:60] in policy, (new.slug, cite)
        old = text(article(flagship_site / f"faq/{old_slug}/index.html"))
        assert old.index("A superseded answer, kept as history.") < old.index(f"Answer {old_slug} , 2014-10")  # text() spaces out the code span
        assert f"{new.question} (editors' answer) , written against version 3.7" in old
    deploying = text(article(flagship_site / "faq/deploying-fixes-during-embargo/index.html"))
    assert deploying.index("What the policy says today: Deploying fixed versions during the embargo List members may deploy") < deploying.index("The post-mortem calls the policy ambiguous")


def test_generated_wrappers_without_the_sanitiser_and_for_another_renderer(applied: tuple[Path, Path], tmp_path: Path) -> None:
    """`raw_html: allow` (no sanitiser) and `clausewise pages` write the bare attribute, never
    the key: the same bytes from every process."""
    import markdown

    from clausewise.markdown import ClausewiseExtension
    from clausewise.site import sanitize

    root, _ = applied
    project = load_project(root)
    page = next(p for p in project.pages() if p.path == "postmortems/inc-1.md")
    assert sanitize.SEARCH_EXCLUDE in page.markdown
    ext = ClausewiseExtension(graph=project.graph, raw_html="allow", page=page.path)
    rendered = markdown.markdown(page.markdown.split("\n---\n", 1)[1], extensions=[ext])
    assert 'class="cw-published" data-search-exclude=""' in rendered and sanitize.SEARCH_EXCLUDE not in rendered
    outs = []
    for n in (1, 2):
        out = tmp_path / f"pages{n}"
        assert clausewise("pages", str(root), "--out", str(out)).returncode == 0
        outs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*.md")})
    assert outs[0] == outs[1]
    assert b'data-search-exclude=""' in outs[0][Path("postmortems/inc-1.md")]


def test_a_page_citing_a_clause_as_at_a_version_is_rendered_again_when_the_history_changes(tmp_path: Path) -> None:
    """`serve` renders a page again when what its `[[id@V]]` shows changes: a version that
    changes the clause later is recorded, with no change to the page or the clause."""
    from clausewise.site.incremental import page_fingerprint

    root = copy_fixture("governance", tmp_path / "project")
    markdown = "# Notes\n\nSee [[membership.review@1.0]] and [[membership.review]].\n"

    def fingerprint() -> str:
        project = load_project(root)
        return page_fingerprint("notes.md", markdown, project.graph, project.history, {"notes.md"})

    before = fingerprint()
    assert fingerprint() == before
    versions = root / "policy-versions.yml"
    review = load_project(root).corpus.clauses["membership.review"]
    versions.write_text(versions.read_text(encoding="utf-8") + '  - version: "1.1"\n    date: "2024-06-01"\n    changes:\n'
                        f"      - {{rfc: 1, op: amend, clause: membership.review, before: Older words., text: {json.dumps(review.text)}}}\n", encoding="utf-8")
    assert fingerprint() != before


def test_new_faq_answers_an_answer_again(applied: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = applied
    project = tmp_path / "p"
    run(["git", "clone", "-q", str(root), str(project)], tmp_path, check=True)
    refused = clausewise("new", "faq", "--supersedes", "deploying-fixes", cwd=project)
    assert refused.returncode == 2  # a usage error, as for every refusal of `new`
    assert "--supersedes deploying-fixes: `deploying-fixes-now` already supersedes it; supersede `deploying-fixes-now` instead" in refused.stderr
    made = clausewise("new", "faq", "--supersedes", "deploying-fixes-now", cwd=project)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "faq/deploying-fixes-now-v1-1.md"
    answer = (project / "faq/deploying-fixes-now-v1-1.md").read_text(encoding="utf-8")
    assert 'question: "May we deploy a fix during an embargo?"' in answer and "supersedes: deploying-fixes-now" in answer
    assert "cites: [embargo.no-deploy]" in answer
    checked = clausewise("check", str(project))
    assert checked.returncode == 0, checked.stdout  # only the TODO warnings (CW501) remain
    assert "CW501" in checked.stdout and "CW305" not in checked.stdout
