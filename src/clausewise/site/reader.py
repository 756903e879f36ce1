"""The reader's additions to the generated pages: history lines, banners, graphs, the
filterable ambiguity register, the home page section and search tuning.

`extend()` takes the pages `generate` made and returns them decorated, plus the reader's
own pages, so generate.py stays the one place that lays out each document.
"""

from __future__ import annotations

import json
from dataclasses import replace

from clausewise.graph import Graph
from clausewise.load.history import ClauseEvent, FileHistory, History
from clausewise.model import RFC, Ambiguity, AmbiguityState, Clause, RFCStatus, syntax
from clausewise.site import govpages, graphsvg
from clausewise.site.page import Page, banner
from clausewise.site.sanitize import SEARCH_EXCLUDE
from clausewise.site import i18n
from clausewise.site.i18n import _, cap
from clausewise.site.text import cell, inline, rfc_link

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


def _with_search(markdown: str, setting: str, aliases: list[str] | None = None) -> str:
    """The page with front matter for the search plugin, e.g. `boost: 2` or `exclude: true`.
    `aliases` go in `tags`, which Material's search indexes (and shows nowhere without its
    tags plugin) with a boost far above titles: `RFC3` finds RFC 3, which the words on the
    page ("RFC 3") cannot, and a clause's id finds the clause's own page first."""
    tags = "tags: [" + ", ".join(json.dumps(a) for a in aliases) + "]\n" if aliases else ""
    return f"---\n{tags}search:\n  {setting}\n---\n\n{markdown}"


def search_aliases(kind: str, key: str | int, aliases: tuple[str, ...] = ()) -> list[str]:
    """What a reader may type for a thing besides the words on its page."""
    if kind == "rfc":
        return [f"RFC{key}", f"RFC {key}", f"RFC{int(key):04d}"]
    if kind in ("clause", "ambiguity"):
        return [str(key), *aliases]
    return []


def _unsearched(page: Page) -> Page:
    return replace(page, markdown=_with_search(page.markdown, "exclude: true"))


def _insert_before_sections(markdown: str, lines: list[str]) -> str:
    """Put `lines` at the end of the page's introduction: before its first `## ` heading
    outside code, else at the end. The permanent link sits there, in the page's search
    entry (it names the document: `r/rfc-1/`) but after what the document says first."""
    if not lines:
        return markdown
    text = markdown.split("\n")
    at = next((i for i, line in syntax.iter_code_free_lines(text) if line.startswith("## ")), None)
    if at is None:
        return markdown.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    return "\n".join(text[:at] + lines + [""] + text[at:])


def _insert_after_title(markdown: str, lines: list[str]) -> str:
    """Put `lines` right after the page's H1."""
    if not lines:
        return markdown
    head, sep, rest = markdown.partition("\n")
    return head + sep + "\n" + "\n".join(lines) + "\n" + rest


SOURCE_SUMMARY = i18n.N_("Source history: the Markdown file in git")


def _source_block(path: str, lines: list[str]) -> list[str]:
    """Git's history of the page's Markdown file, apart from the policy's history and
    collapsed: commits record edits to a file (typos and formatting included), not
    decisions, and their dates are the days the text was committed."""
    return [
        f'<details class="cw-source-history" id="history" {SEARCH_EXCLUDE} markdown>', f"<summary>{_(SOURCE_SUMMARY)}</summary>", "",
        _("The history of `{path}`, the Markdown file this page is built from, as git records it: edits to the file, not changes to the policy.").format(path=path), "",
        *lines, "", "</details>", "",
    ]


def file_line(fh: FileHistory | None, history: History, path: str) -> list[str]:
    """'Last committed DATE by X · first committed DATE · N committers', or why there is
    none; inside the collapsed source history."""
    if not history.available:
        return []
    if fh is None:
        return _source_block(path, [_("*Not yet committed: no history.*")]) if path in history.untracked else []
    parts = [_("File last committed **{date}** by {author}").format(date=fh.last.date, author=inline(fh.last.author))]
    if fh.created.sha != fh.last.sha:
        parts.append(_("first committed {date} by {author}").format(date=fh.created.date, author=inline(fh.created.author)))
    if len(fh.authors) > 1:
        parts.append(i18n.ngettext("{count} committer: {names}", "{count} committers: {names}", len(fh.authors)).format(count=len(fh.authors), names=", ".join(inline(a) for a in fh.authors)))
    if fh.dirty:
        parts.append(_("*uncommitted changes (dated from the last commit)*"))
    return _source_block(path, [" · ".join(parts)])


