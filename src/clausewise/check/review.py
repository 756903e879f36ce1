"""Review support: `clausewise check --since REF` compares the project with REF in git.

The project at REF is read with ONE `git archive` call (not one git call per file) into a
temporary folder and loaded by the same loader, so both sides are parsed alike
(`clausewise.project.review_since`). Then these rules compare the two:

- CW510 an RFC's status moved by more than one step (draft straight to accepted) without
  recording the decision or votes that justify it, judged commit by commit over the range
  (`clausewise.load.revisions`), so four commits of one step each are four good steps;
- CW511 an id was removed or renamed while something still refers to it;
- CW512 a clause was renamed without keeping its old id as an alias (permalinks break);
- CW513 a pull request that proposes or edits a pending RFC also edits the policy text
  (what `clausewise apply N` wrote, as the policy versions record it, is RFC N's doing);
- CW406 a change touches an RFC (or its vote record) whose vote has closed while its
  status still says `voting`: plain `check` only notes it (CW414), since the calendar,
  not a commit, put it there; a change to that RFC gets every check.
"""

from __future__ import annotations

from typing import Iterator, Mapping, Sequence

from clausewise.check.govcheck import record_command, same_text, unrecorded
from clausewise.graph import Graph
from clausewise.load.revisions import Step
from clausewise.model import RFC, Corpus, Diagnostic, RFCStatus, error, syntax, warning
from clausewise.model.governance import VersionChange

S = RFCStatus
#: The lifecycle, in one table: the statuses an RFC may move to in one step.
NEXT: dict[RFCStatus | None, frozenset[RFCStatus]] = {
    None: frozenset({S.DRAFT, S.DISCUSSION}),
    S.DRAFT: frozenset({S.DISCUSSION, S.WITHDRAWN}),
    S.DISCUSSION: frozenset({S.DRAFT, S.VOTING, S.WITHDRAWN}),
    S.VOTING: frozenset({S.DISCUSSION, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.SUPERSEDED}),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset({S.DRAFT}),
    S.SUPERSEDED: frozenset(),
}
DECIDED = frozenset({S.ACCEPTED, S.REJECTED})


def review(old: Graph, new: Graph, changed_rfcs: list[RFC], ref: str, changed_votes: frozenset[int] = frozenset(),
           steps: Mapping[int, Sequence[Step]] | None = None) -> list[Diagnostic]:
    """Every review rule, given the project at REF (`old`), the project now (`new`), the
    RFCs whose files differ between them, the RFC numbers whose vote records differ and
    the RFC statuses commit by commit in between (`steps`)."""
    out = list(check_status_steps(old.corpus, new.corpus, ref, steps))
    out += check_unrecorded(new.corpus, {r.number for r in changed_rfcs} | set(changed_votes), ref)
    out += check_removed_ids(old, new, ref)
    out += check_policy_edits(old.corpus, new.corpus, changed_rfcs, ref)
    return out


# -- CW510 -------------------------------------------------------------------------------
def _justified(rfc: RFC, status: RFCStatus, new: Corpus) -> bool:
    """A decided status reached in a jump is fine when the RFC records why: a decision by
    reference, or a vote record (whose tally CW406 holds the status to)."""
    return status in DECIDED and (rfc.decision is not None or rfc.number in new.gov.votes)


def _status(value: str | None) -> RFCStatus | None:
    try:
        return RFCStatus(value) if value is not None else None
    except ValueError:
        return None


def check_status_steps(old: Corpus, new: Corpus, ref: str, steps: Mapping[int, Sequence[Step]] | None = None) -> Iterator[Diagnostic]:
    """Each status change is judged against the status just before it: at REF, then after
    each commit of the range that touched the RFC (`steps`, read from git by
    `clausewise.load.revisions`), then in the working tree. Without `steps`, the two ends."""
    superseded = {n for r in new.rfcs.values() for n in r.supersedes}
    for rfc in new.rfcs.values():
        start = old.rfcs[rfc.number].status if rfc.number in old.rfcs else None
        path: list[tuple[RFCStatus | None, str | None]] = [(start, None)]
        for step in (steps or {}).get(rfc.number, ()):
            status = _status(step.status)
            if status is not None:
                path.append((status, step.where))
        if path[-1][0] is not rfc.status:
            path.append((rfc.status, "the working tree" if len(path) > 1 else None))
        # A status tried and taken back is no step: back at a status it had, the RFC's path
        # forgets the detour (accepted by mistake, then discussion again, then voting).
        kept: list[tuple[RFCStatus | None, str | None]] = []
        for status, where in path:
            seen = next((i for i, (s, _) in enumerate(kept) if s is status), None)
            kept = kept[: seen + 1] if seen is not None else [*kept, (status, where)]
        for (before, _), (status, where) in zip(kept, kept[1:]):
            bad = _bad_step(rfc, before, status, where, ref, superseded, new)
            if bad is not None:
                yield bad


