"""The reader's additions to the generated pages: history lines, banners, graphs, the
filterable ambiguity register, the home page section and search tuning.

`extend()` takes the pages `generate` made and returns them decorated, plus the reader's
own pages, so generate.py stays the one place that lays out each document.
"""

from __future__ import annotations

from dataclasses import replace

from clausewise.graph import Graph
from clausewise.load.history import ClauseEvent, FileHistory, History
from clausewise.model import RFC, AmbiguityState, Clause, RFCStatus, syntax
from clausewise.site import graphsvg
from clausewise.site.page import Page, banner
from clausewise.site.text import cell, inline

#: Search boost by page kind: a page *about* a thing should outrank a page mentioning it.
BOOST = {"rfc": 2, "clause": 3, "ambiguity": 4, "postmortem": 1}
#: Listings, whose every row is a page of its own: search leaves them out. Each of their
#: sections would otherwise match nearly any word (a status section holds the titles of
#: every RFC in that status) and push the pages the rows lead to down the results; and
#: indexing a thousand-row table again costs a tenth of a second each time an RFC gets a
#: new title.
LISTINGS = frozenset({"rfcs/index.md", "ambiguities/index.md", "postmortems/index.md", "faq/index.md"})
HOME_MARKER = "<!-- clausewise:home -->"
REGISTER_STATES = tuple(AmbiguityState)


def _state_slug(state: AmbiguityState) -> str:
    return state.name.lower()


def _with_search(markdown: str, setting: str) -> str:
    """The page with front matter for the search plugin, e.g. `boost: 2` or `exclude: true`."""
    return f"---\nsearch:\n  {setting}\n---\n\n{markdown}"


def _unsearched(page: Page) -> Page:
    return replace(page, markdown=_with_search(page.markdown, "exclude: true"))


def _insert_after_title(markdown: str, lines: list[str]) -> str:
    """Put `lines` right after the page's H1."""
    if not lines:
        return markdown
    head, sep, rest = markdown.partition("\n")
    return head + sep + "\n" + "\n".join(lines) + "\n" + rest


def file_line(fh: FileHistory | None, history: History, path: str, link: str | None = None) -> list[str]:
    """'Last changed DATE by X · created DATE · N authors', or why there is none."""
    if not history.available:
        return []
    if fh is None:
        return ['<p class="cw-history" markdown>*Not yet committed: no history.*</p>', ""] if path in history.untracked else []
    parts = [f"Last changed **{fh.last.date}** by {inline(fh.last.author)}"]
    if fh.created.sha != fh.last.sha:
        parts.append(f"created {fh.created.date} by {inline(fh.created.author)}")
    if len(fh.authors) > 1:
        parts.append(f"{len(fh.authors)} authors: " + ", ".join(inline(a) for a in fh.authors))
    if fh.dirty:
        parts.append("*uncommitted changes (dated from the last commit)*")
    if link:
        parts.append(f"[history]({link})")
    return ['<p class="cw-history" markdown>' + " · ".join(parts) + "</p>", ""]


def _event_text(graph: Graph, ev: ClauseEvent) -> str:
    what = {"added": "Added", "changed": "Text changed", "removed": "Removed"}[ev.kind]
    rfc = f" ([[RFC {ev.commit.rfc}]])" if ev.commit.rfc and graph.resolve(f"RFC {ev.commit.rfc}") else ""
    return f"| {ev.commit.date} | {what}{rfc} | {cell(_short(ev.commit.author))} | `{ev.commit.short}` {cell(_short(ev.commit.subject))} |"


#: the most of a commit's subject (or author) a history table shows: Python-Markdown's inline
#: parser takes time growing with the square of a cell's length when it is full of `[`, and
#: a subject is whatever the committer wrote (40 KB of `[` stalled the build)
MAX_SUBJECT = 200


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SUBJECT else text[: MAX_SUBJECT - 1].rstrip("\\") + "…"


def clause_history(graph: Graph, history: History, clause: Clause) -> tuple[list[str], list[str]]:
    """(line under the title, History section) for a clause page."""
    if not history.available:
        return [], []
    events = history.clauses.get(clause.id, [])
    top: list[str] = []
    if events:
        last = events[0]
        verb = "added" if last.kind == "added" else "last changed"
        rfc = f" ([[RFC {last.commit.rfc}]])" if last.commit.rfc and graph.resolve(f"RFC {last.commit.rfc}") else ""
        top = [f'<p class="cw-history" markdown>Text {verb} **{last.commit.date}** by {inline(last.commit.author)}{rfc} · [history](#history)</p>', ""]
    if history.clause_dirty(clause.id, clause.text):
        top += ['<p class="cw-history" markdown>*This clause has uncommitted changes; its dates are those of the last commit.*</p>', ""]
    section = ["## History {#history}", ""]
    if events:
        section += ["| Date | Change | Author | Commit |", "|---|---|---|---|"]
        section += [_event_text(graph, e) for e in events]
    else:
        section += ["No committed change yet."]
    return top, section + [""]


