"""Atom 1.0 feeds: new RFCs, RFC status changes, and one per clause.

Every date comes from the content (an RFC's `created`, a decision's date) or from git
commits, never from the clock, so feeds are byte-identical between builds of one commit.
Entry ids are `urn:clausewise:` names that depend only on what the entry is about.
"""

from __future__ import annotations

import posixpath
import re

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

from clausewise.graph import Graph
from clausewise.load.history import History
from clausewise.model import RFC, Clause
from clausewise.site import govpages
from clausewise.site.permalinks import Asset, page_url

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
#: Entries per feed, newest first. Feed readers fetch a feed again and again and keep the
#: entries they have seen, so a feed carries what is new, not the archive (the listings
#: have everything); this keeps each feed's size and cost the same however long the
#: history grows.
FEED_LENGTH = 50


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str  # site-relative URL
    summary: str
    #: `policy` (a decision, a version: dated from the content) or `source` (an edit to a
    #: Markdown file found in git, dated by its commit)
    category: str = "policy"


def rfc3339(date: str) -> str:
    """`2015-02-11` / `2014-10` / an ISO timestamp -> `YYYY-MM-DDTHH:MM:SSZ`."""
    if "T" in date:
        return date
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


def feed_xml(feed_id: str, title: str, self_url: str, home_url: str, entries: list[Entry], base: str, fallback: str) -> str:
    newest = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_LENGTH]
    return _feed_xml(feed_id, title, self_url, home_url, tuple(newest), base, fallback)