def _event_text(graph: Graph, ev: ClauseEvent) -> str:
    what = {"added": _("Added"), "changed": _("Text edited"), "removed": _("Removed")}[ev.kind]
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
    """(nothing, collapsed source history) for a clause page: the clause's text in git,
    commit by commit. The page's first line is its policy history (govpages)."""
    if not history.available:
        return [], []
    events = history.clauses.get(clause.id, [])
    lines: list[str] = []
    if history.clause_dirty(clause.id, clause.text):
        lines += [_("*This clause has uncommitted changes; its dates are those of the last commit.*"), ""]
    if events:
        last = events[0]
        said = _("Text added in git **{date}** by {author}.") if last.kind == "added" else _("Text last edited in git **{date}** by {author}.")
        lines += [said.format(date=last.commit.date, author=inline(last.commit.author)), ""]
        lines += ['<div class="cw-cards" markdown>', "", "| " + " | ".join((_("Date"), _("Edit"), _("Author"), _("Commit"))) + " |", "|---|---|---|---|"]
        lines += [_event_text(graph, e) for e in events]
        lines += ["", "</div>"]
    else:
        lines += [_("No committed change yet.")]
    return [], _source_block(clause.loc.path, lines)


def rfc_banner(graph: Graph, rfc: RFC) -> list[str]:
    """Superseded and withdrawn RFCs say so first, with a link to what replaced them."""
    newer = graph.superseded_by.get(rfc.number, [])
    current = ", ".join(f"[[RFC {r.number}]]" for r in newer)
    if rfc.status is RFCStatus.SUPERSEDED or (newer and rfc.status.is_terminal() and rfc.status is not RFCStatus.ACCEPTED):
        text = _("**This RFC was superseded** by {rfcs}; read that one for the current proposal.").format(rfcs=current) if current else _("**This RFC was superseded.** See the [RFC index]({link}) for the current proposals.").format(link="index.md")
        return banner("warning", text)
    if rfc.status is RFCStatus.WITHDRAWN:
        text = _("**This RFC was withdrawn** by its authors and will not be decided.")
        text += " " + (_("It is superseded by {rfcs}.").format(rfcs=current) if current else _("See the [RFC index]({link}) for the current proposals.").format(link="index.md"))
        return banner("warning", text)
    return []


def _permalink(key: str, page: str, feed: str | None = None) -> str:
    """The permalink line, its links written relative to the page's source file so the
    renderer resolves them as it resolves any link (with or without directory URLs)."""
    up = "../" * page.count("/")
    links = _("Permanent link:") + f" [r/{key}/]({up}r/{key}/index.html)"
    if feed is not None:
        links += " · [" + _("Atom feed of changes") + f"]({up}{feed})"
    return f'<p class="cw-permalink" markdown>{links}</p>'


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
    kind, top, bottom, link = "", [], [], []
    aliases: list[str] = []
    if page.path in LISTINGS:
        return _unsearched(page)
    rfc = rfc_by_page.get(page.path)
    if rfc is not None:
        kind = "rfc"
        aliases = search_aliases(kind, rfc.number)
        top, link = rfc_banner(graph, rfc), [_permalink(f"rfc-{rfc.number}", page.path), ""]
        bottom = file_line(history.file(rfc.loc.path), history, rfc.loc.path)
    if not kind and page.path.startswith("postmortems/") and page.path != "postmortems/index.md":
        pm = c.postmortems.get(page.path[len("postmortems/"):-3])
        if pm:
            kind = "postmortem"
            link = [_permalink(pm.id, page.path), ""]
            bottom = ["## " + _("Graph") + " {#graph}", "", graphsvg.postmortem_fence(graph, pm), ""] + file_line(history.file(pm.loc.path), history, pm.loc.path)
    if not kind and page.path.startswith("ambiguities/"):
        amb = c.ambiguities.get(page.path[len("ambiguities/"):-3])
        if amb:
            kind = "ambiguity"
            aliases = search_aliases(kind, amb.id)
            link = [_permalink(amb.id, page.path), ""]
            bottom = file_line(history.file(amb.loc.path), history, amb.loc.path)
    if not kind and page.path.startswith("clauses/"):
        clause = c.clauses.get(page.path[len("clauses/"):-3])
        if clause:
            kind = "clause"
            aliases = search_aliases(kind, clause.id, clause.aliases)
            top, section = clause_history(graph, history, clause)
            link = [_permalink(clause.id, page.path, f"feeds/clauses/{clause.id}.xml"), ""]
            bottom = ["## " + _("Graph") + " {#graph}", "", graphsvg.clause_fence(graph, clause), ""] + section
    if not kind:
        return page
    md = _insert_after_title(_insert_before_sections(md, link), top)
    if bottom:
        md = md.rstrip("\n") + "\n\n" + "\n".join(bottom) + "\n"
    return replace(page, markdown=_with_search(md, f"boost: {BOOST[kind]}", aliases))


