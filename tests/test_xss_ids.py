"""Script in readers' browsers, the ways the red team found past nh3: ids set with attr_list
that the table of contents carries unescaped into the sidebar; an element claiming an id
the theme relies on (`__config`); docs front matter that is not text; active files in
`docs/`. Payloads in every body kind (RFC, FAQ answer, post-mortem, ambiguity question,
governance note, docs page), checked in the built HTML and in chromium."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from helpers import BIN, copy_fixture, mkdocs_build, run
from playwright.sync_api import Browser
from test_browser import QuietHandler, browser  # noqa: F401  (the shared chromium fixture)
from test_xss import SNIFF

from clausewise.site.sanitize import safe_id, sanitize


def _heading(where: str) -> str:
    """Two headings whose attr_list ids break out of the toc's href: with `<` and without."""
    return (
        f"\n\n## {where} breakout {{id='{where}-a\"><img src=x onerror=window.__xss=\"{where}\">'}}\n\n"
        f"## {where} focus {{id='{where}-b\" autofocus onfocus=\"window.__xss=`{where}`'}}\n\n"
        f"## {where} config {{#__config}}\n\ntext\n"
    )


def _indent(text: str, by: str) -> str:
    return "\n".join(by + line if line else line for line in text.split("\n"))


@pytest.fixture(scope="module")
def ids_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("governance", tmp_path_factory.mktemp("ids") / "project")
    rfc = root / "rfcs/0001-permit-deployment.md"
    rfc.write_text(
        rfc.read_text(encoding="utf-8") + _heading("rfc")
        + '\n<div id="__config">{"base": "/", "features": [], "search": "data:text/javascript,window.__xss=\'worker\'"}</div>\n'
        + '\n<div markdown id="__search">x</div>\n<a name="__drawer" href="#x">y</a>\n',
        encoding="utf-8",
    )
    pm = root / "postmortems/inc-1.md"
    text = pm.read_text(encoding="utf-8")
    question = "    question: May a provider deploy a fixed version on public systems before the embargo ends?"
    assert question in text
    text = text.replace(question, "    question: |\n      May a provider deploy?" + _indent(_heading("question"), "      "))
    pm.write_text(text + _heading("postmortem"), encoding="utf-8")
    faq = root / "faq/deploying-fixes.md"
    faq.write_text(faq.read_text(encoding="utf-8") + _heading("faq"), encoding="utf-8")
    gov = root / "governance.yml"
    gov.write_text(gov.read_text(encoding="utf-8") + "note: |\n  The roster is fictional." + _indent(_heading("governance"), "  ") + "\n", encoding="utf-8")
    index = root / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + _heading("docs"), encoding="utf-8")
    run(["git", "commit", "-qam", "payloads"], root, check=True)
    check = run([str(BIN / "clausewise"), "check", str(root)], root)
    assert check.returncode == 0, check.stdout + check.stderr
    return root


@pytest.fixture(scope="module")
def ids_site(ids_project: Path) -> Path:
    result = mkdocs_build(ids_project, ids_project / "site")
    assert result.returncode == 0, result.stderr
    return ids_project / "site"


PAGES = {
    "rfc": "rfcs/0001-permit-deployment/index.html",
    "postmortem": "postmortems/inc-1/index.html",
    "question": "ambiguities/inc-1.deploy/index.html",
    "faq": "faq/deploying-fixes/index.html",
    "governance": "roster/index.html",
    "docs": "index.html",
}


@pytest.mark.parametrize("where", sorted(PAGES))
def test_attr_list_ids_reach_the_page_and_toc_as_safe_slugs(ids_site: Path, where: str) -> None:
    html = (ids_site / PAGES[where]).read_text(encoding="utf-8")
    assert f"{where} breakout" in html, "the payload heading is on the page"
    assert not re.search(r"<[^>]*\sonerror=", html) and not re.search(r"<[^>]*\sonfocus=", html)
    assert not re.search(r"<[^>]*\sautofocus", html)
    article = html[html.index("<article"):html.index("</article>")]
    toc = html[html.index('md-nav--secondary'):]
    toc = toc[:toc.index("</nav>")]
    ids = re.findall(r'\sid="([^"]*)"', article)
    (breakout,) = [i for i in ids if i.startswith(f"{where}-a") and "onerror" in i]
    assert f'href="#{breakout}"' in toc  # the toc links to the heading by its safe id
    for value in ids + re.findall(r'href="#([^"]*)"', toc) + re.findall(r'\s(?:name|for)="([^"]*)"', article):
        assert safe_id(value) == value and not value.startswith("__"), value
    # The theme's own configuration is the only __config, and the page's own ids are not claimed.
    assert html.count('id="__config"') == 1 and '<script id="__config"' in html
    assert html.count('id="__search"') <= 1 and 'name="__drawer"' not in html


