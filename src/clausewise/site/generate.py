"""Generated pages: pure functions from the graph to (path, Markdown).

Pages refer to each other with the `[[id]]` syntax, so the Markdown extension turns every
reference into a link with the target's current title, whatever renderer is used.
Only index pages go in the navigation: a sidebar listing every RFC on every page would
make output grow with the square of the corpus.
"""

from __future__ import annotations

from clausewise.graph import Graph, ambiguity_page, clause_page, postmortem_page
from clausewise.model import RFC, STATUS_ORDER, RFCStatus, Ambiguity, AmbiguityState, ChangeOp, Clause, ClauseChange, Postmortem, Ruling
from clausewise.governance.asat import postmortem_version, rfc_version, ruling_version
from clausewise.site import applications, asat, govpages, i18n, propose
from clausewise.site.page import Page
from clausewise.site.sanitize import SEARCH_EXCLUDE
from clausewise.site.i18n import _, cap, state as state_word
from clausewise.site.text import inline, no_html, quote_block, redline_block, rfc_link


#: competing proposals an RFC page names by number (the clause's page names them all)
MAX_COMPETING_SHOWN = 20

def _state_badge(state: AmbiguityState) -> str:
    return f'<span class="cw-badge cw-state-{state.name.lower()}">{state_word(state.value)}</span>'


def _status_badge(graph: Graph, rfc: RFC) -> str:
    return govpages.status_badge(graph, rfc)


def _rfc_ref(rfc: RFC) -> str:
    # The pipe is escaped: these references sit in table cells.
    return rfc_link(rfc.number, rfc, table=True)


# -- RFC pages ---------------------------------------------------------------------------
def provenance_text(kind: str) -> str:
    return {
        "reconstruction": _("**A reconstruction.** This RFC was not a real proposal: the site's editors rebuilt it from what actually happened, as its sources report. Its title, authors and wording are theirs; the page names its sources."),
        "fiction": _("**A fictional example.** This RFC never existed: its authors, voters, dates and links are invented, and it was never part of the real policy."),
    }[kind]


def _unsearched(lines: list[str]) -> list[str]:
    """Generated Markdown wrapped so that search leaves it out of the page's entry. A
    `section`: Material's search parser matches closing tags by name, so a wrapper must
    not contain an element of its own tag (an admonition is a `div`)."""
    return [f'<section class="cw-unsearched" {SEARCH_EXCLUDE} markdown>', "", *lines, "</section>", ""] if lines else []


def provenance_banner(rfc: RFC) -> list[str]:
    """What a reconstructed or fictional RFC's page says first, before its status and votes."""
    if not rfc.provenance:
        return []
    kind = "info" if rfc.provenance == "reconstruction" else "warning"
    label = i18n.provenance(rfc.label)
    return [f'!!! {kind} "{cap(label) if label else ""}"', "", "    " + provenance_text(rfc.provenance), ""]


def rfc_page(graph: Graph, rfc: RFC) -> Page:
    title = f"{i18n.rfc_name(rfc)}: {rfc.title}"
    out = [f"# {inline(title)}", ""]
    out += _unsearched(provenance_banner(rfc))
    out += [
        f'<div class="cw-meta" {SEARCH_EXCLUDE} markdown>', "",
        _("- **Status** {badge}").format(badge=_status_badge(graph, rfc)),
        _("- **Authors** {names}").format(names=inline(', '.join(rfc.authors))),
        _("- **Created** {date}").format(date=rfc.created),
        *govpages.rfc_policy_meta(graph, rfc),
        _("- **Discussion** <{url}>").format(url=rfc.discussion),
    ]
    if rfc.supersedes:
        out.append(_("- **Supersedes** {rfcs}").format(rfcs=", ".join(f"[[RFC {n}]]" for n in rfc.supersedes)))
    if graph.superseded_by.get(rfc.number):
        out.append(_("- **Superseded by** {rfcs}").format(rfcs=", ".join(f"[[RFC {r.number}]]" for r in graph.superseded_by[rfc.number])))
    out += ["", "</div>", ""]
    summary = govpages.rfc_summary(rfc)
    if summary:  # first in the page's search entry, where the facts above are left out
        out += ['<p class="cw-lead" markdown>' + _("**{name} in short:** {summary}").format(name=inline(i18n.rfc_name(rfc)), summary=summary) + "</p>", ""]
    if rfc.resolves:
        out += ["## " + _("Resolves") + " {#resolves}", ""]
        out += [f"- [[{a}]] {_state_badge(graph.ambiguity_state(a))}" for a in rfc.resolves]
        out.append("")
    if rfc.decision:
        d = rfc.decision
        out += [
            "## " + _("Decision") + " {#decision}", "",
            '<div class="cw-decision" markdown>',
            "",
            _("**{outcome}** on {date} by {by}. This decision is recorded by reference, as reported in its source: <{source}>.").format(
                outcome=inline(cap(i18n.status(d.outcome))), date=d.date, by=inline(d.by), source=d.source),
            "",
        ]
        if d.note:
            out += [no_html(d.note), ""]
        out += ["</div>", ""]
    out += govpages.rfc_sections(graph, rfc)
    if rfc.body.strip():  # read as at the day it was created (the clauses it adds as they are)
        out += [asat.qualify(graph, rfc.body.strip("\n"), rfc_version(graph.corpus, rfc.number), asat.rfc_exempt(graph, rfc.number)), ""]
    if rfc.changes:
        out += ["## " + _("Proposed clause changes") + " {#proposed-clause-changes}", ""]
        for change in rfc.changes:
            out += _change_section(graph, rfc, change)
    return Page(rfc.page, title, "\n".join(out) + "\n")


