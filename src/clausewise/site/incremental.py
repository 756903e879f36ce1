"""What each page depends on, so a long-lived build (`mkdocs serve --dirty`) re-renders only
the pages whose inputs changed and still writes what a full build would.

A page's HTML is a function of its Markdown, of what the Markdown extension looks up in the
project while rendering it, and of things every page shares (the site configuration, the
navigation). The fingerprint of a page hashes the first two: its Markdown as the host will
render it, then the answer to every lookup its text can cause: each `[[reference]]`
resolved (without the target's title when the reference gives its own text), each clause marker's heading and counts, each relative `.md` link's target
present or not. Lookups are found by scanning the text, so the set can only be too large
(a reference inside a code block counts), never too small: two builds that give a page the
same fingerprint give it the same HTML. The shared inputs are the host's to fingerprint
(with `digest`); when they change, every page is rebuilt.

The core knows no MkDocs: the plugin hands in plain strings and sets.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from clausewise.graph import Graph, clause_page
from clausewise.model import syntax
from clausewise.site import asat, reader

# Relative links to Markdown pages, inline `](x.md#a)` or by definition `[id]: x.md`; MkDocs
# rewrites them to URLs only when the target page exists, so their output depends on that.
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+?\.md)\b|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>#]+?\.md)\b", re.MULTILINE)
_H1 = re.compile(r"^(#\s|=+\s*$)", re.MULTILINE)


@dataclass(frozen=True)
class ClauseHead:
    """What the heading of a clause block shows besides its id (see clausewise.markdown.extension.ClauseHeadProcessor)."""

    title: str
    page: str
    open_ambiguities: int
    all_ambiguities: int
    pending_rfcs: int
    all_rfcs: int
    last_kind: str | None = None  # added | changed | removed, from git
    last_date: str | None = None


def clause_head(graph: Graph, history: Any, cid: str) -> ClauseHead | None:
    """The heading of clause `cid`; None for an id the project does not know."""
    clause = graph.clause(cid)
    if clause is None:
        return None
    last = history.clause_last(cid) if history is not None else None
    return ClauseHead(
        clause.title, clause_page(cid),
        len(graph.open_ambiguities(cid)), len(graph.clause_ambiguities.get(cid, [])),
        len(graph.pending_rfcs(cid)), len(graph.clause_rfcs.get(cid, [])),
        last.kind if last else None, last.commit.date if last else None,
    )


def rendered_markdown(markdown: str, graph: Graph, history: Any) -> str:
    """The Markdown of a page as the plugin renders it (the home section filled in)."""
    return reader.expand_home(markdown, graph, history)


def page_fingerprint(src_uri: str, markdown: str, graph: Graph, history: Any, pages: Iterable[str] | set[str] = ()) -> str:
    """A digest of everything page `src_uri` renders from: `markdown` (before the home
    section is filled in) and every lookup it can cause in `graph`, `history` and the set
    of `pages` (docs-relative paths of every page in the site)."""
    return Fingerprinter().for_build(graph, history, set(pages))(src_uri, markdown)


@dataclass(frozen=True)
class _Scan:
    """What a page's text asks for, found once per distinct text."""

    digest: bytes
    references: tuple[tuple[str, bool], ...]  # (target, whether the reference gives its own text)
    clauses: tuple[str, ...]
    links: tuple[str, ...]  # docs-relative paths of linked pages


