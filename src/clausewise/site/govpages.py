"""Generated governance Markdown: the tally on RFC pages, stale and competing flags, the
policy changelog, the policy at each version, and FAQ answers. Pure functions of the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from clausewise.check.govcheck import stale_changes
from clausewise.governance.rules import Result, format_value, shown
from clausewise.governance.tally import Tally, rule_named, tally
from clausewise.governance.versions import WHOLE_POLICY_VERSIONS, applied_in, faq_review, newest_states, state_at
from clausewise.graph import Graph
from clausewise.model import RFC, RFCStatus, Ambiguity, Clause, ClauseChange, FaqAnswer, PolicyVersion, VersionChange
from clausewise.governance.asat import faq_version
from clausewise.site import faqhistory
from clausewise.site.applications import version_criteria
from clausewise.site.asat import qualify
from clausewise.site.page import Page
from clausewise.site.sanitize import SEARCH_EXCLUDE
from clausewise.site import i18n
from clausewise.site.i18n import _, cap, ngettext
from clausewise.site.text import cell, inline, no_html, quote_block, redline_block, rfc_link

def _result_label(result: Result) -> str:
    return {Result.PASSED: _("Passed"), Result.FAILED: _("Failed"), Result.OPEN: _("Voting open")}[result]


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
    cache = graph.__dict__.setdefault("_cw_tallies", {})  # pages, indexes and feeds ask for the same
    key = (rfc.number, graph.corpus.build_date, i18n.current())  # its reasons are words
    if key not in cache:
        cache[key] = tally(record, gov, graph.corpus.build_date, rfc.kind)
    return cache[key]


# -- where an RFC is in its life ---------------------------------------------------------
@dataclass(frozen=True)
class Lifecycle:
    """An RFC's state as a reader needs it: its status, refined where the status alone
    would mislead (a vote closed but not recorded; accepted, but its change not applied)."""

    key: str  # the status, or `voting-closed` / `accepted-unapplied`
    label: str  # for badges and index headings
    decided: str | None = None  # the day it was decided: a decision's date or its vote's close


def decided_on(graph: Graph, rfc: RFC) -> str | None:
    if rfc.decision is not None:
        return rfc.decision.date
    t = rfc_tally(graph, rfc)
    return t.record.closes if t is not None and t.closed and t.outcome.result.is_decided() else None


def unapplied(graph: Graph, rfc: RFC) -> bool:
    """Accepted, with clause changes, in a project that records policy versions, and applied
    in none of them: the policy does not say what the RFC decided yet."""
    c = graph.corpus
    return rfc.status is RFCStatus.ACCEPTED and bool(rfc.changes) and bool(c.gov.versions) and rfc.number not in _index(graph).applied


def lifecycle(graph: Graph, rfc: RFC) -> Lifecycle:
    if rfc.status is RFCStatus.VOTING:
        t = rfc_tally(graph, rfc)
        if t is not None and t.unrecorded:
            return Lifecycle("voting-closed", _("Voting closed: {result}, not yet recorded").format(result=i18n.result(t.outcome.result.value)), t.record.closes)
    if unapplied(graph, rfc):
        return Lifecycle("accepted-unapplied", _("Accepted, not yet applied"), decided_on(graph, rfc))
    return Lifecycle(rfc.status.value, cap(i18n.status(rfc.status.value)), decided_on(graph, rfc) if rfc.status in (RFCStatus.ACCEPTED, RFCStatus.REJECTED, RFCStatus.SUPERSEDED) else None)


def policy_events(graph: Graph, rfc: RFC) -> list[tuple[str, str]]:
    """(date, what happened) in the RFC's policy life after its proposal: its decision (by
    reference or by vote; a vote closed but not recorded says so), and the version that
    applied it. Dates come from the content, never from git or the clock."""
    out: list[tuple[str, str]] = []
    life = lifecycle(graph, rfc)
    t = rfc_tally(graph, rfc)
    if rfc.decision is not None:
        out.append((rfc.decision.date, i18n.status(rfc.decision.outcome)))
    elif t is not None and t.closed and t.outcome.result.is_decided():
        if life.key == "voting-closed":
            out.append((t.record.closes, _("voting closed ({result}, not yet recorded)").format(result=i18n.result(t.outcome.result.value))))
        elif rfc.status in (RFCStatus.ACCEPTED, RFCStatus.REJECTED, RFCStatus.SUPERSEDED):
            out.append((t.record.closes, _("{status} by vote").format(status=i18n.status(t.outcome.result.status or ""))))
    if life.key == "accepted-unapplied" and out:
        out[-1] = (out[-1][0], _("{event}, not yet applied").format(event=out[-1][1]))
    version = _index(graph).applied.get(rfc.number)
    if version is not None:
        out.append((version.date, _("applied in version {version}").format(version=version.version)))
    return out


def rfc_policy_meta(graph: Graph, rfc: RFC) -> list[str]:
    """Rows of the RFC page's header after **Created**: when it was decided and in which
    policy version it was applied. Policy history, from the content; never git's dates."""
    out = []
    life = lifecycle(graph, rfc)
    t = rfc_tally(graph, rfc)
    if rfc.decision is not None:
        out.append(_("- **Decided** {date}: {outcome}, by reference ([below](#decision))").format(date=rfc.decision.date, outcome=inline(i18n.status(rfc.decision.outcome))))
    elif life.decided and t is not None and t.outcome.result.status:
        note = _("; not yet recorded in its status") if life.key == "voting-closed" else ""
        out.append(_("- **Decided** {date}: {status} by vote ([tally](#votes){note})").format(date=life.decided, status=i18n.status(t.outcome.result.status), note=note))
    version = _index(graph).applied.get(rfc.number)
    if version is not None:
        out.append(_("- **Applied** in [version {version}]({link}) ({date})").format(version=inline(version.version), link=f"../changelog/index.md#v{version.version}", date=version.date))
    elif life.key == "accepted-unapplied":
        out.append(_("- **Applied** not yet"))
    return out


