"""Cross-document rules. Each rule is a small generator of located diagnostics.

Per-file shape (fields, types, statuses) is checked while loading, against the JSON
Schemas; what needs the whole corpus (references, uniqueness, consistency) lives here.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable, Iterable, Iterator

from clausewise.check import applications, asat, drafting, govcheck, limits
from clausewise.check.changetext import check_change_texts
from clausewise.check.cycles import RULES as CYCLE_RULES
from clausewise.graph import Graph
from clausewise.model import ChangeOp, Corpus, RFCStatus, syntax
from clausewise.model.diagnostics import Diagnostic, did_you_mean, error, warning

Rule = Callable[[Corpus, Graph], Iterator[Diagnostic]]


def _unknown(path: str, line: int, kind: str, ref: str, choices: Iterable[str]) -> Diagnostic:
    return error(path, line, "CW201", f"unknown {kind} `{ref}`", did_you_mean(ref, choices))


def check_policy_present(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    # Without any policy page the loader says which file to create (it knows the folder).
    if not corpus.clauses and corpus.policy_pages:
        where = corpus.policy_pages[0].path
        yield error(where, 1, "CW302", "no policy clauses found; mark clauses in the policy pages with <!-- clause id=\"...\" title=\"...\" -->")


def check_ambiguity_clauses(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for amb in corpus.ambiguities.values():
        for i, cid in enumerate(amb.clauses):
            if graph.resolve(cid) is None or graph.resolve(cid).kind != "clause":  # type: ignore[union-attr]
                yield _unknown(amb.loc.path, amb.lines.get(("clauses", i), amb.loc.line), "clause", cid, corpus.clauses)


def check_rulings(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for r in corpus.rulings.values():
        if r.ambiguity not in corpus.ambiguities:
            yield _unknown(r.loc.path, r.lines.get(("ambiguity",), r.loc.line), "ambiguity", r.ambiguity, corpus.ambiguities)
        for i, cid in enumerate(r.clauses):
            if cid not in corpus.clauses:
                yield _unknown(r.loc.path, r.lines.get(("clauses", i), r.loc.line), "clause", cid, corpus.clauses)
        for i, p in enumerate(r.precedent):
            if p.ruling is None:
                continue
            line = r.lines.get(("precedent", i), r.loc.line)
            if p.ruling == r.id:
                yield error(r.loc.path, line, "CW201", f"ruling `{r.id}` cannot cite itself as precedent")
            elif p.ruling not in corpus.rulings:
                yield _unknown(r.loc.path, line, "ruling", p.ruling, corpus.rulings)


def check_rfc_references(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for rfc in corpus.rfcs.values():
        path = rfc.loc.path
        for i, amb in enumerate(rfc.resolves):
            if amb not in corpus.ambiguities:
                yield _unknown(path, rfc.lines.get(("resolves", i), 1), "ambiguity", amb, corpus.ambiguities)
        for i, old in enumerate(rfc.supersedes):
            line = rfc.lines.get(("supersedes", i), 1)
            if old == rfc.number:
                yield error(path, line, "CW201", f"RFC {rfc.number} cannot supersede itself")
            elif old not in corpus.rfcs:
                yield error(path, line, "CW201", f"unknown RFC {old} in `supersedes`")


def check_rfc_changes(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    # An RFC already applied to the policy (policy-versions.yml) has done its work: its
    # added clauses exist now and its removed ones are gone.
    applied = {n for v in corpus.gov.versions for n in v.rfcs}
    for rfc in corpus.rfcs.values():
        # So has a rejected, withdrawn or superseded one: it stays as history even when
        # the clauses it named are changed or removed later.
        if rfc.number in applied or rfc.status in (RFCStatus.REJECTED, RFCStatus.WITHDRAWN, RFCStatus.SUPERSEDED):
            continue
        added: set[str] = set()
        for ch in rfc.changes:
            exists = ch.clause in corpus.clauses
            if ch.op in (ChangeOp.AMEND, ChangeOp.REMOVE) and not exists:
                yield _unknown(rfc.loc.path, ch.line, "clause", ch.clause, corpus.clauses)
            elif ch.op is ChangeOp.ADD:
                if exists:
                    yield error(rfc.loc.path, ch.line, "CW204", f"cannot add clause `{ch.clause}`: it already exists", "use `op: amend` to change it, or choose a new id")
                if ch.after and ch.after not in corpus.clauses and ch.after not in added:
                    yield _unknown(rfc.loc.path, ch.line, "clause", ch.after, corpus.clauses)
                added.add(ch.clause)


def check_ready_to_apply(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """An RFC put to the vote (or accepted and not yet applied) must carry what `clausewise
    apply` needs, so a passed vote is never followed by a refusal and an edit of the voted
    text: `base:` for every amend and remove."""
    applied = {n for v in corpus.gov.versions for n in v.rfcs}
    for rfc in corpus.rfcs.values():
        if not (rfc.status is RFCStatus.VOTING or (rfc.status is RFCStatus.ACCEPTED and rfc.number not in applied and rfc.changes)):
            continue
        state = f"RFC {rfc.number} is `{rfc.status.value}`"
        for ch in rfc.changes:
            if ch.op is not ChangeOp.ADD and ch.base is None:
                clause = corpus.clauses.get(ch.clause)
                yield error(rfc.loc.path, ch.line, "CW204", f"{state} but its `{ch.op.value}` of `{ch.clause}` has no `base:`; `clausewise apply` needs the clause text the RFC was drafted against",
                            "add `base:` with the clause's current text" + (f" (from {clause.loc.path}:{clause.loc.line})" if clause else ""))


def check_decisions(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for rfc in corpus.rfcs.values():
        d = rfc.decision
        line = rfc.lines.get(("status",), 1)
        if d is not None and d.outcome != rfc.status.value and rfc.status is not RFCStatus.SUPERSEDED:
            yield error(rfc.loc.path, line, "CW205", f"status is `{rfc.status.value}` but the recorded decision is `{d.outcome}`", f"set `status: {d.outcome}`")
        elif d is None and rfc.status in (RFCStatus.ACCEPTED, RFCStatus.REJECTED) and rfc.number not in corpus.gov.votes:
            # A typed outcome that nothing backs: the site would show it as decided.
            yield warning(rfc.loc.path, line, "CW205", f"status is `{rfc.status.value}` but nothing records the decision: no vote record and no `decision`",
                          f"add the votes ({rfc.number:04d}.yml in the votes folder) or a `decision:` with outcome, date, by and source")


def check_unique_across_kinds(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """One namespace: ids of different kinds, or that differ only by case or look-alike
    Unicode, would make `[[id]]` ambiguous."""
    seen: dict[str, tuple[str, str, int]] = {}
    rows = [(c.id, c.loc.path, c.loc.line) for c in corpus.clauses.values()]
    rows += [(a, c.loc.path, c.loc.line) for c in corpus.clauses.values() for a in c.aliases]
    rows += [(p.id, p.loc.path, p.lines.get(("id",), 1)) for p in corpus.postmortems.values()]
    rows += [(a.id, a.loc.path, a.loc.line) for a in corpus.ambiguities.values()]
    rows += [(r.id, r.loc.path, r.loc.line) for r in corpus.rulings.values()]
    for key, path, line in rows:
        folded = unicodedata.normalize("NFKC", key).casefold()
        if folded in seen:
            first = seen[folded]
            same = "" if first[0] == key else f" as `{first[0]}` (ids differing only by case or look-alike characters clash)"
            yield error(path, line, "CW202", f"id `{key}` is already used{same} at {first[1]}:{first[2]}")
        else:
            seen[folded] = (key, path, line)


@lru_cache(maxsize=16384)
def _references(text: str) -> tuple[syntax.Reference, ...]:
    # Remembered by text: a `serve` rebuild checks every body again, and few have changed.
    return tuple(syntax.find_references(text))


def check_body_references(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    bodies = [(pm.loc.path, pm.body, pm.body_line) for pm in corpus.postmortems.values()]
    bodies += [(r.loc.path, r.body, r.body_line) for r in corpus.rfcs.values()]
    bodies += [(path, text, 1) for path, text in corpus.docs_pages]
    bodies += [(d.path, d.body, d.body_line) for d in corpus.left_out]
    for path, text, first in bodies:
        for ref in _references(text):
            if graph.resolve(ref.target) is None:
                yield _unknown(path, first + ref.line - 1, "reference", f"[[{ref.target}]]", graph.known_keys())


def check_left_out(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """The ids a document left out for front-matter errors still names: reported now, not
    on the run after its front matter is fixed. (Its body is in `check_body_references`.)"""
    for d in corpus.left_out:
        for line, what, name in d.names:
            if not syntax.ID.match(name):
                continue  # its form is already reported by the schema
            if what == "clause" and name not in corpus.clauses:
                yield _unknown(d.path, line, "clause", name, corpus.clauses)
            elif what == "ambiguity" and name not in corpus.ambiguities:
                yield _unknown(d.path, line, "ambiguity", name, corpus.ambiguities)
            elif what == "citation" and graph.resolve(name) is None:
                yield _unknown(d.path, line, "citation", name, graph.known_keys())


RULES: tuple[Rule, ...] = (
    check_policy_present,
    check_unique_across_kinds,
    check_ambiguity_clauses,
    check_rulings,
    check_rfc_references,
    check_rfc_changes,
    check_change_texts,
    check_ready_to_apply,
    check_decisions,
    check_body_references,
    check_left_out,
    *drafting.RULES,
    *asat.RULES,
    *CYCLE_RULES,
    *govcheck.CHECKS,
    *applications.RULES,
    *limits.RULES,
)


def validate(corpus: Corpus, graph: Graph) -> list[Diagnostic]:
    """Every rule over the whole corpus, governance included: one dispatcher, one list."""
    return [d for rule in RULES for d in rule(corpus, graph)]
