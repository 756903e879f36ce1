"""Contributed content cannot run script: XSS payloads in every field, checked in chromium.

tests/sites/xss puts payloads (script tags, event handlers, javascript: links, iframes,
`</title>` breakouts, style overlays) in every text field that reaches a page: RFC title,
authors, body, clause changes, decision; post-mortem title and body; ambiguity title and
question; ruling answer, rationale, during, precedent title; clause title and text; policy
prose; a docs page's meta title and description. Every payload sets `window.__xss` or
opens a dialog if it runs."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator

import markdown
import pytest
from helpers import copy_fixture, mkdocs_build
from playwright.sync_api import Browser
from test_browser import QuietHandler, browser  # noqa: F401  (the shared chromium fixture)

from clausewise import load_project
from clausewise.markdown.extension import ClausewiseExtension
from clausewise.site.sanitize import sanitize

SNIFF = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'data', 'formaction'].includes(a.name) && (v.startsWith('javascript:') || v.startsWith('data:text/html'))) bad.push(el.tagName + ' ' + a.name + '=' + v);
    }
  }
  for (const t of ['iframe', 'object', 'embed', 'form']) if (document.querySelector('article ' + t)) bad.push(t);
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('__xss')) bad.push('script ' + s.textContent.slice(0, 40));
  return {xss: window.__xss === undefined ? null : String(window.__xss), bad};
}"""


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("xss", tmp_path_factory.mktemp("xss") / "project")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def xss_server(xss_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(xss_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_the_detector_sees_a_payload_that_runs(browser: Browser) -> None:  # noqa: F811
    """Control: the same checks catch payloads when sanitising is switched off."""
    from helpers import TESTS

    graph = load_project(TESTS / "sites" / "basic").graph
    raw = '<img src="x" onerror="window.__xss=1"><a href="javascript:alert(1)">x</a>'
    html = markdown.markdown(raw, extensions=[ClausewiseExtension(graph=graph, raw_html="allow")])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(f"<html><body><article>{html}</article></body></html>", wait_until="load")
        page.wait_for_function("() => window.__xss !== undefined")
        result = page.evaluate(SNIFF)
        assert result["xss"] == "1" and "IMG onerror" in result["bad"] and "A href=javascript:alert(1)" in result["bad"]
    finally:
        context.close()


@pytest.mark.browser
def test_no_payload_runs_on_any_page(browser: Browser, xss_site: Path, xss_server: str) -> None:  # noqa: F811
    pages = sorted(p.relative_to(xss_site).as_posix() for p in xss_site.rglob("index.html"))
    assert len(pages) >= 10
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        for rel in pages:
            page.goto(f"{xss_server}/{rel}", wait_until="load")
            page.mouse.move(200, 300)  # would trigger an onmouseover overlay
            result = page.evaluate(SNIFF)
            assert result == {"xss": None, "bad": []}, rel
    finally:
        context.close()
    assert dialogs == []


def test_plain_text_fields_are_shown_escaped_not_dropped(xss_site: Path) -> None:
    html = (xss_site / "rfcs/0001-permit-deployment/index.html").read_text(encoding="utf-8")
    # The RFC title and authors are text: the payload is visible as text, in <title> too.
    assert "<title>RFC 1: rfc.title &lt;/title&gt;&lt;script&gt;window.__xss" in html
    assert "rfc.authors[0] &lt;/title&gt;&lt;script&gt;" in html
    # The body is Markdown: its raw HTML is sanitised (the text stays, the script goes).
    assert "rfc.body:" in html and 'window.__xss="rfc.body"' not in html
    assert not re.search(r'<[a-z]+\s[^>]*(href|src|action|data)="javascript:', html) and "<iframe" not in html


CASES = [
    ('<script>window.__xss=1</script>ok', "ok"),
    ('<img src="x" onerror="window.__xss=1">', '<img src="x">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVaScRiPt&#58;alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,&lt;script&gt;">x</a>', "<a>x</a>"),
    ('<iframe src="https://example.org"></iframe>after', "after"),
    ('<div style="position:fixed" onmouseover="x()">t</div>', "<div>t</div>"),
    ('<style>body{display:none}</style>t', "t"),
    ('<form action="https://evil.example"><input name="q"></form>', '<input name="q">'),
    # clausewise draws its graphs as inline SVG, so shapes survive; handlers and unknown elements do not
    ('<svg onload="alert(1)"><circle/></svg>t', "<svg></svg>t"),
    ('<td style="text-align: left; background: url(x)">c</td>', "c"),
    ('<table><tr><td style="text-align: left; background: url(x)">c</td></tr></table>', '<table><tbody><tr><td style="text-align:left">c</td></tr></tbody></table>'),
    ('<a href="https://example.org/" title="t">ok</a>', '<a href="https://example.org/" title="t">ok</a>'),
    ('<a href="../rfcs/#x" class="cw-ref">ok</a>', '<a href="../rfcs/#x" class="cw-ref">ok</a>'),
    ('<h2 id="a.b">T<a class="headerlink" href="#a.b" title="Permanent link">¶</a></h2>', '<h2 id="a.b">T<a class="headerlink" href="#a.b" title="Permanent link">¶</a></h2>'),
    ("<details open><summary>s</summary><p>b</p></details>", '<details open=""><summary>s</summary><p>b</p></details>'),
    ("<!-- a comment -->t", "t"),
]


@pytest.mark.parametrize(("dirty", "clean"), CASES)
def test_sanitize(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


def test_the_extension_sanitises_outside_mkdocs_unless_allowed() -> None:
    from helpers import TESTS

    graph = load_project(TESTS / "sites" / "basic").graph
    text = 'See [[embargo.no-deploy]].\n\n<script>window.__xss=1</script>\n\n[x](javascript:alert(1))\n'
    strip = markdown.markdown(text, extensions=[ClausewiseExtension(graph=graph)])
    assert "<script>" not in strip and "javascript:" not in strip
    assert 'href="policy/index.md#embargo.no-deploy"' in strip
    allow = markdown.markdown(text, extensions=[ClausewiseExtension(graph=graph, raw_html="allow")])
    assert "<script>window.__xss=1</script>" in allow
    with pytest.raises(ValueError, match="raw_html must be one of strip, allow"):
        markdown.markdown(text, extensions=[ClausewiseExtension(graph=graph, raw_html="escape")])
