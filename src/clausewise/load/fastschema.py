"""A fast yes/no answer to "is this front matter valid?", from fastjsonschema.

jsonschema walks every value through a general validator; at a thousand RFCs that was a
third of `clausewise check`. Almost every file is valid, so the loader first asks
fastjsonschema, which compiles each schema once into plain Python, and runs jsonschema only
for a file this check rejects, to get the exact, located errors.

fastjsonschema skips keywords it does not know, which would let an invalid file through;
`tests/test_fastschema.py` holds every keyword of our schemas to the ones it implements, and
holds its verdicts to jsonschema's. It is compiled as jsonschema runs: no defaults written
into the data, formats not asserted.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import fastjsonschema

# id(schema) -> (schema, compiled check); the schema is kept so that its id is never reused.
_COMPILED: dict[int, tuple[Any, Callable[[Any], Any]]] = {}


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


def compiled(schema: Any) -> Callable[[Any], Any]:
    """The schema's compiled check, made once per schema object."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        # A copy: fastjsonschema rewrites each `$ref` in the schema it is given into an
        # absolute URI, and the schema is shared with jsonschema.
        check = fastjsonschema.compile(copy.deepcopy(schema), use_default=False, use_formats=False)
        entry = _COMPILED[id(schema)] = (schema, check)
    return entry[1]


def is_valid(schema: Any, value: Any) -> bool:
    """True when `value` satisfies `schema`."""
    try:
        compiled(schema)(value)
    except fastjsonschema.JsonSchemaException:
        return False
    return True