def clause_policy_line(graph: Graph, clause: Clause) -> list[str]:
    """The clause page's first line: what the recorded policy versions did to it."""
    versions = graph.corpus.gov.versions
    if not versions:
        return []
    history = _index(graph).history.get(clause.id, [])
    if history:
        verbs = {"amend": _("amended in [version {version}]({link}) ({date}) by {rfc}"), "add": _("added in [version {version}]({link}) ({date}) by {rfc}"),
                 "remove": _("removed in [version {version}]({link}) ({date}) by {rfc}")}
        parts = [verbs.get(ch.op, ch.op + " {version} {link} {date} {rfc}").format(version=inline(v.version), link=f"../changelog/index.md#v{v.version}", date=v.date, rfc=rfc_link(ch.rfc, graph.corpus.rfcs.get(ch.rfc))) for v, ch in history]
        text = _("**Policy history:** {events}").format(events="; ".join(parts)) + " · [" + _("changes") + "](#changes)"
    else:
        # Short: this line is the top of the page's search entry, and words here dilute it.
        first = versions[0]
        original = graph.__dict__.get("_cw_first_version_ids")
        if original is None:  # once per graph: every clause page asks
            original = graph.__dict__["_cw_first_version_ids"] = frozenset(cs.id for cs in state_at(graph.corpus, first.version))
        if clause.id in original:
            text = _("**Policy history:** unchanged since [version {version}]({link}) ({date}).").format(version=inline(first.version), link=f"../changelog/{first.version}.md", date=first.date)
        else:
            text = _("**Policy history:** changed by no recorded version.")
    return [f'<p class="cw-policy-history" {SEARCH_EXCLUDE} markdown>{text}</p>', ""]


