"""The clausewise Markdown syntax as a Python-Markdown extension.

It works in any renderer that loads Markdown extensions (MkDocs, Zensical, plain
`markdown.markdown`): clause markers become a titled, anchored block showing what touches
the clause, and `[[id]]` becomes a link that shows the target's title.

Links are written as relative `.md` paths, which MkDocs (and its successors) rewrite into
URLs and validate; `page` says which page is being rendered. Tables written straight to
HTML (see `TableBlockProcessor`) take their URLs from the host's `link_url` instead.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any, Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from clausewise.graph import Graph, Target
from clausewise.markdown import host
from clausewise.model import syntax
from clausewise.site import asat, clause_head, i18n, plural, sanitize

CLAUSE_ATTR = "data-cw-clause"
HEADING = re.compile(r"^h([1-6])$")


class ClausewiseExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "project": [".", "Project root (the folder with clausewise.yml), used when no graph is given"],
            "page": ["index.md", "Docs-relative path of the page being rendered; links are relative to it"],
            "raw_html": ["strip", "What raw HTML in the Markdown may do: `strip` (sanitise every page with nh3) or `allow`"],
            "fast_paths": [True, "Skip the inline pass for text it would leave unchanged, and write tables of plain cells and references straight to HTML (same output)"],
            "tree": ["", "The docs folder `clausewise pages` wrote (it says so in the configuration it writes): the generated pages are there, so a renderer that cannot run the plugin may render it"],
            "titles": [{}, "Page (docs-relative path) to the title mkdocs.yml's `nav` gives it, which MkDocs prefers to the page's first heading (written by `clausewise pages --config`)"],
            "directory_urls": [True, "Whether the renderer publishes `a/b.md` as `a/b/` (else `a/b.html`): links in raw HTML (graph nodes), which no renderer rewrites, are written as published"],
        }
        self._graph: Graph | None = kwargs.pop("graph", None)
        #: made by a host that drives it (the MkDocs plugin, a test), not by a renderer from its configuration
        self.driven = self._graph is not None
        #: the renderer that said which page it renders (markdown.host.rendering), if any
        self.renderer: str | None = None
        #: the front matter of the page being rendered, where the renderer hands it over (Zensical)
        self.meta: dict[str, Any] | None = None
        super().__init__(**kwargs)
        #: (page, target) of every reference that did not resolve, for the host to report
        self.unresolved: list[tuple[str, str]] = []
        #: git history (clausewise.history.History), set by the host when it has one
        self.history: Any = None
        #: What the host makes of a relative `.md` link from the current page (MkDocs: the
        #: page's URL), or None when it cannot; set by a host that rewrites links (see
        #: `TableBlockProcessor`).
        self.link_url: Callable[[str], str | None] | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph, self.history = _project(str(self.getConfig("project")), str(self.getConfig("tree") or ""))
        return self._graph

    @graph.setter
    def graph(self, graph: Graph) -> None:
        self._graph = graph

    @property
    def page(self) -> str:
        return str(self.getConfig("page"))

    def set_page(self, src_uri: str, link_url: Callable[[str], str | None] | None = None) -> None:
        self.setConfig("page", src_uri)
        self.link_url = link_url

    def href(self, target_page: str, anchor: str | None) -> str:
        if target_page == self.page:
            return f"#{anchor}" if anchor else "#"
        rel = _relpath(target_page, posixpath.dirname(self.page))
        return rel + (f"#{anchor}" if anchor else "")

    def page_url(self, target: str) -> str | None:
        """A docs-relative page (`rfcs/0003-x.md#anchor`) as a link from the page being
        rendered, as the host publishes it; None where the host knows no such page. The
        graphs' nodes use it: their SVG is raw HTML, which the host does not rewrite."""
        path, _, anchor = target.partition("#")
        href = self.href(path, anchor or None)
        if href.startswith("#"):
            return href
        if self.link_url is None and self.renderer == "Zensical":
            return href  # Zensical rewrites `.md` links in raw HTML too
        if self.link_url is None:  # MkDocs and ProperDocs without the plugin leave raw HTML as it is
            return _published_href(path, self.page, bool(self.getConfig("directory_urls"))) + (f"#{anchor}" if anchor else "")
        return self.link_url(href)

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.driven:
            # Made by a renderer from its configuration: learn the page from the renderer
            # when the page is rendered (MkDocs registers its link rewriter, which knows
            # the page, after the extensions), and refuse a site nobody made pages for.
            md.preprocessors.register(PagePreprocessor(md, self), "clausewise_page", 1000)
            md.treeprocessors.register(TitleProcessor(md, self), "clausewise_title", 1)
        # What generated pages are written for (banners and cards, tables, `{#id}`, the
        # admonitions of provenance notes and fictional examples). MkDocs makes a Markdown
        # instance per page: load only what the site's config did not.
        present = {"md_in_html": "markdown_block" in md.parser.blockprocessors, "tables": "table" in md.parser.blockprocessors,
                   "attr_list": "attr_list" in md.treeprocessors, "admonition": "admonition" in md.parser.blockprocessors}
        md.registerExtensions([name for name, there in present.items() if not there], {})
        host.linear_brackets(md)  # link text found in one pass, not one scan per `[`
        host.linear_html()  # raw HTML's tags found without a scan to the text's end from every `<`
        md.preprocessors.register(ClausePreprocessor(md), "clausewise_clauses", 27)
        # After whitespace is normalised (30: it drops the stash's own marker characters),
        # before MkDocs' raw-HTML scan (21) and md_in_html's (20).
        md.preprocessors.register(FinishedHtmlPreprocessor(md), "clausewise_finished_html", 26)
        md.inlinePatterns.register(ReferenceProcessor(syntax.REFERENCE.pattern, md, self), "clausewise_refs", 185)  # before `escape`, so `\|` in tables works
        md.treeprocessors.register(ClauseHeadProcessor(md, self), "clausewise_clause_heads", 15)
        md.treeprocessors.register(PlainTextProcessor(md, self), "clausewise_plain_text", 25)  # before `inline` (20)
        tables = md.parser.blockprocessors["table"] if "table" in md.parser.blockprocessors else None
        if isinstance(tables, TableProcessor):
            md.parser.blockprocessors.register(TableBlockProcessor(md.parser, tables.config, self), "table", 75)
        # After attr_list (8) has set ids, before the table of contents (5) copies them.
        md.treeprocessors.register(SafeIdProcessor(md), "clausewise_safe_ids", 6)
        if sanitize.RawHtml.parse(self.getConfig("raw_html")) is sanitize.RawHtml.STRIP:
            # Lowest priority: after raw HTML is put back (30) and entities are restored (10).
            md.postprocessors.register(SanitizePostprocessor(md), "clausewise_sanitize", 0)
        else:  # no sanitiser: the generated wrappers' search key is written as the bare attribute
            md.postprocessors.register(UnkeyPostprocessor(md), "clausewise_unkey", 0)
        md.registerExtension(self)