def _change_section(graph: Graph, rfc: RFC, change: ClauseChange) -> list[str]:
    current = graph.clause(change.clause)
    cid = change.clause
    if change.op is ChangeOp.ADD:
        head = "### " + _("Add `{clause}`: {title}").format(clause=cid, title=inline(change.title or ''))
    elif current:
        head = "### " + (_("Amend [[{clause}]]") if change.op is ChangeOp.AMEND else _("Remove [[{clause}]]")).format(clause=cid)
    else:  # a clause since removed from the policy can no longer be linked
        head = "### " + (_("Amend `{clause}` (no longer in the policy)") if change.op is ChangeOp.AMEND else _("Remove `{clause}` (no longer in the policy)")).format(clause=cid)
    out = [head, ""]
    if change.op is ChangeOp.ADD and change.after:
        out += [(_("New clause, after [[{clause}]].") if graph.clause(change.after) else _("New clause, after `{clause}`.")).format(clause=change.after), ""]
    others = [r for r in graph.pending_rfcs(change.clause) if r is not rfc]
    if others and rfc.status.is_pending():
        # By number: a clause may draw a dozen proposals, and a sentence of a dozen titles
        # is unreadable (each links to its RFC); it also keeps a new title from
        # re-rendering every competing RFC's page.
        # At most MAX_COMPETING_SHOWN: with a thousand drafts for one clause, each page
        # listing all the others made the site grow with the square of their number; the
        # clause's own page lists them all, once.
        shown = ", ".join(rfc_link(r.number, r) for r in others[:MAX_COMPETING_SHOWN])
        if len(others) > MAX_COMPETING_SHOWN:
            more = len(others) - MAX_COMPETING_SHOWN
            shown += (_(" and {count} more, listed on the page of [[{clause}]]") if current else _(" and {count} more")).format(count=more, clause=change.clause)
        out += ['<div class="cw-competing" markdown>', "", _("Competing proposals for this clause: {rfcs}").format(rfcs=shown), "", "</div>", ""]
    before = current.text if current else ""
    after = change.text or "" if change.op is not ChangeOp.REMOVE else ""
    labels = (_("**Current text**"), _("**Proposed text**"))
    applied = govpages.applied_change(graph, rfc, change)
    if applied is not None:  # the policy already reads as proposed: show the change as made
        before, after, labels = applied.before or "", applied.text or "", (_("**Text before**"), _("**Text after**"))
    out += ['<div class="cw-sbs" markdown>', "", '<div class="cw-before" markdown>', "", labels[0], ""]
    out += [before or _("*(no such clause yet)*"), "", "</div>", "", '<div class="cw-after" markdown>', "", labels[1], ""]
    out += [after or _("*(clause removed)*"), "", "</div>", "", "</div>", ""]
    if before and after:
        # left out of the search index: its words are those of the two texts above
        out += [_("**Redline**"), "", f'<div class="cw-redline-wrap" {SEARCH_EXCLUDE} markdown>', "", redline_block(before, after), "", "</div>", ""]
    return out