def ambiguity_policy_line(graph: Graph, amb: Ambiguity) -> list[str]:
    """The ambiguity page's policy history: raised, ruled on in the interim, resolved."""
    pm = graph.postmortem_of(amb)
    parts = [_("raised {date} in {postmortem}").format(date=pm.date, postmortem=f"[[{pm.id}|{pm.id}]]")] if pm else []
    for r in graph.ambiguity_rulings.get(amb.id, []):
        parts.append((_("interim ruling {date} ({ruling})") if r.date else _("interim ruling ({ruling})")).format(date=r.date, ruling=f"[[{r.id}|{r.id}]]"))
    for rfc in graph.ambiguity_rfcs.get(amb.id, []):
        life = lifecycle(graph, rfc)
        if life.key == "voting-closed":
            words = f"{life.label[0].lower()}{life.label[1:]} ({life.decided})"
        else:
            status = _("proposed ({status})").format(status=i18n.status(rfc.status.value)) if rfc.status.is_pending() else i18n.status(rfc.status.value)
            words = status + (f" {life.decided}" if life.decided else "")
            words = _("{event}, not yet applied").format(event=words) if life.key == "accepted-unapplied" else words
        version = _index(graph).applied.get(rfc.number)
        applied = _(", applied in [version {version}]({link}) ({date})").format(version=inline(version.version), link=f"../changelog/index.md#v{version.version}", date=version.date) if version else ""
        parts.append(f"{rfc_link(rfc.number, rfc)} {words}{applied}")
    if not parts:
        return []
    return [f'<p class="cw-policy-history" {SEARCH_EXCLUDE} markdown>' + _("**Policy history:** {events}").format(events="; ".join(parts)) + ".</p>", ""]


def status_badge(graph: Graph, rfc: RFC) -> str:
    life = lifecycle(graph, rfc)
    extra = f" cw-status-{life.key}" if life.key != rfc.status.value else ""
    return f'<span class="cw-badge cw-status-{rfc.status.value}{extra}">{life.label}</span>'


# -- RFC pages ---------------------------------------------------------------------------
def rfc_sections(graph: Graph, rfc: RFC) -> list[str]:
    """Votes, stale drafts and where it was applied; inserted after the RFC's header."""
    out: list[str] = []
    t = rfc_tally(graph, rfc)
    if t is not None and rfc.status is RFCStatus.VOTING and t.unrecorded:
        out += ['<div class="cw-unrecorded" markdown>', "", _("**{state}.** The result below is computed from the vote record; `{command}` writes it into the RFC's status.").format(state=unrecorded_text(t), command=f"clausewise record {rfc.number}"), "", "</div>", ""]
    version = _index(graph).applied.get(rfc.number)
    if version is None and unapplied(graph, rfc):
        when = decided_on(graph, rfc)
        out += [
            '<div class="cw-unapplied" markdown>', "",
            (_("**Accepted on {date}, not yet applied:**") if when else _("**Accepted, not yet applied:**")).format(date=when) + " "
            + _("the policy does not contain this change yet. `{command}` writes it into the policy as the next [policy version]({link}).").format(command=f"clausewise apply {rfc.number}", link="../changelog/index.md"), "",
            "</div>", "",
        ]
    if t is not None:
        out += tally_markdown(t)
    if version is not None:
        out += [_("Applied to the policy in [version {version}]({link}) ({date}).").format(version=inline(version.version), link=f"../changelog/index.md#v{version.version}", date=version.date), ""]
    for cid, base, current in stale_changes(graph, rfc):
        if rfc.status.is_pending() or version is None:
            out += [
                '<div class="cw-stale" markdown>', "",
                _("**Stale draft:** this RFC was written against older text of [[{clause}]]. What changed in the clause since:").format(clause=cid), "",
                f'<div class="cw-redline-wrap" {SEARCH_EXCLUDE} markdown>', "", redline_block(base, current), "", "</div>", "", "</div>", "",
            ]
    return out


def unrecorded_text(t: Tally) -> str:
    """What a reader is told about a vote that has closed while the RFC still says `voting`."""
    return _("Voting closed on {date}: {result}; the outcome is not yet recorded").format(date=t.record.closes, result=i18n.result(t.outcome.result.value))


