from __future__ import annotations

import pytest

from clausewise.load import yamlsafe


def test_lines_of_nested_entries() -> None:
    loc = yamlsafe.load("a: 1\nlist:\n  - x\n  - y\nmap:\n  k: v\n", first_line=2)
    assert loc.value == {"a": 1, "list": ["x", "y"], "map": {"k": "v"}}
    assert loc.line("list", 1) == 5
    assert loc.line("map", "k") == 7
    assert loc.line("missing", "deeper") == 2


def test_alias_bomb_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load(bomb)
    assert exc.value.code == "CW107"


def test_deep_nesting_is_bounded() -> None:
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load("a: " + "[" * 200 + "]" * 200)
    assert exc.value.code == "CW107"


def test_python_tags_are_refused() -> None:
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load("a: !!python/object/apply:os.system ['true']\n")
    assert exc.value.code == "CW101"


def test_duplicate_keys_are_recorded() -> None:
    loc = yamlsafe.load("a: 1\nb: 2\na: 3\n")
    assert loc.duplicate_keys == [(("a",), 3)]


# -- the libyaml fast path answers exactly as the pure-Python reference does ---------------
#
# `load` gives a text to libyaml only when it may (`_fast_path_allowed`), and falls back to
# the bounded pure-Python loader on any refusal, which words every diagnostic. These tests
# hold the two paths to the same answer: equal values, lines and duplicate keys wherever the
# fast path accepts a text, and the reference's exact diagnostic wherever it refuses one.

import random  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from clausewise.load import documents as loader  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
pytestmark_fast = pytest.mark.skipif(yamlsafe._CLoader is None, reason="PyYAML built without libyaml")


def _outcome(fn: object, text: str) -> tuple[object, ...]:
    try:
        loc = fn(text, 3)  # type: ignore[operator]
    except yamlsafe.YamlProblem as exc:
        return ("problem", exc.line, exc.code, exc.message)
    except Exception as exc:  # noqa: BLE001 - the fast path may fail in libyaml's words
        return ("error", type(exc).__name__)
    return ("ok", loc.value, loc.lines, loc.duplicate_keys)


def _same_answer(text: str) -> bool:
    """Where the fast path accepts a text, the reference accepts it with the same result."""
    if not yamlsafe._fast_path_allowed(text):
        return True
    fast = _outcome(yamlsafe._load_fast, text)
    return fast[0] != "ok" or fast == _outcome(yamlsafe._load_bounded, text)


def _yaml_texts() -> list[str]:
    """Every YAML text in the repository: front matter of the Markdown files, data files."""
    texts = []
    for path in sorted(ROOT.glob("**/*.md")) + sorted(ROOT.glob("**/*.yml")):
        if ".venv" in path.parts or "site" in path.parts[len(ROOT.parts):len(ROOT.parts) + 1]:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".md":
            try:
                front = loader.split_front_matter(text)[0]
            except loader.ReadProblem:
                continue
            if front is None:
                continue
            text = front
        texts.append(text)
    return texts


@pytestmark_fast
def test_fast_path_reads_the_repository_as_the_reference_does() -> None:
    texts = _yaml_texts()
    assert len(texts) > 50
    assert sum(yamlsafe._fast_path_allowed(t) for t in texts) > len(texts) // 2  # it is used
    assert [t[:80] for t in texts if not _same_answer(t)] == []


# Mutations biased towards where libyaml's dialect and PyYAML's differ (tabs, `?` in flow
# collections, BOMs, Unicode line breaks, bare tags, document markers, block scalar headers):
# the differential fuzzing that found the cases `_DIALECT` and `_check_flow_dialect` send back.
_MUTATIONS = ["\t", "?", ": ", ":", "- ", "? x\n", "[", "]", "{", "}", ", ", "#", " #", "!", "!!str ", "&a ", "*a", "<<: ",
              "'", '"', "\\", "|", ">", "|-\n", "|+", "|2\n", "|#", "---", "...", "%YAML 1.1\n", "\n", "\n  ", "\n- ",
              "\r\n", "\ufeff", "\x85", "\u2028", "\u00a0", "\u00e9", "\U0001F600", "a", "0", "."]


