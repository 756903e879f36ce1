"""Every private detail of Python-Markdown the extension relies on, in one place, each with
a fallback.

The shortcuts in `extension` (prose kept out of the inline pass, tables written straight
to HTML) are only safe when every processor on the page is one they were checked against,
and Python-Markdown lists a registry's names only privately. Where a detail is missing,
the shortcut is off and the ordinary path renders the same page, only slower. `probe()`
names every detail and says whether the installed Python-Markdown still has it;
`tests/test_hosts.py` fails on the first one that is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


def registry_names(registry: Any) -> list[str] | None:
    """The names of a registry's items (`Registry._priority`), or None where unknown."""
    items = getattr(registry, "_priority", None)
    if items is None:
        return None
    try:
        return [item.name for item in items]
    except (AttributeError, TypeError):
        return None


def table_row_cells(processor: Any, line: str) -> list[str] | None:
    """A table row split into cells as `TableProcessor._split_row` splits it (escaped pipes
    and code spans kept), or None where that method is missing."""
    split = getattr(processor, "_split_row", None)
    return split(line) if callable(split) else None


def table_separator(processor: Any) -> list[str] | None:
    """The alignment row `TableProcessor.test` keeps (`separator`), or None."""
    separator = getattr(processor, "separator", None)
    return list(separator) if isinstance(separator, (list, tuple)) else None


#: the inline processors that find a link's text with `LinkInlineProcessor.getText`
BRACKET_PROCESSORS = ("link", "image_link", "reference", "image_reference", "short_reference", "short_image_ref")


class _Brackets:
    """`LinkInlineProcessor.getText` answered from a table of matching brackets, made once
    per text. Python-Markdown scans from every `[` to its matching `]`, or to the end of the
    paragraph when there is none: a paragraph of n `[` took n x n steps (30,000 took two
    minutes). The table is one pass; the answers are the same."""

    def __init__(self, scan: Any) -> None:
        self.scan = scan  # the original, for a call that does not start just after a `[`
        self.data: str | None = None
        self.close: dict[int, int] = {}

    def get_text(self, data: str, index: int) -> tuple[str, int, bool]:
        if index <= 0 or index > len(data) or data[index - 1] != "[":
            return self.scan(None, data, index)  # type: ignore[no-any-return]
        if data is not self.data:
            self.data, self.close = data, _closing(data)
        end = self.close.get(index)
        if end is None:  # no `]` closes it: the scan would read to the end
            return data[index:], len(data), False
        return data[index:end], end + 1, True


def _closing(data: str) -> dict[int, int]:
    """For each `[`, keyed by the index just after it, the index of the `]` that brings the
    bracket count back to zero (the scan getText makes), where there is one."""
    close: dict[int, int] = {}
    stack: list[int] = []
    pos = data.find("[")
    find = re.compile(r"[\[\]]").finditer
    for m in find(data, max(pos, 0)):
        if m.group() == "[":
            stack.append(m.end())
        elif stack:
            close[stack.pop()] = m.start()
    return close


def linear_brackets(md: Any) -> bool:
    """Give the link processors of `md` the one-pass bracket table; False where
    Python-Markdown's `LinkInlineProcessor.getText` is not the scan this replaces."""
    try:
        from markdown.inlinepatterns import LinkInlineProcessor
    except ImportError:  # pragma: no cover
        return False
    original = getattr(LinkInlineProcessor, "getText", None)
    if original is None or getattr(original, "__code__", None) is None or original.__code__.co_argcount != 3:
        return False
    memo = _Brackets(original)
    for name in BRACKET_PROCESSORS:
        proc = md.inlinePatterns[name] if name in md.inlinePatterns else None
        if isinstance(proc, LinkInlineProcessor) and type(proc).getText is original:
            proc.getText = memo.get_text
    return True