# What XML 1.0 cannot carry at all (ElementTree writes it anyway, and readers then refuse
# the whole feed): C0 controls but tab and newlines, lone surrogates, U+FFFE and U+FFFF.
# Front matter refuses control characters (CW104), but a commit subject or a clause title
# written in Markdown can still hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@lru_cache(maxsize=4096)
def _feed_xml(feed_id: str, title: str, self_url: str, home_url: str, entries: tuple[Entry, ...], base: str, fallback: str) -> str:
    # Remembered: under `mkdocs serve` an edit changes one or two of the per-clause feeds,
    # and writing the XML is most of a feed's cost. `entries` come newest first.
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = feed_id
    ET.SubElement(root, f"{{{ATOM}}}title").text = xml_text(title)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = entries[0].updated if entries else fallback
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": base + self_url})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "href": base + home_url})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "clausewise"
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "clausewise"
    for e in entries:
        el = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(el, f"{{{ATOM}}}id").text = e.id
        ET.SubElement(el, f"{{{ATOM}}}title").text = xml_text(e.title)
        ET.SubElement(el, f"{{{ATOM}}}updated").text = e.updated
        ET.SubElement(el, f"{{{ATOM}}}link", {"rel": "alternate", "href": base + e.link})
        ET.SubElement(el, f"{{{ATOM}}}category", {"term": e.category, "label": "policy changed" if e.category == "policy" else "source edited"})
        ET.SubElement(el, f"{{{ATOM}}}summary").text = xml_text(e.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _not_real(r: RFC) -> str:
    """The sentence a feed entry about a reconstructed or fictional RFC ends with."""
    if r.provenance == "reconstruction":
        return " It is a reconstruction by the site's editors, not a real proposal."
    if r.provenance == "fiction":
        return " It is a fictional example: it never existed."
    return ""


def _rfc_entries(graph: Graph, urls: bool) -> list[Entry]:
    return [
        Entry(f"urn:clausewise:rfc:{r.number}", r.full_title, rfc3339(r.created), page_url(r.page, urls), f"{r.name} proposed on {r.created} by {', '.join(r.authors)}.{_not_real(r)}")
        for r in graph.corpus.rfcs.values()
    ]


def _status_entries(graph: Graph, history: History, urls: bool) -> list[Entry]:
    out: list[Entry] = []
    for r in graph.corpus.rfcs.values():
        url = page_url(r.page, urls)
        out.append(Entry(f"urn:clausewise:rfc:{r.number}:proposed", f"{r.name} proposed: {r.title}", rfc3339(r.created), url, f"{r.name} was proposed on {r.created}.{_not_real(r)}"))
        if r.decision:
            d = r.decision
            pending = " Its change is not yet applied to the policy." if govpages.unapplied(graph, r) else ""
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:decision", f"{r.name} {d.outcome}: {r.title}", rfc3339(d.date), url, f"{r.name} was {d.outcome} on {d.date} by {d.by}.{pending}{_not_real(r)}"))
        out += _policy_entries(graph, r, url)
        for ev in history.rfc_status.get(r.loc.path, []):
            if ev.previous is None:  # the file's first version is the proposal itself
                continue
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:status:{ev.commit.sha}", f"Source edited: {r.name} status {ev.previous} -> {ev.status}", ev.commit.iso, url, f"{r.name}'s file was edited from status {ev.previous} to {ev.status} in commit {ev.commit.short} by {ev.commit.author}.{_not_real(r)}", "source"))
    return out


def _policy_entries(graph: Graph, r: RFC, url: str) -> list[Entry]:
    """A decision by vote (or a vote closed but not recorded) and the version that applied
    it; a decision by reference has its own entry above."""
    out = []
    for date, what in govpages.policy_events(graph, r):
        if what.startswith("applied in version"):
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:applied", f"{r.name} {what}: {r.title}", rfc3339(date), url, f"{r.name}'s change was applied to the policy in {what[len('applied in '):]} ({date}).{_not_real(r)}"))
        elif r.decision is None:
            key = "vote-closed" if "not yet recorded" in what else "vote"
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:{key}", f"{r.name} {what}: {r.title}", rfc3339(date), url, f"{r.name}: {what}, its vote having closed on {date}.{_not_real(r)}"))
    return out


def _clause_entries(graph: Graph, history: History, clause: Clause, urls: bool) -> list[Entry]:
    url = page_url(f"clauses/{clause.id}.md", urls)
    out = [
        Entry(f"urn:clausewise:clause:{clause.id}:{ev.commit.sha}", f"Source edited: {clause.id} {ev.kind} in git", ev.commit.iso, url + "#history", f"The text of clause {clause.id} was {ev.kind} in the Markdown source in commit {ev.commit.short} by {ev.commit.author}: {ev.commit.subject}", "source")
        for ev in history.clauses.get(clause.id, [])
    ]
    verbs = {"amend": "amended", "add": "added", "remove": "removed"}
    for v in graph.corpus.gov.versions:
        for ch in v.changes:
            if ch.clause == clause.id:
                what = f"{verbs.get(ch.op, ch.op)} in policy version {v.version} by RFC {ch.rfc}"
                out.append(Entry(f"urn:clausewise:clause:{clause.id}:version:{v.version}", f"Policy changed: {clause.id} {what}", rfc3339(v.date), url + "#changes", f"Clause {clause.id} was {what} ({v.date})."))
    for r in graph.clause_rfcs.get(clause.id, []):
        rurl = page_url(r.page, urls)
        out.append(Entry(f"urn:clausewise:clause:{clause.id}:rfc:{r.number}", f"{r.name} proposes to change {clause.id}", rfc3339(r.created), rurl, f"{r.name} ({r.title}) proposes a change to this clause.{_not_real(r)}"))
        if r.decision:
            out.append(Entry(f"urn:clausewise:clause:{clause.id}:rfc:{r.number}:decision", f"{r.name} {r.decision.outcome}", rfc3339(r.decision.date), rurl, f"{r.name}, which changes {clause.id}, was {r.decision.outcome} on {r.decision.date}."))
    for a in graph.clause_ambiguities.get(clause.id, []):
        pm = graph.corpus.postmortems.get(a.postmortem)
        if pm:
            out.append(Entry(f"urn:clausewise:clause:{clause.id}:ambiguity:{a.id}", f"Ambiguity: {a.title}", rfc3339(pm.date), page_url(f"ambiguities/{a.id}.md", urls), f"{pm.title} found this clause ambiguous: {a.question}"))
    return out


SITE_FEEDS = (("feeds/rfcs.xml", "New RFCs"), ("feeds/rfc-status.xml", "RFC status changes"))


def discovery(page: str, graph: Graph) -> list[tuple[str, str]]:
    """(feed path, title) of the feeds a page announces to feed readers: the site's own,
    and a clause page's feed of changes."""
    out = list(SITE_FEEDS)
    if page.startswith("clauses/") and page[len("clauses/"):-3] in graph.corpus.clauses:
        out.append((f"feeds/clauses/{page[len('clauses/'):-3]}.xml", f"Changes to clause {page[len('clauses/'):-3]}"))
    return out


def feeds(graph: Graph, history: History | None, site_url: str = "", directory_urls: bool = True) -> list[Asset]:
    history = history or History()
    base = site_url.rstrip("/") + "/"
    fallback = history.head.iso if history.head else EPOCH
    urls = directory_urls
    out = [
        Asset("feeds/rfcs.xml", feed_xml("urn:clausewise:feed:rfcs", "New RFCs", "feeds/rfcs.xml", page_url("rfcs/index.md", urls), _rfc_entries(graph, urls), base, fallback)),
        Asset("feeds/rfc-status.xml", feed_xml("urn:clausewise:feed:rfc-status", "RFC status changes", "feeds/rfc-status.xml", page_url("rfcs/index.md", urls), _status_entries(graph, history, urls), base, fallback)),
    ]
    for clause in graph.corpus.clauses.values():
        path = f"feeds/clauses/{clause.id}.xml"
        entries = _clause_entries(graph, history, clause, urls)
        out.append(Asset(path, feed_xml(f"urn:clausewise:feed:clause:{clause.id}", f"Clause {clause.id}: {clause.title}", path, page_url(f"clauses/{clause.id}.md", urls), entries, base, fallback)))
    # Material for MkDocs (and Zensical, its successor) takes every `<link rel="alternate">`
    # for another language's site and fetches `sitemap.xml` beside it, on every page load;
    # the feed links `discovery` announces are alternates too. An empty sitemap beside them
    # answers that request (no 404 on every page) and maps no page anywhere.
    for folder in sorted({posixpath.dirname(path) for path, _ in SITE_FEEDS} | ({"feeds/clauses"} if graph.corpus.clauses else set())):
        out.append(Asset(f"{folder}/sitemap.xml", EMPTY_SITEMAP))
    return out


EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
