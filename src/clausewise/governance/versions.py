"""Policy versions: the policy as it stood at any recorded version, and what changed since.

`policy-versions.yml` keeps, for every applied change, the clause text before and after.
So any version is rebuilt from today's clauses by undoing the later changes, newest
first, without reading git history, and the result is the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from clausewise.graph import Graph
from clausewise.model import Corpus, FaqAnswer, PolicyVersion, VersionChange


@dataclass(frozen=True)
class ClauseState:
    id: str
    title: str
    text: str
    page: str


def current_state(corpus: Corpus) -> list[ClauseState]:
    clauses = sorted(corpus.clauses.values(), key=lambda c: c.order)
    return [ClauseState(c.id, c.title, c.text, c.page) for c in clauses]


class _Policy:
    """The policy while versions are undone, newest first: clauses by id and their order.
    Undoing an amendment takes constant time; only undoing an addition or a removal moves
    the order (one list operation done in C, not a Python loop over every clause)."""

    def __init__(self, state: list[ClauseState]) -> None:
        self.by_id = {c.id: c for c in state}
        self.ids = [c.id for c in state]

    def undo(self, ch: VersionChange) -> None:
        there = ch.clause in self.by_id
        if ch.op == "add" and there:
            del self.by_id[ch.clause]
            self.ids.remove(ch.clause)
        elif ch.op == "amend" and there and ch.before is not None:
            c = self.by_id[ch.clause]
            self.by_id[ch.clause] = replace(c, text=ch.before, title=ch.before_title or c.title)
        elif ch.op == "remove" and not there and ch.before is not None:
            at = self.ids.index(ch.after) + 1 if ch.after is not None and ch.after in self.by_id else 0
            page = self.by_id[self.ids[at - 1]].page if at else (self.by_id[self.ids[0]].page if self.ids else "")
            self.by_id[ch.clause] = ClauseState(ch.clause, ch.before_title or ch.clause, ch.before, ch.page or page)
            self.ids.insert(at, ch.clause)

    def state(self) -> list[ClauseState]:
        return [self.by_id[i] for i in self.ids]


def state_at(corpus: Corpus, version: str) -> list[ClauseState]:
    """Every clause, in order, as it stood once `version` had been made."""
    policy = _Policy(current_state(corpus))
    for v in reversed(corpus.gov.versions):
        if v.version == version:
            break
        for ch in reversed(v.changes):
            policy.undo(ch)
    return policy.state()


#: Version pages show the whole policy (each clause with an anchor) for this many of the
#: newest versions; older ones show what changed. As-at links anchor only into those.
WHOLE_POLICY_VERSIONS = 20


def whole_policy_versions(corpus: Corpus) -> frozenset[str]:
    """The versions whose pages show the whole policy, each clause with its anchor."""
    return frozenset(v.version for v in corpus.gov.versions[-WHOLE_POLICY_VERSIONS:])


def newest_states(corpus: Corpus, count: int) -> dict[str, list[ClauseState]]:
    """The policy as it stood at each of the newest `count` versions, in one walk back
    through the changes: the time grows with the changes plus `count` times the clauses,
    never with versions times clauses."""
    policy = _Policy(current_state(corpus))
    out: dict[str, list[ClauseState]] = {}
    for v in reversed(corpus.gov.versions):
        if len(out) >= count:
            break
        out.setdefault(v.version, policy.state())
        for ch in reversed(v.changes):
            policy.undo(ch)
    return out


def version_index(corpus: Corpus, version: str) -> int | None:
    return next((i for i, v in enumerate(corpus.gov.versions) if v.version == version), None)


def applied_in(corpus: Corpus) -> dict[int, PolicyVersion]:
    return {n: v for v in corpus.gov.versions for n in v.rfcs}


def clause_history(corpus: Corpus, clause_id: str) -> list[tuple[PolicyVersion, VersionChange]]:
    return [(v, ch) for v in corpus.gov.versions for ch in v.changes if ch.clause == clause_id]


@dataclass(frozen=True)
class Review:
    """Why a FAQ answer needs review: something it cites changed after its version."""

    cited: str  # the clause or ambiguity key
    version: PolicyVersion
    rfc: int
    kind: str  # "changed" (a clause) or "resolved" (an ambiguity settled by the RFC)


def faq_review(graph: Graph, answer: FaqAnswer) -> list[Review]:
    """A cited clause changed, or a cited ambiguity (or a ruling's ambiguity) was resolved
    by an RFC applied in a version after the one the answer was written against."""
    corpus = graph.corpus
    start = version_index(corpus, answer.policy_version)
    if start is None:
        return []
    clauses: set[str] = set()
    questions: set[str] = set()
    for cite in answer.cites:
        target = graph.resolve(cite)
        if target is None:
            continue
        if target.kind == "clause":
            clauses.add(target.key)
        elif target.kind == "ambiguity":
            questions.add(target.key)
        elif target.kind == "ruling":
            questions.add(corpus.rulings[target.key].ambiguity)
    out: list[Review] = []
    for v in corpus.gov.versions[start + 1 :]:
        out += [Review(ch.clause, v, ch.rfc, "changed") for ch in v.changes if ch.clause in clauses]
        for n in v.rfcs:
            rfc = corpus.rfcs.get(n)
            out += [Review(a, v, n, "resolved") for a in (rfc.resolves if rfc else ()) if a in questions]
    return list(dict.fromkeys(out))


def next_version(current: str | None, major: bool = False) -> str:
    """3.7 -> 3.8 (or 4.0 with `major`); anything unnumbered starts again at 1.0."""
    if not current:
        return "1.0"
    parts = current.split(".")
    if not all(p.isdigit() for p in parts):
        head = parts[0] if parts[0].isdigit() else "0"
        return f"{int(head) + 1}.0"
    if major or len(parts) == 1:
        return f"{int(parts[0]) + 1}.0"
    return ".".join(parts[:-1] + [str(int(parts[-1]) + 1)])
