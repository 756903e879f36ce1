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
        ("Members must not deploy.", "Members may deploy.", "Members <del>must not </del><ins>may </ins>deploy."),
        ("a <b> c", "a <i> c", "a &lt;<del>b</del><ins>i</ins>&gt; c"),
        ("one\n\ntwo", "one\n\ntwo three", "one&#10;&#10;two <ins>three</ins>"),
        # several words changed together: one deletion, one insertion
        ("Tell the security team by email.", "Tell the list in writing.", "Tell the <del>security team by email</del><ins>list in writing</ins>."),
        # re-wrapping a line is not a change; the new text's wrapping is shown
        ("Members may\ndeploy fixes.", "Members may deploy\nfixes.", "Members may deploy&#10;fixes."),
        # a paragraph break is
        ("One. Two.", "One.\n\nTwo.", "One<del>. </del><ins>.&#10;&#10;</ins>Two."),
    ],
)
def test_redline(old: str, new: str, expected: str) -> None:
    assert redline(old, new) == f'<div class="cw-redline">{expected}</div>'
