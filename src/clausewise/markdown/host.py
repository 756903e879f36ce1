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

import copy
import functools
import re
from dataclasses import dataclass
from typing import Any

import markdown.treeprocessors


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


#: how many characters link destinations may scan per character of the text they are in
LINK_SCAN_BUDGET = 64


class _LinkScans:
    """`LinkInlineProcessor.getLink` with a budget. From the `(` after a link's text,
    Python-Markdown scans character by character (in Python) to the `)` that closes it, or
    to the end of the paragraph when none does: a paragraph of n `[a](` took n x n steps
    (3,000: 3.7 s; 12,500: over 100 s). A link that closes is scanned only as far as its
    `)`, so a paragraph's links together scan about its length. Once the scans in one
    text pass `LINK_SCAN_BUDGET` times its length (only a text of unclosed destinations
    gets there), what is left of it is not read for links: `[a](` stays text, as it
    does when nothing closes it."""

    def __init__(self, scan: Any) -> None:
        self.scan = scan
        self.data: str | None = None
        self.spent = 0

    def get_link(self, processor: Any, data: str, index: int) -> tuple[str, str | None, int, bool]:
        if data is not self.data:
            self.data, self.spent = data, 0
        if self.spent > LINK_SCAN_BUDGET * len(data) + 10_000:
            return "", None, index, False
        found = self.scan(processor, data, index)
        end = found[2]
        self.spent += end - index if found[3] and isinstance(end, int) and end >= index else len(data) - index
        return found  # type: ignore[no-any-return]


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
    link = getattr(LinkInlineProcessor, "getLink", None)
    links = _LinkScans(link) if getattr(link, "__code__", None) is not None and link.__code__.co_argcount == 3 else None
    for name in BRACKET_PROCESSORS:
        proc = md.inlinePatterns[name] if name in md.inlinePatterns else None
        if isinstance(proc, LinkInlineProcessor) and type(proc).getText is original:
            proc.getText = memo.get_text
        if links is not None and isinstance(proc, LinkInlineProcessor) and type(proc).getLink is link:
            proc.getLink = functools.partial(links.get_link, proc)
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
    html = linear_html()
    return {
        "markdown.util.Registry._priority (names of processors)": registry_names(md.inlinePatterns) is not None,
        "TableProcessor.separator (alignment row)": said_yes and table_separator(tables) == [" - ", " - "],
        "TableProcessor._split_row (table cells)": cells is not None and [c.strip() for c in cells] == ["c", "d"],
        "LinkInlineProcessor.getText (link text, replaced by a one-pass table)": linear_brackets(Markdown()),
        "heading text: Python-Markdown's placeholders put back (serializer, raw_html, amp_substitute, unescape postprocessors)": _heading_text_known(),
        **_renderers(),
        "html.parser locatestarttagend_tolerant (Python-Markdown's start-tag pattern, matched from memo)": html["start tags"],
        "html.parser endendtag (the `>` that ends an end tag, found from memo)": html["end tags"],
    }


def _heading_text_known() -> bool:
    """A heading with raw HTML, an entity, `&`, a backslash escape and the permalink sign
    reads as MkDocs would title the page."""
    from markdown import Markdown
    from markdown.treeprocessors import Treeprocessor

    seen: list[str] = []

    class Title(Treeprocessor):
        def run(self, root: Any) -> None:
            seen.extend(heading_text(self.md, el) for el in root.iter("h1"))

    md = Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}})
    md.treeprocessors.register(Title(md), "probe_title", 1)
    md.convert("# A <b>b</b> &lt;c&gt; & \\(d\\)\n")
    return seen == ["A b &lt;c&gt; &amp; (d)"]


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
    """A heading's text as HTML text (entities kept, tags dropped), as MkDocs takes a page's
    title from it (`mkdocs.utils.rendering.get_heading_text`): without the permalink the
    table of contents appended or footnote marks, an image by its alt text, and serialised
    with Python-Markdown's placeholders put back (raw HTML and entities the inline pass
    stashed, `&`, backslash escapes), which the text of the tree still holds this early."""
    el = copy.deepcopy(el)
    if len(el) and el[-1].tag == "a" and "headerlink" in (el[-1].get("class") or "").split():
        tail = el[-1].tail
        del el[-1]
        if tail:
            if len(el):
                el[-1].tail = (el[-1].tail or "") + tail
            else:
                el.text = (el.text or "") + tail
    for parent in list(el.iter()):
        for child in list(parent):
            if child.tag == "sup" and str(child.get("id", "")).startswith("fnref"):
                replacement = ""
            elif child.tag == "img" and child.get("alt"):
                replacement = str(child.get("alt"))
            else:
                continue
            text = replacement + (child.tail or "")
            i = list(parent).index(child)
            if i:
                parent[i - 1].tail = (parent[i - 1].tail or "") + text
            else:
                parent.text = (parent.text or "") + text
            parent.remove(child)
    try:
        html = md.serializer(el)
    except Exception:  # noqa: BLE001 - a serialiser that cannot: the text alone, placeholders dropped
        return " ".join(re.sub("\x02[^\x03]*\x03", "", "".join(el.itertext())).split())
    unescape = getattr(markdown.treeprocessors, "UnescapeTreeprocessor", None)
    if unescape is not None and hasattr(unescape, "unescape"):
        html = unescape().unescape(html)
    html = html[html.index(">") + 1: html.rindex("<")].strip()
    for name in ("raw_html", "amp_substitute", "unescape"):
        if name in md.postprocessors:
            html = md.postprocessors[name].run(html)
    while (start := html.find("<!--")) != -1 and (end := html.find("-->", start)) != -1:
        html = html[:start] + html[end + 3:]
    html = re.sub(r"<[^>]*>", "", html)
    return " ".join(html.split())


