"""The script's words and the register's filter in a French site, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from test_accessibility import _serve
from test_browser import browser  # noqa: F401 (shared fixture)

from helpers import BIN, copy_fixture, run


@pytest.mark.browser
def test_french_site_script_and_filter(browser: Browser, tmp_path: Path) -> None:  # noqa: F811
    project = copy_fixture("governance", tmp_path / "gov")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  language: fr\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    done = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], project)
    assert done.returncode == 0, done.stderr[-2000:]
    httpd, url = _serve(site)
    page = browser.new_context(viewport={"width": 390, "height": 900}).new_page()
    try:
        # the register's filter: French labels, and filtering works as in English
        page.goto(url + "ambiguities/")
        labels = page.locator("a.cw-filter").all_inner_texts()
        assert labels[0].startswith("toutes (") and any(x.startswith("ouverte (") for x in labels), labels
        page.locator('a.cw-filter[data-cw-state="open"]').click()
        assert page.locator('.cw-register-group[data-cw-state="open"]').is_visible()
        # a table wider than the page: the hint and the box's name come from the script, in French
        page.goto(url + "roster/")  # its rules table is a plain one (cards tables do not scroll)
        page.evaluate("""() => { const t = document.querySelector('article table'); t.querySelector('td').textContent = 'x'.repeat(400); }""")
        page.set_viewport_size({"width": 391, "height": 900})  # the resize handler looks again
        page.wait_for_timeout(400)
        hint = page.locator(".cw-scroll-hint").first
        assert hint.is_visible() and "faites-le défiler horizontalement" in hint.inner_text()
        assert page.locator('[aria-label="Tableau (défile horizontalement)"]').count() >= 1
    finally:
        page.context.close()
        httpd.shutdown()
        httpd.server_close()
