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
from clausewise.site import govpages, i18n
from clausewise.site.i18n import _
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
    return _feed_xml(feed_id, title, self_url, home_url, tuple(newest), base, fallback, (_("policy changed"), _("source edited")))


# What XML 1.0 cannot carry at all (ElementTree writes it anyway, and readers then refuse
# the whole feed): C0 controls but tab and newlines, lone surrogates, U+FFFE and U+FFFF.
# Front matter refuses control characters (CW104), but a commit subject or a clause title
# written in Markdown can still hold one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@lru_cache(maxsize=4096)
def _feed_xml(feed_id: str, title: str, self_url: str, home_url: str, entries: tuple[Entry, ...], base: str, fallback: str, labels: tuple[str, str] = ("policy changed", "source edited")) -> str:
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
        ET.SubElement(el, f"{{{ATOM}}}category", {"term": e.category, "label": labels[0] if e.category == "policy" else labels[1]})
        ET.SubElement(el, f"{{{ATOM}}}summary").text = xml_text(e.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _not_real(r: RFC) -> str:
    """The sentence a feed entry about a reconstructed or fictional RFC ends with."""
    if r.provenance == "reconstruction":
        return " " + _("It is a reconstruction by the site's editors, not a real proposal.")
    if r.provenance == "fiction":
        return " " + _("It is a fictional example: it never existed.")
    return ""


def _rfc_entries(graph: Graph, urls: bool) -> list[Entry]:
    return [
        Entry(f"urn:clausewise:rfc:{r.number}", f"{i18n.rfc_name(r)}: {r.title}", rfc3339(r.created), page_url(r.page, urls), _("{rfc} proposed on {date} by {authors}.").format(rfc=i18n.rfc_name(r), date=r.created, authors=', '.join(r.authors)) + _not_real(r))
        for r in graph.corpus.rfcs.values()
    ]


def _status_entries(graph: Graph, history: History, urls: bool) -> list[Entry]:
    out: list[Entry] = []
    for r in graph.corpus.rfcs.values():
        url = page_url(r.page, urls)
        name = i18n.rfc_name(r)
        out.append(Entry(f"urn:clausewise:rfc:{r.number}:proposed", _("{rfc} proposed: {title}").format(rfc=name, title=r.title), rfc3339(r.created), url, _("{rfc} was proposed on {date}.").format(rfc=name, date=r.created) + _not_real(r)))
        if r.decision:
            d = r.decision
            pending = " " + _("Its change is not yet applied to the policy.") if govpages.unapplied(graph, r) else ""
            outcome = i18n.status(d.outcome)
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:decision", f"{name} {outcome}: {r.title}", rfc3339(d.date), url, _("{rfc} was {outcome} on {date} by {by}.").format(rfc=name, outcome=outcome, date=d.date, by=d.by) + pending + _not_real(r)))
        out += _policy_entries(graph, r, url)
        for ev in history.rfc_status.get(r.loc.path, []):
            if ev.previous is None:  # the file's first version is the proposal itself
                continue
            old, new = i18n.status(ev.previous), i18n.status(ev.status)
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:status:{ev.commit.sha}", _("Source edited: {rfc} status {old} -> {new}").format(rfc=name, old=old, new=new), ev.commit.iso, url,
                             _("{rfc}'s file was edited from status {old} to {new} in commit {commit} by {author}.").format(rfc=name, old=old, new=new, commit=ev.commit.short, author=ev.commit.author) + _not_real(r), "source"))
    return out


def _policy_entries(graph: Graph, r: RFC, url: str) -> list[Entry]:
    """A decision by vote (or a vote closed but not recorded) and the version that applied
    it; a decision by reference has its own entry above."""
    out = []
    name = i18n.rfc_name(r)
    with i18n.use(i18n.SOURCE):  # what each event is, read from its English words
        kinds = [what for _date, what in govpages.policy_events(graph, r)]
    for (date, what), english in zip(govpages.policy_events(graph, r), kinds):
        if english.startswith("applied in version"):
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:applied", f"{name} {what}: {r.title}", rfc3339(date), url, _("{rfc}'s change was applied to the policy in version {version} ({date}).").format(rfc=name, version=english[len('applied in version '):], date=date) + _not_real(r)))
        elif r.decision is None:
            key = "vote-closed" if "not yet recorded" in english else "vote"
            out.append(Entry(f"urn:clausewise:rfc:{r.number}:{key}", f"{name} {what}: {r.title}", rfc3339(date), url, _("{rfc}: {event}, its vote having closed on {date}.").format(rfc=name, event=what, date=date) + _not_real(r)))
    return out


