"""Governance pages in a real headless browser: from an FAQ answer to the version that changed it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_browser import browser, page, search, server  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.browser


def test_search_finds_the_faq_answer_by_its_question(page: Page, server: str) -> None:  # noqa: F811
    hrefs = search(page, server, "share fixes with other")
    assert any("faq/sharing-fixes-with-other-members/" in h for h in hrefs), hrefs


def test_from_an_answer_needing_review_to_the_changelog(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/faq/announcing-reboots-to-users/")
    review = page.locator(".cw-review")
    expect(review).to_contain_text("Review needed")
    review.get_by_role("link", name="RFC 3").first.click()
    page.wait_for_url("**/rfcs/0003-service-announcements/")
    page.get_by_role("link", name="version 3.0").first.click()
    page.wait_for_url("**/changelog/#v3.0")
    expect(page.locator("#v3\\.0")).to_be_in_viewport()


def test_fictional_vote_table_is_visible(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/rfcs/0009-example-leadership-vote/")
    tally = page.locator(".cw-tally")
    expect(tally).to_contain_text("Passed")
    expect(tally.locator("tbody tr")).to_have_count(6)  # the six votes (the vote's facts are a list)
    expect(tally.locator(".cw-vote-facts")).to_contain_text("Voting period")


def test_clause_permalink_from_a_faq_answer_lands_on_the_clause(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/faq/security-policy-statement-v3/")
    page.locator("article a.cw-ref-clause[href*='#membership.security-policy-statement']").first.click()
    page.wait_for_url("**/policy/#membership.security-policy-statement")
    expect(page.locator("[id='membership.security-policy-statement']")).to_be_in_viewport()


def test_a_2014_answer_links_the_clause_as_it_stood_then_and_today(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/faq/security-policy-statement/")
    body = page.locator("article section.cw-unsearched ~ p .cw-asat-ref").first
    expect(body).to_contain_text("Link to a security policy statement (since amended by RFC 4 (reconstruction) in version 3.0: today's text)")
    body.locator("a.cw-asat").click()
    page.wait_for_url("**/changelog/2.x/#membership.security-policy-statement")
    expect(page.locator("[id='membership.security-policy-statement']")).to_be_in_viewport()
    page.go_back()
    page.locator("article section.cw-unsearched ~ p a.cw-today").first.click()
    page.wait_for_url("**/clauses/membership.security-policy-statement/")
    expect(page.locator("h1")).to_contain_text("Public invitation to report security problems")


def test_a_past_version_says_so_at_the_top(page: Page, server: str) -> None:  # noqa: F811
    page.goto(server + "/changelog/2.x/")
    notice = page.locator("article p", has_text="A past version").first
    expect(notice).to_contain_text("A past version; the current one is version 3.7")
    notice.get_by_role("link", name="version 3.7").click()
    page.wait_for_url("**/changelog/#v3.7")