def probe() -> dict[str, bool]:
    """Each private detail relied on above, and whether the installed Python-Markdown has it."""
    from markdown import Markdown
    from markdown.extensions.tables import TableProcessor

    md = Markdown(extensions=["tables"])
    tables = md.parser.blockprocessors["table"]
    # The processor keeps what `test` found about the table it said yes to.
    said_yes = isinstance(tables, TableProcessor) and tables.test(md.parser.parseDocument([""]).getroot(), "| a | b |\n| - | - |\n| c | d |")
    cells = table_row_cells(tables, "| c | d |") if said_yes else None
    return {
        "markdown.util.Registry._priority (names of processors)": registry_names(md.inlinePatterns) is not None,
        "TableProcessor.separator (alignment row)": said_yes and table_separator(tables) == [" - ", " - "],
        "TableProcessor._split_row (table cells)": cells is not None and [c.strip() for c in cells] == ["c", "d"],
        "LinkInlineProcessor.getText (link text, replaced by a one-pass table)": linear_brackets(Markdown()),
        "markdown.util.HTML_PLACEHOLDER (stashed raw HTML in a heading's text)": _placeholder_known(),
        **_renderers(),
    }


def _placeholder_known() -> bool:
    from markdown import util

    return getattr(util, "HTML_PLACEHOLDER", None) == "\x02wzxhzdk:%s\x03"


def _renderers() -> dict[str, bool]:
    """The page each installed renderer tells the extension about (rendering())."""
    found: dict[str, bool] = {}
    try:
        from mkdocs.structure.files import File, Files
        from mkdocs.structure.pages import _RelativePathTreeprocessor
    except ImportError:
        pass
    else:
        from markdown import Markdown

        md = Markdown()
        file = File("a/b.md", "/nonexistent", "/nonexistent", True)
        md.treeprocessors.register(_RelativePathTreeprocessor(file, Files([file]), None), MKDOCS_RELPATH, 0)  # type: ignore[arg-type]
        seen = rendering(md)
        found["mkdocs.structure.pages._RelativePathTreeprocessor.file (the page being rendered)"] = seen is not None and seen.page == "a/b.md" and seen.renderer == "MkDocs"
    try:
        from zensical.extensions.context import ContextExtension, Page  # type: ignore[import-not-found]
    except ImportError:
        return found
    from markdown import Markdown

    md = Markdown(extensions=[ContextExtension(page=Page(url="a/", path="a.md", meta={"title": "A"}), config={})])
    seen = rendering(md)
    found["zensical.extensions.context (the page being rendered, its front matter)"] = seen is not None and seen.page == "a.md" and seen.meta == {"title": "A"}
    return found


# -- which page a renderer is rendering ------------------------------------------------------
@dataclass
class Rendering:
    """The page a renderer is rendering, as far as it says: its name, the page's path
    relative to the docs folder, and (Zensical) the page's front matter as the theme will
    print it."""

    renderer: str
    page: str
    meta: dict[str, Any] | None = None


#: Zensical's preprocessor holding the page (zensical.extensions.context.ContextPreprocessor)
ZENSICAL_CONTEXT = "rendering_context"
#: MkDocs' link rewriter, which knows the page's file (mkdocs.structure.pages)
MKDOCS_RELPATH = "relpath"


def rendering(md: Any) -> Rendering | None:
    """The renderer and page `md` was made for, or None (plain Python-Markdown, or a
    renderer that does not say). Zensical registers the page on a preprocessor before the
    extensions; MkDocs and ProperDocs give their link rewriter the page's file first."""
    if ZENSICAL_CONTEXT in md.preprocessors:
        page = getattr(md.preprocessors[ZENSICAL_CONTEXT], "page", None)
        path, meta = getattr(page, "path", None), getattr(page, "meta", None)
        if isinstance(path, str):
            return Rendering("Zensical", path, meta if isinstance(meta, dict) else None)
    if MKDOCS_RELPATH in md.treeprocessors:
        proc = md.treeprocessors[MKDOCS_RELPATH]
        src = getattr(getattr(proc, "file", None), "src_uri", None)
        if isinstance(src, str):
            return Rendering("ProperDocs" if type(proc).__module__.startswith("properdocs") else "MkDocs", src)
    return None


def heading_text(md: Any, el: Any) -> str:
    """A heading's text as HTML text (entities kept, tags dropped), raw HTML the inline
    pass stashed put back first: what a theme would take as the page's title."""
    text = "".join(el.itertext())
    stash = getattr(getattr(md, "htmlStash", None), "rawHtmlBlocks", None)
    if isinstance(stash, list):
        def put_back(m: re.Match[str]) -> str:
            i = int(m.group(1))
            return str(stash[i]) if i < len(stash) else ""
        text = re.sub("\x02wzxhzdk:([0-9]+)\x03", put_back, text)
    return " ".join(re.sub(r"<[^>]*>", "", text).split())