def rfc_banner(graph: Graph, rfc: RFC) -> list[str]:
    """Superseded and withdrawn RFCs say so first, with a link to what replaced them."""
    newer = graph.superseded_by.get(rfc.number, [])
    current = ", ".join(f"[[RFC {r.number}]]" for r in newer)
    if rfc.status is RFCStatus.SUPERSEDED or (newer and rfc.status.is_terminal() and rfc.status is not RFCStatus.ACCEPTED):
        text = f"**This RFC was superseded** by {current}; read that one for the current proposal." if current else "**This RFC was superseded.** See the [RFC index](index.md) for the current proposals."
        return banner("warning", text)
    if rfc.status is RFCStatus.WITHDRAWN:
        text = "**This RFC was withdrawn** by its authors and will not be decided."
        text += f" It is superseded by {current}." if current else " See the [RFC index](index.md) for the current proposals."
        return banner("warning", text)
    return []


def _permalink(key: str, depth: int) -> str:
    return f'<p class="cw-permalink">Permanent link: <a href="{"../" * depth}r/{key}/">r/{key}/</a></p>'


def extend(pages: list[Page], graph: Graph, history: History | None) -> list[Page]:
    """Decorate generated pages and add the reader's own."""
    history = history or History()
    # One table from page to RFC: looking through every RFC for every page made this
    # pages x RFCs (seven million lookups at 3,000 RFCs).
    rfc_by_page = {rfc.page: rfc for rfc in graph.corpus.rfcs.values()}
    out = [_decorate(page, graph, history, rfc_by_page) for page in pages]
    return out[:1] + [_unsearched(register(graph))] + out[1:]


def _decorate(page: Page, graph: Graph, history: History, rfc_by_page: dict[str, RFC] | None = None) -> Page:
    c = graph.corpus
    if rfc_by_page is None:
        rfc_by_page = {rfc.page: rfc for rfc in c.rfcs.values()}
    md = page.markdown
    top: list[str]
    bottom: list[str]
    kind, top, bottom = "", [], []
    if page.path in LISTINGS:
        return _unsearched(page)
    rfc = rfc_by_page.get(page.path)
    if rfc is not None:
        kind = "rfc"
        top = rfc_banner(graph, rfc) + file_line(history.file(rfc.loc.path), history, rfc.loc.path)
        top.append(_permalink(f"rfc-{rfc.number}", 2))
        top.append("")
    if not kind and page.path.startswith("postmortems/") and page.path != "postmortems/index.md":
        pm = c.postmortems.get(page.path[len("postmortems/"):-3])
        if pm:
            kind = "postmortem"
            top = file_line(history.file(pm.loc.path), history, pm.loc.path) + [_permalink(pm.id, 2), ""]
            bottom = ["## Graph", "", graphsvg.postmortem_fence(graph, pm), ""]
    if not kind and page.path.startswith("ambiguities/"):
        amb = c.ambiguities.get(page.path[len("ambiguities/"):-3])
        if amb:
            kind = "ambiguity"
            top = file_line(history.file(amb.loc.path), history, amb.loc.path) + [_permalink(amb.id, 2), ""]
    if not kind and page.path.startswith("clauses/"):
        clause = c.clauses.get(page.path[len("clauses/"):-3])
        if clause:
            kind = "clause"
            top, section = clause_history(graph, history, clause)
            top += [_permalink(clause.id, 2).replace("</p>", f' · <a href="../../feeds/clauses/{clause.id}.xml">Atom feed of changes</a></p>'), ""]
            bottom = ["## Graph", "", graphsvg.clause_fence(graph, clause), ""] + section
    if not kind:
        return page
    md = _insert_after_title(md, top)
    if bottom:
        md = md.rstrip("\n") + "\n\n" + "\n".join(bottom) + "\n"
    return replace(page, markdown=_with_search(md, f"boost: {BOOST[kind]}"))


# -- the ambiguity register ------------------------------------------------------------------
def register(graph: Graph) -> Page:
    """One section per derived state, so the register filters without JavaScript (the
    links jump to a section); with JavaScript the same links hide the other sections."""
    c = graph.corpus
    groups = {s: [a for a in c.ambiguities.values() if graph.ambiguity_state(a.id) is s] for s in REGISTER_STATES}
    out = ["# Ambiguity register", "", "Every ambiguity exposed by a post-mortem, with its state derived from rulings and RFCs.", ""]
    links = [f'<a class="cw-filter" data-cw-state="all" href="#all">all ({len(c.ambiguities)})</a>']
    links += [f'<a class="cw-filter" data-cw-state="{_state_slug(s)}" href="#state-{_state_slug(s)}">{s.value} ({len(groups[s])})</a>' for s in REGISTER_STATES]
    out += ['<p class="cw-filters" id="all">Show: ' + " ".join(links) + "</p>", ""]
    for state in REGISTER_STATES:
        slug = _state_slug(state)
        out += [f'<div class="cw-register-group" data-cw-state="{slug}" markdown>', "", f"## {state.value.capitalize()} ({len(groups[state])}) {{#state-{slug}}}", ""]
        if groups[state]:
            out += ["| Ambiguity | Post-mortem | Clauses | RFCs |", "|---|---|---|---|"]
            for amb in groups[state]:
                rfcs = ", ".join(f"[[RFC {r.number}\\|RFC {r.number}]]" for r in graph.ambiguity_rfcs.get(amb.id, [])) or "none yet"
                clauses = ", ".join(f"[[{cid}\\|{cid}]]" for cid in amb.clauses)
                out.append(f"| [[{amb.id}]] | [[{amb.postmortem}]] | {clauses} | {rfcs} |")
        else:
            out.append("None.")
        out += ["", "</div>", ""]
    return Page("ambiguities/index.md", "Ambiguities", "\n".join(out) + "\n", in_nav=True)


