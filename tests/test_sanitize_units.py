"""The sanitiser's shortcuts give exactly what nh3 itself would (no timing here)."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.site import sanitize

CHARS = st.characters(exclude_categories=("Cs",))


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.text(CHARS, max_size=40))
def test_text_without_markup_is_what_nh3_returns(text: str) -> None:
    # The shortcut skips nh3 only for text that needs nothing from it.
    if sanitize._NEEDS_NH3.search(text) is None:
        assert nh3.clean(text, **sanitize._OPTIONS) == text  # type: ignore[arg-type]
    assert sanitize.sanitize(text) == nh3.clean(text, **sanitize._OPTIONS)  # type: ignore[arg-type]


@pytest.mark.parametrize("html", [
    "Embargo · scope",
    "a > b & c",
    "\ufeffheading",
    "<script>alert(1)</script>x",
    '<a href="javascript:alert(1)">x</a>',
    '<td style="text-align: right; color: red">1</td>',
    "<svg><g><rect x=\"1\"/></g></svg>",
])
def test_cleaner_matches_nh3_clean(html: str) -> None:
    assert sanitize.sanitize(html) == nh3.clean(html, **sanitize._OPTIONS)  # type: ignore[arg-type]
