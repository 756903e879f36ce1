"""A fast yes/no answer to "is this front matter valid?" for the common case.

jsonschema walks every value through a general validator (evolving a validator per
subschema); at a thousand RFCs that was a third of `clausewise check`. Almost every file is
valid, so the loader first asks this small checker of the keywords our schemas use (each
schema compiled once into closures).
`True` means valid for certain; `False` means "invalid, or a keyword I do not know", and
the loader then runs jsonschema for the exact, located errors. It can only be wrong by
being too cautious, never by letting an invalid file through: every keyword it does not
implement makes it answer `False`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

# Annotations: they never make a document invalid.
_IGNORED = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment"})

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def whole(pattern: str) -> str:
    """A JSON Schema (ECMA-262) pattern for Python's `re`: each `$` outside a character class
    becomes `\\Z`. In ECMA-262 `$` is the end of the text; in Python it also matches before
    a final newline, so `^[a-z0-9]+$` would let an id, URL or version end in "\\n"."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "$":
            c = "\\Z"
        out.append(c)
        i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(whole(pattern))


def _equal(a: Any, b: Any) -> bool:
    # JSON Schema equality: true is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


Check = Callable[[Any], bool]


def is_valid(schema: Any, value: Any) -> bool:
    """True only if `value` certainly satisfies `schema` (refs must already be inlined)."""
    return compiled(schema)(value)


# Each schema is turned once into a tree of small closures: interpreting the schema dict
# for every value (looking up each keyword, rebuilding type lists) was as slow as parsing
# the YAML. Keyed by identity, holding the schema so its id cannot be reused.
_COMPILED: dict[int, tuple[Any, Check]] = {}


def compiled(schema: Any) -> Check:
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, _compile(schema))
        if len(_COMPILED) > 1024:  # schemas built on the fly (tests): never grow without end
            _COMPILED.clear()
        _COMPILED[id(schema)] = entry
    return entry[1]


def _always(v: Any) -> bool:
    return True


def _never(v: Any) -> bool:
    return False


def _compile(schema: Any) -> Check:
    if schema is True or schema == {}:
        return _always
    if not isinstance(schema, dict):
        return _never
    checks: list[Check] = []
    for key, want in schema.items():
        if key in _IGNORED:
            continue
        make = _MAKERS.get(key)
        if make is None:  # a keyword we do not implement: never vouch for anything
            return _never
        checks.append(make(schema, want))
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def _exact(schema: Any) -> Check:
    """For conditions (`if`, `oneOf`) "unknown" is not "false": refuse to guess."""
    check, knows = _compile(schema), _knows(schema)
    if knows:
        return check

    def exact(v: Any) -> bool:
        if not check(v):
            raise _Unknown
        return True

    return exact


def _knows(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    if any(k not in _MAKERS and k not in _IGNORED for k in schema):
        return False
    subs = list(schema.get("properties", {}).values()) + [schema.get(k) for k in ("items", "then", "if") if k in schema]
    subs += [s for k in ("oneOf", "allOf", "anyOf") for s in schema.get(k, [])]
    if isinstance(schema.get("additionalProperties"), dict):
        subs.append(schema["additionalProperties"])
    return all(_knows(s) for s in subs)


class _Unknown(Exception):
    pass


def _type(schema: dict[str, Any], want: Any) -> Check:
    tests = [_TYPES[n] for n in ([want] if isinstance(want, str) else want) if n in _TYPES]
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(t(v) for t in tests)


def _properties(schema: dict[str, Any], want: dict[str, Any]) -> Check:
    subs = [(k, _compile(sub)) for k, sub in want.items()]
    return lambda v: not isinstance(v, dict) or all(check(v[k]) for k, check in subs if k in v)


def _additional(schema: dict[str, Any], want: Any) -> Check:
    if want is True:
        return _always
    if "patternProperties" in schema:
        return lambda v: not isinstance(v, dict)
    known = set(schema.get("properties", {}))
    if want is False:
        return lambda v: not isinstance(v, dict) or all(k in known for k in v)
    sub = _compile(want)
    return lambda v: not isinstance(v, dict) or all(sub(v[k]) for k in v if k not in known)


def _items(schema: dict[str, Any], want: Any) -> Check:
    if "prefixItems" in schema:
        return _never
    sub = _compile(want)
    return lambda v: not isinstance(v, list) or all(sub(x) for x in v)


def _if(schema: dict[str, Any], want: Any) -> Check:
    # `if` is only a condition: an `if` that fails makes no error.
    if "else" in schema:
        return _never
    cond, then = _exact(want), _compile(schema.get("then", True))

    def check(v: Any) -> bool:
        try:
            return not cond(v) or then(v)
        except _Unknown:
            return False

    return check


def _one_of(schema: dict[str, Any], want: list[Any]) -> Check:
    subs = [_exact(sub) for sub in want]

    def check(v: Any) -> bool:
        try:
            return sum(1 for sub in subs if sub(v)) == 1
        except _Unknown:
            return False

    return check


def _any_of(schema: dict[str, Any], want: list[Any]) -> Check:
    subs = [_compile(sub) for sub in want]
    return lambda v: any(sub(v) for sub in subs)


def _all_of(schema: dict[str, Any], want: list[Any]) -> Check:
    subs = [_compile(sub) for sub in want]
    return lambda v: all(sub(v) for sub in subs)


def _enum(schema: dict[str, Any], want: list[Any]) -> Check:
    return lambda v: any(_equal(v, x) for x in want)


def _pattern(schema: dict[str, Any], want: str) -> Check:
    search = _regex(want).search
    return lambda v: not isinstance(v, str) or search(v) is not None


_MAKERS: dict[str, Callable[[dict[str, Any], Any], Check]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": lambda s, w: lambda v: not isinstance(v, dict) or all(k in v for k in w),
    "items": _items,
    "enum": _enum,
    "const": lambda s, w: lambda v: _equal(v, w),
    "pattern": _pattern,
    "minLength": lambda s, w: lambda v: not isinstance(v, str) or len(v) >= w,
    "maxLength": lambda s, w: lambda v: not isinstance(v, str) or len(v) <= w,
    "minItems": lambda s, w: lambda v: not isinstance(v, list) or len(v) >= w,
    "maxItems": lambda s, w: lambda v: not isinstance(v, list) or len(v) <= w,
    "minimum": lambda s, w: lambda v: not _TYPES["number"](v) or v >= w,
    "maximum": lambda s, w: lambda v: not _TYPES["number"](v) or v <= w,
    "allOf": _all_of,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "if": _if,
    "then": lambda s, w: _always if "if" in s else _never,  # checked by `if`; a lone `then` is ignored by the spec
}