# -- the ambiguity register ------------------------------------------------------------------
def register(graph: Graph) -> Page:
    """One section per derived state, so the register filters without JavaScript (the
    links jump to a section); with JavaScript the same links hide the other sections."""
    c = graph.corpus
    groups = {s: [a for a in c.ambiguities.values() if graph.ambiguity_state(a.id) is s] for s in REGISTER_STATES}
    out = ["# " + _("Ambiguity register"), "", _("Every ambiguity exposed by a post-mortem, with its state derived from rulings and RFCs."), ""]
    links = ['<a class="cw-filter" data-cw-state="all" href="#all">' + _("all") + f" ({len(c.ambiguities)})</a>"]
    links += [f'<a class="cw-filter" data-cw-state="{_state_slug(s)}" href="#state-{_state_slug(s)}">{i18n.state(s.value)} ({len(groups[s])})</a>' for s in REGISTER_STATES]
    out += ['<p class="cw-filters" id="all">' + _("Show:") + " " + " ".join(links) + "</p>", ""]
    for state in REGISTER_STATES:
        slug = _state_slug(state)
        out += [f'<div class="cw-register-group" data-cw-state="{slug}" markdown>', "", f"## {cap(i18n.state(state.value))} ({len(groups[state])}) {{#state-{slug}}}", ""]
        # Rows grouped by the post-mortem that raised them, named once above its rows.
        by_pm: dict[str, list[Ambiguity]] = {}
        for amb in groups[state]:
            by_pm.setdefault(amb.postmortem, []).append(amb)
        for pm_id, ambs in by_pm.items():
            out += [_("From [[{postmortem}]]:").format(postmortem=pm_id), "", '<div class="cw-cards" markdown>', "", "| " + " | ".join((_("Ambiguity"), _("Clauses"), _("RFCs"))) + " |", "|---|---|---|"]
            for amb in ambs:
                rfcs = ", ".join(rfc_link(r.number, r, table=True) + _refined(graph, r) for r in graph.ambiguity_rfcs.get(amb.id, [])) or _("none yet")
                clauses = ", ".join(f"[[{cid}\\|{cid}]]" for cid in amb.clauses)
                out.append(f"| [[{amb.id}]] | {clauses} | {rfcs} |")
            out += ["", "</div>", ""]
        if not groups[state]:
            out.append(_("None."))
        out += ["", "</div>", ""]
    return Page("ambiguities/index.md", _("Ambiguities"), "\n".join(out) + "\n", in_nav=True)


def _refined(graph: Graph, rfc: RFC) -> str:
    """` (accepted, not yet applied)` where the status alone would mislead, else nothing."""
    life = govpages.lifecycle(graph, rfc)
    return f" ({life.label[0].lower()}{life.label[1:]})" if life.key != rfc.status.value else ""


# -- the home page section -------------------------------------------------------------------
def _grouped(items: list[tuple[str, str, str]], limit: int, names: dict[str, str]) -> list[tuple[str, str]]:
    """Events of one kind on one day share a line ("2015-02-11: RFC 1, RFC 2 accepted");
    one reference shows its title, several show their short names (`names`: an RFC that is
    no real proposal is named with its label, "RFC 1 (reconstruction)"). Newest first."""
    groups: dict[tuple[str, str], list[str]] = {}
    for date, what, ref in items:
        groups.setdefault((date, what), []).append(ref)
    lines = [(date, (f"[[{refs[0]}]]" if len(refs) == 1 else ", ".join(f"[[{r}|{names.get(r, r)}]]" for r in refs)) + f" {what}") for (date, what), refs in groups.items()]
    lines.sort(key=lambda x: x, reverse=True)
    return lines[:limit]


