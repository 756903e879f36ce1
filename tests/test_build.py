"""The plugin building whole sites end to end, asserting the cross-links in the HTML."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from helpers import TESTS, copy_fixture, mkdocs_build


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def link(html: str, href: str, text: str | None = None) -> bool:
    """Is there an <a> with this href (and text), whatever the attribute order?"""
    for m in re.finditer(r"<a\s([^>]*)>(.*?)</a>", html, re.S):
        if f'href="{href}"' in m.group(1) and (text is None or re.sub(r"<[^>]+>", "", m.group(2)).strip() == text):
            return True
    return False


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"): html.index("</article>")]


def test_policy_page_has_clause_anchors_and_counts(basic_site: Path) -> None:
    page = basic_site / "policy/index.html"
    links = parse(page)
    assert {"embargo.no-deploy", "embargo.tell-users", "membership.alias"} <= links.ids
    html = article(page)
    assert '<a class="cw-count cw-count-hot" href="../clauses/embargo.no-deploy/#ambiguities">1 open ambiguity</a>' in html
    assert '<a class="cw-count cw-count-hot" href="../clauses/embargo.no-deploy/#rfcs">1 pending RFC</a>' in html
    # a clause marker inside a code block stays code
    assert "not.a.clause" not in links.ids and re.search(r'&lt;!-- clause id=(&quot;|")not\.a\.clause', html)  # nh3 writes `"` in text as is


def test_rfc_page_links_ambiguities_and_clauses_with_titles(basic_site: Path) -> None:
    html = article(basic_site / "rfcs/0001-permit-deployment/index.html")
    assert link(html, "../../ambiguities/inc-1.deploy/", "Deploying fixes during the embargo")
    assert link(html, "../../policy/#embargo.no-deploy", "No deployment during the embargo")
    # current text beside proposed text, and a redline
    assert "Members must not deploy fixed software" in html and "if the\nteam permits it" in html
    assert re.search(r'<div class="cw-redline">\s*<p class="cw-rl-p">Members <del>must not </del><ins>may </ins>deploy', html)


def test_ambiguity_page_links_back_to_every_rfc_and_ruling(basic_site: Path) -> None:
    html = article(basic_site / "ambiguities/inc-1.announce/index.html")
    assert link(html, "../../rfcs/0002-reboot-notices/", "RFC 2")
    assert 'id="inc-1.announce.ruling"' in html
    assert "The team did not object to reboot notices." in html
    assert link(html, "https://example.org/inc-0", "An earlier post-mortem")


def test_rfc_index_groups_by_status(basic_site: Path) -> None:
    html = article(basic_site / "rfcs/index.html")
    assert html.index("Discussion (1)") < html.index("Accepted (1)")


def test_rfc_and_ambiguity_pages_stay_out_of_the_sidebar(basic_site: Path) -> None:
    # The policy page links to no RFC or ambiguity itself, so any link would be the sidebar's.
    html = (basic_site / "policy/index.html").read_text()
    assert "0001-permit-deployment" not in html and "ambiguities/inc-1.deploy" not in html
    assert link(html, "../rfcs/") and link(html, "../ambiguities/")


def test_every_internal_link_resolves(basic_site: Path) -> None:
    for page in basic_site.rglob("*.html"):
        if page.name == "404.html":  # uses site-absolute links by design
            continue
        for href in parse(page).hrefs:
            if href.startswith(("http", "mailto:", "#", "javascript")) or "assets/" in href:
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(basic_site)} links to missing {href}"


def test_search_index_contains_clauses(basic_site: Path) -> None:
    import json

    index = json.loads((basic_site / "search/search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    assert "policy/#embargo.no-deploy" in locations
    assert "ambiguities/inc-1.deploy/" in locations


def test_bad_content_fails_the_build_without_traceback(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    shutil.copy(TESTS / "fixtures/broken/rfc-references.md", root / "rfcs/0004-references.md")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "rfcs/0004-references.md:10: CW201 unknown ambiguity `inc-1.deplyo`" in result.stderr


def test_flagship_site_cross_links(flagship_site: Path) -> None:
    from helpers import ROOT

    from clausewise import load_project

    project = load_project(ROOT)
    for rfc in project.corpus.rfcs.values():
        page = flagship_site / rfc.page.replace(".md", "/index.html")
        html = article(page)
        for amb in rfc.resolves:
            assert link(html, f"../../ambiguities/{amb}/", project.corpus.ambiguities[amb].title), (rfc.number, amb)
        for change in rfc.changes:
            if change.op.value != "add":
                assert link(html, f"../../policy/#{change.clause}", project.corpus.clauses[change.clause].title), (rfc.number, change.clause)
    for amb_id in project.corpus.ambiguities:
        html = article(flagship_site / f"ambiguities/{amb_id}/index.html")
        for rfc in project.graph.ambiguity_rfcs[amb_id]:
            assert link(html, f"../../{rfc.page.replace('.md', '/')}", rfc.name), (amb_id, rfc.number)  # labelled: "RFC 1 (reconstruction)"


def test_flagship_search_finds_embargo_in_policy_and_postmortem(flagship_site: Path) -> None:
    import json

    index = json.loads((flagship_site / "search/search_index.json").read_text())
    hits = {d["location"].split("#")[0] for d in index["docs"] if re.search(r"embargo", d["text"] + d["title"], re.I)}
    assert "policy/" in hits and "postmortems/xsa-108/" in hits


def test_listings_are_left_out_of_search_and_their_rows_are_not(flagship_site: Path) -> None:
    """The RFC index, the register and the other listings repeat what each row's own page
    says; search gives the row's page, not a table section that matches nearly any word."""
    import json

    index = json.loads((flagship_site / "search/search_index.json").read_text())
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert not pages & {"rfcs/", "ambiguities/", "postmortems/", "faq/"}, sorted(pages)
    assert {"rfcs/0001-sharing-among-members/", "ambiguities/xsa-108.alias-scope/", "postmortems/xsa-108/"} <= pages
    assert (flagship_site / "rfcs/index.html").is_file() and (flagship_site / "faq/index.html").is_file()
