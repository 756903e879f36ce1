"""Safe YAML with source lines, bounded against hostile input.

`yaml.safe_load` loses positions and expands aliases without limit ("billion laughs").
We compose the node graph with the safe loader, then build plain values ourselves,
counting every node we visit (aliases included) and recording the line of each value
by its path, so a diagnostic can point at the exact list entry.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[Any, ...]

MAX_NODES = 20_000
MAX_DEPTH = 50
# Checked before parsing: PyYAML composes the whole node graph before we can count nodes,
# and that costs time and memory in proportion to the text. Generous for front matter
# (a post-mortem with dozens of rulings is ~50 KiB).
MAX_CHARS = 256 * 1024


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


@dataclass(frozen=True)
class Tagged:
    """A value under a tag the plain loader refuses (MkDocs' `!ENV`, `!relative`,
    Material's `!!python/name:`), kept as text, list or mapping with its tag, never run:
    what `load(..., tags=True)` gives for a configuration that others read too."""

    tag: str
    value: Any


def load(text: str, first_line: int = 1, tags: bool = False) -> Located:
    """Parse one YAML document; lines are reported relative to `first_line`. With `tags`,
    a tagged value is a `Tagged` instead of an error (for mkdocs.yml; content never)."""
    if len(text) > MAX_CHARS:
        raise YamlProblem(first_line, "CW107", f"YAML is longer than {MAX_CHARS // 1024} KiB; keep long prose in the Markdown body")
    if _fast_path_allowed(text):
        try:
            return _load_fast(text, first_line, tags)
        except Exception:  # noqa: BLE001 - any doubt goes to the reference parser below
            # The pure-Python loader is the reference: it decides whether a text is
            # refused, and words the diagnostic (tested, documented). The fast path only
            # ever answers for texts that it and every limit accept.
            pass
    return _load_bounded(text, first_line, tags)


# -- the fast path: libyaml's composer, the same limits ------------------------------------
#
# libyaml composes about ten times faster than PyYAML's pure-Python composer (which was 75%
# of `clausewise check` at 1,000 RFCs). It must not weaken any limit:
# - length: checked above, before either parser;
# - control characters: the same character class PyYAML's reader refuses, checked first;
# - nesting: libyaml's composer (Cython) recurses in C without any depth check, so a text
#   only goes to it when a cheap upper bound on its nesting is small (`_nesting_bound`);
#   the depth limit itself is then applied by `_Builder`, as on the reference path;
# - node count: `_Builder` counts the nodes the reference composer would have counted
#   (`composed`) as well as every value it builds (aliases expanded), with the same limit;
# - tags, merge keys, keys that are not text: `_Builder`, shared by both paths.
# Anything refused, or any error at all, goes back to the reference path, which refuses it
# in its own words; so the fast path can only change how fast a valid text loads.
_CLoader = getattr(yaml, "CSafeLoader", None)
_C_MAX_NESTING = 500
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
# Where libyaml's dialect is wider than PyYAML's, or places values on other lines, as found
# by differential fuzzing (tests/test_yamlsafe.py): tabs (libyaml allows them inside plain
# scalars), a byte-order mark or a Unicode line break inside the text, the bare `!` tag,
# document markers and directives at the start of a line, and a block scalar header
# followed by `#` without a space. Texts with any of them go to the reference parser.
_DIALECT = re.compile(r"[\t\ufeff\x85\u2028\u2029]|(?:^|[\s,\[\]{}])!|^(?:---|\.\.\.|%)|[|>][-+0-9]*#", re.M)


class _Dialect(Exception):
    """The fast parser may read this text differently from the reference one."""


def _fast_path_allowed(text: str) -> bool:
    return (_CLoader is not None and _NON_PRINTABLE.search(text) is None and _DIALECT.search(text) is None
            and _nesting_bound(text) < _C_MAX_NESTING)


def _nesting_bound(text: str) -> int:
    """An upper bound on how deeply a YAML text can nest. Only flow brackets (`[`, `{`) and
    block indicators (`-`, `?`, `:`) open a collection; a block collection nested across lines
    is indented further, except a sequence in a mapping at the same indentation, which
    must itself indent its entries (hence twice the indentation). So: every opening bracket
    in the text, plus, on the line that maximises it, twice the indentation and every
    indicator character. Quoted text, URLs and dates only make the bound larger."""
    block = 0
    for ln in text.split("\n"):
        indent = len(ln) - len(ln.lstrip(" \t"))
        block = max(block, 2 * indent + ln.count("-") + ln.count(":") + ln.count("?"))
    return text.count("[") + text.count("{") + block + 2


def _load_fast(text: str, first_line: int, tags: bool = False) -> Located:
    assert _CLoader is not None
    loader = _CLoader(text)
    try:
        node = loader.get_single_node()
        result = Located(None)
        if node is None:
            return result
        builder = _Builder(loader, first_line, result, count_composed=True, tags=tags)
        result.value = builder.build(node, (), 0)
        return result
    finally:
        loader.dispose()


# -- the reference path: PyYAML's pure-Python composer, bounded while it composes ----------
def _load_bounded(text: str, first_line: int, tags: bool = False) -> Located:
    try:
        # The reader checks every character as the loader is made; a control character
        # in the text would otherwise escape as a traceback.
        loader = _BoundedLoader(text, first_line)
    except yaml.reader.ReaderError as exc:
        line = first_line + text[: exc.position].count("\n")
        raise YamlProblem(line, "CW101", f"YAML cannot contain the control character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X}") from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            if exc.context == "expected a single document in the stream" and exc.problem_mark is not None:
                # A stray `---`: blame that line, not the first line of the first document.
                line = first_line + exc.problem_mark.line
                raise YamlProblem(line, "CW101", "a second `---` starts another YAML document, and a file holds one; delete this `---` line") from None
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
        builder = _Builder(loader, first_line, result, tags=tags)
        result.value = builder.build(node, (), 0)
        return result
    finally:
        loader.dispose()


class _BoundedLoader(yaml.SafeLoader):
    """Counts nodes and nesting while PyYAML composes them, so a hostile text stops early:
    composing first and counting after cost 8 s for a 250 KiB list of numbers, and PyYAML's
    scanner slows down with every open bracket (quadratic in nesting)."""

    def __init__(self, text: str, first_line: int) -> None:
        super().__init__(text)
        self._first_line = first_line
        self._nodes = 0
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        self._nodes += 1
        self._depth += 1
        try:
            if self._nodes > MAX_NODES or self._depth > MAX_DEPTH + 1:
                mark = self.peek_event().start_mark
                line = self._first_line + mark.line
                if self._nodes > MAX_NODES:
                    raise YamlProblem(line, "CW107", f"YAML has more than {MAX_NODES} values")
                raise YamlProblem(line, "CW107", f"YAML is nested deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = tuple(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))


class _Builder:
    def __init__(self, loader: Any, first_line: int, out: Located, count_composed: bool = False, tags: bool = False) -> None:
        self.loader = loader
        self.tags = tags
        self.first_line = first_line
        self.out = out
        self.count = 0
        # On the fast path nothing counted nodes while composing: count them here as the
        # bounded composer does (one per node event: each entry, key and value of every
        # distinct collection, aliases included, plus the root).
        self.composed = 1
        self.seen: set[int] | None = set() if count_composed else None

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        line = self.first_line + node.start_mark.line
        if self.count > MAX_NODES:
            raise YamlProblem(line, "CW107", f"YAML expands to more than {MAX_NODES} values (alias bomb?)")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, "CW107", f"YAML is nested deeper than {MAX_DEPTH} levels")
        lines = self.out.lines
        if path not in lines:
            lines[path] = line
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                if _CONTROL.search(node.value):
                    raise _control(line, node.value)
                return node.value
            return self.scalar(node)
        if node.tag not in _PLAIN_TAGS:
            if self.tags:
                plain = yaml.MappingNode(_PLAIN_TAGS[0], node.value, node.start_mark) if isinstance(node, yaml.MappingNode) else yaml.SequenceNode(_PLAIN_TAGS[1], node.value, node.start_mark)
                return Tagged(node.tag, self.build(plain, path, depth))
            raise YamlProblem(line, "CW101", f"YAML tag `{node.tag}` is not allowed; use plain lists and mappings")
        is_map = isinstance(node, yaml.MappingNode)
        if self.seen is not None and id(node) not in self.seen:
            self.seen.add(id(node))
            self.composed += len(node.value) * (2 if is_map else 1)
            if self.composed > MAX_NODES:
                raise YamlProblem(line, "CW107", f"YAML has more than {MAX_NODES} values")
            if node.flow_style:
                self._check_flow_dialect(node)
        if not is_map:
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if self.tags and key_node.tag == "tag:yaml.org,2002:merge":
                # mkdocs.yml may share settings with `<<: *anchor`; keys written out win.
                merged = self.build(value_node, path, depth + 1)
                for part in merged if isinstance(merged, list) else [merged]:
                    for k, v in part.items() if isinstance(part, dict) else ():
                        mapping.setdefault(k, v)
                continue
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                raise YamlProblem(self.line_of(key_node), "CW104", "mapping keys must be plain text")
            key = str(key)
            key_path, key_line = path + (key,), self.first_line + key_node.start_mark.line
            if key in mapping:
                self.out.duplicate_keys.append((key_path, key_line))
            lines[key_path] = key_line
            mapping[key] = self.build(value_node, key_path, depth + 1)
        return mapping

    def _check_flow_dialect(self, node: yaml.Node) -> None:
        """libyaml reads `[a?b]` as one plain scalar where PyYAML ends it at `?` (and refuses
        the rest): hand such texts back to the reference parser."""
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        for child in children:
            if isinstance(child, yaml.ScalarNode) and not child.style and "?" in child.value:
                raise _Dialect

    def scalar(self, node: yaml.Node) -> Any:
        if isinstance(node.value, str) and _CONTROL.search(node.value):
            raise _control(self.line_of(node), node.value)
        if node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem(self.line_of(node), "CW101", "YAML merge keys (`<<`) are not supported; write the fields out")
        if node.tag == _STR:  # most values: what SafeConstructor would return, without its bookkeeping
            return node.value
        if node.tag not in _SCALAR_TAGS:
            if self.tags:
                return Tagged(node.tag, node.value)
            raise YamlProblem(self.line_of(node), "CW101", f"YAML tag `{node.tag}` is not allowed; write plain text, numbers and dates")
        try:
            value = self.loader.construct_object(node, deep=False)
        except yaml.MarkedYAMLError as exc:
            raise YamlProblem(self.line_of(node), "CW101", f"malformed YAML value: {exc.problem}") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(self.line_of(node), "CW101", f"malformed YAML value: {exc}") from None
        except (ValueError, OverflowError) as exc:
            raise YamlProblem(self.line_of(node), "CW104", f"`{str(node.value)[:60]}` is not a valid value: {exc}") from None
        return value


# What YAML's reader lets through as escapes (`"\\e"`, `"\\x9b"`, `"\\u2028"`) but no text
# field may hold: C0 controls but tab and newline, DEL, C1 controls, line and paragraph
# separators, and the bidirectional overrides that reorder what a reader sees. They break
# the Atom feeds (XML forbids most of them) and would reach terminals through diagnostics.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _control(line: int, value: str) -> YamlProblem:
    ch = _CONTROL.search(value).group()  # type: ignore[union-attr]
    return YamlProblem(line, "CW104", f"text contains the control character U+{ord(ch):04X} (a YAML escape); write plain text")


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


class _TagDumper(yaml.SafeDumper):
    """Writes plain values, and `Tagged` ones back under their own tag."""


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, "" if data.value is None else str(data.value))


_TagDumper.add_representer(Tagged, _represent_tagged)


def dump(value: Any) -> str:
    """YAML for `value` as `load(..., tags=True)` read it (tags written back as they were)."""
    return yaml.dump(value, Dumper=_TagDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)
