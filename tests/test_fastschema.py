"""The fast validity check (fastjsonschema) gives jsonschema's verdict, and checks every keyword our schemas use."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.load import fastschema
from clausewise.load.documents import schema, schema_dict

KINDS = sorted(p.name.split(".")[0] for p in (Path(__file__).parents[1] / "src/clausewise/schemas").glob("*.schema.json"))

RFC: dict[str, Any] = {
    "rfc": 3, "title": "A title", "status": "discussion", "authors": ["Alice Example"], "created": "2024-03-10",
    "discussion": "https://example.org/t", "resolves": ["inc-1.deploy"], "supersedes": [1],
    "changes": [
        {"op": "amend", "clause": "embargo.no-deploy", "text": "New text."},
        {"op": "add", "clause": "embargo.new", "title": "New", "after": "embargo.no-deploy", "text": "Added."},
        {"op": "remove", "clause": "embargo.old"},
    ],
    "decision": {"outcome": "accepted", "date": "2024-04-01", "by": "A board", "source": "https://example.org/d"},
}
PM: dict[str, Any] = {
    "id": "inc-1", "title": "Incident 1", "date": "2024-03", "source": "https://example.org/pm",
    "ambiguities": [{"id": "inc-1.q", "title": "Q", "question": "May we?", "clauses": ["embargo.no-deploy"]}],
    "rulings": [{"id": "inc-1.q.r", "ambiguity": "inc-1.q", "answer": "Yes.", "precedent": ["inc-0.r", {"title": "Old", "url": "https://example.org/o"}]}],
}


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()
CASES = [
    ("rfc", RFC, (), None),
    ("rfc", RFC, ("title",), _DELETE),
    ("rfc", RFC, ("titel",), "x"),
    ("rfc", RFC, ("status",), "aproved"),
    ("rfc", RFC, ("authors",), "Alice"),
    ("rfc", RFC, ("authors",), []),
    ("rfc", RFC, ("rfc",), True),
    ("rfc", RFC, ("rfc",), 0),
    ("rfc", RFC, ("created",), "10 March 2024"),
    ("rfc", RFC, ("title",), "two\nlines"),
    ("rfc", RFC, ("changes", 0, "text"), _DELETE),
    ("rfc", RFC, ("changes", 1, "after"), _DELETE),
    ("rfc", RFC, ("changes", 2, "op"), "rewrite"),
    ("rfc", RFC, ("decision", "outcome"), "maybe"),
    ("rfc", RFC, ("discussion",), "ftp://example.org"),
    ("rfc", RFC, ("provenance",), "reconstruction"),
    ("rfc", RFC, ("provenance",), "fiction"),
    ("rfc", RFC, ("provenance",), "reconstructed"),
    ("rfc", RFC, ("provenance",), None),
    ("postmortem", PM, (), None),
    ("postmortem", PM, ("rulings", 0, "precedent", 1), {"url": "https://example.org/o"}),
    ("postmortem", PM, ("rulings", 0, "precedent", 0), "Not An Id"),
    ("postmortem", PM, ("ambiguities", 0, "clauses"), "embargo.no-deploy"),
    ("postmortem", PM, ("ambiguities", 0, "extra"), 1),
]


@pytest.mark.parametrize("kind,doc,path,value", CASES)
def test_agrees_with_jsonschema(kind: str, doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    data = doc if not path else _set(doc, path, value)
    validator = schema(kind)
    assert fastschema.is_valid(validator.schema, data) == validator.is_valid(data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 5) | st.sampled_from(["", "x", "draft", "amend", "inc-1", "2024-13", "https://e.org", "A\nB"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["op", "clause", "text", "title", "after", "x"]), inner, max_size=3),
    max_leaves=8,
)
RFC_PATHS = [("rfc",), ("status",), ("authors",), ("authors", 0), ("changes",), ("changes", 0), ("changes", 0, "op"), ("changes", 1, "title"), ("decision",), ("supersedes", 0), ("provenance",), ("extra",)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RFC_PATHS), JSON)
def test_same_verdict_as_jsonschema(path: tuple[Any, ...], value: Any) -> None:
    data = _set(RFC, path, value)
    validator = schema("rfc")
    assert fastschema.is_valid(validator.schema, data) == validator.is_valid(data), data


# Annotations: they never make a document invalid, so no validator needs to implement them.
ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
SUBSCHEMA_MAPS = {"properties", "patternProperties", "$defs"}
SUBSCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}
SUBSCHEMAS = {"items", "additionalProperties", "propertyNames", "if", "then", "else", "not", "contains"}


def _keywords(node: Any) -> set[str]:
    """Every keyword used in a schema, walking only the places that hold subschemas (never
    the values of `enum` or `const`)."""
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key in SUBSCHEMA_MAPS:
            for sub in value.values():
                found |= _keywords(sub)
        elif key in SUBSCHEMA_LISTS:
            for sub in value:
                found |= _keywords(sub)
        elif key in SUBSCHEMAS:
            found |= _keywords(value)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_schemas_use_only_keywords_fastjsonschema_implements(kind: str) -> None:
    """fastjsonschema skips a keyword it does not know, which would let an invalid file through
    the fast check: every keyword of every schema is one it implements, or an annotation."""
    from fastjsonschema.draft2019 import CodeGeneratorDraft2019

    # `then` and `else` are checked with `if`; `$ref` is resolved before any keyword (local
    # references only: see the test below).
    implemented = set(CodeGeneratorDraft2019({})._json_keywords_to_function) | {"$ref", "then", "else"}
    unknown = _keywords(schema_dict(kind)) - implemented - ANNOTATIONS
    assert not unknown, f"{kind}.schema.json uses {sorted(unknown)}, which fastjsonschema does not check"


def test_the_keyword_walk_sees_nested_keywords() -> None:
    nested = {"properties": {"a": {"items": {"oneOf": [{"format": "email"}]}}}, "enum": [{"dependentRequired": 1}]}
    assert "format" in _keywords(nested) and "dependentRequired" not in _keywords(nested)


@pytest.mark.parametrize("kind", KINDS)
def test_compiled_once_per_schema(kind: str) -> None:
    s = schema_dict(kind)
    assert fastschema.compiled(s) is fastschema.compiled(s)


@pytest.mark.parametrize("kind", KINDS)
def test_compiling_leaves_the_schema_as_it_was(kind: str) -> None:
    fastschema._COMPILED.clear()
    before = copy.deepcopy(schema_dict(kind))
    fastschema.compiled(schema_dict(kind))
    assert schema_dict(kind) == before


def test_defaults_are_not_written_into_the_data() -> None:
    data: dict[str, Any] = {}
    assert fastschema.is_valid({"type": "object", "properties": {"a": {"default": 1}}}, data)
    assert data == {}


def test_formats_are_not_asserted_as_jsonschema_does_not() -> None:
    assert fastschema.is_valid({"type": "string", "format": "date-time"}, "not a date")


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


@pytest.mark.parametrize("kind", KINDS)
def test_every_reference_is_local(kind: str) -> None:
    """A remote `$ref` would make fastjsonschema fetch it over the network."""
    raw = schema_dict(kind)
    for ref in _refs(raw):
        assert ref.startswith("#/$defs/") and ref[8:] in raw.get("$defs", {}), ref
