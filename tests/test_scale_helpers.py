"""The helpers made fast for large corpora must give the answers of the slow ones they replaced."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from clausewise import yamlsafe
from clausewise.loader import _entry_lines
from clausewise.mdext import _relpath

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


@pytest.mark.parametrize("text", ["a: [1, {b: c}]\nd:\n  - e: f\n", "x: 'quoted'\ny: 2024-01-02\nz: |\n  block\n"])
def test_libyaml_and_python_parsers_agree(text: str) -> None:
    fast = yamlsafe.load(text, first_line=3)
    slow = yamlsafe._load(yamlsafe.yaml.SafeLoader(text), 3)
    assert (fast.value, fast.lines) == (slow.value, slow.lines)


def test_deep_text_never_reaches_libyaml() -> None:
    # libyaml recurses in C without a limit; such a text goes to the bounded pure-Python parser.
    deep = "a: " + "[" * 5000 + "]" * 5000
    assert yamlsafe._nesting_bound(deep) >= yamlsafe._C_MAX_NESTING
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load(deep)
    assert exc.value.code == "CW107"