class Fingerprinter:
    """`page_fingerprint` for every page of every build of a long-lived host: the scan of a
    text is kept while the text is unchanged (most pages between two saves), and each
    lookup is answered once per build however many pages make it."""

    def __init__(self) -> None:
        self.scans: dict[tuple[str, str], _Scan] = {}

    def for_build(self, graph: Graph, history: Any, pages: set[str]) -> Any:
        previous: dict[tuple[str, str], _Scan] = self.scans
        used: dict[tuple[str, str], _Scan] = {}
        refs: dict[tuple[str, bool], bytes] = {}
        heads: dict[str, bytes] = {}

        def ref(lookup: tuple[str, bool]) -> bytes:
            if lookup not in refs:
                t = graph.resolve(lookup[0])
                # Every field of the target (a plain dataclass): what a link to it can show;
                # a link with its own text shows no title (see clausewise.markdown.extension.reference_link).
                fields = None if t is None else {**t.__dict__, "title": None} if lookup[1] else t.__dict__
                # `[[id@V]]` also shows the clause at V and its changes since (site.asat)
                dated = asat.as_at_link(graph, lookup[0]) if syntax.AS_AT in lookup[0] else None
                refs[lookup] = repr((None if fields is None else tuple(fields.values()), dated)).encode()
            return refs[lookup]

        def head(cid: str) -> bytes:
            if cid not in heads:
                heads[cid] = repr((cid, clause_head(graph, history, cid))).encode()
            return heads[cid]

        def fingerprint(src_uri: str, markdown: str) -> str:
            text = rendered_markdown(markdown, graph, history)
            key = (src_uri, text)
            scan = used.get(key) or previous.get(key) or _scan(src_uri, text)
            used[key] = scan
            h = hashlib.blake2b(scan.digest, digest_size=20)
            for lookup in scan.references:
                h.update(ref(lookup))
            for cid in scan.clauses:
                h.update(head(cid))
            for target in scan.links:
                h.update(b"+" if target in pages else b"-")
            return h.hexdigest()

        self.scans = used  # only this build's texts are worth keeping for the next
        return fingerprint


def _scan(src_uri: str, text: str) -> _Scan:
    references = tuple((m.group("target"), m.group("text") is not None) for m in syntax.REFERENCE.finditer(text)) if "[[" in text else ()
    clauses: list[str] = []
    if "<!--" in text:
        for line in text.split("\n"):
            if (m := syntax.CLAUSE_OPEN.match(line)) is not None:
                clauses.append(syntax.parse_attrs(m.group("attrs"))[0].get("id", ""))
    links: list[str] = []
    if ".md" in text:
        here = posixpath.dirname(src_uri)
        links = [posixpath.normpath(posixpath.join(here, m.group(1) or m.group(2))) for m in _MD_LINK.finditer(text)]
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).digest()
    return _Scan(digest, references, tuple(clauses), tuple(links))


def title_source(markdown: str) -> str:
    """The part of a page its navigation title can come from: the front matter and the
    text up to its first level-one heading (MkDocs takes the title from the front matter's
    `title`, else from the first `<h1>`, else from the file name)."""
    m = _H1.search(markdown)
    return markdown if m is None else markdown[: markdown.find("\n", m.end()) + 1 or len(markdown)]


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class BuildRecord:
    """What one build leaves for the next: enough to tell which pages changed and to put
    back what MkDocs would otherwise only know after rendering a page."""

    site: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # src_uri -> fingerprint
    titles: dict[str, str | None] = field(default_factory=dict)  # src_uri -> final title
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> final meta
    search: dict[str, list[Any]] = field(default_factory=dict)  # src_uri -> search entries
    outputs: set[str] = field(default_factory=set)  # every file written (absolute paths)
    assets: dict[str, str] = field(default_factory=dict)  # dest path -> digest of content


def stale_pages(previous: BuildRecord | None, site: str, fingerprints: dict[str, str]) -> set[str]:
    """The pages to render again: all of them on a first build or when what every page
    shares changed, else those whose fingerprint differs (new pages included)."""
    if previous is None or previous.site != site:
        return set(fingerprints)
    return {uri for uri, fp in fingerprints.items() if previous.pages.get(uri) != fp}


def search_entries(order: list[str], per_page: dict[str, list[Any]]) -> list[Any]:
    """The search index entries in the order a full build adds them: page by page, in the
    site's page order (each page's entries from the build that last rendered it)."""
    return [entry for uri in order for entry in per_page.get(uri, [])]
