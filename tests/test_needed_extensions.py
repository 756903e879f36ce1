"""Generated pages are written for admonitions, attribute lists, Markdown in HTML blocks and
tables. A site whose mkdocs.yml lists none of them (the applications example lists only
`toc`) still gets them rendered: the clausewise extension loads what the site did not list,
under the plugin and without it."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import yaml
from helpers import copy_fixture, mkdocs_build

from clausewise.markdown import ClausewiseExtension

LITERAL = re.compile(r"<p>!!! |\{#[a-z]|<div[^>]* markdown(=\"1\")?>")


def listed(config: Path) -> set[str]:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return {e if isinstance(e, str) else next(iter(e)) for e in data.get("markdown_extensions") or []}


def test_a_site_that_lists_none_of_them_renders_generated_pages(tmp_path: Path) -> None:
    root = copy_fixture("applications", tmp_path / "project")
    assert not {"admonition", "attr_list", "md_in_html", "tables"} & listed(root / "mkdocs.yml")  # the premise
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert not [str(p) for p, html in pages.items() if LITERAL.search(html)]
    # the fictional-examples warning on the RFC index is an admonition, not a paragraph of `!!!`
    assert 'class="admonition warning"' in pages[tmp_path / "site" / "rfcs" / "index.html"]


def test_the_extension_alone_loads_them(tmp_path: Path) -> None:
    root = copy_fixture("applications", tmp_path / "project")
    text = '!!! warning "Not real proposals"\n\n    Made up.\n\n## Examples {#examples}\n\n<div class="cw-banner" markdown>\n\n*a*\n\n</div>\n\n| a |\n| - |\n| b |\n'
    html = markdown.markdown(text, extensions=[ClausewiseExtension(project=str(root), page="rfcs/index.md")])
    assert not LITERAL.search(html), html
    assert 'class="admonition warning"' in html and 'id="examples"' in html and "<table>" in html and "<em>a</em>" in html
