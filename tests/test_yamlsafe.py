from __future__ import annotations

import pytest

from clausewise import yamlsafe


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
