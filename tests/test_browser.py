"""The real site in a real headless browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(flagship_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(flagship_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium (make test does it)"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def search(page: Page, base: str, query: str) -> list[str]:
    page.goto(base + "/")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_visible()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    return [re.sub(r"\?h=[^#]*", "", h) for h in hrefs]  # drop the highlight query


def test_search_embargo_finds_the_clause_and_the_ambiguity(page: Page, server: str) -> None:
    hrefs = search(page, server, "embargo")
    # The clause's own page (boosted by its id as a search tag) or its place in the policy.
    assert any("/policy/#embargo." in h or "/clauses/embargo." in h for h in hrefs), hrefs
    assert any("/ambiguities/xsa-108." in h for h in hrefs), hrefs


def test_clause_permalink_from_another_page_lands_on_the_clause(page: Page, server: str) -> None:
    page.goto(server + "/rfcs/0001-sharing-among-members/")
    link = page.locator("article a.cw-ref-clause[href*='#embargo.patched-software']").first
    link.click()
    page.wait_for_url("**/policy/#embargo.patched-software")
    heading = page.locator("[id='embargo.patched-software']")
    expect(heading).to_be_in_viewport()
    expect(heading).to_contain_text("embargo.patched-software")
