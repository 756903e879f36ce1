"""A fast yes/no answer to "is this front matter valid?" for the common case.

jsonschema walks every value through a general validator (evolving a validator per
subschema); at a thousand RFCs that was a third of `clausewise check`. Almost every file is
valid, so the loader first asks this small interpreter of the keywords our schemas use.
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


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _equal(a: Any, b: Any) -> bool:
    # JSON Schema equality: true is not 1.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def is_valid(schema: Any, value: Any) -> bool:
    """True only if `value` certainly satisfies `schema` (refs must already be inlined)."""
    if schema is True or schema == {}:
        return True
    if not isinstance(schema, dict):
        return False
    for key, want in schema.items():
        if key in _IGNORED:
            continue
        check = _KEYWORDS.get(key)
        if check is None or not check(schema, want, value):
            return False
    return True


def _type(schema: dict[str, Any], want: Any, v: Any) -> bool:
    names = [want] if isinstance(want, str) else want
    return any(_TYPES[n](v) for n in names if n in _TYPES)


def _properties(schema: dict[str, Any], want: dict[str, Any], v: Any) -> bool:
    return not isinstance(v, dict) or all(is_valid(sub, v[k]) for k, sub in want.items() if k in v)


def _additional(schema: dict[str, Any], want: Any, v: Any) -> bool:
    if not isinstance(v, dict) or want is True:
        return True
    if "patternProperties" in schema:
        return False
    extra = [k for k in v if k not in schema.get("properties", {})]
    return not extra if want is False else all(is_valid(want, v[k]) for k in extra)


def _items(schema: dict[str, Any], want: Any, v: Any) -> bool:
    if "prefixItems" in schema:
        return False
    return not isinstance(v, list) or all(is_valid(want, x) for x in v)


def _if(schema: dict[str, Any], want: Any, v: Any) -> bool:
    # `if` is only a condition: an `if` that fails makes no error.
    if "else" in schema:
        return False
    return not is_valid_exact(want, v) or is_valid(schema.get("then", True), v)


def is_valid_exact(schema: Any, value: Any) -> bool:
    """For conditions (`if`, `oneOf`) "unknown" is not "false": refuse to guess."""
    result = is_valid(schema, value)
    if not result and not _knows(schema):
        raise _Unknown
    return result


def _knows(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict):
        return False
    if any(k not in _KEYWORDS and k not in _IGNORED for k in schema):
        return False
    subs = list(schema.get("properties", {}).values()) + [schema.get(k) for k in ("items", "then", "if") if k in schema]
    subs += [s for k in ("oneOf", "allOf", "anyOf") for s in schema.get(k, [])]
    if isinstance(schema.get("additionalProperties"), dict):
        subs.append(schema["additionalProperties"])
    return all(_knows(s) for s in subs)


class _Unknown(Exception):
    pass


def _one_of(schema: dict[str, Any], want: list[Any], v: Any) -> bool:
    try:
        return sum(1 for sub in want if is_valid_exact(sub, v)) == 1
    except _Unknown:
        return False


def _any_of(schema: dict[str, Any], want: list[Any], v: Any) -> bool:
    return any(is_valid(sub, v) for sub in want)


def _if_safe(schema: dict[str, Any], want: Any, v: Any) -> bool:
    try:
        return _if(schema, want, v)
    except _Unknown:
        return False


_KEYWORDS: dict[str, Callable[[dict[str, Any], Any, Any], bool]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": lambda s, w, v: not isinstance(v, dict) or all(k in v for k in w),
    "items": _items,
    "enum": lambda s, w, v: any(_equal(v, x) for x in w),
    "const": lambda s, w, v: _equal(v, w),
    "pattern": lambda s, w, v: not isinstance(v, str) or _regex(w).search(v) is not None,
    "minLength": lambda s, w, v: not isinstance(v, str) or len(v) >= w,
    "maxLength": lambda s, w, v: not isinstance(v, str) or len(v) <= w,
    "minItems": lambda s, w, v: not isinstance(v, list) or len(v) >= w,
    "maxItems": lambda s, w, v: not isinstance(v, list) or len(v) <= w,
    "minimum": lambda s, w, v: not _TYPES["number"](v) or v >= w,
    "maximum": lambda s, w, v: not _TYPES["number"](v) or v <= w,
    "allOf": lambda s, w, v: all(is_valid(sub, v) for sub in w),
    "anyOf": _any_of,
    "oneOf": _one_of,
    "if": _if_safe,
    "then": lambda s, w, v: "if" in s,  # checked by `if`; a lone `then` is ignored by the spec
}