def _bad_step(rfc: RFC, before: RFCStatus | None, after: RFCStatus, where: str | None, ref: str, superseded: set[int], new: Corpus) -> Diagnostic | None:
    steps = NEXT.get(before, frozenset())  # a status this table does not know moves nowhere
    if after in steps or _justified(rfc, after, new):
        return None
    if after is S.SUPERSEDED and rfc.number in superseded:
        return None
    # The line of the status key: the caret goes on `status:`, never on a key below it.
    line = rfc.lines.get(("status",), 1)
    allowed = ", ".join(sorted(s.value for s in steps)) or "nothing: it is final"
    since = f"in {where}, since `{ref}`" if where else f"since `{ref}`"
    if before is None:
        msg = f"a new RFC starts as `draft` or `discussion`, not `{after.value}`" + (f" ({where}, since `{ref}`)" if where else "")
    elif not steps:
        msg = f"status moved from `{before.value}` to `{after.value}` {since}, but `{before.value}` is final"
    else:
        msg = f"status moved from `{before.value}` straight to `{after.value}` {since}; from {before.value} it may go to {allowed}"
    hint = "move one step at a time (draft → discussion → voting → accepted or rejected)"
    if after in DECIDED:
        hint += ", or record the `decision` (date, by, source) that settled it"
    return error(rfc.loc.path, line, "CW510", msg, hint)


# -- CW406 on a touched RFC -----------------------------------------------------------
def check_unrecorded(new: Corpus, touched: set[int], ref: str) -> Iterator[Diagnostic]:
    for number, t in unrecorded(new).items():
        if number not in touched:
            continue
        rfc = new.rfcs[number]
        msg = (f"status is `voting` but voting closed on {t.record.closes} and the votes in {t.record.loc.path} "
               f"{t.outcome.result.value} under `{t.rule.name}`: {t.outcome.reason}; this change (since `{ref}`) touches the RFC")
        yield error(rfc.loc.path, rfc.lines.get(("status",), 1), "CW406", msg, f"run `{record_command(number)}` to set `status: {t.outcome.result.status}`")


# -- CW511, CW512 ------------------------------------------------------------------------
def references(corpus: Corpus) -> Iterator[tuple[str, str, int]]:
    """(target key, path, line) for every reference in the corpus, front matter and bodies."""
    for amb in corpus.ambiguities.values():
        for i, cid in enumerate(amb.clauses):
            yield cid, amb.loc.path, amb.lines.get(("clauses", i), amb.loc.line)
    for r in corpus.rulings.values():
        yield r.ambiguity, r.loc.path, r.lines.get(("ambiguity",), r.loc.line)
        for i, cid in enumerate(r.clauses):
            yield cid, r.loc.path, r.lines.get(("clauses", i), r.loc.line)
        for i, p in enumerate(r.precedent):
            if p.ruling:
                yield p.ruling, r.loc.path, r.lines.get(("precedent", i), r.loc.line)
    for rfc in corpus.rfcs.values():
        for i, amb_id in enumerate(rfc.resolves):
            yield amb_id, rfc.loc.path, rfc.lines.get(("resolves", i), 1)
        for i, n in enumerate(rfc.supersedes):
            yield f"rfc-{n}", rfc.loc.path, rfc.lines.get(("supersedes", i), 1)
        for ch in rfc.changes:
            if ch.op.value != "add":
                yield ch.clause, rfc.loc.path, ch.line
            if ch.after:
                yield ch.after, rfc.loc.path, ch.line
    bodies = [(p.loc.path, p.body, p.body_line) for p in corpus.postmortems.values()]
    bodies += [(r.loc.path, r.body, r.body_line) for r in corpus.rfcs.values()]
    bodies += [(path, text, 1) for path, text in corpus.docs_pages]
    for path, text, first in bodies:
        for ref in syntax.find_references(text):
            yield syntax.normalise_target(ref.target), path, first + ref.line - 1


def _renamed_to(old: Graph, new: Graph, key: str) -> str | None:
    """The new key that looks like `key` renamed: same kind and same title or text."""
    was = old.targets[key]
    if was.kind == "clause":
        text = old.corpus.clauses[was.key].text.strip()
        for cid, c in new.corpus.clauses.items():
            if cid not in old.corpus.clauses and (c.title == was.title or c.text.strip() == text):
                return cid
        return None
    for k, t in new.targets.items():
        if t.kind == was.kind and k not in old.targets and t.title == was.title:
            return k
    return None


