"""Table cells rendered without the inline pass give exactly the HTML the inline pass gives."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest

from clausewise import graphsvg, mdext
from clausewise.mdext import ClausewiseExtension
from clausewise.project import load_project
from helpers import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


def render(project, path: str, markdown_text: str, fast: bool) -> str:  # type: ignore[no-untyped-def]
    ext = ClausewiseExtension(graph=project.graph, fast_tables=fast)
    ext.history = project.history
    md = markdown.Markdown(extensions=[*SITE_EXTENSIONS, ext], extension_configs={
        "toc": {"permalink": True}, "pymdownx.superfences": {"custom_fences": [graphsvg.superfences_config()]}})
    ext.set_page(path)
    return md.convert(markdown_text)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gen_corpus.generate(tmp_path_factory.mktemp("fast") / "project", 60)


@pytest.mark.parametrize("which", ["flagship", "corpus"])
def test_every_generated_page_renders_the_same_both_ways(which: str, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = load_project(ROOT if which == "flagship" else corpus, history=True)
    pages = project.pages()
    inline_refs = {True: 0, False: 0}
    for fast in (True, False):
        original = mdext.ReferenceProcessor.handleMatch

        def counting(self, m, data, fast=fast):  # type: ignore[no-untyped-def]
            inline_refs[fast] += 1
            return original(self, m, data)

        monkeypatch.setattr(mdext.ReferenceProcessor, "handleMatch", counting)
        html = {p.path: render(project, p.path, p.markdown, fast) for p in pages}
        monkeypatch.undo()
        if fast:
            fast_html = html
    assert html == fast_html
    # and the fast path did the work: far fewer references went through the inline pass
    assert inline_refs[True] < inline_refs[False] * 0.8, inline_refs


def test_tricky_cells_render_the_same_both_ways() -> None:
    project = load_project(ROOT)
    table = "\n".join([
        "| a | b | c | d | e | f | g | h |",
        "|---|---|---|---|---|---|---|---|",
        "| *em* | a_b | x &amp; y | [[RFC 1]], [[RFC 2\\|two]] | [[no-such-thing]] | plain words, (and) 1.0: ok? | [[RFC 1]] `code` | <span>raw</span> |",
        "| [[RFC 1]] |  | l'été “quoted” | RFC 1 – dash | \\*escaped\\* | 50% + 1 / 2 | [[embargo.user-communications]] | under_score |",
    ])
    assert render(project, "index.md", table, True) == render(project, "index.md", table, False)
