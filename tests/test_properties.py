"""Property-based tests: arbitrary text in any file or field never produces a traceback.

Each property feeds Hypothesis-generated input to the real loaders and resolver (in a copy
of the basic site) and checks that what comes back is diagnostics, each one line with a
real line number, and that what loads cleanly also renders."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from helpers import TESTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausewise import Graph, load_project
from clausewise.load import yamlsafe
from clausewise.markdown.extension import ClausewiseExtension
from clausewise.model import syntax

SETTINGS = settings(max_examples=150, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text biased towards what breaks parsers: YAML and Markdown punctuation, control
# characters, look-alike and wide characters, lone surrogates excluded (not valid str in files).
FRAGMENTS = [
    *":-?[]{}&*!|>'\"%@`#,\n\t\r\\ <>/=~^_.", "---\n", "...\n", "\ufeff", "\u0435", "\uff45", "\u202e", "\x00", "\x85", "\u2028",
    "[[", "]]", "[[RFC 1]]", "[[embargo.no-deploy|x]]", "\\|", "```\n", "&a ", "*a", "!!python/object ", "<<: ",
    '<!-- clause id="x.y" title="t" -->\n', "<!-- /clause -->\n", "<script>", "--8<-- ", "rfc: ", "id: ", "  - ",
]
NASTY = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(exclude_categories=("Cs",)), max_size=6)), max_size=60).map("".join)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), NASTY, st.dates().map(str))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NASTY, inner, max_size=4)), max_leaves=12)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("props") / "project"
    shutil.copytree(TESTS / "sites" / "basic", root)
    return root


def check_clean(root: Path) -> list[str]:
    """Load the project; every diagnostic is one located line. Returns their texts."""
    result = load_project(root)
    for d in result.diagnostics:
        assert d.line >= 1 and d.code.startswith("CW")
        assert len(d.text().splitlines()) == (2 if d.hint else 1), d
    if not result.errors:  # what loads cleanly must also render
        ext = ClausewiseExtension(graph=result.graph)
        for page in result.pages():
            ext.set_page(page.path)
            markdown.markdown(page.markdown, extensions=[ext])
    return [d.text() for d in result.diagnostics]


@SETTINGS
@given(NASTY)
def test_yamlsafe_returns_values_or_a_located_problem(text: str) -> None:
    try:
        located = yamlsafe.load(text, first_line=2)
    except yamlsafe.YamlProblem as problem:
        assert problem.line >= 2 and problem.code in ("CW101", "CW104", "CW107")
        return
    assert all(line >= 2 for line in located.lines.values())


@SETTINGS
@given(VALUES)
def test_yamlsafe_round_trips_any_dumped_value(value: Any) -> None:
    text = yaml.safe_dump({"k": value}, allow_unicode=True)
    try:
        yamlsafe.load(text)
    except yamlsafe.YamlProblem as problem:
        assert problem.code in ("CW101", "CW104", "CW107")


@SETTINGS
@given(NASTY, st.sampled_from(["rfcs/0003-any.md", "postmortems/inc-9.md", "docs/policy/more.md", "docs/other.md"]))
def test_any_text_as_a_whole_file(project: Path, text: str, where: str) -> None:
    path = project / where
    path.write_text(text, encoding="utf-8", newline="")
    try:
        check_clean(project)
    finally:
        path.unlink()


@SETTINGS
@given(st.binary(max_size=200), st.sampled_from(["rfcs/0003-any.md", "postmortems/inc-9.md", "docs/policy/more.md"]))
def test_any_bytes_as_a_whole_file(project: Path, data: bytes, where: str) -> None:
    path = project / where
    path.write_bytes(data)
    try:
        check_clean(project)
    finally:
        path.unlink()


RFC = {
    "rfc": 3, "title": "T", "status": "draft", "authors": ["Alice Example"], "created": "2024-03-12",
    "discussion": "https://example.org/x", "resolves": ["inc-1.deploy"],
    "changes": [{"op": "amend", "clause": "embargo.no-deploy", "text": "New."}],
    "supersedes": [1], "decision": {"outcome": "accepted", "date": "2024-04-01", "by": "B", "source": "https://example.org/d"},
}
POSTMORTEM = {
    "id": "inc-9", "title": "T", "date": "2024-03-05", "source": "https://example.org/inc-9",
    "ambiguities": [{"id": "inc-9.a", "title": "A", "question": "Q?", "clauses": ["embargo.no-deploy"]}],
    "rulings": [{"id": "inc-9.a.r", "ambiguity": "inc-9.a", "answer": "Yes.", "date": "2024-03-01", "during": "d", "rationale": "r", "clauses": ["embargo.no-deploy"], "precedent": [{"title": "P", "url": "https://example.org/p"}]}],
}


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replace(copy[path[0]], path[1:], value)  # type: ignore[index]
    return copy


@SETTINGS
@given(st.data())
def test_any_value_in_any_front_matter_field(project: Path, data: st.DataObject) -> None:
    kind, base, where = data.draw(st.sampled_from([("rfc", RFC, "rfcs/0003-any.md"), ("postmortem", POSTMORTEM, "postmortems/inc-9.md")]))
    field = data.draw(st.sampled_from(_paths(base)), label="field")
    value = data.draw(VALUES, label="value")
    front = yaml.safe_dump(_replace(base, field, value), allow_unicode=True, sort_keys=False)
    body = data.draw(NASTY, label="body")
    path = project / where
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    try:
        check_clean(project)
    finally:
        path.unlink()


@functools.lru_cache(maxsize=1)
def _basic_graph() -> Graph:
    return load_project(TESTS / "sites" / "basic").graph


@SETTINGS
@given(NASTY)
def test_the_reference_resolver_and_extension_take_any_text(text: str) -> None:
    graph = _basic_graph()
    for ref in syntax.find_references(text):
        assert ref.line >= 1
        graph.resolve(ref.target)
    graph.resolve(text)
    ext = ClausewiseExtension(graph=graph)
    html = markdown.markdown(text + "\n\n[[" + text.replace("\n", " ")[:50] + "]]", extensions=[ext])
    assert "<script" not in html.lower()
