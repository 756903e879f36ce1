"""Applications (#19) in headless chromium: the flagship's Apply page, generated from the
criteria in force, and the fictional example's register, pending queue and application
pages."""

from __future__ import annotations

import functools
import http.server
import threading
from typing import Iterator

import pytest
from helpers import copy_fixture, mkdocs_build
from playwright.sync_api import Page, expect
from test_browser import QuietHandler, browser, page, server  # noqa: F401 (shared fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_fixture("applications", tmp_path_factory.mktemp("apps-browser") / "project")
    out = root.parent / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_the_flagship_apply_page(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/apply/")
    expect(page.locator("h1")).to_contain_text("Apply to join the pre-disclosure list")
    items = page.locator("article h2")
    # nine items of version 3.x, then "As a file" and the earlier versions
    expect(items.nth(0)).to_contain_text("1. A category the list is open to")
    expect(items.nth(8)).to_contain_text("9. A single non-personal email alias")
    expect(page.locator("article h3", has_text="Version 2.x (2014-10-01)")).to_be_visible()
    # the Apply entry of the navigation leads here
    expect(page.locator("nav.md-nav a.md-nav__link--active, nav.md-nav .md-nav__link--active").first).to_contain_text("Apply")
    # the three rejected categories are rulings, one click away
    link = page.locator("article a[href*='xsa-108.rejected-categories.consultants']").first
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(f"{server}/ambiguities/xsa-108.rejected-categories/#xsa-108.rejected-categories.consultants")
    expect(page.locator("h1")).to_contain_text("Research setups, ancillary-software providers and consultants")


def test_the_register_and_an_application(page: Page, example: str) -> None:
    page.goto(example + "/applications/")
    expect(page.locator("h1")).to_contain_text("Register of members")
    expect(page.locator(".cw-banner-warning")).to_contain_text("fictional")
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).locator("td").nth(0)).to_have_text("Alpha Example Hosting (fictional)")
    expect(rows.nth(0).locator("td").nth(2)).to_have_text("2024-02-09")
    rows.nth(2).locator("td a").click()  # Gamma, approved with a waiver
    expect(page).to_have_url(f"{example}/applications/2024-03-05-gamma-example-cloud/")
    expect(page.locator(".cw-banner-warning")).to_contain_text("A fictional example.")
    checklist = page.locator("article table").first
    expect(checklist.locator("tbody tr")).to_have_count(4)
    expect(checklist.locator(".cw-check-waived")).to_have_count(1)
    expect(checklist.locator("tbody tr").nth(3)).to_contain_text("private")
    # the reasons cite an earlier application: a link to its page
    page.locator("article a[href$='2024-02-01-alpha-example-hosting/']").first.click()
    expect(page.locator("h1")).to_contain_text("Application: Alpha Example Hosting (fictional)")


def test_the_pending_queue_shows_each_checklist(page: Page, example: str) -> None:
    page.goto(example + "/applications/pending/")
    expect(page.locator("article h2")).to_have_count(1)
    expect(page.locator("article h2").first).to_contain_text("Delta Example Systems")
    expect(page.locator("article .cw-check-malformed")).to_have_count(1)
    expect(page.locator("article .cw-check-missing")).to_have_count(2)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_application_pages_meet_wcag_aa(browser, server: str, example: str, scheme: str) -> None:  # noqa: F811
    from test_accessibility import violations

    found = violations(browser, server + "/", ["apply/", "changelog/2.x/"], 1280, scheme)
    found += violations(browser, example + "/", ["applications/", "applications/pending/", "applications/decisions/",
                                                 "applications/figures/", "applications/2024-03-05-gamma-example-cloud/"], 1280, scheme)
    assert found == [], "\n".join(found)
