"""The reader's site judged in a real browser with axe-core: WCAG 2.1 A and AA, on desktop
(1280 px) and phone (390 px) widths, in the light and the dark scheme, on the flagship and
on a second community's site made with `clausewise init`."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import clausewise, mkdocs_build
from playwright.sync_api import Browser, expect
from test_browser import QuietHandler, browser  # noqa: F401 (shared fixture)

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWS = [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")]
#: One page of every kind the flagship has: written, generated, listings.
FLAGSHIP_PAGES = [
    "", "policy/", "postmortems/xsa-108/", "ambiguities/", "ambiguities/xsa-108.deployment-during-embargo/",
    "rfcs/", "rfcs/0002-deployment-during-embargo/", "clauses/embargo.deployment-during-embargo/",
    "faq/deploying-fixes-during-embargo/", "changelog/", "roster/", "contributing/",
    # issue 18: a vote tally, a policy version, and the pages its changes touched
    "rfcs/0009-example-leadership-vote/", "changelog/3.0/", "rfcs/0003-service-announcements/", "faq/",
]
#: Pages with the reworked redlines and graphs (#18): an RFC that rewrites a clause, a
#: version page, an ambiguity showing how its clause changed, a clause graph with a waypoint.
REDLINE_AND_GRAPH_PAGES = [
    "rfcs/0003-service-announcements/", "changelog/3.0/", "ambiguities/xsa-108.security-policy-statement/",
    "clauses/embargo.user-communications/",
]
INIT_PAGES = ["", "policy/", "ambiguities/", "rfcs/0001-allow-deployment/", "faq/deploying-fixes/", "postmortems/incident-1/"]


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture(scope="module")
def flagship_url(flagship_site: Path) -> Iterator[str]:
    httpd, url = _serve(flagship_site)
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def init_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("a11y") / "community"
    made = clausewise("init", str(root), "--name", "Example Co: security policy")
    assert made.returncode == 0, made.stderr
    build = mkdocs_build(root, root / "site")
    assert build.returncode == 0, build.stderr
    httpd, url = _serve(root / "site")
    yield url
    httpd.shutdown()
    httpd.server_close()


def violations(browser: Browser, base: str, pages: list[str], width: int, scheme: str, search: str | None = None) -> list[str]:  # noqa: F811
    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    out = []
    try:
        for path in pages:
            page.goto(base + path)
            if scheme == "dark":
                # Material's own switch sets this attribute; colours are read once they settle.
                page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
                page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
            if search is not None:  # the search results, open over the page
                page.keyboard.press("/")
                page.locator("input.md-search__input").press_sequentially(search, delay=10)
                page.locator(".md-search-result__item").first.wait_for()
                page.wait_for_timeout(500)
            for v in axe.run(page, options=WCAG).response["violations"]:
                for node in v["nodes"]:
                    out.append(f"/{path}{f' searching {search!r}' if search else ''} at {width}px {scheme}: {v['id']} {node['target'][0]}: {node.get('failureSummary', '').strip()[:200]}")
    finally:
        context.close()
    return out


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_the_flagship_meets_wcag_aa(browser: Browser, flagship_url: str, width: int, scheme: str) -> None:  # noqa: F811
    assert violations(browser, flagship_url, FLAGSHIP_PAGES, width, scheme) == []


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_redline_and_graph_pages_meet_wcag_aa(browser: Browser, flagship_url: str, width: int, scheme: str) -> None:  # noqa: F811
    assert violations(browser, flagship_url, REDLINE_AND_GRAPH_PAGES, width, scheme) == []


@pytest.mark.parametrize(("width", "scheme"), VIEWS)
def test_search_results_meet_wcag_aa(browser: Browser, flagship_url: str, width: int, scheme: str) -> None:  # noqa: F811
    assert violations(browser, flagship_url, ["policy/"], width, scheme, search="embargo") == []


@pytest.mark.parametrize(("width", "scheme"), [v for v in VIEWS if v[1] == "light"])  # init's theme has no dark scheme
def test_a_new_community_site_meets_wcag_aa(browser: Browser, init_url: str, width: int, scheme: str) -> None:  # noqa: F811
    assert violations(browser, init_url, INIT_PAGES, width, scheme) == []


def test_wide_tables_can_be_scrolled_from_the_keyboard(browser: Browser, flagship_url: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        # Generated tables fit at 390 px (as cards); a written table can still be too wide.
        page.goto(flagship_url + "diagnostics/")
        page.evaluate("() => { const t = document.querySelector('article table'); t.dataset.wide = ''; t.querySelector('td').textContent = 'x'.repeat(400); }")
        page.set_viewport_size({"width": 391, "height": 844})  # the resize handler looks again
        # That table's own wrapper, once the handler has made it a focusable region (it runs
        # when the browser gets to it: a loaded machine took longer than a fixed wait).
        box = page.locator(".md-typeset__scrollwrap[tabindex='0'][role='region']:has(table[data-wide])")
        expect(box).to_have_count(1, timeout=10_000)
        box.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        # Keyboard scrolling may be smooth: wait for it to move rather than read it at once.
        page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle(), timeout=10_000)
    finally:
        context.close()