# -- the home page section -------------------------------------------------------------------
def news(graph: Graph, history: History | None, limit: int = 8) -> list[tuple[str, str]]:
    """(date, Markdown) of the latest events, newest first, from content dates and git.
    Events of one kind on one day share a line ("2015-02-11: RFC 1, RFC 2 accepted")."""
    c = graph.corpus
    items: list[tuple[str, str, str]] = []  # (date, what happened, reference)
    for rfc in c.rfcs.values():
        items.append((rfc.created, "proposed", f"RFC {rfc.number}"))
        if rfc.decision:
            items.append((rfc.decision.date, inline(rfc.decision.outcome), f"RFC {rfc.number}"))
    for pm in c.postmortems.values():
        items.append((pm.date, "published", pm.id))
    if history and history.available:
        for rfc in c.rfcs.values():
            for ev in history.rfc_status.get(rfc.loc.path, []):
                if ev.previous is not None:
                    items.append((ev.commit.date, f"moved from {inline(ev.previous)} to {inline(ev.status)}", f"RFC {rfc.number}"))
        for cid, events in history.clauses.items():
            if cid in c.clauses:
                items += [(ev.commit.date, "text changed", cid) for ev in events if ev.kind == "changed"]
    groups: dict[tuple[str, str], list[str]] = {}
    for date, what, ref in items:
        groups.setdefault((date, what), []).append(ref)
    # One reference shows its title; several show their short names.
    lines = [(date, (f"[[{refs[0]}]]" if len(refs) == 1 else ", ".join(f"[[{r}|{r}]]" for r in refs)) + f" {what}") for (date, what), refs in groups.items()]
    lines.sort(key=lambda x: x, reverse=True)
    return lines[:limit]


def home_section(graph: Graph, history: History | None) -> str:
    c = graph.corpus
    out = ["## What's new {#whats-new}", ""]
    out += [f"- {date}: {text}" for date, text in news(graph, history)] or ["Nothing yet."]
    out += ["", "Follow changes: [new RFCs](feeds/rfcs.xml), [RFC status changes](feeds/rfc-status.xml), or one feed per clause (linked from each clause page).", ""]
    open_ambs = [a for a in c.ambiguities.values() if graph.ambiguity_state(a.id).is_open()]
    out += [f"## Open ambiguities ({len(open_ambs)}) {{#open-ambiguities}}", ""]
    out += [f"- [[{a.id}]] ({graph.ambiguity_state(a.id).value})" for a in open_ambs] or ["None: every ambiguity recorded so far is resolved. See the [register](ambiguities/index.md)."]
    voting = [r for r in c.rfcs.values() if r.status is RFCStatus.VOTING]
    out += ["", f"## RFCs in voting ({len(voting)}) {{#voting}}", ""]
    for r in voting:
        deadline = getattr(r, "deadline", None)  # set by the governance engine where it exists
        out.append(f"- [[RFC {r.number}]]" + (f", vote closes {deadline}" if deadline else ""))
    if not voting:
        out.append("No RFC is being voted on.")
    version = _latest_version(c)
    if version:
        out += ["", "## Latest policy version {#latest-version}", "", version]
    return "\n".join(out) + "\n"


def _latest_version(corpus: object) -> str | None:
    """The governance engine's latest policy version, when that engine is present."""
    versions = getattr(corpus, "versions", None)
    if not versions:
        return None
    last = list(versions.values())[-1] if isinstance(versions, dict) else list(versions)[-1]
    number, date = getattr(last, "number", getattr(last, "id", None)), getattr(last, "date", None)
    return f"Version {inline(str(number))}" + (f", {inline(str(date))}" if date else "") if number else None


def expand_home(markdown: str, graph: Graph, history: History | None) -> str:
    """Replace the marker when it stands on its own line outside code (so a page can
    show the marker itself in a code span or block)."""
    if HOME_MARKER not in markdown:
        return markdown
    lines = markdown.split("\n")
    for i, line in syntax.iter_code_free_lines(lines):
        if line.strip() == HOME_MARKER:
            lines[i] = home_section(graph, history)
    return "\n".join(lines)