# Python-Markdown finds raw HTML with its own copy of the standard library's `html.parser`
# (`markdown.htmlparser.htmlparser`, with a start-tag pattern of its own). For every `<` that
# may open a tag, `check_for_whole_start_tag` matches that pattern from the `<` to wherever
# the tag would end, and `parse_endtag` searches for the next `>` from every `</`. Where no
# tag ends (a paragraph of `<a `, `<a<a<a`, `</a `), each `<` reads to the end of the text:
# n of them took n x n steps (8,000 `<a ` took 5 s, 100,000 `</a ` 15 s, 100,000 `<a`
# minutes). The replacements below give the same answers from what earlier calls on the
# same text already read, so each part of the text is read a bounded number of times.

#: Python-Markdown's start-tag pattern (markdown/htmlparser.py), which `_StartTagEnd`
#: reproduces piece by piece; anything else is left alone.
MARKDOWN_STARTTAG = r"""
  <[a-zA-Z][^`\t\n\r\f />\x00]*       # tag name <= added backtick here
  (?:[\s/]*                           # optional whitespace before attribute name
    (?:(?<=['"\s/])[^`\s/>][^\s/=>]*  # attribute name <= added backtick here
      (?:\s*=+\s*                     # value indicator
        (?:'[^']*'                    # LITA-enclosed value
          |"[^"]*"                    # LIT-enclosed value
          |(?!['"])[^`>\s]*           # bare value <= added backtick here
         )
         (?:\s*,)*                    # possibly followed by a comma
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                 # trailing whitespace
"""

_TAG_OPEN = re.compile(r"<[a-zA-Z]")
_TAG_NAME_STOP = re.compile(r"[`\t\n\r\f />\x00]")
_SPACE_OR_SLASH = re.compile(r"[\s/]*")
_BEFORE_ATTR = re.compile(r"['\"\s/]")
_ATTR_FIRST = re.compile(r"[^`\s/>]")
_ATTR_NAME_STOP = re.compile(r"[\s/=>]")
_ATTR_REST = re.compile(r"""(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^`>\s]*)(?:\s*,)*)?(?:\s|/(?!>))*""")
_SPACE = re.compile(r"\s*")
#: How far from a `<` (or `</`) the next `>` may be for the pattern itself to answer: a tag
#: that ends within this many characters, and whose last quote of each kind does not open a
#: quoted value, is matched by the original pattern up to that `>`, in C. A `<` whose `>` is
#: farther (or missing) goes to the memo, so no `<` costs more than this many steps.
WINDOW = 512


class _Span:
    """What the parser reads of a match: where it starts and ends."""

    __slots__ = ("_start", "_end", "string")

    def __init__(self, string: str, start: int, end: int) -> None:
        self.string, self._start, self._end = string, start, end

    def start(self, group: int = 0) -> int:
        return self._start

    def end(self, group: int = 0) -> int:
        return self._end

    def span(self, group: int = 0) -> tuple[int, int]:
        return self._start, self._end

    def group(self, group: int = 0) -> str:
        return self.string[self._start : self._end]


class _Memo:
    """What has been read of one text: the text itself (the parser reads one at a time),
    answers by position, and for each kind of stop character the last stretch known to
    hold none."""

    def __init__(self) -> None:
        import threading

        self.local = threading.local()

    def of(self, text: str) -> Any:
        memo = self.local
        if getattr(memo, "text", None) is not text:
            memo.text, memo.runs = text, {}
            memo.attributes, memo.rest, memo.space, memo.space_or_slash = {}, {}, {}, {}
        return memo

    @staticmethod
    def next_stop(memo: Any, stop: re.Pattern[str], pos: int) -> int:
        """The first index at or after `pos` of a character `stop` matches (or the end)."""
        low, high = memo.runs.get(stop, (-1, -1))
        if low <= pos <= high:
            return high  # type: ignore[no-any-return]
        found = stop.search(memo.text, pos)
        high = found.start() if found else len(memo.text)
        memo.runs[stop] = (pos, high)
        return high

    @staticmethod
    def once(answers: dict[int, int], pattern: re.Pattern[str], text: str, pos: int) -> int:
        """Where `pattern` (which always matches) ends from `pos`, read once per position."""
        end = answers.get(pos)
        if end is None:
            end = answers[pos] = pattern.match(text, pos).end()  # type: ignore[union-attr]
        return end