def check_removed_ids(old: Graph, new: Graph, ref: str) -> list[Diagnostic]:
    gone = [k for k in old.targets if k not in new.targets]
    if not gone:
        return []
    used: dict[str, list[tuple[str, int]]] = {}
    for key, path, line in references(new.corpus):
        if key in gone:
            used.setdefault(key, []).append((path, line))
    out = []
    for key in gone:
        was = old.targets[key]
        label = f"RFC {key[4:]}" if was.kind == "rfc" else f"{was.kind} `{key}`"
        renamed = _renamed_to(old, new, key)
        where = new.targets[renamed] if renamed else None
        path, line = _place(new, where, used.get(key))
        alias_hint = f'keep the old id: aliases="{key}" in the clause marker' if was.kind == "clause" else "restore the old id"
        if key in used:
            first = used[key][0]
            n = len(used[key])
            what = f"was renamed to `{renamed}`" if renamed else "was removed"
            msg = f"{label} {what} since `{ref}`, but {n} reference{'s' * (n != 1)} still use{'s' * (n == 1)} it (first at {first[0]}:{first[1]})"
            out.append(error(path, line, "CW511", msg, f"update the references, or {alias_hint}"))
        elif renamed and was.kind == "clause":
            out.append(warning(path, line, "CW512", f"clause `{key}` was renamed to `{renamed}` since `{ref}`; links to `#{key}` will break", alias_hint))
    return out


def _place(new: Graph, target: object, uses: list[tuple[str, int]] | None) -> tuple[str, int]:
    kind = getattr(target, "kind", None)
    key = getattr(target, "key", "")
    if kind == "clause":
        return new.corpus.clauses[key].loc.path, new.corpus.clauses[key].loc.line
    if kind == "ambiguity":
        return new.corpus.ambiguities[key].loc.path, new.corpus.ambiguities[key].loc.line
    if kind == "ruling":
        return new.corpus.rulings[key].loc.path, new.corpus.rulings[key].loc.line
    if uses:
        return uses[0]
    return "clausewise.yml", 1


# -- CW513 -------------------------------------------------------------------------------
def check_policy_edits(old: Corpus, new: Corpus, changed_rfcs: list[RFC], ref: str) -> Iterator[Diagnostic]:
    pending = [r for r in changed_rfcs if r.status.is_pending()]
    if not pending:
        return
    names = ", ".join(f"RFC {r.number}" for r in pending)
    # What `clausewise apply` did since REF is the applied RFC's edit, recorded in the new
    # policy versions: it is no pending RFC's doing, as long as the clause still reads as
    # `apply` left it. A hand edit on top of it is blamed like any other.
    known = {v.version for v in old.gov.versions}
    applied: dict[str, tuple[str, VersionChange]] = {}  # clause id -> (version, its last change)
    for v in new.gov.versions:
        if v.version not in known:
            for ch in v.changes:
                applied[ch.clause] = (v.version, ch)
    for cid, clause in new.clauses.items():
        before = old.clauses.get(cid)
        if before is not None and before.text.strip() == clause.text.strip() and before.title == clause.title:
            continue
        what = f"was {'added' if before is None else 'edited'} directly since `{ref}`"
        if cid in applied:
            version, ch = applied[cid]
            if ch.op != "remove" and (ch.text is None or same_text(ch.text, clause.text)):
                continue
            done = f"wrote RFC {ch.rfc}'s text into it" if ch.op != "remove" else f"removed it for RFC {ch.rfc}"
            what = f"was {'edited by hand' if ch.op != 'remove' else 'added back'} since `{ref}` after `clausewise apply` {done} (policy version {version})"
        yield error(
            clause.loc.path, clause.loc.line, "CW513",
            f"clause `{cid}` {what}, in the same change as {names} (not yet accepted)",
            "the policy changes only when an RFC is accepted: revert this edit and propose the text in the RFC's `changes`",
        )
    for cid, clause in old.clauses.items():
        if cid not in new.clauses and (cid not in applied or applied[cid][1].op != "remove"):
            page = next((p.path for p in new.policy_pages if p.src_uri == clause.page), clause.loc.path)
            yield error(
                page, 1, "CW513", f"clause `{cid}` was removed directly since `{ref}`, in the same change as {names} (not yet accepted)",
                "the policy changes only when an RFC is accepted: restore the clause and propose `op: remove` in the RFC",
            )
