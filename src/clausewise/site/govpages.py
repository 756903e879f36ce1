"""Generated governance Markdown: the tally on RFC pages, stale and competing flags, the
policy changelog, the policy at each version, and FAQ answers. Pure functions of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from clausewise.check.govcheck import stale_changes
from clausewise.governance.rules import Result, format_value
from clausewise.governance.tally import Tally, rule_named, tally
from clausewise.governance.versions import applied_in, faq_review, state_at
from clausewise.graph import Graph
from clausewise.model import RFC, Ambiguity, Clause, ClauseChange, FaqAnswer, PolicyVersion, VersionChange
from clausewise.site.page import Page
from clausewise.site.text import cell, inline, no_html, quote_block, redline

_RESULT_LABEL = {Result.PASSED: "Passed", Result.FAILED: "Failed", Result.OPEN: "Voting open"}


@dataclass
class _Index:
    """Inverse indexes over the governance data, built once per graph so that page
    generation stays linear in the size of the corpus."""

    applied: dict[int, PolicyVersion]
    history: dict[str, list[tuple[PolicyVersion, VersionChange]]]
    faq_by_clause: dict[str, list[FaqAnswer]]


def _index(graph: Graph) -> _Index:
    cached = graph.__dict__.get("_cw_gov_index")
    if cached is None:
        c = graph.corpus
        history: dict[str, list[tuple[PolicyVersion, VersionChange]]] = defaultdict(list)
        for v in c.gov.versions:
            for ch in v.changes:
                history[ch.clause].append((v, ch))
        by_clause: dict[str, list[FaqAnswer]] = defaultdict(list)
        for a in c.gov.faq.values():
            targets = (graph.resolve(cite) for cite in a.cites)
            for key in dict.fromkeys(t.key for t in targets if t is not None and t.kind == "clause"):
                by_clause[key].append(a)
        cached = graph.__dict__["_cw_gov_index"] = _Index(applied_in(c), history, by_clause)
    return cached


def rfc_tally(graph: Graph, rfc: RFC) -> Tally | None:
    gov, record = graph.corpus.gov.governance, graph.corpus.gov.votes.get(rfc.number)
    if gov is None or record is None:
        return None
    return tally(record, gov, graph.corpus.build_date, rfc.kind)


# -- RFC pages ---------------------------------------------------------------------------
def rfc_sections(graph: Graph, rfc: RFC) -> list[str]:
    """Votes, stale drafts and where it was applied; inserted after the RFC's header."""
    out: list[str] = []
    t = rfc_tally(graph, rfc)
    if t is not None:
        out += tally_markdown(t)
    version = _index(graph).applied.get(rfc.number)
    if version is not None:
        out += [f"Applied to the policy in [version {inline(version.version)}](../changelog/index.md#v{version.version}) ({version.date}).", ""]
    for cid, base, current in stale_changes(graph, rfc):
        if rfc.status.is_pending() or version is None:
            out += [
                '<div class="cw-stale" markdown>', "",
                f"**Stale draft:** this RFC was written against older text of [[{cid}]]. What changed in the clause since:", "",
                redline(base, current), "", "</div>", "",
            ]
    return out


def tally_markdown(t: Tally) -> list[str]:
    r, o = t.record, t.outcome
    label = _RESULT_LABEL[o.result]
    out = ["## Votes {#votes}", "", f'<div class="cw-tally cw-tally-{o.result.value}" markdown>', ""]
    out += [f"**{label}** under *{t.rule.title}* (`{t.rule.name}`): {no_html(o.reason)}.", ""]
    out += ["| | |", "|---|---|", f"| Rule | {cell(t.rule.summary)} |"]
    out.append(f"| Voting period | {r.opens} to {r.closes}: {t.when()} |")
    out.append(f"| Roster | {len(t.members)} member{'s' * (len(t.members) != 1)} with a binding vote when voting opened |")
    if r.proposer:
        out.append(f"| Proposer | {cell(r.proposer)} |")
    if r.stakeholders:
        out.append(f"| Required stakeholders | {cell(', '.join(r.stakeholders))} |")
    if r.call:
        out.append(f"| Call for votes | <{r.call}> |")
    out.append("")
    if t.rows:
        out += ["| Date | Voter | Vote | Binding | Counted | Reasons | Reference |", "|---|---|---|---|---|---|---|"]
        for row in t.rows:
            v = row.vote
            binding = f"yes ({cell(row.member.role)})" if row.member else "no"
            # Only a binding vote counts towards the outcome; a valid non-binding one is shown.
            counted = ("yes" if row.binding else "no: not binding") if row.counted else f"no: {cell(row.note)}"
            out.append(f"| {v.date} | {cell(v.voter)} | {format_value(v.value)} | {binding} | {counted} | {cell(v.reasons or '')} | [message]({v.ref}) |")
    else:
        out.append("No votes yet.")
    out += ["", "The outcome is computed from these votes and the roster each time the site is built; it is never typed by hand.", "", "</div>", ""]
    return out


