"""Pure helpers behind the safety rules: snippet notation and cycle finding."""

from __future__ import annotations

import pytest

from clausewise.check.cycles import cycles
from clausewise.load.confine import snippet_references


@pytest.mark.parametrize(
    ("markdown", "found"),
    [
        ('--8<-- "a.txt"', [(1, "a.txt")]),
        ("text\n  -8<- 'b.md'", [(2, "b.md")]),
        ('---8<--- "c.md:1:3"', [(1, "c.md:1:3")]),
        (';--8<-- "escaped.md"', []),
        ("--8<--\nx.md\n\n;skipped.md\ny.md\n--8<--\nafter", [(2, "x.md"), (5, "y.md")]),
        ('```\n--8<-- "in-code.md"\n```', [(2, "in-code.md")]),  # snippets reads fenced code too
        ('--8<-- "unclosed', []),
        ("prose with --8<-- in it", []),
    ],
)
def test_snippet_references(markdown: str, found: list[tuple[int, str]]) -> None:
    assert list(snippet_references(markdown)) == found


def test_cycles_reports_each_cycle_once_from_its_smallest_node() -> None:
    edges = {1: [2], 2: [3], 3: [1, 4], 4: [], 5: [6], 6: [5], 7: [7]}
    assert cycles(edges) == [[1, 2, 3], [5, 6]]


def test_cycles_scale_without_recursion() -> None:
    n = 50_000
    chain = {i: [i + 1] for i in range(n)} | {n: [0]}
    (cycle,) = cycles(chain)
    assert len(cycle) == n + 1 and cycle[:3] == [0, 1, 2]
    assert cycles({i: [i + 1] for i in range(n)}) == []
