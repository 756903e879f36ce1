"""The clausewise Markdown syntax as a Python-Markdown extension.

It works in any renderer that loads Markdown extensions (MkDocs, Zensical, plain
`markdown.markdown`): clause markers become a titled, anchored block showing what touches
the clause, and `[[id]]` becomes a link that shows the target's title.

Links are written as relative `.md` paths, which MkDocs (and its successors) rewrite into
URLs and validate; `page` says which page is being rendered.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import syntax
from .graph import Graph, Target, clause_page
from .text import plural

CLAUSE_ATTR = "data-cw-clause"
HEADING = re.compile(r"^h([1-6])$")


class ClausewiseExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "project": [".", "Project root (the folder with clausewise.yml), used when no graph is given"],
            "page": ["index.md", "Docs-relative path of the page being rendered; links are relative to it"],
        }
        self._graph: Graph | None = kwargs.pop("graph", None)
        super().__init__(**kwargs)
        #: (page, target) of every reference that did not resolve, for the host to report
        self.unresolved: list[tuple[str, str]] = []
        #: git history (clausewise.history.History), set by the host when it has one
        self.history: Any = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            from .project import load_project

            self._graph = load_project(self.getConfig("project")).graph
        return self._graph

    @graph.setter
    def graph(self, graph: Graph) -> None:
        self._graph = graph

    @property
    def page(self) -> str:
        return str(self.getConfig("page"))

    def set_page(self, src_uri: str) -> None:
        self.setConfig("page", src_uri)

    def href(self, target_page: str, anchor: str | None) -> str:
        if target_page == self.page:
            return f"#{anchor}" if anchor else "#"
        rel = posixpath.relpath(target_page, posixpath.dirname(self.page) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtensions(["md_in_html", "tables", "attr_list"], {})
        md.preprocessors.register(ClausePreprocessor(md), "clausewise_clauses", 27)
        md.inlinePatterns.register(ReferenceProcessor(syntax.REFERENCE.pattern, md, self), "clausewise_refs", 185)  # before `escape`, so `\|` in tables works
        md.treeprocessors.register(ClauseHeadProcessor(md, self), "clausewise_clause_heads", 15)
        md.registerExtension(self)


class ClausePreprocessor(Preprocessor):
    """Turn clause markers into Markdown-in-HTML blocks, leaving fenced code alone."""

    def run(self, lines: list[str]) -> list[str]:
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


class ReferenceProcessor(InlineProcessor):
    def __init__(self, pattern: str, md: Markdown, ext: ClausewiseExtension) -> None:
        super().__init__(pattern, md)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        raw, text = m.group("target"), m.group("text")
        target = self.ext.graph.resolve(raw)
        if target is None:
            self.ext.unresolved.append((self.ext.page, raw))
            el = etree.Element("span", {"class": "cw-ref cw-broken", "title": "unknown reference"})
            el.text = f"[[{raw}]]"
            return el, m.start(0), m.end(0)
        return reference_link(self.ext, target, text), m.start(0), m.end(0)


def reference_link(ext: ClausewiseExtension, target: Target, text: str | None = None) -> etree.Element:
    el = etree.Element("a", {"href": ext.href(target.page, target.anchor), "class": f"cw-ref cw-ref-{target.kind}", "title": f"{target.kind} {target.key}"})
    el.text = text or target.title
    return el


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
        graph = self.ext.graph
        clause = graph.clause(cid)
        head = etree.Element(f"h{level}", {"id": cid, "class": "cw-clause-title"})
        head.text = (clause.title if clause else cid) + " "
        code = etree.SubElement(head, "code", {"class": "cw-clause-id"})
        code.text = cid
        meta = etree.Element("p", {"class": "cw-clause-meta"})
        if clause is not None:
            page = clause_page(cid)
            n_amb, n_rfc = len(graph.open_ambiguities(cid)), len(graph.pending_rfcs(cid))
            all_amb, all_rfc = len(graph.clause_ambiguities.get(cid, [])), len(graph.clause_rfcs.get(cid, []))
            links = [
                (plural(n_amb, "open ambiguity", "open ambiguities") + (f" (of {all_amb})" if all_amb != n_amb else ""), "ambiguities", n_amb),
                (plural(n_rfc, "pending RFC") + (f" (of {all_rfc})" if all_rfc != n_rfc else ""), "rfcs", n_rfc),
            ]
            for i, (label, anchor, n) in enumerate(links):
                a = etree.SubElement(meta, "a", {"href": self.ext.href(page, anchor), "class": "cw-count" + (" cw-count-hot" if n else "")})
                a.text = label
                a.tail = " · " if i == 0 else ""
            last = self.ext.history.clause_last(cid) if self.ext.history is not None else None
            if last is not None:  # when the text last changed, linking to the clause's history
                meta[-1].tail = " · "
                a = etree.SubElement(meta, "a", {"href": self.ext.href(page, "history"), "class": "cw-count cw-changed"})
                a.text = f"{'added' if last.kind == 'added' else 'changed'} {last.commit.date}"
        div.insert(0, meta)
        div.insert(0, head)


def _attr(s: str) -> str:
    return s.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def makeExtension(**kwargs: Any) -> ClausewiseExtension:
    return ClausewiseExtension(**kwargs)