def applied_change(graph: Graph, rfc: RFC, change: ClauseChange) -> VersionChange | None:
    version = _index(graph).applied.get(rfc.number)
    if version is None:
        return None
    return next((ch for ch in version.changes if ch.rfc == rfc.number and ch.clause == change.clause), None)


# -- clause pages ------------------------------------------------------------------------
def clause_sections(graph: Graph, clause: Clause) -> list[str]:
    out: list[str] = []
    pending = graph.pending_rfcs(clause.id)
    if len(pending) > 1:
        refs = ", ".join(f"[[RFC {r.number}|RFC {r.number}]]" for r in pending)  # by number, as on RFC pages
        out += ['<div class="cw-competing" markdown>', "", f"**Competing proposals:** {refs} would each change this clause.", "", "</div>", ""]
    history = _index(graph).history.get(clause.id, [])
    if history:
        out += ["## Changes {#changes}", ""]
        out += [f"- [Version {inline(v.version)}](../changelog/index.md#v{v.version}) ({v.date}): {ch.op} by [[RFC {ch.rfc}|RFC {ch.rfc}]]" for v, ch in history]
        out.append("")
    faqs = _index(graph).faq_by_clause.get(clause.id, [])
    if faqs:
        out += ["## FAQ answers citing this clause {#faq}", ""]
        out += [f"- [{inline(a.question)}](../faq/{a.slug}.md)" for a in faqs]
        out.append("")
    return out


# -- ambiguity pages ---------------------------------------------------------------------
def ambiguity_sections(graph: Graph, amb: Ambiguity) -> list[str]:
    """The clauses above are today's text; say which changed after the question was raised."""
    pm = graph.postmortem_of(amb)
    if pm is None:
        return []
    raised = pm.date if len(pm.date) == 10 else pm.date + "-99"  # a month counts as its last day
    out: list[str] = []
    for cid in amb.clauses:
        for v, ch in _index(graph).history.get(cid, []):
            if v.date > raised and ch.op == "amend":
                out += [f"[[{cid}]] has changed since this question was raised: amended in [version {inline(v.version)}](../changelog/index.md#v{v.version}) by [[RFC {ch.rfc}]].", ""]
                out += [redline(ch.before or "", ch.text or ""), ""]
    if out:
        out = ["### Changed since", "", *out]
    return out


# -- changelog and versions --------------------------------------------------------------
def changelog_index(graph: Graph) -> Page:
    c = graph.corpus
    out = ["# Policy changelog", "", "Every version of the policy, newest first, with the RFCs it applied and what each changed.", ""]
    for v in reversed(c.gov.versions):
        out += [f"## Version {inline(v.version)} {{#v{v.version}}}", ""]
        facts = [f"Dated {v.date}"] + ([f"published {v.published}"] if v.published else []) + ([f"[source]({v.source})"] if v.source else [])
        out += [" · ".join(facts) + f" · [the whole policy as at this version]({v.version}.md)", ""]
        if v.note:
            out += [no_html(v.note.strip()), ""]
        if v.rfcs:
            out += ["RFCs applied: " + ", ".join(f"[[RFC {n}|RFC {n}]]" for n in v.rfcs), ""]
        for ch in v.changes:
            verb = {"amend": "Amended", "add": "Added", "remove": "Removed"}[ch.op]
            out += [f"**{verb} `{ch.clause}`** by [[RFC {ch.rfc}|RFC {ch.rfc}]]", ""]
            out += [redline(ch.before or "", ch.text or ""), ""]
    if not c.gov.versions:
        out.append("No versions recorded yet.")
    return Page("changelog/index.md", "Changelog", "\n".join(out) + "\n", in_nav=True)