def voting_state(graph: Graph, rfc: RFC) -> str | None:
    """For an RFC in `voting`: where its vote stands, in a few words (None without a tally)."""
    t = rfc_tally(graph, rfc)
    if t is None or rfc.status is not RFCStatus.VOTING:
        return None
    if t.unrecorded:
        return unrecorded_text(t)
    return _("voting opens on {date}").format(date=t.record.opens) if t.state == "not-open" else _("vote closes {date}").format(date=t.record.closes)


def _line(s: str) -> str:
    """Markdown prose on one line of a list (as `cell` is in a table cell)."""
    return no_html(" ".join(s.split()))


def tally_markdown(t: Tally) -> list[str]:
    r, o = t.record, t.outcome
    label = _("Not open yet") if t.state == "not-open" else _result_label(o.result)
    out = ["## " + _("Votes") + " {#votes}", "", f'<div class="cw-tally cw-tally-{o.result.value}" markdown>', ""]
    reason = _("voting opens on {date}").format(date=r.opens) if t.state == "not-open" else no_html(o.reason)
    rule_title, rule_summary = shown(t.rule)
    out += [_("**{result}** under *{rule}* (`{name}`): {reason}.").format(result=label, rule=rule_title, name=t.rule.name, reason=reason), ""]
    # The vote's facts as a list of labelled lines, not a table with an empty header row.
    out += ['<div class="cw-meta cw-vote-facts" markdown>', "", _("- **Rule** {summary}").format(summary=_line(rule_summary))]
    out.append(_("- **Voting period** {opens} to {closes}: {when}").format(opens=r.opens, closes=r.closes, when=t.when()))
    out.append(ngettext("- **Roster** {count} member with a binding vote when voting opened", "- **Roster** {count} members with a binding vote when voting opened", len(t.members)).format(count=len(t.members)))
    if r.proposer:
        out.append(_("- **Proposer** {name}").format(name=_line(r.proposer)))
    if r.stakeholders:
        out.append(_("- **Required stakeholders** {names}").format(names=_line(', '.join(r.stakeholders))))
    if r.call:
        out.append(_("- **Call for votes** <{url}>").format(url=r.call))
    out += ["", "</div>", ""]
    if t.rows:
        # cw-cards: on a narrow screen each vote reads as a card, every column labelled.
        out += ['<div class="cw-cards" markdown>', "", "| " + " | ".join((_("Date"), _("Voter"), _("Vote"), _("Binding"), _("Counted"), _("Reasons"), _("Reference"))) + " |", "|---|---|---|---|---|---|---|"]
        for row in t.rows:
            v = row.vote
            binding = _("yes ({role})").format(role=cell(row.member.role)) if row.member else _("no")
            # Only a binding vote counts towards the outcome; a valid non-binding one is shown.
            counted = (_("yes") if row.binding else _("no: not binding")) if row.counted else _("no: {why}").format(why=cell(row.note))
            if v.date > t.today:
                counted += _(" (**flagged:** dated after the build date, {date})").format(date=t.today)
            out.append(f"| {v.date} | {cell(v.voter)} | {format_value(v.value)} | {binding} | {counted} | {cell(v.reasons or '')} | [" + _("message") + f"]({v.ref}) |")
        out += ["", "</div>"]
    else:
        out.append(_("No votes yet."))
    out += ["", _("The outcome is computed from these votes and the roster each time the site is built; it is never typed by hand."), "", "</div>", ""]
    return out


