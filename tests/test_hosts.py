"""The private details of the hosts that clausewise relies on, one adapter per host.

Each adapter (`clausewise.markdown.host`, `clausewise.mkdocs.host`) names its details in
`probe()`. These tests fail, naming the detail, on the first release of a host that drops
one: the fallback then keeps the site right, but slower, and someone should know. The
fallbacks themselves are tested too, against stand-ins that lack the detail.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import copy_fixture
from markdown import Markdown

from clausewise import load_project
from clausewise.markdown import ClausewiseExtension
from clausewise.markdown import host as markdown_host
from clausewise.mkdocs import host as mkdocs_host


@pytest.mark.parametrize("adapter", [markdown_host, mkdocs_host], ids=["python-markdown", "mkdocs"])
def test_every_private_detail_is_still_there(adapter: object) -> None:
    found = adapter.probe()  # type: ignore[attr-defined]
    assert found, "the adapter names no detail"
    assert [name for name, ok in found.items() if not ok] == []


def test_registry_without_private_names_turns_the_shortcuts_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert markdown_host.registry_names(object()) is None
    assert markdown_host.table_row_cells(object(), "| a |") is None
    assert markdown_host.table_separator(SimpleNamespace(separator=None)) is None
    # And the page still renders, by the ordinary path, to the same HTML.
    text = "| A | B |\n| - | - |\n| one | two |\n\nPlain prose.\n"
    graph = load_project(copy_fixture("basic", tmp_path / "basic")).graph
    fast = Markdown(extensions=[ClausewiseExtension(graph=graph)]).convert(text)
    monkeypatch.setattr(markdown_host, "registry_names", lambda registry: None)
    slow = Markdown(extensions=[ClausewiseExtension(graph=graph)]).convert(text)
    assert slow == fast and "<td>one</td>" in slow


def test_strict_warning_count_falls_back_on_our_own_counter() -> None:
    """ProperDocs logs on `properdocs`, not `mkdocs`: a warning there must still stop a
    strict build from publishing, whichever handler counts it."""
    mkdocs_host.count_warnings()
    assert not mkdocs_host.strict_warnings_logged()
    logging.getLogger("properdocs.plugins.example").warning("a broken link")
    assert mkdocs_host.strict_warnings_logged()
    mkdocs_host.count_warnings()
    assert not mkdocs_host.strict_warnings_logged()


def test_watchdog_without_the_interval_keeps_its_own() -> None:
    server = SimpleNamespace(observer=SimpleNamespace(emitters=[]))
    mkdocs_host.poll_every(server, 0.1)
    assert not hasattr(server.observer, "_timeout")
    observer = SimpleNamespace(_timeout=0.5, emitters=[SimpleNamespace(_timeout=0.5), SimpleNamespace()])
    mkdocs_host.poll_every(SimpleNamespace(observer=observer), 0.2)
    assert observer._timeout == 0.2 and observer.emitters[0]._timeout == 0.2


def test_search_plugin_is_found_only_with_the_known_index() -> None:
    index = SimpleNamespace(entries=[], generate_search_index=lambda prev: "")
    known = SimpleNamespace(search_index=index, search_index_prev=object())
    config = SimpleNamespace(plugins={"other": SimpleNamespace(), "search": known})
    assert mkdocs_host.search_plugin(config) is known  # type: ignore[arg-type]
    mkdocs_host.replace_search_entries(known, [{"location": "a/"}])
    assert index.entries == [{"location": "a/"}] and known.search_index_prev is None
    odd = SimpleNamespace(plugins={"search": SimpleNamespace(search_index=SimpleNamespace(entries=None, generate_search_index=None))})
    assert mkdocs_host.search_plugin(odd) is None  # type: ignore[arg-type]


def test_link_url_without_a_path_lookup_leaves_links_to_the_host() -> None:
    file = SimpleNamespace(src_uri="rfcs/0001-a.md", url="rfcs/0001-a/")
    assert mkdocs_host.link_url(file, SimpleNamespace(), "../policy/index.md") is None  # type: ignore[arg-type]


def test_a_renderer_that_does_not_say_which_page_leaves_the_page_unknown() -> None:
    """Without Zensical's rendering context or MkDocs' link rewriter, `rendering` knows no
    page: the extension then is plain Python-Markdown (links relative to its `page`) and
    does not stop the build."""
    md = Markdown()
    assert markdown_host.rendering(md) is None
    md.preprocessors.register(SimpleNamespace(run=lambda lines: lines, page=SimpleNamespace(path=None)), markdown_host.ZENSICAL_CONTEXT, 0)  # type: ignore[arg-type]
    md.treeprocessors.register(SimpleNamespace(run=lambda root: None), markdown_host.MKDOCS_RELPATH, 0)  # type: ignore[arg-type]
    assert markdown_host.rendering(md) is None
    graph_free = ClausewiseExtension(tree="")
    assert Markdown(extensions=[graph_free]).convert("plain text") == "<p>plain text</p>"
