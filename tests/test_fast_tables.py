"""Table cells rendered without the inline pass give exactly the HTML the inline pass gives."""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.markdown import extension as mdext
from clausewise.markdown.extension import ClausewiseExtension
from clausewise.project import load_project
from clausewise.site import graphsvg

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402

SITE_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


def render(project, path: str, markdown_text: str, fast: bool) -> str:  # type: ignore[no-untyped-def]
    ext = ClausewiseExtension(graph=project.graph, fast_paths=fast)
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


@pytest.mark.parametrize("table", [
    "| a | b |\n|---|---|",  # no rows
    "| a | b |\n|---|---|\n| one |\n| x | y | z |",  # a row short of cells, one with too many
    "a | b\n--- | ---\n[[RFC 1\\|it's \"one\"]] | [[embargo.user-communications]]\n | ",  # no borders, empty cells
    "| [[RFC 1]], [[RFC 2]] and 50% |\n|---|\n| (plain) words: 1.0; ok? |",  # one column
    "| a | b |\n|:--|--:|\n| x | [[RFC 1]] |",  # aligned: the ordinary path
    "| a | b |\n|---|---|\n| x | [[RFC 1\\|*em*]] |",  # link text with markup: the ordinary path
    "| RFC&#58; a&#124;b | [[RFC 1\\|x&#61;y]] &#94; z |\n|---|---|\n| &#58; | &#126; |",  # what text.inline writes
    "| a | b |\n|---|---|\n| &#58; | &amp; &#x3a; &#; |",  # other entities: the ordinary path
])
def test_tables_written_straight_to_html_match_the_tree(table: str) -> None:
    project = load_project(ROOT)
    for page in ("index.md", "rfcs/0001-sharing-among-members.md"):
        assert render(project, page, table, True) == render(project, page, table, False), (page, table)


def _build(root: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=True))


@pytest.mark.parametrize("which", ["flagship", "corpus"])
def test_mkdocs_writes_the_same_site_with_tables_written_straight_to_html(which: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through MkDocs, which rewrites links: every file of the site is the same whether
    tables go through the tree (every shortcut off) or straight to HTML."""
    root = ROOT if which == "flagship" else corpus
    written: list[str] = []
    table = mdext.TableBlockProcessor._table

    def counted(self, block):  # type: ignore[no-untyped-def]
        html = table(self, block)
        written.append(html)
        return html

    monkeypatch.setattr(mdext.TableBlockProcessor, "_table", counted)
    _build(root, tmp_path / "fast", monkeypatch)
    monkeypatch.undo()
    assert sum(html is not None for html in written) >= 3, "the RFC index and other listings went straight to HTML"
    assert any(html is None for html in written), "and tables with other cells did not"

    monkeypatch.setattr(mdext.TableBlockProcessor, "_ready", lambda self: False)
    monkeypatch.setattr(mdext.PlainTextProcessor, "run", lambda self, root: None)
    _build(root, tmp_path / "slow", monkeypatch)
    files = sorted(p.relative_to(tmp_path / "slow") for p in (tmp_path / "slow").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "fast") for p in (tmp_path / "fast").rglob("*") if p.is_file())
    different = [f for f in files if (tmp_path / "slow" / f).read_bytes() != (tmp_path / "fast" / f).read_bytes()]
    assert different == []


_T = "| a | b |\n|---|---|\n| x | [[RFC 1]] |"


@pytest.mark.parametrize("markdown", [
    "- item\n\n    " + _T.replace("\n", "\n    "),
    "> " + _T.replace("\n", "\n> "),
    "!!! note\n    " + _T.replace("\n", "\n    "),
    '??? note "t"\n    ' + _T.replace("\n", "\n    "),
    "<div markdown>\n\n" + _T + "\n\n</div>",
    "Text before.\n\n" + _T + "\n\n" + _T,
], ids=["list", "quote", "admonition", "details", "md_in_html", "two"])
def test_a_table_straight_to_html_sits_where_the_tree_would_put_it(markdown: str) -> None:
    project = load_project(ROOT)
    assert render(project, "index.md", markdown, True) == render(project, "index.md", markdown, False)


@pytest.mark.parametrize(("text", "skips"), [
    ("Plain words, (and) numbers 1.0: ok? 50% + 1 / 2 - l'été “quoted” it’s \"so\" #1 = {2} | ~x^ $5 @me!", True),
    ("A hard  \nline break.\n\nA soft\nline break.", True),
    ("x &amp; y &#58; &copy; a_b snake_case *em* **strong** `code` \\*escaped\\*", False),
    ("<span>raw</span> <https://example.org> [link](https://example.org) ![img](a.png)", False),
    ("# Heading\n\n## Heading {#with-id}\n\n- item\n- item *em*\n\n> quoted\n\n1. one\n2. two", True),
    ("!!! note \"Title\"\n    Plain admonition text.\n\n<div markdown>\n\nPlain text in a div.\n\n</div>", True),
    ("Term\n\n    code block text\n\nTail after [[RFC 1]] and [[embargo.user-communications]].", True),
])
def test_text_the_inline_pass_would_not_change_skips_it(text: str, skips: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    project = load_project(ROOT)
    marked: list[str] = []
    original = mdext._is_plain_text

    def counting(s: str) -> bool:
        plain = original(s)
        if plain and s.strip():
            marked.append(s)
        return plain

    monkeypatch.setattr(mdext, "_is_plain_text", counting)
    assert render(project, "index.md", text, True) == render(project, "index.md", text, False)
    assert bool(marked) == skips, marked


_PIECES = ["word", " ", "\n", "\n\n", "  \n", "*", "_", "`", "\\", "[", "]", "(", ")", "!", "<", ">", "&", ";", "#", ":",
           "{", "}", "|", "-", "1.", "é", "“", "'", "&amp;", "<b>", "[[RFC 1]]", "http://x.org", "    ", "> ", "- "]


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_text_renders_the_same_with_and_without_the_shortcut(pieces: list[str]) -> None:
    project = _FLAGSHIP.get("project") or _FLAGSHIP.setdefault("project", load_project(ROOT))
    text = "".join(pieces)
    assert render(project, "index.md", text, True) == render(project, "index.md", text, False), text


_FLAGSHIP: dict[str, object] = {}


def test_a_site_with_an_unknown_processor_takes_the_ordinary_path() -> None:
    """Abbreviations skip atomic text: with them, no text is marked, and they still work."""
    project = load_project(ROOT)
    ext = ClausewiseExtension(graph=project.graph)
    md = markdown.Markdown(extensions=[*SITE_EXTENSIONS, "abbr", ext])
    ext.set_page("index.md")
    html = md.convert("The XSA process, plain words.\n\n| a |\n|---|\n| XSA |\n\n*[XSA]: Xen Security Advisory")
    assert html.count('<abbr title="Xen Security Advisory">XSA</abbr>') == 2