# -- ambiguities -------------------------------------------------------------------------
def ambiguity_page_for(graph: Graph, amb: Ambiguity) -> Page:
    state = graph.ambiguity_state(amb.id)
    out = [f"# {inline(amb.title)}", "", f'<p class="cw-ambiguity-meta" markdown>{_state_badge(state)} ' + _("Ambiguity `{id}`, exposed by [[{postmortem}]].").format(id=amb.id, postmortem=amb.postmortem) + "</p>", ""]
    out += govpages.ambiguity_policy_line(graph, amb)
    out += ["## " + _("Question") + " {#question}", "", no_html(amb.question.strip()), ""]
    out += ["## " + _("Clauses concerned") + " {#clauses-concerned}", ""]
    for cid in amb.clauses:
        clause = graph.clause(cid)
        out += [f"- [[{cid}]]"]
        if clause:
            out += ["", "    " + quote_block(clause.text).replace("\n", "\n    "), ""]
    out.append("")
    out += govpages.ambiguity_sections(graph, amb)
    rulings = graph.ambiguity_rulings.get(amb.id, [])
    out += ["## " + _("Interim rulings") + " {#interim-rulings}", ""]
    out += [line for r in rulings for line in _ruling_block(graph, r)] or [_("The team gave no interim ruling on this question."), ""]
    rfcs = graph.ambiguity_rfcs.get(amb.id, [])
    out += ["## " + _("Proposed resolutions") + " {#proposed-resolutions}", ""]
    if rfcs:
        out += ["| " + _("RFC") + " | " + _("Title") + " | " + _("Status") + " |", "|---|---|---|"]
        out += [f"| {_rfc_ref(r)} | {inline(r.title)} | {_status_badge(graph, r)} |" for r in rfcs]
    else:
        out += [_("No RFC proposes a resolution yet.")]
    return Page(ambiguity_page(amb.id), amb.title, "\n".join(out) + "\n")


def _ruling_block(graph: Graph, r: Ruling) -> list[str]:
    """A ruling, its clause references read as at its date."""
    version = ruling_version(graph.corpus, r.id)
    when = ", ".join(x for x in (r.date or "", _("during {event}").format(event=inline(r.during)) if r.during else "") if x)
    # A heading, not bold text: search indexes each heading as its own entry, titled with
    # the ruling's id, so searching the id or the ruling's words lands here. It carries the
    # ruling's anchor.
    out = ['<div class="cw-ruling" markdown>', "", "### " + _("Interim ruling `{id}`").format(id=r.id) + f" {{#{r.id}}}", ""]
    if when:
        out += [_("Given {when}.").format(when=when), ""]
    out += [asat.qualify(graph, no_html(r.answer.strip()), version), ""]
    if r.rationale:
        out += [_("*Why:*") + f" {asat.qualify(graph, no_html(r.rationale.strip()), version)}", ""]
    if r.precedent:
        items = [f"[[{p.ruling}]]" if p.ruling else (f"[{inline(p.title or '')}]({p.url})" if p.url else inline(p.title or "")) for p in r.precedent]
        out += [_("*Precedent:*") + " " + "; ".join(items), ""]
    if r.clauses:
        out += [_("*Cites:*") + " " + asat.qualify(graph, ", ".join(f"[[{c}]]" for c in r.clauses), version), ""]
    out += ["</div>", ""]
    return out


# -- post-mortems ------------------------------------------------------------------------
def postmortem_page_for(graph: Graph, pm: Postmortem) -> Page:
    published = _("Published {date}").format(date=pm.date) + (" · [" + _("original") + f"]({pm.source})" if pm.source else "")
    out = [f"# {inline(pm.title)}", "", f'<p class="cw-published" {SEARCH_EXCLUDE} markdown>{published}</p>', ""]
    if pm.body.strip():  # read as at the day it was published
        out += [asat.qualify(graph, pm.body.strip("\n"), postmortem_version(graph.corpus, pm.id)), ""]
    out += ["## " + _("Ambiguities") + " {#ambiguities}", "", '<div class="cw-cards" markdown>', "", "| " + " | ".join((_("Ambiguity"), _("State"), _("Clauses"), _("RFCs"))) + " |", "|---|---|---|---|"]
    for amb_id in pm.ambiguities:
        amb = graph.corpus.ambiguities[amb_id]
        clauses = ", ".join(f"[[{c}]]" for c in amb.clauses)
        rfcs = ", ".join(_rfc_ref(r) for r in graph.ambiguity_rfcs.get(amb_id, [])) or _("none yet")
        out.append(f"| [[{amb_id}]] | {_state_badge(graph.ambiguity_state(amb_id))} | {clauses} | {rfcs} |")
    out += ["", "</div>"]
    return Page(postmortem_page(pm.id), pm.title, "\n".join(out) + "\n")