class NoPlugin(RuntimeError):
    """A renderer runs the extension without the plugin and without a `clausewise pages` tree."""


class TooCostly(ValueError):
    """Text the renderer would crash on or stall over (CW109, CW110), given to the
    extension by plain Python-Markdown, where no `clausewise check` ran first."""


def no_plugin_message(renderer: str) -> str:
    return (
        f"clausewise: CW705 {renderer} is rendering this site without the clausewise plugin, so the "
        "generated pages (RFCs, ambiguities, post-mortems, clauses, indexes) would be missing and "
        f"every [[reference]] to them broken. Write the docs tree first and render that: "
        "`clausewise pages --out build/docs --config build.yml`, then build with `-f build.yml` "
        f"(`make site RENDERER=zensical` does both)" + ("" if renderer == "Zensical" else f", or add `- clausewise` under `plugins:` for {renderer}")
    )


#: The file `clausewise pages` writes at the root of its tree: a digest of everything it
#: wrote. A long-lived renderer (`zensical serve` beside `clausewise pages --watch`) loads the
#: project again when it changes, instead of rendering edited pages from the first graph.
TREE_STAMP = ".clausewise-tree"
_PROJECTS: dict[tuple[str, bool], tuple[str, Graph, Any]] = {}
_LANGUAGES: dict[tuple[str, bool], str] = {}