def news(graph: Graph, history: History | None, limit: int = 8) -> list[tuple[str, str]]:
    """(date, Markdown) of the latest policy events, newest first, dated from the content:
    RFCs proposed, decided and applied in a policy version; post-mortems published."""
    c = graph.corpus
    items: list[tuple[str, str, str]] = []  # (date, what happened, reference)
    for rfc in c.rfcs.values():
        items.append((rfc.created, _("proposed"), f"RFC {rfc.number}"))
        for date, what in govpages.policy_events(graph, rfc):
            items.append((date, inline(what), f"RFC {rfc.number}"))
    for pm in c.postmortems.values():
        items.append((pm.date, _("published"), pm.id))
    return _grouped(items, limit, {f"RFC {rfc.number}": i18n.rfc_name(rfc) for rfc in c.rfcs.values()})


def source_edits(graph: Graph, history: History | None, limit: int = 5) -> list[tuple[str, str]]:
    """(date, Markdown) of the latest edits to the Markdown files found in git, newest
    first: RFC statuses and clause texts as committed. Not policy events: a commit's date
    is the day a file was edited."""
    c = graph.corpus
    items: list[tuple[str, str, str]] = []
    if history and history.available:
        for rfc in c.rfcs.values():
            for ev in history.rfc_status.get(rfc.loc.path, []):
                if ev.previous is not None:
                    items.append((ev.commit.date, _("status edited from {old} to {new}").format(old=inline(i18n.status(ev.previous)), new=inline(i18n.status(ev.status))), f"RFC {rfc.number}"))
        for cid, events in history.clauses.items():
            if cid in c.clauses:
                items += [(ev.commit.date, _("text edited"), cid) for ev in events if ev.kind == "changed"]
    return _grouped(items, limit, {f"RFC {rfc.number}": i18n.rfc_name(rfc) for rfc in c.rfcs.values()})


def home_section(graph: Graph, history: History | None) -> str:
    c = graph.corpus
    out = ["## " + _("What's new") + " {#whats-new}", ""]
    # TRANSLATORS: a dated line of the home page's news
    line = "- " + _("{date}: {event}")
    out += [line.format(date=date, event=text) for date, text in news(graph, history)] or [_("Nothing yet.")]
    edits = source_edits(graph, history)
    if edits:
        out += ["", "### " + _("Source edits") + " {#source-edits}", "", _("Edits to the Markdown files, as committed in git: not changes to the policy."), ""]
        out += [line.format(date=date, event=text) for date, text in edits]
    out += ["", _("Follow changes: [new RFCs]({rfcs}), [RFC status changes]({status}), or one feed per clause (linked from each clause page).").format(rfcs="feeds/rfcs.xml", status="feeds/rfc-status.xml"), ""]
    open_ambs = [a for a in c.ambiguities.values() if graph.ambiguity_state(a.id).is_open()]
    out += ["## " + _("Open ambiguities ({count})").format(count=len(open_ambs)) + " {#open-ambiguities}", ""]
    out += [f"- [[{a.id}]] ({i18n.state(graph.ambiguity_state(a.id).value)})" for a in open_ambs] or [_("None: every ambiguity recorded so far is resolved. See the [register]({link}).").format(link="ambiguities/index.md")]
    voting = [r for r in c.rfcs.values() if r.status is RFCStatus.VOTING]
    out += ["", "## " + _("RFCs in voting ({count})").format(count=len(voting)) + " {#voting}", ""]
    for r in voting:
        state = govpages.voting_state(graph, r)
        out.append(f"- [[RFC {r.number}]]" + (f": {state}" if state else ""))
    if not voting:
        out.append(_("No RFC is being voted on."))
    if c.gov.versions:
        v = c.gov.versions[-1]
        why = " " + _("It applied {rfcs}: [what changed and why]({link}).").format(rfcs=", ".join(rfc_link(n, c.rfcs.get(n)) for n in v.rfcs), link=f"{page_url_md(v.version)}#why") if v.rfcs else ""
        if not v.rfcs:  # say where the last change by RFC is explained
            last = next((x for x in reversed(c.gov.versions) if x.rfcs), None)
            if last is not None:
                why = " " + _("The last version to apply RFCs was [version {version}]({link}), dated {date}: what changed and why.").format(version=inline(last.version), link=f"{page_url_md(last.version)}#why", date=last.date)
        out += ["", "## " + _("Current policy version") + " {#latest-version}", "",
                _("[Version {version}]({link}), dated {date}.").format(version=inline(v.version), link=page_url_md(v.version), date=v.date) + why + " " + _("All versions: the [changelog]({link}).").format(link="changelog/index.md")]
    return "\n".join(out) + "\n"


def page_url_md(version: str) -> str:
    """The Markdown link from the home page to a policy version's page."""
    return f"changelog/{version}.md"


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
