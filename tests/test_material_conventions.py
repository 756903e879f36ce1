"""Material's conventions, under the settings sites really use: every link and anchor
resolves with and without directory URLs (Material's offline plugin turns them off), and
the register filter works under instant navigation."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest
from helpers import mkdocs_build
from linkcheck import broken_links
from playwright.sync_api import Page, expect
from test_browser import QuietHandler, browser, page, server  # noqa: F401 (shared fixtures)
from test_incremental import flagship_copy


def _variant(tmp: Path, edit: str, after: str) -> Path:
    """A copy of the flagship with one line added to mkdocs.yml after `after`, built."""
    root = flagship_copy(tmp / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert after in text
    config.write_text(text.replace(after, after + edit, 1), encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_every_link_and_anchor_of_the_flagship_resolves(flagship_site: Path) -> None:
    assert broken_links(flagship_site) == []


def test_without_directory_urls_every_link_names_a_file_that_exists(tmp_path: Path) -> None:
    site = _variant(tmp_path, "use_directory_urls: false\n", "site_url: https://clausewise.example.org/\n")
    assert (site / "rfcs" / "index.html").is_file() and (site / "rfcs" / "0001-sharing-among-members.html").is_file()
    assert broken_links(site, directory_urls=False) == []
    clause = (site / "clauses" / "embargo.deployment-during-embargo.html").read_text(encoding="utf-8")
    assert 'href="../r/embargo.deployment-during-embargo/index.html"' in clause
    assert 'href="../feeds/clauses/embargo.deployment-during-embargo.xml"' in clause


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The flagship with `navigation.instant`, served where its `site_url` says: Material
    navigates instantly only to the URLs its sitemap lists."""
    tmp = tmp_path_factory.mktemp("instant")
    site = tmp / "project" / "site"
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    root = flagship_copy(tmp / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}/", text), encoding="utf-8")
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_register_filter_works_after_instant_navigation(page: Page, instant_server: str) -> None:  # noqa: F811
    page.goto(instant_server + "/")
    page.wait_for_load_state("networkidle")  # instant navigation starts once the sitemap is read
    page.evaluate("window.__loadedOnce = true")
    page.locator("nav.md-nav a.md-nav__link[href$='ambiguities/']").first.click()
    expect(page.locator(".cw-register-group")).to_have_count(4)
    # Material swapped the page in: the same window, not a new load.
    assert page.evaluate("window.__loadedOnce === true")
    page.locator("a.cw-filter[data-cw-state='open']").click()
    expect(page.locator(".cw-register-group[data-cw-state='open']")).to_be_visible()
    expect(page.locator(".cw-register-group[data-cw-state='resolved']")).to_be_hidden()
    assert page.url.endswith("#state-open")


def _edit_links(page: Path) -> list[str]:
    html = page.read_text(encoding="utf-8")
    return re.findall(r'<a href="([^"]+)" title="Edit this page"', html)


def test_generated_pages_edit_the_file_they_are_made_from(tmp_path: Path) -> None:
    # The flagship names no repository (it has none in public); a copy that names one.
    flagship_site = _variant(tmp_path, "repo_url: https://github.com/clausewise/clausewise\nedit_uri: edit/main/docs/\n", "site_url: https://clausewise.example.org/\n")
    repo = "https://github.com/clausewise/clausewise/edit/main/"
    assert _edit_links(flagship_site / "rfcs/0001-sharing-among-members/index.html") == [repo + "rfcs/0001-sharing-among-members.md"]
    assert _edit_links(flagship_site / "postmortems/xsa-108/index.html") == [repo + "postmortems/xsa-108.md"]
    assert _edit_links(flagship_site / "ambiguities/xsa-108.xen-use/index.html") == [repo + "postmortems/xsa-108.md"]
    assert _edit_links(flagship_site / "faq/deploying-fixes-during-embargo/index.html") == [repo + "faq/deploying-fixes-during-embargo.md"]
    # A clause changes through an RFC, not by editing its page; a listing has no file.
    assert _edit_links(flagship_site / "clauses/embargo.deployment-during-embargo/index.html") == []
    assert _edit_links(flagship_site / "rfcs/index.html") == []


