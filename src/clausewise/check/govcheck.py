"""Governance rules over the whole corpus: small generators of located diagnostics.

A status is checked against the tally computed from the votes, never trusted; votes
that do not count are shown on the page and reported here as warnings.
"""

from __future__ import annotations

import difflib
from typing import Callable, Iterable, Iterator

from clausewise.governance.rules import RULES, Result, check_params, format_value
from clausewise.governance.tally import Tally, known_rules, rule_named, tally
from clausewise.graph import Graph
from clausewise.model import RFC, ChangeOp, Corpus, Governance, RFCStatus, syntax
from clausewise.model.diagnostics import Diagnostic, did_you_mean, error, note, warning

Check = Callable[[Corpus, Graph], Iterator[Diagnostic]]

# Which statuses agree with each computed result. An RFC may be withdrawn while its vote
# runs; the vote then decides nothing, whatever it comes to when the period closes (else a
# withdrawn RFC would start failing `check` on the day its vote closed, with no commit).
AGREES: dict[Result, tuple[RFCStatus, ...]] = {
    Result.OPEN: (RFCStatus.VOTING, RFCStatus.WITHDRAWN),
    Result.PASSED: (RFCStatus.ACCEPTED, RFCStatus.SUPERSEDED, RFCStatus.WITHDRAWN),
    Result.FAILED: (RFCStatus.REJECTED, RFCStatus.WITHDRAWN),
}


#: a name longer than this gets no spelling suggestion (its neighbours cost its length squared)
SPELL_MAX = 80
#: more roster names than this one edit away: the spelling is ambiguous, none is suggested
SPELL_CANDIDATES = 16


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _neighbours(key: str) -> set[str]:
    """`key` and `key` with one character deleted: two names one edit apart (a letter
    dropped, doubled, changed, or two swapped) share one of these."""
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}


