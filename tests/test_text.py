"""Escaping helpers: whatever the text, the rendered page shows exactly that text."""

from __future__ import annotations

import html

import markdown
import pytest

from clausewise.site.text import cell, inline, redline

TRICKY = [
    "XSA-108 process post-mortem: security policy ambiguities",
    "Use *stars* and _underscores_ [not links](http://x) `code`",
    "<script>alert(1)</script> & friends",
    "a | pipe # hash + plus ! bang {brace} \\ backslash",
    "ratio 2:1, x^2, a=b, ~tilde~",
]


@pytest.mark.parametrize("s", TRICKY)
def test_inline_renders_as_the_literal_text(s: str) -> None:
    rendered = markdown.markdown("# " + inline(s), extensions=["tables"])
    assert rendered.startswith("<h1>") and html.unescape(rendered[4:-5]) == s and "<script>" not in rendered


@pytest.mark.parametrize("s", TRICKY)
def test_cell_stays_in_one_table_cell(s: str) -> None:
    rendered = markdown.markdown(f"| a | b |\n|---|---|\n| {cell(s)} | end |", extensions=["tables"])
    assert rendered.count("<td>") == 2 and "<script>" not in rendered


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Members must not deploy.", "Members may deploy.", '<p class="cw-rl-p">Members <del>must not </del><ins>may </ins>deploy. </p>'),
        # text is escaped; a tag in the source is markup, not words the reader sees
        ("1 < 2 & <b>x</b>", "1 > 2 & <i>x</i>", '<p class="cw-rl-p">1 <del>&lt; </del><ins>&gt; </ins>2 &amp; x </p>'),
        ("one\n\ntwo", "one\n\ntwo three", '<p class="cw-rl-p">one</p><p class="cw-rl-p">two <ins>three </ins></p>'),
        # several words changed together: one deletion, one insertion
        ("Tell the security team by email.", "Tell the list in writing.", '<p class="cw-rl-p">Tell the <del>security team by email</del><ins>list in writing</ins>. </p>'),
        # re-wrapping a line is not a change: the paragraph is reflowed
        ("Members may\ndeploy fixes.", "Members may deploy\nfixes.", '<p class="cw-rl-p">Members may deploy fixes.</p>'),
        # a paragraph break is
        ("One. Two.", "One.\n\nTwo.", '<p class="cw-rl-p">One. <del>Two. </del></p><p class="cw-rl-ins-whole cw-rl-p"><span class="cw-rl-tag">Added</span> <ins>Two.</ins></p>'),
    ],
)
def test_redline(old: str, new: str, expected: str) -> None:
    assert redline(old, new) == f'<div class="cw-redline">{expected}</div>'
