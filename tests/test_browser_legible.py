"""Redlines and graphs judged in headless chromium at 1280 and 390 px: graph text is never
drawn below 12 CSS px, phones get the list view, nodes are links that land on their
pages, and redlines wrap to the column instead of overflowing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from linkcheck import broken_links
from playwright.sync_api import Browser, Page
from test_browser import browser, server  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.browser

GRAPH_PAGES = ["postmortems/xsa-108/", "clauses/embargo.user-communications/", "clauses/membership.application/", "clauses/membership.genuine/"]
REDLINE_PAGES = ["rfcs/0003-service-announcements/", "changelog/", "changelog/3.0/", "ambiguities/xsa-108.security-policy-statement/"]

# The smallest text of each graph as drawn: the font size times the SVG's scale on screen.
SMALLEST_GRAPH_TEXT = """() => [...document.querySelectorAll('svg.cw-graph-svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
})"""
VISIBLE = "els => els.map(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0)"


def _page(browser: Browser, width: int) -> Page:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


@pytest.mark.parametrize("path", GRAPH_PAGES)
def test_graph_text_is_12px_or_more_at_1280(browser: Browser, server: str, path: str) -> None:  # noqa: F811
    page = _page(browser, 1280)
    try:
        page.goto(f"{server}/{path}")
        smallest = page.evaluate(SMALLEST_GRAPH_TEXT)
        assert smallest and min(smallest) >= 12, smallest
        assert page.locator("svg.cw-graph-svg").evaluate_all(VISIBLE) == [True]
        assert page.locator(".cw-graph-list").evaluate_all(VISIBLE) == [False]
        # the graph fits the column at this width: nothing to scroll
        assert page.locator(".cw-graph").evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    finally:
        page.context.close()


@pytest.mark.parametrize("path", GRAPH_PAGES)
def test_phones_get_the_list_view(browser: Browser, server: str, path: str) -> None:  # noqa: F811
    page = _page(browser, 390)
    try:
        page.goto(f"{server}/{path}")
        assert page.locator("svg.cw-graph-svg").evaluate_all(VISIBLE) == [False]
        assert page.locator(".cw-graph-list").evaluate_all(VISIBLE) == [True]
        sizes = page.locator(".cw-graph-list li").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 12, sizes
        hrefs = "els => [...new Set(els.map(e => e.getAttribute('href')))].sort()"
        svg_links = page.locator("svg.cw-graph-svg a").evaluate_all(hrefs)
        assert svg_links and page.locator(".cw-graph-list a").evaluate_all(hrefs) == svg_links  # the same nodes, linked
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


def test_a_node_is_a_link_to_its_page(browser: Browser, server: str) -> None:  # noqa: F811
    page = _page(browser, 1280)
    try:
        page.goto(f"{server}/postmortems/xsa-108/")
        node = page.locator("svg.cw-graph-svg a", has=page.locator("title", has_text="RFC 3 (reconstruction) (accepted): Let service providers explain disruptive fixes to their users as security work"))
        node.scroll_into_view_if_needed()
        node.click()
        page.wait_for_url("**/rfcs/0003-service-announcements/")
        # and from a phone, through the list
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{server}/clauses/embargo.user-communications/")
        page.locator(".cw-graph-list a", has_text="resolved: Service announcements").click()
        page.wait_for_url("**/ambiguities/xsa-108.service-announcements/")
    finally:
        page.context.close()


def test_every_graph_link_resolves(flagship_site: Path) -> None:
    graph_links = sum((flagship_site / p / "index.html").read_text(encoding="utf-8").count('<a href="') for p in GRAPH_PAGES)
    assert graph_links > 20
    assert broken_links(flagship_site) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_redlines_wrap_to_the_column(browser: Browser, server: str, width: int) -> None:  # noqa: F811
    page = _page(browser, width)
    try:
        for path in REDLINE_PAGES:
            page.goto(f"{server}/{path}")
            found = page.locator(".cw-redline").evaluate_all(
                """els => els.map(e => ({
                    overflow: e.scrollWidth - e.clientWidth,
                    right: e.getBoundingClientRect().right,
                    space: getComputedStyle(e).whiteSpace,
                    syntax: /(^|\\s)(>|\\*)\\s|\\[sic\\]/.test(e.innerText),
                }))"""
            )
            assert found, path
            for box in found:
                assert box["overflow"] <= 1 and box["right"] <= width, (path, width, box)
                assert box["space"] == "normal" and not box["syntax"], (path, box)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    finally:
        page.context.close()
