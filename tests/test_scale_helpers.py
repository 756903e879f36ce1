"""The helpers made fast for large corpora must give the answers of the slow ones they replaced."""

from __future__ import annotations

import itertools
import posixpath

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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
    slow = yamlsafe._load(yaml.SafeLoader(text), 3)
    assert (fast.value, fast.lines) == (slow.value, slow.lines)


def test_deep_text_never_reaches_libyaml() -> None:
    # libyaml recurses in C without a limit; such a text goes to the bounded pure-Python parser.
    deep = "a: " + "[" * 5000 + "]" * 5000
    assert yamlsafe._nesting_bound(deep) >= yamlsafe._C_MAX_NESTING
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load(deep)
    assert exc.value.code == "CW107"


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20) | st.dates().map(lambda d: d),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(VALUES, st.booleans())
def test_libyaml_path_gives_the_pure_python_result(value: object, flow: bool) -> None:
    text = yaml.safe_dump({"doc": value}, default_flow_style=flow, allow_unicode=True)
    fast = yamlsafe.load(text, first_line=2)
    slow = yamlsafe._load(yaml.SafeLoader(text), 2)
    assert (fast.value, fast.lines, fast.duplicate_keys) == (slow.value, slow.lines, slow.duplicate_keys)
