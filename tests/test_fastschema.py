"""The fast validity check must never accept what jsonschema rejects (and should accept what it accepts)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.load import fastschema
from clausewise.load.documents import schema

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
def test_never_accepts_what_jsonschema_rejects(path: tuple[Any, ...], value: Any) -> None:
    data = _set(RFC, path, value)
    validator = schema("rfc")
    if fastschema.is_valid(validator.schema, data):
        assert validator.is_valid(data), data


def test_unknown_keywords_defer_to_jsonschema() -> None:
    assert fastschema.is_valid({"type": "string", "format": "email"}, "a@b.c") is False
    assert fastschema.is_valid({"oneOf": [{"not": {}}, {"type": "string"}]}, "x") is False
