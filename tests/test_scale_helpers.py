"""The helpers made fast for large corpora must give the answers of the slow ones they replaced."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from clausewise.load import yamlsafe
from clausewise.load.loader import _entry_lines
from clausewise.markdown.extension import _relpath

PAGES = ["index.md", "rfcs/0001-a.md", "rfcs/index.md", "clauses/x.y.md", "a/b/c.md", "a/b/d/e.md", "a/x.md"]
DIRS = ["", "rfcs", "clauses", "a", "a/b", "a/b/d", "a/b/c", "./a"]


@pytest.mark.parametrize("target,start", list(itertools.product(PAGES, DIRS)))
def test_relpath_matches_posixpath(target: str, start: str) -> None:
    assert _relpath(target, start) == posixpath.relpath(target, start or ".")


def test_entry_lines_match_a_scan_per_entry() -> None:
    text = "id: x\nambiguities:\n  - id: a\n    clauses: [c1, c2]\n  - id: b\n    clauses:\n      - c3\nrulings:\n  - id: r\n"
    located = yamlsafe.load(text, first_line=2)
    by_entry = _entry_lines(located, "ambiguities")
    for i in (0, 1):
        slow = {p[2:]: line for p, line in located.lines.items() if p[:2] == ("ambiguities", i)}
        assert by_entry[i] == slow
    assert by_entry[1][("clauses", 0)] == 8
    assert _entry_lines(located, "rulings")[0][("id",)] == 10