def _project(root: str, tree: str = "") -> tuple[Graph, Any]:
    """The project's graph (and history), loaded once per process and again when the tree
    `clausewise pages` wrote says it changed: a renderer makes an extension per page."""
    import os

    stamp = ""
    if tree:
        try:
            with open(os.path.join(tree, TREE_STAMP), encoding="utf-8") as f:
                stamp = f.read(200)
        except OSError:
            pass
    key = (os.path.abspath(root), bool(tree))
    cached = _PROJECTS.get(key)
    if cached is None or cached[0] != stamp:
        from clausewise.project import load_project

        project = load_project(root, history=bool(tree))
        _PROJECTS[key] = (stamp, project.graph, project.history)
        _LANGUAGES[key] = project.config.language
    i18n.activate(_LANGUAGES[key])  # [[refs]]' generated words in theme.language
    return _PROJECTS[key][1], _PROJECTS[key][2]


def escape_meta(meta: dict[str, Any]) -> None:
    """Front matter is plain text, but themes print `page.meta.title` and `description`
    into HTML as they are: escape every text value once (what the plugin does under MkDocs)."""
    import html

    if meta.get(_ESCAPED):
        return
    for key, value in list(meta.items()):
        if isinstance(value, str):
            meta[key] = html.escape(value, quote=True)
        elif key in ("title", "description"):
            meta[key] = html.escape(str(value), quote=True)
    meta[_ESCAPED] = True


_ESCAPED = "clausewise_escaped"


