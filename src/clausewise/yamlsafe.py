"""Safe YAML with source lines, bounded against hostile input.

`yaml.safe_load` loses positions and expands aliases without limit ("billion laughs").
We compose the node graph with the safe loader, then build plain values ourselves,
counting every node we visit (aliases included) and recording the line of each value
by its path, so a diagnostic can point at the exact list entry.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[Any, ...]

MAX_NODES = 20_000
MAX_DEPTH = 50


class YamlProblem(Exception):
    """A YAML text that cannot be turned into values; carries the 1-based line."""

    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.code = code
        self.message = message


@dataclass
class Located:
    """Plain values plus the source line of every value, keyed by its path."""

    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, int]] = field(default_factory=list)

    def line(self, *path: Any, default: int | None = None) -> int:
        """The line of `path`, or of its nearest located ancestor."""
        p: Path = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), default if default is not None else 1)


# libyaml's composer is about ten times faster than PyYAML's pure-Python one, but it recurses
# in C without a depth check, so it only gets texts whose nesting is provably shallow.
_CLoader = getattr(yaml, "CSafeLoader", None)
_C_MAX_NESTING = 500


def _nesting_bound(text: str) -> int:
    """An upper bound on the nesting depth of a YAML text: every flow bracket, plus on
    the deepest line its indentation and every `- ` / `: ` that can open a block there."""
    block = max((len(ln) - len(ln.lstrip(" ")) + ln.count("- ") + ln.count(": ") for ln in text.split("\n")), default=0)
    return text.count("[") + text.count("{") + block


def load(text: str, first_line: int = 1) -> Located:
    """Parse one YAML document; lines are reported relative to `first_line`."""
    if _CLoader is not None and _nesting_bound(text) < _C_MAX_NESTING:
        try:
            return _load(_CLoader(text), first_line)
        except YamlProblem as exc:
            if exc.code != "CW101":
                raise
            # Malformed YAML: report it in the pure-Python parser's words, which are the
            # documented (and tested) ones.
    return _load(yaml.SafeLoader(text), first_line)


def _load(loader: yaml.SafeLoader, first_line: int) -> Located:
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            # The context mark is where the broken construct began (an unclosed quote, say):
            # that is where the author has to look.
            mark = exc.context_mark or exc.problem_mark
            line = first_line + (mark.line if mark else 0)
            what = f"{exc.context}: {exc.problem}" if exc.context else str(exc.problem)
            raise YamlProblem(line, "CW101", f"malformed YAML: {what}") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(first_line, "CW101", f"malformed YAML: {exc}") from None
        except RecursionError:
            raise YamlProblem(first_line, "CW107", f"YAML is nested too deeply (limit {MAX_DEPTH})") from None
        result = Located(None)
        if node is None:
            return result
        builder = _Builder(loader, first_line, result)
        result.value = builder.build(node, (), 0)
        return result
    finally:
        loader.dispose()


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, first_line: int, out: Located) -> None:
        self.loader = loader
        self.first_line = first_line
        self.out = out
        self.count = 0

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(self.line_of(node), "CW107", f"YAML expands to more than {MAX_NODES} values (alias bomb?)")
        if depth > MAX_DEPTH:
            raise YamlProblem(self.line_of(node), "CW107", f"YAML is nested deeper than {MAX_DEPTH} levels")
        self.out.lines.setdefault(path, self.line_of(node))
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            raise YamlProblem(self.line_of(node), "CW101", f"YAML tag `{node.tag}` is not allowed; use plain lists and mappings")
        if isinstance(node, yaml.MappingNode):
            mapping: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if key is None or isinstance(key, (list, dict)):
                    raise YamlProblem(self.line_of(key_node), "CW104", "mapping keys must be plain text")
                key = str(key)
                if key in mapping:
                    self.out.duplicate_keys.append((path + (key,), self.line_of(key_node)))
                self.out.lines[path + (key,)] = self.line_of(key_node)
                mapping[key] = self.build(value_node, path + (key,), depth + 1)
            return mapping
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.loader.construct_object(node, deep=False)
        except yaml.YAMLError as exc:
            raise YamlProblem(self.line_of(node), "CW101", f"malformed YAML value: {exc}") from None
        except (ValueError, OverflowError) as exc:
            raise YamlProblem(self.line_of(node), "CW104", f"bad value: {exc}") from None
        return value


def to_json_types(value: Any) -> Any:
    """Dates become ISO strings so a JSON Schema can check them like any other text."""
    if isinstance(value, dict):
        return {k: to_json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_types(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value