def _clause_entries(graph: Graph, history: History, clause: Clause, urls: bool) -> list[Entry]:
    url = page_url(f"clauses/{clause.id}.md", urls)
    events = {"added": _("added"), "changed": _("changed"), "removed": _("removed")}
    out = [
        Entry(f"urn:clausewise:clause:{clause.id}:{ev.commit.sha}", _("Source edited: {clause} {event} in git").format(clause=clause.id, event=events.get(ev.kind, ev.kind)), ev.commit.iso, url + "#history",
              _("The text of clause {clause} was {event} in the Markdown source in commit {commit} by {author}: {subject}").format(clause=clause.id, event=events.get(ev.kind, ev.kind), commit=ev.commit.short, author=ev.commit.author, subject=ev.commit.subject), "source")
        for ev in history.clauses.get(clause.id, [])
    ]
    verbs = {"amend": _("amended in policy version {version} by RFC {rfc}"), "add": _("added in policy version {version} by RFC {rfc}"), "remove": _("removed in policy version {version} by RFC {rfc}")}
    for v in graph.corpus.gov.versions:
        for ch in v.changes:
            if ch.clause == clause.id:
                what = verbs.get(ch.op, ch.op + " {version} {rfc}").format(version=v.version, rfc=ch.rfc)
                out.append(Entry(f"urn:clausewise:clause:{clause.id}:version:{v.version}", _("Policy changed: {clause} {event}").format(clause=clause.id, event=what), rfc3339(v.date), url + "#changes", _("Clause {clause} was {event} ({date}).").format(clause=clause.id, event=what, date=v.date)))
    for r in graph.clause_rfcs.get(clause.id, []):
        rurl = page_url(r.page, urls)
        name = i18n.rfc_name(r)
        out.append(Entry(f"urn:clausewise:clause:{clause.id}:rfc:{r.number}", _("{rfc} proposes to change {clause}").format(rfc=name, clause=clause.id), rfc3339(r.created), rurl, _("{rfc} ({title}) proposes a change to this clause.").format(rfc=name, title=r.title) + _not_real(r)))
        if r.decision:
            outcome = i18n.status(r.decision.outcome)
            out.append(Entry(f"urn:clausewise:clause:{clause.id}:rfc:{r.number}:decision", f"{name} {outcome}", rfc3339(r.decision.date), rurl, _("{rfc}, which changes {clause}, was {outcome} on {date}.").format(rfc=name, clause=clause.id, outcome=outcome, date=r.decision.date)))
    for a in graph.clause_ambiguities.get(clause.id, []):
        pm = graph.corpus.postmortems.get(a.postmortem)
        if pm:
            out.append(Entry(f"urn:clausewise:clause:{clause.id}:ambiguity:{a.id}", _("Ambiguity: {title}").format(title=a.title), rfc3339(pm.date), page_url(f"ambiguities/{a.id}.md", urls), _("{postmortem} found this clause ambiguous: {question}").format(postmortem=pm.title, question=a.question)))
    return out


SITE_FEEDS = (("feeds/rfcs.xml", i18n.N_("New RFCs")), ("feeds/rfc-status.xml", i18n.N_("RFC status changes")))


def discovery(page: str, graph: Graph) -> list[tuple[str, str]]:
    """(feed path, title) of the feeds a page announces to feed readers: the site's own,
    and a clause page's feed of changes."""
    out = [(path, _(title)) for path, title in SITE_FEEDS]
    if page.startswith("clauses/") and page[len("clauses/"):-3] in graph.corpus.clauses:
        out.append((f"feeds/clauses/{page[len('clauses/'):-3]}.xml", _("Changes to clause {clause}").format(clause=page[len('clauses/'):-3])))
    return out


def feeds(graph: Graph, history: History | None, site_url: str = "", directory_urls: bool = True) -> list[Asset]:
    history = history or History()
    base = site_url.rstrip("/") + "/"
    fallback = history.head.iso if history.head else EPOCH
    urls = directory_urls
    out = [
        Asset("feeds/rfcs.xml", feed_xml("urn:clausewise:feed:rfcs", _("New RFCs"), "feeds/rfcs.xml", page_url("rfcs/index.md", urls), _rfc_entries(graph, urls), base, fallback)),
        Asset("feeds/rfc-status.xml", feed_xml("urn:clausewise:feed:rfc-status", _("RFC status changes"), "feeds/rfc-status.xml", page_url("rfcs/index.md", urls), _status_entries(graph, history, urls), base, fallback)),
    ]
    for clause in graph.corpus.clauses.values():
        path = f"feeds/clauses/{clause.id}.xml"
        entries = _clause_entries(graph, history, clause, urls)
        out.append(Asset(path, feed_xml(f"urn:clausewise:feed:clause:{clause.id}", _("Clause {clause}: {title}").format(clause=clause.id, title=clause.title), path, page_url(f"clauses/{clause.id}.md", urls), entries, base, fallback)))
    # Material for MkDocs (and Zensical, its successor) takes every `<link rel="alternate">`
    # for another language's site and fetches `sitemap.xml` beside it, on every page load;
    # the feed links `discovery` announces are alternates too. An empty sitemap beside them
    # answers that request (no 404 on every page) and maps no page anywhere.
    for folder in sorted({posixpath.dirname(path) for path, _ in SITE_FEEDS} | ({"feeds/clauses"} if graph.corpus.clauses else set())):
        out.append(Asset(f"{folder}/sitemap.xml", EMPTY_SITEMAP))
    return out


EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