class _Speller:
    """The roster name a voter's name is most likely a misspelling of. Names share words
    ("... Example"), so only a near-identical spelling counts: one letter dropped, doubled,
    changed or swapped in a full name, or a different case or spacing (difflib's ratio at
    least 0.9 on top). Built once per roster and asked through an index of neighbours, so a
    vote file of strangers costs its length, not its length times the roster's (comparing
    each stranger with every member took 10 s for 1,000 of each)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = names
        self.folded: dict[str, str] = {}
        self.near: dict[str, set[str]] | None = None  # made when first asked

    def close(self, name: str) -> str | None:
        if self.near is None:
            self.folded = {_fold(n): n for n in self.names}
            self.near = {}
            for folded in self.folded:
                if len(folded) <= SPELL_MAX:
                    for variant in _neighbours(folded):
                        self.near.setdefault(variant, set()).add(folded)
        key = _fold(name)
        if key in self.folded:
            return self.folded[key]
        if len(key) > SPELL_MAX:
            return None
        candidates: set[str] = set()
        for variant in _neighbours(key):
            candidates |= self.near.get(variant, set())
            if len(candidates) > SPELL_CANDIDATES:
                return None
        close = difflib.get_close_matches(key, sorted(candidates), n=1, cutoff=0.9)
        return self.folded[close[0]] if close else None


def _close_name(name: str, names: Iterable[str]) -> str | None:
    """The roster name `name` is most likely a misspelling of, or None (see `_Speller`)."""
    return _Speller(names).close(name)


def same_text(a: str, b: str) -> bool:
    """Clause texts compared as words: re-wrapping a paragraph is not a change."""
    return a.split() == b.split()


def tallies(corpus: Corpus) -> dict[int, Tally]:
    gov = corpus.gov.governance
    if gov is None:
        return {}
    out = {}
    for number, record in corpus.gov.votes.items():
        rfc = corpus.rfcs.get(number)
        t = tally(record, gov, corpus.build_date, rfc.kind if rfc else None)
        if t is not None and rfc is not None:
            out[number] = t
    return out


def _unknown_rule(path: str, line: int, name: str, gov: Governance) -> Diagnostic:
    known = known_rules(gov)
    return error(path, line, "CW401", f"unknown decision rule `{name}`; known rules: {', '.join(known)}", did_you_mean(name, known))


def check_governance_file(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    gov = corpus.gov.governance
    if gov is None:
        return
    for spec in gov.rules.values():
        for key, problem in check_params(spec.uses, dict(spec.params)):
            yield error(gov.path, gov.lines.get(("rules", spec.name, key), spec.line), "CW401", f"rule `{spec.name}`: {problem}")
        if spec.name in RULES:
            yield warning(gov.path, spec.line, "CW401", f"rule `{spec.name}` has the name of a built-in rule, which it replaces here", "give the community's rule a name of its own")
    for i, name in enumerate((gov.default_rule, *gov.allowed_rules)):
        if name not in gov.rules and name not in RULES:
            line = gov.lines.get(("default_rule",) if i == 0 else ("allowed_rules", i - 1), 1)
            yield _unknown_rule(gov.path, line, name, gov)
    for kind, name in gov.kinds.items():
        if name not in gov.rules and name not in RULES:
            yield _unknown_rule(gov.path, gov.lines.get(("kinds", kind), 1), name, gov)
    kinds = sorted(gov.kinds)
    for rfc in corpus.rfcs.values():
        if rfc.kind is not None and rfc.kind not in gov.kinds:
            hint = did_you_mean(rfc.kind, kinds) or (f"known kinds: {', '.join(kinds)}" if kinds else f"map it to a rule under `kinds:` in {gov.path}")
            yield error(rfc.loc.path, rfc.lines.get(("kind",), 1), "CW401", f"unknown kind of decision `{rfc.kind}`", hint)
    for m in gov.roster:
        if m.end is not None and m.end < m.start:
            yield error(gov.path, m.line, "CW410", f"roster entry for {m.name} ends ({m.end}) before it starts ({m.start})")


def check_vote_records(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    gov = corpus.gov.governance
    speller = _Speller([m.name for m in gov.roster] if gov is not None else [])
    for number, rec in corpus.gov.votes.items():
        path, line = rec.loc.path, rec.lines.get(("rfc",), 1)
        rfc = corpus.rfcs.get(number)
        if rfc is None:
            yield error(path, line, "CW201", f"vote record for unknown RFC {number}")
            continue
        if gov is None:
            yield error(path, line, "CW402", f"votes on RFC {number} need a roster and a decision rule", "add governance.yml (see docs: governance)")
            continue
        if rfc.decision is not None:
            yield error(path, line, "CW409", f"RFC {number} has a decision recorded by reference in {rfc.loc.path}; it cannot also have votes", "keep the decision or the votes, not both")
        if rec.closes < rec.opens:
            yield error(path, rec.lines.get(("voting", "closes"), 1), "CW408", f"the voting period closes ({rec.closes}) before it opens ({rec.opens})")
        name = gov.rule_name(rec.rule, rfc.kind)
        if rec.rule and rec.rule not in gov.rules and rec.rule not in RULES:
            yield _unknown_rule(path, rec.lines.get(("rule",), 1), rec.rule, gov)
            continue
        if rec.rule and not gov.rule_allowed(rec.rule):
            yield error(path, rec.lines.get(("rule",), 1), "CW401", f"rule `{rec.rule}` is not allowed by {gov.path}", f"allowed: {', '.join(dict.fromkeys((gov.default_rule, *gov.allowed_rules, *gov.rules, *gov.kinds.values())))}")
        rule = rule_named(name, gov)
        if rule is None:
            continue
        for i, who in enumerate(rec.stakeholders):
            if gov.binding(who, rec.opens) is None:
                close = speller.close(who)
                yield error(path, rec.lines.get(("stakeholders", i), rec.lines.get(("stakeholders",), 1)), "CW403",
                            f"required stakeholder `{who}` is not on the roster on {rec.opens}, when voting opened; only a binding -2 blocks, so theirs would be ignored",
                            f"did you mean `{close}`?" if close else f"add them to the roster in {gov.path}, or remove them from `stakeholders`")
        for v in rec.votes:
            if v.value not in rule.values:
                allowed = ", ".join(format_value(x) for x in rule.values)
                yield error(path, v.line, "CW407", f"{v.voter} voted {format_value(v.value)}, which is not a vote under `{rule.name}` ({allowed})")
                continue
            if gov.binding(v.voter, v.date) is None:
                spans = [f"{m.start} to {m.end or 'now'}" for m in gov.entries(v.voter)]
                close = None if spans else speller.close(v.voter)
                if close is not None:
                    # A misspelt member would be silently counted as non-binding: the
                    # tally would be wrong, so this fails the build.
                    yield error(path, v.line, "CW403", f"`{v.voter}` is not on the roster, but `{close}` is; spell the voter as on the roster, or the vote is miscounted as non-binding", f"did you mean `{close}`?")
                else:
                    why = f"{v.voter}'s roster entry ({', '.join(spans)}) does not cover {v.date}" if spans else f"{v.voter} is not on the roster on {v.date}"
                    yield note(path, v.line, "CW403", f"{why}; the vote is counted as non-binding")
            if not (rec.opens <= v.date <= rec.closes):
                yield warning(path, v.line, "CW404", f"vote of {v.voter} on {v.date} is outside the voting period {rec.opens} to {rec.closes}; it is not counted")
            if v.value in rule.reasons_for and not v.reasons:
                veto = " (without them it does not veto)" if rule.uses == "apache" else ""
                yield warning(path, v.line, "CW405", f"a {format_value(v.value)} under `{rule.name}` must give reasons or an alternative{veto}; add `reasons:`")


def unrecorded(corpus: Corpus) -> dict[int, Tally]:
    """RFCs still `voting` whose vote has closed: the outcome is decided, not yet recorded.

    The calendar alone moves an RFC here (no commit does), so this is never an error of
    plain `check` or of a build; `clausewise check --since REF` makes it one for a change
    that touches the RFC or its vote record (`clausewise.check.review`)."""
    return {n: t for n, t in tallies(corpus).items() if corpus.rfcs[n].status is RFCStatus.VOTING and t.closed and t.outcome.result.is_decided()}


def record_command(number: int) -> str:
    return f"clausewise record {number}"


def check_status_against_tally(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for number, t in tallies(corpus).items():
        rfc = corpus.rfcs[number]
        if rfc.status in AGREES[t.outcome.result]:
            continue
        line = rfc.lines.get(("status",), 1)
        where = t.record.loc.path
        if rfc.status is RFCStatus.VOTING and t.closed:
            msg = f"voting on RFC {number} closed on {t.record.closes}: {t.outcome.result.value} under `{t.rule.name}` ({where}); the outcome is not yet recorded"
            yield note(rfc.loc.path, line, "CW414", msg, f"run `{record_command(number)}` to set `status: {t.outcome.result.status}`")
            continue
        if t.outcome.result is Result.OPEN:
            msg = f"status is `{rfc.status.value}` but voting is open until {t.record.closes} ({where}, rule `{t.rule.name}`)"
            hint = "set `status: voting` until the period closes"
        else:
            msg = f"status is `{rfc.status.value}` but the votes in {where} {t.outcome.result.value} under `{t.rule.name}`: {t.outcome.reason}"
            hint = f"set `status: {t.outcome.result.status}`, or correct the vote record"
        yield error(rfc.loc.path, line, "CW406", msg, hint)


def check_future_votes(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """A vote dated after the build date is most likely a mistake in its date. A note, not a
    warning: a vote typed in one time zone and built in another would otherwise fail a
    strict build until the clock caught up, and a build must not depend on the hour."""
    for number, t in tallies(corpus).items():
        for row in t.rows:
            if row.vote.date > t.today:
                yield note(t.record.loc.path, row.vote.line, "CW415", f"vote of {row.vote.voter} is dated {row.vote.date}, after the build date {t.today}", "check the date of the vote")


def stale_changes(graph: Graph, rfc: RFC) -> list[tuple[str, str, str]]:
    """(clause id, base text, current text) for each change drafted against older text."""
    out = []
    for ch in rfc.changes:
        clause = graph.clause(ch.clause)
        if ch.op is not ChangeOp.ADD and ch.base and clause is not None and not same_text(ch.base, clause.text):
            out.append((ch.clause, ch.base, clause.text))
    return out


def check_stale(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    applied = {n for v in corpus.gov.versions for n in v.rfcs}
    for rfc in corpus.rfcs.values():
        if not (rfc.status.is_pending() or (rfc.status is RFCStatus.ACCEPTED and rfc.number not in applied)):
            continue
        stale = {cid for cid, _, _ in stale_changes(graph, rfc)}
        for ch in rfc.changes:
            if ch.clause in stale:
                yield note(rfc.loc.path, ch.line, "CW411", f"RFC {rfc.number} was drafted against older text of `{ch.clause}`; the clause has changed since", "compare the texts on the RFC page, then update `text` and `base`")


def check_versions(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    path = corpus.gov.versions_path or ""
    seen: dict[str, int] = {}
    applied: dict[int, str] = {}
    for v in corpus.gov.versions:
        if v.version in seen:
            yield error(path, v.line, "CW412", f"policy version {v.version} is already listed on line {seen[v.version]}")
        seen.setdefault(v.version, v.line)
        for n in v.rfcs:
            rfc = corpus.rfcs.get(n)
            if rfc is None:
                yield error(path, v.line, "CW412", f"version {v.version} applies unknown RFC {n}")
            elif rfc.status not in (RFCStatus.ACCEPTED, RFCStatus.SUPERSEDED):
                yield error(path, v.line, "CW412", f"version {v.version} applies RFC {n}, whose status is `{rfc.status.value}`, not `accepted`")
            if n in applied:
                yield error(path, v.line, "CW412", f"RFC {n} is applied twice, in versions {applied[n]} and {v.version}")
            applied.setdefault(n, v.version)


def check_faq(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    versions = [v.version for v in corpus.gov.versions]
    for a in corpus.gov.faq.values():
        path = a.loc.path
        if a.policy_version not in versions:
            hint = did_you_mean(a.policy_version, versions) or ("record versions in policy-versions.yml" if not versions else f"known versions: {', '.join(versions)}")
            yield error(path, a.lines.get(("policy_version",), 1), "CW413", f"unknown policy version `{a.policy_version}`", hint)
        for i, cite in enumerate(a.cites):
            if graph.resolve(cite) is None:
                yield error(path, a.lines.get(("cites", i), 1), "CW201", f"unknown citation `{cite}`", did_you_mean(cite, graph.known_keys()))
        for ref in syntax.find_references(a.body):
            if graph.resolve(ref.target) is None:
                yield error(path, a.body_line + ref.line - 1, "CW201", f"unknown reference `[[{ref.target}]]`", did_you_mean(ref.target, graph.known_keys()))


CHECKS: tuple[Check, ...] = (
    check_governance_file,
    check_vote_records,
    check_status_against_tally,
    check_future_votes,
    check_stale,
    check_versions,
    check_faq,
)