def applied_version(graph: Graph, rfc: RFC) -> PolicyVersion | None:
    """The policy version that applied the RFC, if one did."""
    return _index(graph).applied.get(rfc.number)


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
        refs = ", ".join(rfc_link(r.number, r) for r in pending)  # by number, as on RFC pages
        out += ['<div class="cw-competing" markdown>', "", _("**Competing proposals:** {rfcs} would each change this clause.").format(rfcs=refs), "", "</div>", ""]
    history = _index(graph).history.get(clause.id, [])
    if history:
        out += ["## " + _("Changes") + " {#changes}", ""]
        ops = {"amend": _("amend"), "add": _("add"), "remove": _("remove")}
        out += ["- " + _("[Version {version}]({link}) ({date}): {change} by {rfc}").format(version=inline(v.version), link=f"../changelog/index.md#v{v.version}", date=v.date, change=ops.get(ch.op, ch.op), rfc=rfc_link(ch.rfc, graph.corpus.rfcs.get(ch.rfc))) for v, ch in history]
        out.append("")
    faqs = _index(graph).faq_by_clause.get(clause.id, [])
    if faqs:
        out += ["## " + _("FAQ answers citing this clause") + " {#faq}", ""]
        out += [f"- [{inline(faqhistory.named(a))}](../faq/{a.slug}.md)" + (" " + _("(superseded)") if faqhistory.successor(graph, a) else "") for a in faqs]
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
                out += [_("[[{clause}]] has changed since this question was raised: amended in [version {version}]({link}) by [[RFC {rfc}]].").format(clause=cid, version=inline(v.version), link=f"../changelog/index.md#v{v.version}", rfc=ch.rfc), ""]
                out += [f'<div class="cw-redline-wrap" {SEARCH_EXCLUDE} markdown>', "", redline_block(ch.before or "", ch.text or ""), "", "</div>", ""]
    if out:
        out = ["### " + _("Changed since") + " {#changed-since}", "", *out]
    return out


# -- changelog and versions --------------------------------------------------------------
def rfc_summary(rfc: RFC) -> str | None:
    """The first paragraph under the RFC's `## Summary` heading, on one line; None without one."""
    lines = rfc.body.split("\n")
    for i, line in enumerate(lines):
        if re.fullmatch(r"##\s+Summary\s*(\{[^}]*\})?\s*", line.strip()):
            para: list[str] = []
            for rest in lines[i + 1:]:
                if rest.startswith("#") or (not rest.strip() and para):
                    break
                if rest.strip():
                    para.append(rest.strip())
            return " ".join(para) or None
    return None


def _applied_table(graph: Graph, v: PolicyVersion) -> list[str]:
    """One row per RFC the version applied: its title, what it resolves, when it was
    decided. A table of plain cells and references, which renders without the inline pass."""
    out = ['<div class="cw-cards" markdown>', "", "| " + " | ".join((_("RFC"), _("Title"), _("Resolves"), _("Decided"))) + " |", "|---|---|---|---|"]
    for n in v.rfcs:
        rfc = graph.corpus.rfcs.get(n)
        if rfc is None:
            continue
        resolves = ", ".join(f"[[{a}]]" for a in rfc.resolves) or _("none recorded")
        when = decided_on(graph, rfc)
        how = _("{date} by reference") if rfc.decision is not None else _("{date} by vote") if rfc_tally(graph, rfc) is not None else "{date}"
        out.append(f"| {rfc_link(n, rfc, table=True)} | {cell(rfc.title)} | {resolves} | {how.format(date=when) if when else ''} |")
    return out + ["", "</div>", ""]


def why_lines(graph: Graph, v: PolicyVersion, heading: str = "###") -> list[str]:
    """Each RFC a version applied (title, the ambiguities it resolves, when it was decided),
    then each one's summary: why the policy changed, ahead of the redlines."""
    out = _applied_table(graph, v)
    for n in v.rfcs:
        rfc = graph.corpus.rfcs.get(n)
        summary = rfc_summary(rfc) if rfc is not None else None
        if rfc is not None and summary:
            out += [f"{heading} RFC {n}: {inline(rfc.title)}", "", summary, ""]
    return out


def _redlines(graph: Graph, v: PolicyVersion) -> list[str]:
    out: list[str] = []
    for ch in v.changes:
        verb = {"amend": _("**Amended `{clause}`** by {rfc}"), "add": _("**Added `{clause}`** by {rfc}"), "remove": _("**Removed `{clause}`** by {rfc}")}[ch.op]
        out += [verb.format(clause=ch.clause, rfc=rfc_link(ch.rfc, graph.corpus.rfcs.get(ch.rfc))), ""]
        out += [f'<div class="cw-redline-wrap" {SEARCH_EXCLUDE} markdown>', "", redline_block(ch.before or "", ch.text or ""), "", "</div>", ""]
    return out


