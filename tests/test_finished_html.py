"""Finished HTML in generated Markdown (`sanitize.finished`, the redlines): stashed whole by
the Markdown extension instead of parsed tag by tag by md_in_html, with the same page as a
result, and only when the marks carry this process's key."""

from __future__ import annotations

import markdown
import pytest
from test_redlines import SMALL, _cases

from clausewise.markdown.extension import FinishedHtmlPreprocessor
from clausewise.site import sanitize
from clausewise.site.text import redline, redline_block

MORE = {
    "code-block": ("Run:\n\n```\nmake\nmake install\n```", "Run:\n\n```\nmake\nmake check\nmake install\n```"),
    "all-removed": ("Members must not deploy fixes.", ""),
    "all-added": ("", "Members may deploy fixes.\n\n1. first\n2. second"),
    "nothing": ("", ""),
    "hostile": ('<script>alert(1)</script> "x" & y', '<img src=x onerror=alert(1)> "x" & z <b &#10; </p><p>'),
}


def _page(block: str) -> str:
    return f'# Change\n\n<div class="cw-redline-wrap" {sanitize.SEARCH_EXCLUDE} markdown>\n\n{block}\n\n</div>\n\nAfter **this**.\n'


def _stashing() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["md_in_html", "attr_list"])
    md.preprocessors.register(FinishedHtmlPreprocessor(md), "clausewise_finished_html", 26)
    return md


@pytest.mark.parametrize("name", sorted(_cases()) + sorted(MORE))
def test_stashed_redline_renders_as_md_in_html_renders_it(name: str) -> None:
    old, new = _cases()[name] if name in _cases() else MORE[name]
    block = redline_block(old, new)
    assert block.startswith(sanitize.FINISHED_OPEN) and block.endswith(sanitize.FINISHED_CLOSE)
    parsed = markdown.markdown(_page(sanitize.unkeyed(block)), extensions=["md_in_html", "attr_list"])
    stashed = _stashing().convert(_page(block))
    assert stashed == parsed
    assert "cw-finished-html" not in stashed and sanitize.unkeyed(block) in stashed
    assert sanitize.unkeyed(block).replace("\n", "") == redline(old, new)  # only line breaks added


def test_marks_without_this_process_key_are_left_to_markdown() -> None:
    """A contributor who writes the marks with any other key gets them back as text, and the
    HTML between them parsed as usual (and, in a build, sanitised)."""
    forged = "{cw-finished-html 0000}<div>*not stashed*</div>{/cw-finished-html 0000}"
    out = _stashing().convert(f"Before.\n\n{forged}\n\nAfter.")
    assert "{cw-finished-html 0000}" in out and "\x02" not in out
    assert out == markdown.markdown(f"Before.\n\n{forged}\n\nAfter.", extensions=["md_in_html", "attr_list"])


def test_written_out_markdown_holds_no_marks() -> None:
    """`clausewise pages` writes generated Markdown through `unkeyed`: a renderer running the
    extension in another process (another key) gets the bare HTML."""
    block = redline_block(*SMALL["one-word"])
    assert sanitize.unkeyed(block) == block.removeprefix(sanitize.FINISHED_OPEN).removesuffix(sanitize.FINISHED_CLOSE)
    assert "cw-finished-html" not in sanitize.unkeyed(block)