def test_raw_html_ids_the_theme_relies_on_are_removed() -> None:
    for dirty in ('<div id="__config">x</div>', '<p id="__search">x</p>', '<a name="__drawer">x</a>', '<label for="__toc">x</label>'):
        assert "__" not in sanitize(dirty), dirty
    # What the usual extensions number themselves stays (pymdownx.tabbed, pymdownx.highlight).
    kept = '<input id="__tabbed_1_1" name="__tabbed_1"><label for="__tabbed_1_1">a</label><a id="__codelineno-0-1" name="__codelineno-0-1"></a>'
    assert sanitize(kept) == kept
    assert safe_id('x"><img src=x>') == "x-img-src-x" and safe_id("ok.id-1") == "ok.id-1" and safe_id("<>") is None
    assert len(safe_id("a" * 5000) or "") == 200


@pytest.mark.browser
def test_no_payload_runs_and_search_uses_the_theme_worker(browser: Browser, ids_site: Path) -> None:  # noqa: F811
    handler = functools.partial(QuietHandler, directory=str(ids_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in sorted(set(PAGES.values())):
            page.goto(f"{base}/{rel}", wait_until="load")
            page.keyboard.press("Tab")  # focus moves: an onfocus payload would run
            page.wait_for_timeout(200)
            assert page.evaluate(SNIFF) == {"xss": None, "bad": []}, rel
            assert page.evaluate("() => document.getElementById('__config').tagName") == "SCRIPT", rel
            # the toc's links point at the headings, by their safe ids
            hrefs = page.evaluate("() => [...document.querySelectorAll('nav a[href^=\"#\"]')].map(a => a.getAttribute('href'))")
            assert all(safe_id(h[1:]) == h[1:] for h in hrefs if len(h) > 1), rel
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    assert dialogs == []


# -- docs front matter: text or nothing ----------------------------------------------------
FRONT_MATTER = [
    ("title: ['<img src=x onerror=window.__xss=1>']", "2: CW104 `title` must be text, not a list"),
    ("description: ['<script>window.__xss=1</script>']", "2: CW104 `description` must be text, not a list"),
    ("title: {a: '<b>'}", "2: CW104 `title` must be text, not a mapping"),
    ("title: 42", "2: CW104 `title` must be text, not the number `42`"),
    ('title: "bell \\a"', "2: CW104 text contains the control character U+0007"),
    ("template: nowhere.html", None),
    ("template: ../../../etc/passwd", "2: CW104 `template` must name a file of the theme"),
    ("icon: material/no-such-icon", None),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]", "CW107 YAML expands to more than"),
]


@pytest.mark.parametrize(("front", "says"), FRONT_MATTER)
def test_docs_front_matter_that_is_not_text_is_refused(front: str, says: str | None, tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    (root / "docs/extra.md").write_text(f"---\n{front}\n---\n# Extra\n", encoding="utf-8")
    check = run([str(BIN / "clausewise"), "check", str(root)], root)
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 1 and "Traceback" not in build.stdout + build.stderr
    if says is None:  # only the theme knows its files: the build names the page and line
        assert check.returncode == 0
        assert "docs/extra.md:2: CW104" in build.stderr and "names no file of the theme" in build.stderr
    else:
        assert check.returncode == 1 and (f"docs/extra.md:{says}" in check.stdout or says in check.stdout), check.stdout
        assert "docs/extra.md:" in build.stderr
    assert not (tmp_path / "site").exists()


def test_multimarkdown_meta_is_held_to_the_same_rules(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    (root / "docs/extra.md").write_text("Title: bell\nTemplate: ../x.html\n\n# Extra\n", encoding="utf-8")
    # MultiMarkdown has no escapes: a control character is in the file itself (CW114)
    (root / "docs/other.md").write_text("Title: bell \x1b[2J\n\n# Other\n", encoding="utf-8")
    check = run([str(BIN / "clausewise"), "check", str(root)], root)
    assert check.returncode == 1
    assert "docs/other.md:1: CW114 the file holds the control character U+001B" in check.stdout
    assert "docs/extra.md:2: CW104 `template` must name a file of the theme" in check.stdout
    assert "\x1b" not in check.stdout


# -- what docs/ may publish ------------------------------------------------------------------
ACTIVE = ["page.html", "page.htm", "logo.svg", "feed.xml", "app.js", "style.css", "x.xhtml", "nested/deep/evil.HTML", "noext", "page.markdown"]
PASSIVE = ["img/logo.png", "photo.JPG", "paper.pdf", "notes.txt", "data.csv", "font.woff2", ".hidden.html"]


def test_active_files_in_docs_are_refused_and_passive_ones_published(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    for rel in ACTIVE + PASSIVE:
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"<script>window.__xss=1</script>\n")
    check = run([str(BIN / "clausewise"), "check", str(root)], root)
    assert check.returncode == 1
    refused = sorted(line.split(":", 1)[0] for line in check.stdout.splitlines() if " CW604 " in line)
    assert refused == sorted(f"docs/{rel}" for rel in ACTIVE)
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 1 and "CW604" in build.stderr and not (tmp_path / "site").exists()
    # Without the active files the site builds, and the passive ones are published as they are.
    for rel in ACTIVE:
        (root / "docs" / rel).unlink()
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    site = tmp_path / "site"
    for rel in PASSIVE:
        assert (site / rel).is_file() != rel.startswith("."), rel