def _quotes_closed(string: str, pos: int, close: int) -> bool:
    """Whether the start-tag pattern, matched from `pos`, reads nothing past the `>` at
    `close`, so that matching it up to there gives the same answer as matching it to the
    text's end. Everything in the pattern stops at a `>` except a quoted value; a value
    that runs past `close` would start at the last quote of its kind before `close`, right
    after `=` and any spaces. Where no last quote is placed so, the answers are the same."""
    for quote in ("'", '"'):
        last = string.rfind(quote, pos, close)
        if last >= 0 and string[pos:last].rstrip().endswith("="):
            return False
    return True


class _StartTagEnd:
    """Python-Markdown's start-tag pattern, matched from a `<` with the answers of the
    pieces (tag name, each attribute, the spaces between) kept by position. Once the tag
    name is read, the pattern is a greedy repeat of attributes after which nothing can
    fail, so where it ends depends only on where the repeat starts: a position reached
    from several `<` is read once."""

    def __init__(self, original: re.Pattern[str]) -> None:
        self.original = original
        self.memo = _Memo()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        if endpos is not None or type(string) is not str or not _TAG_OPEN.match(string, pos):
            return self.original.match(string, pos) if endpos is None else self.original.match(string, pos, endpos)
        if pos >= 0:
            close = string.find(">", pos, pos + WINDOW)
            if close >= 0 and _quotes_closed(string, pos, close):
                return self.original.match(string, pos, close + 1)
        memo = self.memo.of(string)
        name_end = _Memo.next_stop(memo, _TAG_NAME_STOP, pos + 2)
        first = _Memo.once(memo.space_or_slash, _SPACE_OR_SLASH, string, name_end)
        end = _Memo.once(memo.space, _SPACE, string, self._attributes(memo, first))
        return _Span(string, pos, end)

    @staticmethod
    def _attributes(memo: Any, pos: int) -> int:
        """Where the repeat of attributes that starts at `pos` ends."""
        text, answers = memo.text, memo.attributes
        chain: list[int] = []
        while True:
            end = answers.get(pos)
            if end is not None:
                break
            if pos > 0 and _BEFORE_ATTR.match(text, pos - 1) and _ATTR_FIRST.match(text, pos):
                name_end = _Memo.next_stop(memo, _ATTR_NAME_STOP, pos + 1)
                chain.append(pos)
                pos = _Memo.once(memo.rest, _ATTR_REST, text, name_end)
            else:
                end = pos
                break
        for start in chain:
            answers[start] = end
        return end  # type: ignore[no-any-return]


class _NextChar:
    """`re.compile(">").search` from a position, answered from the last stretch read."""

    def __init__(self, original: re.Pattern[str]) -> None:
        self.original = original
        self.memo = _Memo()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Any:
        if endpos is not None or type(string) is not str:
            return self.original.search(string, pos) if endpos is None else self.original.search(string, pos, endpos)
        if pos >= 0:
            found_near = self.original.search(string, pos, pos + WINDOW)
            if found_near is not None:
                return found_near
        memo = self.memo.of(string)
        found = _Memo.next_stop(memo, self.original, max(pos, 0))
        return _Span(string, found, found + 1) if found < len(string) else None


def _html_parser_module() -> Any:
    try:
        from markdown import htmlparser
    except ImportError:  # pragma: no cover
        return None
    return getattr(htmlparser, "htmlparser", None)


def _uses(parser: Any, method: str, name: str) -> bool:
    """Whether a definition of `method` along the parser's classes (Python-Markdown's own
    subclass calls the standard library's) reads the global `name`."""
    for cls in parser.__mro__:
        code = getattr(cls.__dict__.get(method), "__code__", None)
        if code is not None and name in code.co_names:
            return True
    return False


def linear_html() -> dict[str, bool]:
    """Give Python-Markdown's copy of `html.parser` the linear start- and end-tag scans, and
    say which were given: each only where the parser still reads the global it replaces and
    that global is still the pattern reproduced here (same answers, or not installed)."""
    module = _html_parser_module()
    parser = getattr(module, "HTMLParser", None)
    given = {"start tags": False, "end tags": False}
    if parser is None:
        return given
    starttag = getattr(module, "locatestarttagend_tolerant", None)
    if isinstance(starttag, _StartTagEnd):
        given["start tags"] = True
    elif isinstance(starttag, re.Pattern) and starttag.pattern == MARKDOWN_STARTTAG and starttag.flags & re.VERBOSE and _uses(parser, "check_for_whole_start_tag", "locatestarttagend_tolerant"):
        module.locatestarttagend_tolerant = _StartTagEnd(starttag)
        given["start tags"] = True
    endtag = getattr(module, "endendtag", None)
    if isinstance(endtag, _NextChar):
        given["end tags"] = True
    elif isinstance(endtag, re.Pattern) and endtag.pattern == ">" and _uses(parser, "parse_endtag", "endendtag"):
        module.endendtag = _NextChar(endtag)
        given["end tags"] = True
    return given