@pytestmark_fast
def test_fast_path_matches_the_reference_on_mutated_texts() -> None:
    texts = _yaml_texts()
    rnd = random.Random(20261127)  # fixed: the same cases on every run
    differ = []
    for _ in range(2000):
        chars = list(rnd.choice(texts))
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randrange(len(chars) + 1)
            op = rnd.random()
            if op < 0.5:
                chars.insert(pos, rnd.choice(_MUTATIONS))
            elif chars and op < 0.75:
                del chars[min(pos, len(chars) - 1)]
            elif chars:
                chars[min(pos, len(chars) - 1)] = rnd.choice(_MUTATIONS)
        text = "".join(chars)
        if not _same_answer(text):
            differ.append(text)
    assert differ == []


_NASTY_TEXT = st.text(st.sampled_from(list("ab -:?#[]{},&*!|>'\"%@`\\\n\t.0é\u00a0~")), max_size=12)
_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.dates(), _NASTY_TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_NASTY_TEXT, inner, max_size=4)),
    max_leaves=20,
)


@pytestmark_fast
@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(_VALUES, st.sampled_from([True, False, None]), st.sampled_from([None, '"', "'", "|"]), st.sampled_from([20, 80]))
def test_fast_path_matches_the_reference_on_dumped_values(value: object, flow: bool | None, style: str | None, width: int) -> None:
    text = yaml.safe_dump({"a": value}, default_flow_style=flow, default_style=style, width=width, allow_unicode=True)
    assert _same_answer(text)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((max(_depth(k), _depth(v)) for k, v in value.items()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 1


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(_VALUES, st.sampled_from([True, False, None]), st.sampled_from([2, 4]))
def test_nesting_bound_is_an_upper_bound(value: object, flow: bool | None, indent: int) -> None:
    # libyaml's composer recurses in C without a limit: the bound must never be below the
    # real nesting, or a deep text could reach it.
    text = yaml.safe_dump({"a": [value]}, default_flow_style=flow, indent=indent, allow_unicode=True)
    assert yamlsafe._nesting_bound(text) >= _depth({"a": [value]})


@pytest.mark.parametrize("text", [
    "a: " + "[" * 20_000,
    "a: " + "{a: " * 5_000,
    "".join(" " * i + "- \n" for i in range(400)),
    "- " * 1_000 + "x",
    "? " * 1_000 + "x",
])
def test_deep_texts_never_reach_libyaml(text: str) -> None:
    assert not yamlsafe._fast_path_allowed(text)


@pytest.mark.parametrize("text", [
    "a: [b?c]\n",                                 # PyYAML ends a plain scalar at `?` in a flow collection
    "a: b\tc\n",                                  # tabs
    "a: !\n",                                     # the bare tag
    "a: x\ufeffb: c\n",                           # a byte-order mark inside the text
    "---\n",                                      # a document marker
    "a: |#\n  x\n",                               # a block scalar header with a comment glued on
    "a: &x [1, 2]\nb: *x\nc: *x\n",               # aliases: counted and expanded alike
    "a: 1\nb: 2\na: 3\n",                         # duplicate keys
    "a: \x07\n",                                  # a control character
    "k: " + "[" * 60 + "]" * 60 + "\n",           # deeper than the limit
    "m: {" + ", ".join(f"k{i}: v" for i in range(10_001)) + "}\n",  # keys count as values too
])
def test_load_answers_as_the_reference(text: str) -> None:
    assert _outcome(yamlsafe.load, text) == _outcome(yamlsafe._load_bounded, text)


def test_dialect_cases_go_to_the_reference() -> None:
    assert re.search(yamlsafe._DIALECT, "a: b\tc") and not yamlsafe._fast_path_allowed("a: b\tc")
    assert yamlsafe._fast_path_allowed("title: Yes! A title: with colons - and dashes?\n")