# -- clauses -----------------------------------------------------------------------------
def clause_page_for(graph: Graph, clause: Clause) -> Page:
    out = [f"# {inline(clause.title)}", "", f'<p class="cw-clause-where" markdown>' + _("Clause `{id}` · [[{id}|in the policy]]").format(id=clause.id) + "</p>", ""]
    out += govpages.clause_policy_line(graph, clause)
    out += [quote_block(clause.text), ""]
    out += asat.clause_versions_line(graph, clause)
    ambs = graph.clause_ambiguities.get(clause.id, [])
    out += ["## " + _("Ambiguities") + " {#ambiguities}", ""]
    out += [f"- [[{a.id}]] {_state_badge(graph.ambiguity_state(a.id))}" for a in ambs] or [_("None recorded.")]
    out.append("")
    rulings = graph.clause_rulings.get(clause.id, [])
    out += ["## " + _("Interim rulings") + " {#rulings}", ""]
    out += [f"- [[{r.id}]]" for r in rulings] or [_("None recorded.")]
    out.append("")
    rfcs = graph.clause_rfcs.get(clause.id, [])
    out += ["## " + _("RFCs changing this clause") + " {#rfcs}", ""]
    out += [f"- {_rfc_ref(r)} {inline(r.title)} {_status_badge(graph, r)}" for r in rfcs] or [_("None.")]
    out += [""] + govpages.clause_sections(graph, clause)
    out += [
        "## " + _("Propose a change") + " {#propose}", "",
        _("The policy changes through RFCs, not by editing its text. To propose a change to this clause,"
          " start an RFC from it with `{command}`: it writes the next RFC"
          " with the clause's current text as its `base`. Write the text you propose, then open a pull"
          " request; the RFCs already changing this clause are listed above.").format(command=f"clausewise new rfc --clause {clause.id}"), "",
        # filled in by the face (site.propose.expand): a link to the repository's new-file
        # page with the next RFC written, or the RFC's text to copy
        propose.marker(propose.next_number(graph)), "",
    ]
    return Page(clause_page(clause.id), clause.title, "\n".join(out) + "\n")


#: Index sections that refine a status (see govpages.lifecycle), listed before it.
_REFINED = (
    (RFCStatus.VOTING, "voting-closed", i18n.N_("Voting closed, outcome not yet recorded")),
    (RFCStatus.ACCEPTED, "accepted-unapplied", i18n.N_("Accepted, not yet applied")),
)


# -- indexes -----------------------------------------------------------------------------
def rfc_index(graph: Graph) -> Page:
    out = ["# " + _("RFCs"), "", _("Every proposal to change the policy, grouped by status."), ""]
    rfcs = list(graph.corpus.rfcs.values())
    states = {r.number: govpages.lifecycle(graph, r).key for r in rfcs}
    for status in STATUS_ORDER:
        group = [r for r in rfcs if r.status is status]
        # a vote closed but not recorded, or an acceptance not yet applied, leads its status
        sections = [(key, _(label)) for st, key, label in _REFINED if st is status] + [(status.value, cap(i18n.status(status.value)))]
        for key, label in sections:
            members = [r for r in group if states[r.number] == key and r.provenance != "fiction"]
            if not members:
                continue
            out += [f"## {label} ({len(members)})", ""] + _index_table(graph, members)
    examples = [r for r in rfcs if r.provenance == "fiction"]
    if examples:
        # Last, under their own heading and warning: made-up RFCs never sit among real ones.
        out += ["## " + _("Fictional examples ({count})").format(count=len(examples)) + " {#examples}", "", '!!! warning "' + _("Not real proposals") + '"', "",
                "    " + _("**A fictional example.** Each RFC below never existed: its authors, voters, dates and links are invented, and it was never part of the real policy. They show how the site presents votes."), ""]
        out += _index_table(graph, examples)
    if not rfcs:
        out.append(_("No RFCs yet."))
    return Page("rfcs/index.md", _("RFCs"), "\n".join(out) + "\n", in_nav=True)