def test_every_page_announces_the_feeds(flagship_site: Path) -> None:
    pages = [p for p in flagship_site.rglob("index.html") if "This is a permanent link" not in p.read_text(encoding="utf-8")]
    assert len(pages) > 50  # every page but the permalinks' redirects
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        titles = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)"', head)
        assert titles[:2] == ["New RFCs", "RFC status changes"], page
    clause = (flagship_site / "clauses/embargo.deployment-during-embargo/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Changes to clause embargo.deployment-during-embargo" href="../../feeds/clauses/embargo.deployment-during-embargo.xml">' in clause


def test_policy_pages_propose_a_change_instead_of_an_edit(flagship_site: Path) -> None:
    """Editing the policy text directly is what `check --since` flags in a pull request; the
    policy page's edit button opens the proposing guide, and each clause's page says how to
    propose a change."""
    assert _edit_links(flagship_site / "policy/index.html") == ["../contributing/"]
    clause = (flagship_site / "clauses/embargo.deployment-during-embargo/index.html").read_text(encoding="utf-8")
    assert 'id="propose"' in clause
    assert "<code>clausewise new rfc --clause embargo.deployment-during-embargo</code>" in clause


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_new_community_site_has_no_broken_link(tmp_path: Path, directory_urls: bool) -> None:
    """The same checks on a second community's site, as `clausewise init` makes it."""
    from helpers import clausewise

    root = tmp_path / "community"
    made = clausewise("init", str(root), "--name", "Example Co: security policy")
    assert made.returncode == 0, made.stderr
    if not directory_urls:
        (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert broken_links(root / "site", directory_urls=directory_urls) == []
    clause = next((root / "site" / "clauses").glob("*.html" if not directory_urls else "*/index.html"))
    assert 'id="propose"' in clause.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship with Material's offline plugin, which turns directory URLs off so the
    site can be opened from files."""
    return _variant(tmp_path_factory.mktemp("offline"), "  - offline\n", "plugins:\n  - search\n")


@pytest.mark.browser
def test_without_directory_urls_a_reader_follows_links_from_files(page: Page, offline_site: Path) -> None:  # noqa: F811
    """Opened from files (file://, as the offline plugin intends): a reference, a clause
    permalink and the register filter work, and nothing the pages load is missing."""
    failed: list[str] = []
    # Chromium refuses every fetch from a file:// page (the offline plugin's search shim
    # falls back to an iframe), and the favicon; what must not fail is a page, script or style.
    # A request cut short because the test moved on to the next page is not a failure.
    page.on("requestfailed", lambda r: failed.append(r.url) if r.resource_type in ("document", "script", "stylesheet") and "ABORTED" not in (r.failure or "") else None)
    rfc = offline_site / "rfcs" / "0002-deployment-during-embargo.html"
    page.goto(rfc.as_uri())
    # A [[clause]] reference in the RFC leads to the clause in the policy, a file that exists.
    page.locator("article a[href*='policy/index.html#embargo.']").first.click()
    assert page.url.startswith("file://") and "/policy/index.html#embargo." in page.url
    expect(page.locator(f"[id='{page.url.split('#')[1]}']")).to_be_attached()
    # The RFC's permalink names a file (r/rfc-2/index.html) that sends the reader to the RFC.
    page.goto(rfc.as_uri())
    link = page.locator("article a[href$='r/rfc-2/index.html']").first
    link.click()
    page.wait_for_url(re.compile(r".*/rfcs/0002-deployment-during-embargo\.html$"))
    # And a clause's permalink to the clause where it stands in the policy.
    page.goto((offline_site / "clauses" / "embargo.deployment-during-embargo.html").as_uri())
    page.locator("article a[href$='r/embargo.deployment-during-embargo/index.html']").first.click()
    page.wait_for_url(re.compile(r".*/policy/index\.html#embargo\.deployment-during-embargo$"))
    page.goto((offline_site / "ambiguities" / "index.html").as_uri())
    page.locator("a.cw-filter[data-cw-state='open']").click()
    expect(page.locator(".cw-register-group[data-cw-state='resolved']").first).to_be_hidden()
    assert not [u for u in failed if u.startswith("file://")], failed


@pytest.mark.browser
def test_no_page_makes_a_request_that_fails(page: Page, server: str) -> None:  # noqa: F811
    """Every request a page makes is answered. Material fetches `sitemap.xml` beside every
    `<link rel="alternate">`, the feed links included: the site has one there."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.url.startswith(server) else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}") if r.url.startswith(server) and "ABORTED" not in (r.failure or "") else None)
    for path in ("/", "/clauses/embargo.deployment-during-embargo/", "/rfcs/0002-deployment-during-embargo/", "/ambiguities/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert failed == []