class PagePreprocessor(Preprocessor):
    """First of all: which renderer renders which page (host.rendering). Without the plugin
    and without a `clausewise pages` tree the site would miss its generated pages: stop,
    naming the renderer (CW705). Under Zensical, the page's front matter is escaped here."""

    def __init__(self, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        seen = host.rendering(self.md)
        self.ext.meta = None
        if seen is None:
            # Plain Python-Markdown (`markdown.markdown(text, extensions=["clausewise"])`):
            # nothing checked this text, so the limits `check` holds contributions to apply
            # here. 400 nested `<div markdown>` were a RecursionError, a 2 MiB paragraph of
            # emphasis minutes of CPU. (A renderer renders the tree `clausewise pages`
            # wrote, which `check` passed.)
            problem = syntax.render_problem("\n".join(lines))
            if problem is not None:
                line, code, message = problem
                raise TooCostly(f"clausewise: {code} line {line}: {message}")
            return lines
        if not self.ext.getConfig("tree"):
            message = no_plugin_message(seen.renderer)
            print(message, file=sys.stderr)  # a renderer may wrap what is raised in a traceback of its own
            raise NoPlugin(message)
        self.ext.setConfig("page", seen.page)
        self.ext.renderer = seen.renderer
        self.ext.graph  # noqa: B018 (loads the project once, and with it theme.language, before the graphs' fences are drawn)
        if seen.meta is not None:
            escape_meta(seen.meta)
            self.ext.meta = seen.meta
        return lines


class TitleProcessor(Treeprocessor):
    """A page without `title:` is titled by its first heading, which a theme prints through
    `striptags` (entities decoded: `</title><script>` would run); pin it as the meta title,
    still escaped, as the plugin does under MkDocs. Only where the renderer hands over the
    page's front matter (Zensical)."""

    def __init__(self, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        meta = self.ext.meta
        if meta is None or "title" in meta:
            return
        self.meta = meta
        titles = self.ext.getConfig("titles")
        nav = titles.get(self.ext.page) if isinstance(titles, dict) else None  # the navigation's title, which MkDocs prefers to the heading
        if isinstance(nav, str) and nav.strip():
            self.meta["title"] = html.escape(nav, quote=True)
            return
        for el in root.iter("h1"):
            self.meta["title"] = host.heading_text(self.md, el).replace('"', "&quot;").replace("'", "&#x27;")
            return


class SafeIdProcessor(Treeprocessor):
    """Ids in contributed Markdown (`{#x}`, `{id='...'}`, `<div id markdown>`) made safe
    slugs before the table of contents carries them, unescaped, into the theme's sidebar."""

    def run(self, root: etree.Element) -> None:
        sanitize.safe_ids(root)


class ClausePreprocessor(Preprocessor):
    """Turn clause markers into Markdown-in-HTML blocks, leaving fenced code alone."""

    def run(self, lines: list[str]) -> list[str]:
        if "<!--" not in "\n".join(lines):  # no marker at all: most pages
            return lines
        out: list[str] = []
        code_free = dict(syntax.iter_code_free_lines(lines))
        for i, line in enumerate(lines):
            if i in code_free and (m := syntax.CLAUSE_OPEN.match(line)):
                attrs, _ = syntax.parse_attrs(m.group("attrs"))
                cid = attrs.get("id", "")
                out += ["", f'<div class="cw-clause" {CLAUSE_ATTR}="{_attr(cid)}" markdown="1">', ""]
            elif i in code_free and syntax.CLAUSE_CLOSE.match(line):
                out += ["", "</div>", ""]
            else:
                out.append(line)
        return out


class FinishedHtmlPreprocessor(Preprocessor):
    """Finished HTML that generated Markdown marks with this process's key
    (`sanitize.finished`) goes to the raw-HTML stash whole: the placeholder left in its
    place comes back as the same HTML, so the page is the same, but md_in_html and MkDocs'
    raw-HTML scan no longer parse thousands of tags in Python. Text without the key (every
    contributed page, every page Markdown written out by `clausewise pages`) is untouched."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if sanitize.FINISHED_OPEN not in text:
            return lines
        return sanitize.FINISHED.sub(lambda m: self.md.htmlStash.store(m.group(1)), text).split("\n")


class ReferenceProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        raw, text = m.group("target"), m.group("text")
        target = self.ext.graph.resolve(raw)
        if target is None:
            self.ext.unresolved.append((self.ext.page, raw))
            el = etree.Element("span", {"class": "cw-ref cw-broken", "title": i18n._("unknown reference")})
            el.text = f"[[{raw}]]"
            return el, m.start(0), m.end(0)
        if syntax.AS_AT in raw and target.kind == "clause":
            return as_at_reference(self.ext, target, raw, text), m.start(0), m.end(0)
        return reference_link(self.ext, target, text), m.start(0), m.end(0)


def as_at_reference(ext: ClausewiseExtension, target: Target, raw: str, text: str | None) -> etree.Element:
    """`[[id@V]]`: the clause's title at version V, linking to it on V's page, and what
    changed in it since, linking to today's text. A clause unchanged since links to its
    page (the same text); one that did not exist at V is shown as today (check says so)."""
    link = asat.as_at_link(ext.graph, raw)
    if link is None or not link.since:
        el = reference_link(ext, target, text or (link.title if link else None))
        if link is not None:
            el.set("title", i18n._("clause {id}, unchanged since version {version}").format(id=target.key, version=link.version))
        return el
    wrap = etree.Element("span", {"class": "cw-asat-ref"})
    a = etree.SubElement(wrap, "a", {"href": ext.href(link.page, link.anchor), "class": "cw-ref cw-ref-clause cw-asat", "title": i18n._("clause {id} as at version {version}").format(id=target.key, version=link.version)})
    a.text = text or link.title
    # The note as (text, link or None) parts: "(since amended by RFC 2 in version 3.0: today's text)"
    # TRANSLATORS: the note after a clause cited as at a version: " (since amended by RFC 2 in version 3.0: today's text)"
    parts: list[tuple[str, tuple[str, str] | None]] = [(i18n._(" (since "), None)]
    for i, change in enumerate(link.since):
        parts.append((("; " if i else "") + i18n._("{verb} by ").format(verb=change.verb), None))
        parts.append((change.rfc_name, (change.rfc_page, "cw-ref cw-ref-rfc") if change.rfc_page else None))
        parts.append((i18n._(" in version {version}").format(version=change.version), None))
    if link.current_page is not None:
        parts += [(": ", None), (i18n._("today's text"), (link.current_page, "cw-ref cw-ref-clause cw-today"))]
    parts.append((")", None))
    # A note clausewise adds, not the document's words: search leaves it out
    since = etree.SubElement(wrap, "span", {"class": "cw-since", sanitize.SEARCH_EXCLUDE_ATTRIBUTE: sanitize.search_exclude_key()})
    since.text, last = "", None
    for words, href in parts:
        if href is not None:
            last = etree.SubElement(since, "a", {"href": ext.href(href[0], None), "class": href[1]})
            last.text, last.tail = words, ""
        elif last is None:
            since.text += words
        else:
            last.tail = (last.tail or "") + words
    return wrap


def _link_attrs(ext: ClausewiseExtension, target: Target) -> dict[str, str]:
    return {"href": ext.href(target.page, target.anchor), "class": f"cw-ref cw-ref-{target.kind}", "title": f"{i18n.kind(target.kind)} {target.key}"}


def reference_link(ext: ClausewiseExtension, target: Target, text: str | None = None) -> etree.Element:
    el = etree.Element("a", _link_attrs(ext, target))
    el.text = text or i18n.target_label(ext.graph, target)
    return el


#: The inline patterns of Python-Markdown and of the extensions the flagship and generated
#: sites use: none of them changes text made only of `_PLAIN` characters.
KNOWN_INLINE = frozenset({
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong",
    "not_strong", "em_strong2", "clausewise_refs",
})
# Numeric character references too: `text.inline` writes `:` `|` `=` `~` `^` as them, and
# the inline pass leaves them as they are.
_PLAIN = re.compile(r"(?:[^\W_]|[ ,.;:()/?'’\"%+-]|&#[0-9]{1,7};)*")
#: The tree and post processors of Python-Markdown, MkDocs and the extensions the flagship
#: and generated sites use: none of them changes a table of plain cells and links.
KNOWN_TREE = frozenset({
    "inline", "prettify", "unescape", "attr_list", "toc", "clausewise_plain_text", "clausewise_clause_heads", "clausewise_safe_ids",
    "mkdocs_extract_anchors", "mkdocs_extract_title", "relpath", "clausewise_title",
})
KNOWN_POST = frozenset({"raw_html", "amp_substitute", "unescape", "clausewise_sanitize", "clausewise_unkey"})
_ATTR_SAFE = re.compile(r'[^&<>"]*')
#: What a known inline pattern needs to find anything: a backtick, a backslash, a bracket,
#: `<`, `&`, `*`, `_` or two spaces before a line break; and the stash's placeholders.
_INLINE_TRIGGER = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")


def _is_plain_text(text: str) -> bool:
    """Text of a paragraph, heading or list item that no known inline pattern changes."""
    return _INLINE_TRIGGER.search(text) is None


def _plain_cell(ext: ClausewiseExtension, text: str) -> tuple[list[tuple[str, Target, str | None]], str] | None:
    """A table cell made only of plain text and resolvable references, as (the text before,
    the target, the reference's own text) for each reference, and the text after; None for
    any other cell (an unknown reference is left to the inline pass, which reports it)."""
    pos, refs = 0, []
    for m in syntax.REFERENCE.finditer(text):
        target = ext.graph.resolve(m.group("target"))
        # `[[id@V]]` (a clause as at a version) takes the inline pass, which writes its note
        if target is None or syntax.AS_AT in m.group("target") or not _PLAIN.fullmatch(text, pos, m.start()):
            return None
        refs.append((text[pos:m.start()], target, m.group("text")))
        pos = m.end()
    return (refs, text[pos:]) if _PLAIN.fullmatch(text, pos) else None


def _known(registry: Any, names: frozenset[str]) -> bool:
    # Python-Markdown's registry lists its names only privately; without them, no shortcut.
    found = host.registry_names(registry)
    return found is not None and all(name in names for name in found)


def _all_known(md: Markdown) -> bool:
    """Every inline, tree and post processor is one the shortcuts were checked against."""
    return _known(md.inlinePatterns, KNOWN_INLINE) and _known(md.treeprocessors, KNOWN_TREE) and _known(md.postprocessors, KNOWN_POST)


class PlainTextProcessor(Treeprocessor):
    """Text the inline pass would leave as it is, kept out of that pass. Python-Markdown
    tries every inline pattern on every piece of text in the page, and most prose has
    nothing for them to find; text with none of the characters they start from
    (`_is_plain_text`) is marked atomic instead, which the inline pass skips
    and every later pass treats as the same text. Table cells go further (they made the
    RFC index, a row per RFC, the slowest page to render): a cell made of plain text and
    resolvable references gets the same elements the inline pass would make (each
    reference's link, the text between marked atomic). Only on sites whose inline, tree
    and post processors are all known here (an unknown one might read text the inline
    pass would have changed, or skip atomic text, as abbreviations do); anything else
    takes the ordinary path. Tests render every generated page and build whole sites
    both ways, and compare."""

    def __init__(self, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        if not self.ext.getConfig("fast_paths") or not _all_known(self.md):
            return
        for el in list(root.iter()):
            text = el.text
            if text and type(text) is str:
                if not (el.tag == "td" and not len(el) and self.cell(el, text)) and _is_plain_text(text):
                    el.text = AtomicString(text)
            tail = el.tail
            if tail and type(tail) is str and _is_plain_text(tail):
                el.tail = AtomicString(tail)

    def cell(self, cell: etree.Element, text: str) -> bool:
        """Whether the cell was made of plain text and references, and so filled in here."""
        parsed = _plain_cell(self.ext, text)
        if parsed is None:
            return False
        refs, after = parsed
        cell.text = AtomicString(refs[0][0] if refs else after)
        for i, (_, target, own) in enumerate(refs):
            link = reference_link(self.ext, target, own)
            if link.text and _PLAIN.fullmatch(link.text):
                link.text = AtomicString(link.text)
            link.tail = AtomicString(refs[i + 1][0] if i + 1 < len(refs) else after)
            cell.append(link)
        return True


class TableBlockProcessor(TableProcessor):
    """Python-Markdown's table processor, writing a table whose every cell is plain text
    or resolvable references straight to HTML. A thousand-row table (the RFC index) made
    thousands of elements that every later pass walked (the links rewritten, headings
    looked for, the tree indented, then written out); written here, it goes into the
    page as one block of finished HTML, as raw HTML does. The HTML is what the ordinary
    path writes, byte for byte (a test builds sites both ways). Any other table, any
    site with processors not known here, and a host that rewrites links without saying
    how (MkDocs' `relpath` with no `link_url`) take the ordinary path."""

    def __init__(self, parser: Any, config: dict[str, Any], ext: ClausewiseExtension) -> None:
        super().__init__(parser, config)
        self.ext = ext
        self.html: str | None = None

    def test(self, parent: etree.Element, block: str) -> bool:
        self.html = None
        if not super().test(parent, block):
            return False
        if self._ready():
            self.html = self._table(block)
        return True

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        if self.html is None:
            super().run(parent, blocks)
            return
        blocks.pop(0)
        etree.SubElement(parent, "p").text = AtomicString(self.parser.md.htmlStash.store(self.html))
        self.html = None

    def _ready(self) -> bool:
        md = self.parser.md
        separator = host.table_separator(self)
        if not self.ext.getConfig("fast_paths") or separator is None or any(":" in c for c in separator):
            return False
        if not _all_known(md):
            return False
        return self.ext.link_url is not None or "relpath" not in md.treeprocessors

    def _table(self, block: str) -> str | None:
        lines = block.split("\n")
        width = len(host.table_separator(self) or ())
        out = ["<table>", "<thead>"]
        for i, line in enumerate([lines[0], *lines[2:]]):
            if i == 1:
                out += ["</thead>", "<tbody>"]
            cells = host.table_row_cells(self, line.strip(" "))
            if cells is None:
                return None
            row = ["<tr>"]
            for c in range(width):
                html = self._cell(cells[c].strip(" ") if c < len(cells) else "")
                if html is None:
                    return None
                tag = "th" if i == 0 else "td"
                row.append(f"<{tag}>{html}</{tag}>")
            out += row + ["</tr>"]
        if len(lines) < 3:  # no rows: one empty row, as the ordinary path writes
            out += ["</thead>", "<tbody>", "<tr>", *["<td></td>"] * width, "</tr>"]
        return "\n".join(out + ["</tbody>", "</table>"])

    def _cell(self, text: str) -> str | None:
        parsed = _plain_cell(self.ext, text)
        if parsed is None:
            return None
        refs, after = parsed
        parts: list[str] = []
        for before, target, own in refs:
            attrs = _link_attrs(self.ext, target)
            url: str | None = attrs["href"]
            if self.ext.link_url is not None and not attrs["href"].startswith("#"):
                url = self.ext.link_url(attrs["href"])
            label = own or i18n.target_label(self.ext.graph, target)
            if url is None or not label or not _PLAIN.fullmatch(label):
                return None
            attrs["href"] = url
            if not all(_ATTR_SAFE.fullmatch(v) for v in attrs.values()):
                return None
            # Attributes in the serializer's (sorted) order.
            parts += [before, "<a" + "".join(f' {k}="{v}"' for k, v in sorted(attrs.items())) + ">", label, "</a>"]
        return "".join(parts) + after


class ClauseHeadProcessor(Treeprocessor):
    """Give each clause block a heading (its title, id and permalink) and the counts of
    open ambiguities and pending RFCs that touch it. Headings take the level below the
    section the clause sits in, so the clause appears in the table of contents and search."""

    def __init__(self, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        level = 1
        for el in root:
            m = HEADING.match(el.tag)
            if m:
                level = int(m.group(1))
            elif el.tag == "div" and CLAUSE_ATTR in el.attrib:
                self.decorate(el, min(level + 1, 6))

    def decorate(self, div: etree.Element, level: int) -> None:
        cid = div.attrib.pop(CLAUSE_ATTR)
        # Everything shown comes from `clause_head`, which is also what a page's
        # fingerprint hashes (incremental.page_fingerprint): the two cannot drift apart.
        info = clause_head(self.ext.graph, self.ext.history, cid)
        head = etree.Element(f"h{level}", {"id": cid, "class": "cw-clause-title"})
        head.text = (info.title if info else cid) + " "
        code = etree.SubElement(head, "code", {"class": "cw-clause-id"})
        code.text = cid
        meta = etree.Element("p", {"class": "cw-clause-meta"})
        if info is not None:
            n_amb, n_rfc, all_amb, all_rfc = info.open_ambiguities, info.pending_rfcs, info.all_ambiguities, info.all_rfcs
            links = [
                (plural(n_amb, "open ambiguity", "open ambiguities") + (i18n._(" (of {total})").format(total=all_amb) if all_amb != n_amb else ""), "ambiguities", n_amb),
                (plural(n_rfc, "pending RFC", "pending RFCs") + (i18n._(" (of {total})").format(total=all_rfc) if all_rfc != n_rfc else ""), "rfcs", n_rfc),
            ]
            for i, (label, anchor, n) in enumerate(links):
                a = etree.SubElement(meta, "a", {"href": self.ext.href(info.page, anchor), "class": "cw-count" + (" cw-count-hot" if n else "")})
                a.text = label
                a.tail = " · " if i == 0 else ""
            if info.last_kind is not None:  # when the text last changed, linking to the clause's history
                meta[-1].tail = " · "
                a = etree.SubElement(meta, "a", {"href": self.ext.href(info.page, "history"), "class": "cw-count cw-changed"})
                a.text = (i18n._("added {date}") if info.last_kind == "added" else i18n._("changed {date}")).format(date=info.last_date)
            # The policy changes through RFCs: each clause leads to how to propose a change to it.
            meta[-1].tail = " · "
            a = etree.SubElement(meta, "a", {"href": self.ext.href(info.page, "propose"), "class": "cw-count cw-propose"})
            a.text = i18n._("propose a change")
        div.insert(0, meta)
        div.insert(0, head)


class SanitizePostprocessor(Postprocessor):
    """The `raw_html: strip` policy: the finished page HTML through nh3 (see `sanitize`)."""

    def run(self, text: str) -> str:
        return sanitize.sanitize(text)


class UnkeyPostprocessor(Postprocessor):
    """The `raw_html: allow` policy: the search key of generated wrappers (see
    `sanitize.SEARCH_EXCLUDE`) written as `data-search-exclude=""`, as the sanitiser does."""

    def run(self, text: str) -> str:
        return sanitize.unkeyed(text)


def _published(path: str, directory_urls: bool) -> str:
    """The site-relative URL a renderer publishes the docs page `path` at."""
    stem = path[:-3] if path.endswith(".md") else path
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def _published_href(target: str, page: str, directory_urls: bool) -> str:
    """A link from the published `page` to the published `target` (both docs-relative)."""
    to, here = _published(target, directory_urls), _published(page, directory_urls)
    start = here.rsplit("/", 1)[0] if "/" in here else ""
    rel = posixpath.relpath(to or ".", start or ".")
    return rel + ("/" if to.endswith("/") or not to else "") if rel != "." else "./"


@lru_cache(maxsize=65536)
def _relpath(target: str, start_dir: str) -> str:
    """`posixpath.relpath` for docs-relative paths. The stdlib one makes both paths absolute
    (a getcwd call each time) and was the slowest part of rendering a reference."""
    if ".." in target.split("/") or ".." in start_dir.split("/") or target.startswith("/") or start_dir.startswith("/"):
        return posixpath.relpath(target, start_dir or ".")
    t = [p for p in target.split("/") if p not in ("", ".")]
    s = [p for p in start_dir.split("/") if p not in ("", ".")]
    i = 0
    while i < min(len(t), len(s)) and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."


def _attr(s: str) -> str:
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def makeExtension(**kwargs: Any) -> ClausewiseExtension:  # noqa: N802 (Python-Markdown's name)
    """What Python-Markdown calls for `markdown_extensions: [clausewise.markdown]`."""
    return ClausewiseExtension(**kwargs)
