"""The nesting limit's shortcut (most texts are skipped without a line-by-line scan) agrees
with the full scan, at and around the limit."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.model.syntax import MAX_NESTING, _nesting_scan, nesting_problem

N = MAX_NESTING
CASES = [
    "plain text\n",
    "> " * N + "quoted to the limit\n",
    "> " * (N + 1) + "one quote too many\n",
    ">" * (N + 1) + "\n",
    "\t" * N + "indented to the limit\n",
    "\t" * (N + 1) + "indented too far\n",
    " " * (4 * N) + "spaces to the limit\n",
    " " * (4 * N + 1) + "one space too many\n",
    "<div markdown>\n" * N + "x\n" + "</div>\n" * N,
    "<div markdown>\n" * (N + 1) + "x\n" + "</div>\n" * (N + 1),
    "<div markdown></div>\n" * (N + 5),
    "```\n" + "<div markdown>\n" * (N + 1) + "```\n",
]


@pytest.mark.parametrize("text", CASES)
def test_the_shortcut_agrees_with_the_scan(text: str) -> None:
    assert nesting_problem(text) == _nesting_scan(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["> ", ">", "\t", "    ", " ", "<div markdown>", "</div>", "x", "\n", "```\n"]), max_size=120))
def test_the_shortcut_agrees_with_the_scan_on_made_up_texts(parts: list[str]) -> None:
    text = "".join(parts)
    assert nesting_problem(text) == _nesting_scan(text)