def changelog_index(graph: Graph) -> Page:
    c = graph.corpus
    out = ["# " + _("Policy changelog"), "", _("Every version of the policy, newest first: the RFCs it applied and why, then what each changed."), ""]
    for v in reversed(c.gov.versions):
        out += ["## " + _("Version {version}").format(version=inline(v.version)) + f" {{#v{v.version}}}", ""]
        facts = [_("Dated {date}").format(date=v.date)] + ([_("published {date}").format(date=v.published)] if v.published else []) + (["[" + _("source") + f"]({v.source})"] if v.source else [])
        out += [" · ".join(facts) + " · [" + _("what changed and why, and the whole policy as at this version") + f"]({v.version}.md)", ""]
        if v.note:
            out += [no_html(v.note.strip()), ""]
        if v.rfcs:
            out += [_("RFCs applied:"), ""] + _applied_table(graph, v)
        out += _redlines(graph, v)
    if not c.gov.versions:
        out.append(_("No versions recorded yet."))
    return Page("changelog/index.md", _("Changelog"), "\n".join(out) + "\n", in_nav=True)


def version_page(graph: Graph, version: str) -> Page:
    c = graph.corpus
    named = graph.__dict__.get("_cw_versions_named")
    if named is None:  # once per graph, not one search of the versions per version page
        named = graph.__dict__["_cw_versions_named"] = {}
        for x in c.gov.versions:
            named.setdefault(x.version, x)
    v = named[version]
    latest = c.gov.versions[-1].version
    out = ["# " + _("The policy as at version {version}").format(version=inline(version)), ""]
    note = _("This is the current version.") if version == latest else _("A past version; the current one is [version {version}]({link}).").format(version=inline(latest), link=f"index.md#v{latest}")
    out += [_("Version {version}, dated {date}. {note} Clause ids link to the clauses as they are today.").format(version=inline(version), date=v.date, note=note), ""]
    if v.note:
        out += [no_html(v.note.strip()), ""]
    out += version_criteria(graph, v)
    if v.rfcs:
        out += ["## " + _("What changed in this version, and why") + " {#why}", ""]
        out += why_lines(graph, v)
        out += ["## " + _("What changed") + " {#changes}", ""]
        out += _redlines(graph, v)
    states = graph.__dict__.get("_cw_newest_states")
    if states is None:  # once per graph: one walk back through the changes for every page
        states = graph.__dict__["_cw_newest_states"] = newest_states(c, WHOLE_POLICY_VERSIONS)
    if version not in states:
        source = " ([" + _("source") + f"]({v.source}))" if v.source else ""
        out += ["## " + _("The whole policy as at this version") + " {#policy}", ""] if v.rfcs else []
        out += [_("This site shows the whole policy for the newest {count} versions; for this one, see what changed above, and [the changelog]({link}){source}.").format(count=WHOLE_POLICY_VERSIONS, link=f"index.md#v{v.version}", source=source), ""]
        return Page(f"changelog/{version}.md", _("Policy version {version}").format(version=version), "\n".join(out) + "\n")
    if v.rfcs:
        out += ["## " + _("The whole policy as at this version") + " {#policy}", ""]
    for cs in states[version]:
        out += [f"{'###' if v.rfcs else '##'} {inline(cs.title)} {{#{cs.id}}}", "", f"`{cs.id}`" + (" · " + _("[[{id}|today]]").format(id=cs.id) if cs.id in c.clauses else " · " + _("removed since")), ""]
        out += [quote_block(cs.text), ""]
    return Page(f"changelog/{version}.md", _("Policy version {version}").format(version=version), "\n".join(out) + "\n")