def _index_table(graph: Graph, rfcs: list[RFC]) -> list[str]:
    """The RFC index's rows: what each RFC resolves and which clauses it changes (linked),
    and the policy version that applied it."""
    out = ['<div class="cw-cards" markdown>', "", "| " + " | ".join((_("RFC"), _("Title"), _("Resolves"), _("Changes"), _("Applied in"), _("Created"))) + " |", "|---|---|---|---|---|---|"]
    for r in rfcs:
        resolves = ", ".join(f"[[{a}\\|{a}]]" for a in r.resolves) or _("none")
        changes = ", ".join(dict.fromkeys(f"[[{ch.clause}\\|{ch.clause}]]" if graph.clause(ch.clause) else f"`{ch.clause}`" for ch in r.changes)) or _("none")
        version = govpages.applied_version(graph, r)
        applied = f"[{inline(version.version)}](../changelog/index.md#v{version.version})" if version is not None else ""
        out.append(f"| {_rfc_ref(r)} | {inline(r.title)} | {resolves} | {changes} | {applied} | {r.created} |")
    return out + ["", "</div>", ""]


def postmortem_index(graph: Graph) -> Page:
    out = ["# " + _("Post-mortems"), "", "| " + " | ".join((_("Post-mortem"), _("Title"), _("Published"), _("Ambiguities"))) + " |", "|---|---|---|---|"]
    for pm in sorted(graph.corpus.postmortems.values(), key=lambda p: (p.date, p.id), reverse=True):
        out.append(f"| [[{pm.id}]] | {inline(pm.title)} | {pm.date} | {len(pm.ambiguities)} |")
    return Page("postmortems/index.md", _("Post-mortems"), "\n".join(out) + "\n", in_nav=True)


def sources(graph: Graph) -> dict[str, str]:
    """The file each generated page is made from (project-relative), for "edit this page":
    a contributor edits the RFC, the post-mortem (which declares its ambiguities too) or
    the FAQ answer. Clause pages have none: the policy changes through RFCs."""
    c = graph.corpus
    out = {rfc.page: rfc.loc.path for rfc in c.rfcs.values()}
    for pm in c.postmortems.values():
        out[f"postmortems/{pm.id}.md"] = pm.loc.path
        out.update({f"ambiguities/{a}.md": pm.loc.path for a in pm.ambiguities})
    out.update({a.page: a.loc.path for a in c.gov.faq.values()})
    return out


def origins(graph: Graph, folders: dict[str, str]) -> dict[str, str]:
    """The file or folder in git each generated page is made from (project-relative), for
    plugins that date a page by its file's git history (mkdocs-git-revision-date-localized):
    a generated page with no file is dated by the build's clock, which changes the site on
    every build. `folders` names the project's `rfcs`, `postmortems`, `faq`, `versions` and
    `governance` paths; a page made from many files gets the folder that holds them."""
    c = graph.corpus
    out = dict(sources(graph))
    policy_files = {p.src_uri: p.path for p in c.policy_pages}
    for clause in c.clauses.values():
        if clause.page in policy_files:
            out[clause_page(clause.id)] = policy_files[clause.page]
    indexes = {"rfcs/index.md": "rfcs", "postmortems/index.md": "postmortems", "ambiguities/index.md": "postmortems",
               "faq/index.md": "faq", "changelog/index.md": "versions", "roster.md": "governance"}
    out.update({page: folders[kind] for page, kind in indexes.items() if kind in folders})
    if "versions" in folders:
        out.update({f"changelog/{v.version}.md": folders["versions"] for v in c.gov.versions})
    return out


def generate(graph: Graph) -> list[Page]:
    """Every generated page, in a stable order (the ambiguity register is the reader's:
    `reader.extend` adds it after the RFC index)."""
    c = graph.corpus
    pages = [rfc_index(graph), postmortem_index(graph)]
    pages += [postmortem_page_for(graph, pm) for pm in c.postmortems.values()]
    pages += [ambiguity_page_for(graph, a) for a in c.ambiguities.values()]
    pages += [rfc_page(graph, r) for r in c.rfcs.values()]
    pages += [clause_page_for(graph, cl) for cl in c.clauses.values()]
    pages += govpages.pages(graph)
    pages += applications.pages(graph)
    return pages
