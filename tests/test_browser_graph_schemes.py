"""Graphs follow Material's colour scheme (headless chromium): in the light scheme node boxes
are white with the status colours; in the dark scheme (`slate`) the boxes take the page's
background, not white, and labels keep 4.5:1 against it, edges and borders 3:1."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser
from test_browser import browser, server  # noqa: F401 (shared fixtures)
from test_browser_legible import GRAPH_PAGES

pytestmark = pytest.mark.browser

COLOURS = """() => {
  const bg = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('svg.cw-graph-svg')].map(svg => ({
    bg,
    boxes: [...svg.querySelectorAll('.cw-node rect')].map(r => [getComputedStyle(r).fill, getComputedStyle(r).stroke]),
    labels: [...svg.querySelectorAll('.cw-node text')].map(t => getComputedStyle(t).fill),
    edges: [...svg.querySelectorAll('.cw-edge')].map(e => getComputedStyle(e).stroke),
  }));
}"""


def _rgb(css: str) -> tuple[float, float, float]:
    found = re.match(r"rgba?\((\d+), (\d+), (\d+)", css)
    assert found, css
    return tuple(int(v) / 255 for v in found.groups())  # type: ignore[return-value]


def contrast(a: str, b: str) -> float:
    def lum(css: str) -> float:
        r, g, b_ = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(css))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_graph_nodes_follow_the_colour_scheme(browser: Browser, server: str, scheme: str) -> None:  # noqa: F811
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        seen = 0
        for path in GRAPH_PAGES:
            page.goto(f"{server}/{path}")
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
            page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            for graph in page.evaluate(COLOURS):
                bg = graph["bg"]
                assert (contrast(bg, "rgb(255, 255, 255)") < 1.1) == (scheme == "default"), bg
                for fill, stroke in graph["boxes"]:
                    assert fill == ("rgb(255, 255, 255)" if scheme == "default" else bg), (path, fill)
                    assert contrast(stroke, fill) >= 3, (path, stroke, fill)
                for label in graph["labels"]:
                    assert contrast(label, bg) >= 4.5, (path, label, bg)
                for edge in graph["edges"]:
                    assert contrast(edge, bg) >= 3, (path, edge, bg)
                seen += len(graph["boxes"])
        assert seen > 20
    finally:
        page.context.close()
