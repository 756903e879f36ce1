"""Material's conventions under Zensical (headless chromium), as test_material_conventions
checks them under MkDocs: the register filter after instant navigation, and a site without
directory URLs followed from files."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest
from helpers import BIN, run
from linkcheck import broken_links
from playwright.sync_api import Page, expect
from test_browser import QuietHandler, browser, page  # noqa: F401 (shared fixtures)
from test_incremental import flagship_copy

pytestmark = pytest.mark.browser


def _zensical_site(root: Path) -> Path:
    build = root / "build" / "zensical"
    done = run([str(BIN / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], root)
    assert done.returncode == 0, done.stderr
    zen = run([str(BIN / "zensical"), "build", "--clean", "--strict", "--config-file", str(build / "mkdocs.yml")], root)
    assert zen.returncode == 0, zen.stdout + zen.stderr
    return build / "site"


@pytest.fixture(scope="module")
def instant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The flagship with `navigation.instant`, built by Zensical and served where its
    `site_url` says (instant navigation follows only the URLs its sitemap lists)."""
    tmp = tmp_path_factory.mktemp("zinstant")
    holder: dict[str, Path] = {}
    handler = functools.partial(QuietHandler, directory=str(tmp / "project" / "build" / "zensical" / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    root = flagship_copy(tmp / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base}/", text), encoding="utf-8")
    holder["site"] = _zensical_site(root)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield base
    httpd.shutdown()
    httpd.server_close()


def test_register_filter_works_after_instant_navigation_under_zensical(page: Page, instant_server: str) -> None:  # noqa: F811
    page.goto(instant_server + "/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__loadedOnce = true")
    page.locator("nav.md-nav a.md-nav__link[href$='ambiguities/']").first.click()
    expect(page.locator(".cw-register-group")).to_have_count(4)
    assert page.evaluate("window.__loadedOnce === true")  # swapped in by instant navigation, not loaded
    page.locator("a.cw-filter[data-cw-state='open']").click()
    expect(page.locator(".cw-register-group[data-cw-state='open']")).to_be_visible()
    expect(page.locator(".cw-register-group[data-cw-state='resolved']")).to_be_hidden()
    assert page.url.endswith("#state-open")


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship with Material's offline plugin (which Zensical implements: search from
    files) and without directory URLs, which it needs."""
    root = flagship_copy(tmp_path_factory.mktemp("zflat") / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "plugins:\n  - search\n" in text
    config.write_text(text.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - offline\n", 1) + "use_directory_urls: false\n", encoding="utf-8")
    return _zensical_site(root)


def test_without_directory_urls_a_reader_follows_links_from_files_under_zensical(page: Page, flat_site: Path) -> None:  # noqa: F811
    assert broken_links(flat_site, directory_urls=False) == []
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url) if r.resource_type in ("document", "script", "stylesheet") and "ABORTED" not in (r.failure or "") else None)
    rfc = flat_site / "rfcs" / "0002-deployment-during-embargo.html"
    page.goto(rfc.as_uri())
    page.locator("article a[href*='policy/index.html#embargo.']").first.click()
    assert page.url.startswith("file://") and "/policy/index.html#embargo." in page.url
    expect(page.locator(f"[id='{page.url.split('#')[1]}']")).to_be_attached()
    page.goto(rfc.as_uri())
    page.locator("article a[href$='r/rfc-2/index.html']").first.click()
    page.wait_for_url(re.compile(r".*/rfcs/0002-deployment-during-embargo\.html$"))
    page.goto((flat_site / "clauses" / "embargo.deployment-during-embargo.html").as_uri())
    page.locator("article a[href$='r/embargo.deployment-during-embargo/index.html']").first.click()
    page.wait_for_url(re.compile(r".*/policy/index\.html#embargo\.deployment-during-embargo$"))
    page.goto((flat_site / "ambiguities" / "index.html").as_uri())
    page.locator("a.cw-filter[data-cw-state='open']").click()
    expect(page.locator(".cw-register-group[data-cw-state='resolved']").first).to_be_hidden()
    # A graph node names its file too (raw HTML, which no renderer rewrites).
    page.goto((flat_site / "postmortems" / "xsa-108.html").as_uri())
    node = page.locator("svg.cw-graph-svg a[href$='rfcs/0001-sharing-among-members.html']").first
    node.scroll_into_view_if_needed()
    node.click()
    page.wait_for_url(re.compile(r".*/rfcs/0001-sharing-among-members\.html$"))
    assert not [u for u in failed if u.startswith("file://")], failed


@pytest.fixture(scope="module")
def xss_zensical(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """test_xss's site (payloads in every field that reaches a page), built by Zensical."""
    from helpers import copy_fixture

    root = copy_fixture("xss", tmp_path_factory.mktemp("zxss") / "project")
    site = _zensical_site(root)
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_no_payload_runs_on_any_page_under_zensical(page: Page, xss_zensical: tuple[Path, str]) -> None:  # noqa: F811
    """The same guarantee as test_xss under MkDocs: no payload runs, no event handler,
    `javascript:` link or embedded frame is left, on any page Zensical writes."""
    from test_xss import SNIFF

    site, base = xss_zensical
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) >= 10
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    for rel in pages:
        page.goto(f"{base}/{rel}", wait_until="load")
        page.mouse.move(200, 300)
        assert page.evaluate(SNIFF) == {"xss": None, "bad": []}, rel
    assert dialogs == []
    heads = [p.read_text(encoding="utf-8").split("</head>")[0] for p in site.rglob("*.html")]
    # Every page's head, redirects included: no script element of a payload's.
    assert len(heads) > len(pages) and not [h for h in heads if re.search(r"<script[^>]*>[^<]*(?:__xss|alert\()", h)]
