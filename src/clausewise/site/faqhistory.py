"""FAQ answers and their history: an answer replaced by a newer one (`supersedes:`), an
answer written against an older policy version, and the policy text an answer rests on.

A stale answer (superseded, or citing what changed after its version) shows, above its
old text, what the clauses it rests on say today, and links to the current answer. Every
answer ends with the text of the clauses it cites as they stood at its version, so an
answer quotes the policy it was written against, generated, never retyped. The FAQ index
lists current answers first and superseded ones under a history heading.
"""

from __future__ import annotations

from clausewise.governance.asat import clause_as_at, current_answer
from clausewise.governance.versions import faq_review
from clausewise.graph import Graph
from clausewise.model import FaqAnswer
from clausewise.site.i18n import _, cap, pgettext
from clausewise.site.text import cell, inline, quote_block

#: what an answer that is not the team's says first (front matter `provenance`)
PROVENANCE_TEXT = ("editors",)


def _provenance_text(kind: str) -> str:
    return {"editors": _("**Written by this site's editors** from the policy text, not given by the team that applies the policy. "
                         "It explains what the policy says; it is not an official answer.")}[kind]


def _label(a: FaqAnswer) -> str | None:
    """The answer's label (`editors' answer`) in the site's language."""
    return {"editors' answer": pgettext("FAQ provenance", "editors' answer")}.get(a.label, a.label) if a.label else None


def successor(graph: Graph, a: FaqAnswer) -> FaqAnswer | None:
    """The answer that replaces `a` today (the newest in its chain), or None."""
    faq = graph.corpus.gov.faq
    slug = current_answer(graph.corpus, a.slug)
    return faq[slug] if slug != a.slug and slug in faq else None


def named(a: FaqAnswer) -> str:
    """An answer's question, with its label when it is not the team's answer."""
    return a.question + (f" ({_label(a)})" if a.label else "")


def provenance_banner(a: FaqAnswer) -> list[str]:
    if a.provenance not in PROVENANCE_TEXT:
        return []
    return [f'!!! info "{cap(_label(a) or "")}"', "", "    " + _provenance_text(a.provenance), ""]


def changed_clauses(graph: Graph, a: FaqAnswer) -> list[str]:
    """Clauses behind the answer that changed after its version: the ones it cites, and the
    ones changed by an RFC that settled a question it cites; in policy order."""
    out: list[str] = []
    for r in faq_review(graph, a):
        if r.kind == "changed":
            out.append(r.cited)
        else:
            rfc = graph.corpus.rfcs.get(r.rfc)
            out += [ch.clause for ch in (rfc.changes if rfc else ())]
    clauses = graph.corpus.clauses
    return sorted((c for c in dict.fromkeys(out) if c in clauses), key=lambda c: clauses[c].order)


def history_banner(graph: Graph, a: FaqAnswer) -> list[str]:
    """Above a stale answer's old text: the current answer, and the policy today."""
    newer = successor(graph, a)
    changed = changed_clauses(graph, a)
    if newer is None and not changed:
        return []
    latest = graph.corpus.gov.versions[-1].version if graph.corpus.gov.versions else None
    if newer is not None:
        head = _("**A superseded answer, kept as history.** It was written against policy version {version}. "
                 "The current answer: [{question}]({link}), written against version {newer}.").format(
                     version=inline(a.policy_version), question=inline(named(newer)), link=f"{newer.slug}.md", newer=inline(newer.policy_version))
    else:
        head = (_("**Written against policy version {version}**; the policy has changed since (now version {latest}), and no newer answer has been written yet.") if latest
                else _("**Written against policy version {version}**; the policy has changed since, and no newer answer has been written yet.")).format(version=inline(a.policy_version), latest=inline(latest or ""))
    out = ['<div class="cw-faq-history" markdown>', "", head, ""]
    if changed:
        out += [_("What the policy says today:"), ""]
        for cid in changed:
            clause = graph.corpus.clauses[cid]
            out += [f"[[{cid}]]", "", quote_block(clause.text), ""]
    return out + ["</div>", ""]


def supersedes_line(graph: Graph, a: FaqAnswer) -> list[str]:
    old = graph.corpus.gov.faq.get(a.supersedes or "")
    if old is None:
        return []
    return [_("This answer replaces an earlier one, kept as history: [{question}]({link}), written against policy version {version}.").format(question=inline(named(old)), link=f"{old.slug}.md", version=inline(old.policy_version)), ""]


def policy_text(graph: Graph, a: FaqAnswer) -> list[str]:
    """Each clause the answer cites, with its text as at the answer's version."""
    out: list[str] = []
    for cite in a.cites:
        target = graph.resolve(cite)
        at = clause_as_at(graph, target.key, a.policy_version) if target is not None and target.kind == "clause" else None
        if at is None or at.state is None:
            continue
        out += [f"[[{target.key}@{a.policy_version}]]", "", quote_block(at.state.text), ""]  # type: ignore[union-attr]
    if out:
        out = ["## " + _("The policy text it rests on") + " {#policy-text}", "", _("As at version {version}, the version the answer was written against:").format(version=inline(a.policy_version)), "", *out]
    return out


def index_rows(graph: Graph, answers: list[FaqAnswer], history: bool = False) -> list[str]:
    out = ["| " + _("Question") + " | " + _("Policy version") + " | " + (_("Replaced by") if history else _("Review")) + " |", "|---|---|---|"]
    for a in answers:
        if history:
            newer = successor(graph, a)
            last = f"[{cell(named(newer))}]({newer.slug}.md)" if newer else ""
        else:
            last = _("needed") if faq_review(graph, a) else ""
        label = f" ({cell(_label(a) or '')})" if a.label else ""
        out.append(f"| [{cell(a.question)}{label}]({a.slug}.md) | {cell(a.policy_version)} | {last} |")
    return out + [""]


def index_sections(graph: Graph) -> list[str]:
    """Current answers first, then the superseded ones under a history heading."""
    answers = list(graph.corpus.gov.faq.values())
    old = [a for a in answers if successor(graph, a) is not None]
    current = [a for a in answers if a not in old]
    out = index_rows(graph, current)
    if old:
        out += ["## " + _("History: superseded answers") + " {#history}", "", _("Answers replaced by a newer one, kept as they were written."), ""]
        out += index_rows(graph, old, history=True)
    return out