def version_page(graph: Graph, version: str) -> Page:
    c = graph.corpus
    v = next(x for x in c.gov.versions if x.version == version)
    latest = c.gov.versions[-1].version
    out = [f"# The policy as at version {inline(version)}", ""]
    note = "This is the current version." if version == latest else f"A past version; the current one is [version {inline(latest)}](index.md#v{latest})."
    out += [f"Version {inline(version)}, dated {v.date}. {note} Clause ids link to the clauses as they are today.", ""]
    for cs in state_at(c, version):
        out += [f"## {inline(cs.title)}", "", f"`{cs.id}`" + (f" · [[{cs.id}|today]]" if cs.id in c.clauses else " · removed since"), ""]
        out += [quote_block(cs.text), ""]
    return Page(f"changelog/{version}.md", f"Policy version {version}", "\n".join(out) + "\n")


# -- FAQ ---------------------------------------------------------------------------------
def faq_page(graph: Graph, slug: str) -> Page:
    a = graph.corpus.gov.faq[slug]
    out = [f"# {inline(a.question)}", ""]
    when = f", {a.date}" if a.date else ""
    out += [f"Answer `{a.slug}`{when}, written against [policy version {inline(a.policy_version)}](../changelog/{a.policy_version}.md).", ""]
    review = faq_review(graph, a)
    if review:
        items = "; ".join(
            f"[[{r.cited}]] changed in version {inline(r.version.version)} ([[RFC {r.rfc}]])" if r.kind == "changed"
            else f"[[{r.cited}]] was resolved by [[RFC {r.rfc}]] in version {inline(r.version.version)}"
            for r in review
        )
        out += ['<div class="cw-review" markdown>', "", f"**Review needed:** what this answer cites has changed since it was written: {items}.", "", "</div>", ""]
    out += [a.body.strip("\n"), "", "## Cites", ""]
    out += [f"- [[{c}]]" for c in a.cites]
    return Page(a.page, a.question, "\n".join(out) + "\n")


def faq_index(graph: Graph) -> Page:
    out = ["# Questions and answers", "", "Answers the team gave, each written against a policy version and flagged for review when a clause it cites has changed since, or a question it answers was settled by a later version.", ""]
    out += ["| Question | Policy version | Review |", "|---|---|---|"]
    for a in graph.corpus.gov.faq.values():
        flag = "needed" if faq_review(graph, a) else ""
        out.append(f"| [{cell(a.question)}]({a.slug}.md) | {cell(a.policy_version)} | {flag} |")
    return Page("faq/index.md", "FAQ", "\n".join(out) + "\n", in_nav=True)


def roster_page(graph: Graph) -> Page:
    gov = graph.corpus.gov.governance
    assert gov is not None
    out = ["# Roster and decision rules", "", f"From `{gov.path}`. A vote is binding when its voter is listed here for the day it was cast.", ""]
    out += ["## Decision rules", "", "| Rule | | How it decides |", "|---|---|---|"]
    kinds: dict[str, list[str]] = {}
    for kind, name in gov.kinds.items():
        kinds.setdefault(name, []).append(kind)
    names = list(dict.fromkeys((gov.default_rule, *gov.allowed_rules, *gov.rules, *gov.kinds.values())))
    for name in names:
        rule = rule_named(name, gov)
        if rule is not None:
            use = ["default"] if name == gov.default_rule else []
            use += [f"decides `{k}`" for k in kinds.get(name, [])]
            out.append(f"| `{name}` | {', '.join(use) or 'allowed'} | {cell(rule.title)}: {cell(rule.summary)} |")
    out += ["", "## Members with a binding vote", "", "| Name | Role | From | Until |", "|---|---|---|---|"]
    out += [f"| {cell(m.name)} | {cell(m.role)} | {m.start} | {m.end or ''} |" for m in gov.roster]
    if gov.note:
        out += ["", no_html(gov.note.strip())]
    return Page("roster.md", "Roster", "\n".join(out) + "\n", in_nav=True)


def pages(graph: Graph) -> list[Page]:
    c = graph.corpus
    out: list[Page] = []
    if c.gov.governance is not None:
        out.append(roster_page(graph))
    if c.gov.versions:
        out.append(changelog_index(graph))
        out += [version_page(graph, v.version) for v in c.gov.versions]
    if c.gov.faq:
        out.append(faq_index(graph))
        out += [faq_page(graph, slug) for slug in c.gov.faq]
    return out