# -- FAQ ---------------------------------------------------------------------------------
def faq_page(graph: Graph, slug: str) -> Page:
    a = graph.corpus.gov.faq[slug]
    superseded = " " + _("(superseded)") if faqhistory.successor(graph, a) else ""
    out = [f"# {inline(faqhistory.named(a) + superseded)}", ""]
    # Left out of search, which shows the answer itself first (the label is in the title); a
    # `section`, which holds no other section (Material's search matches closing tags by name)
    out += [f'<section class="cw-unsearched" {SEARCH_EXCLUDE} markdown>', ""]
    out += faqhistory.provenance_banner(a) + faqhistory.history_banner(graph, a)
    line = _("Answer `{slug}`, {date}, written against [policy version {version}]({link}).") if a.date else _("Answer `{slug}`, written against [policy version {version}]({link}).")
    out += [line.format(slug=a.slug, date=a.date, version=inline(a.policy_version), link=f"../changelog/{a.policy_version}.md"), ""]
    review = faq_review(graph, a)
    if review:
        items = "; ".join(
            (_("[[{cited}]] changed in version {version} ([[RFC {rfc}]])") if r.kind == "changed"
             else _("[[{cited}]] was resolved by [[RFC {rfc}]] in version {version}")).format(cited=r.cited, version=inline(r.version.version), rfc=r.rfc)
            for r in review
        )
        out += ['<div class="cw-review" markdown>', "", _("**Review needed:** what this answer cites has changed since it was written: {items}.").format(items=items), "", "</div>", ""]
    out += ["</section>", ""]
    version = faq_version(graph.corpus, a.slug)  # the answer reads as at its policy version
    out += [qualify(graph, a.body.strip("\n"), version), ""]
    out += faqhistory.supersedes_line(graph, a) + faqhistory.policy_text(graph, a) + ["## " + _("Cites") + " {#cites}", ""]
    out += [qualify(graph, f"- [[{c}]]", version) for c in a.cites]
    # A superseded answer is history: search ranks it below the answers that replaced it
    head = "---\nsearch:\n  boost: 0.5\n---\n\n" if superseded else ""
    return Page(a.page, faqhistory.named(a) + superseded, head + "\n".join(out) + "\n")


def faq_index(graph: Graph) -> Page:
    out = ["# " + _("Questions and answers"), "", _("Answers to questions about the policy, each written against a policy version and flagged for review when a clause it cites has changed since, or a question it answers was settled by a later version. Current answers come first; answers replaced by newer ones follow, as history."), ""]
    out += faqhistory.index_sections(graph)
    return Page("faq/index.md", _("FAQ"), "\n".join(out) + "\n", in_nav=True)


def roster_page(graph: Graph) -> Page:
    gov = graph.corpus.gov.governance
    assert gov is not None
    out = ["# " + _("Roster and decision rules"), ""]
    if gov.note:  # first: a note such as "every member listed here is fictional" must come before the names
        out += [no_html(gov.note.strip()), ""]
    out += [_("From `{path}`. A vote is binding when its voter is listed here for the day it was cast.").format(path=gov.path), ""]
    out += ["## " + _("Decision rules") + " {#decision-rules}", "", "| " + " | ".join((_("Rule"), _("Used for"), _("How it decides"))) + " |", "|---|---|---|"]
    kinds: dict[str, list[str]] = {}
    for kind, name in gov.kinds.items():
        kinds.setdefault(name, []).append(kind)
    names = list(dict.fromkeys((gov.default_rule, *gov.allowed_rules, *gov.rules, *gov.kinds.values())))
    for name in names:
        rule = rule_named(name, gov)
        if rule is not None:
            use = [_("default")] if name == gov.default_rule else []
            use += [_("decides `{kind}`").format(kind=k) for k in kinds.get(name, [])]
            allowed = _("allowed")
            out.append(f"| `{name}` | {', '.join(use) or allowed} | {cell(shown(rule)[0])}: {cell(shown(rule)[1])} |")
    out += ["", "## " + _("Members with a binding vote") + " {#members-with-a-binding-vote}", "", '<div class="cw-cards" markdown>', "", "| " + " | ".join((_("Name"), _("Role"), _("From"), _("Until"))) + " |", "|---|---|---|---|"]
    out += [f"| {cell(m.name)} | {cell(m.role)} | {m.start} | {m.end or ''} |" for m in gov.roster]
    out += ["", "</div>"]
    return Page("roster.md", _("Roster"), "\n".join(out) + "\n", in_nav=True)


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
