"""Generated pages carry their own description (front matter every renderer reads), not the
site's shared description."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, copy_fixture, mkdocs_build

from clausewise.project import load_project
from clausewise.site.describe import LIMIT, plain, with_description


def _description(html_file: Path) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)"', html_file.read_text(encoding="utf-8"))
    assert found, html_file
    return unescape(found.group(1))


def test_each_kind_of_generated_page_describes_itself(flagship_site: Path) -> None:
    project = load_project(ROOT)
    site_wide = _description(flagship_site / "index.html")
    rfc3 = project.graph.corpus.rfcs[3]
    pages = {
        f"{rfc3.page[:-3]}/index.html": "service providers",
        "clauses/embargo.deployment-during-embargo/index.html": "deploy fixed versions during an embargo",
        "postmortems/xsa-108/index.html": "XSA-108",
        "ambiguities/xsa-108.deployment-during-embargo/index.html": "",
        "changelog/3.0/index.html": "policy version 3.0",
        "rfcs/index.html": "Every RFC",
    }
    seen = set()
    for rel, words in pages.items():
        assert "boost:" not in (flagship_site / rel).read_text(encoding="utf-8"), rel
        text = _description(flagship_site / rel)
        assert text != site_wide and words in text, (rel, text)
        assert "[[" not in text and "**" not in text and "<" not in text and len(text) <= LIMIT, text
        seen.add(text)
    assert len(seen) == len(pages)


def test_the_ambiguity_page_is_described_by_its_question(flagship_site: Path) -> None:
    project = load_project(ROOT)
    amb = project.graph.corpus.ambiguities["xsa-108.deployment-during-embargo"]
    assert _description(flagship_site / "ambiguities/xsa-108.deployment-during-embargo/index.html") == plain(amb.question)


def test_the_description_joins_the_front_matter_a_page_has() -> None:
    """Generated pages already carry front matter for search; the description goes into the
    same block, never a second one (which would print as text)."""
    pages = {p.path: p for p in load_project(ROOT).pages()}
    for path in ("rfcs/index.md", "clauses/embargo.deployment-during-embargo.md", next(p for p in pages if p.startswith("rfcs/0003-"))):
        md = pages[path].markdown
        head, _, body = md[4:].partition("\n---\n")
        meta = yaml.safe_load(head)
        assert meta["description"] and "search" in meta, path
        assert "\nsearch:" not in body and not body.lstrip().startswith("---"), path


@pytest.mark.parametrize("body", [
    'Ends with a quote " and a\\ backslash',
    "description: injected\ntags: [x]",
    "---\nnew: front matter\n---",
    "</title><script>alert(1)</script> & <b>bold</b>",
    "tab\there, bell\x07, line\u2028separator",
])
@pytest.mark.parametrize("page", ["# Title\n", "---\nsearch:\n  boost: 2\n---\n\n# Title\n"])
def test_front_matter_holds_any_text_as_one_value(body: str, page: str) -> None:
    text = plain(body) or "fallback"
    md = with_description(page, text)
    head, _, rest = md[4:].partition("\n---\n")
    meta = yaml.safe_load(head)
    assert meta["description"] == text and set(meta) <= {"description", "search"}
    assert rest.strip() == "# Title"


def test_plain_text_drops_markup_and_cuts_at_a_word() -> None:
    md = "# Heading\n\nSee [[embargo.x|the embargo clause]], **bold** and [a link](https://e.org) `code`.\n\nSecond."
    assert plain(md) == "See the embargo clause, bold and a link code."
    long = plain("word " * 100)
    assert len(long) <= LIMIT and long.endswith("word…")


def test_a_hostile_summary_stays_text_in_the_built_page(tmp_path: Path) -> None:
    """A summary crafted to break out of the description attribute or add front matter keys."""
    root = copy_fixture("basic", tmp_path / "site")
    rfc = next((root / "rfcs").glob("*.md"))
    text = rfc.read_text(encoding="utf-8")
    attack = '"><script>alert(1)</script> template: evil.html\\n---'
    text = re.sub(r"\n## Summary\n\n[^\n]*", "", text)
    rfc.write_text(text.rstrip("\n") + f"\n\n## Summary\n\n{attack}\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "hostile summary"], cwd=root, check=True)
    done = mkdocs_build(root, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-2000:]
    page = tmp_path / "out/rfcs" / rfc.stem / "index.html"
    assert "<script>alert(1)" not in page.read_text(encoding="utf-8")
    description = _description(page)
    # Tags are dropped from the text; what is left is one value, not a `template:` key.
    assert description.startswith('">alert(1) template: evil.html'), description
