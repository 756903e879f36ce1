"""Dated documents read as at their date: the policy version a document was written
against, and a clause as it stood then, with what changed in it since.

A post-mortem and an interim ruling are dated; a FAQ answer names its policy version; an
RFC was created on a day. Each is read against the latest recorded policy version dated on
or before that day (a month, `2014-10`, counts as its last day). The clause texts come from
`versions.state_at`: one state per version asked for, built once per graph, so reading
every reference of every document costs O(clauses x versions) at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from clausewise.governance.versions import ClauseState, state_at
from clausewise.graph import Graph
from clausewise.model import ChangeOp, Corpus, PolicyVersion, VersionChange, syntax


@dataclass(frozen=True)
class AsAt:
    """Clause `clause` as it stood at `version`; `state` is None when it did not exist yet."""

    clause: str
    version: PolicyVersion
    state: ClauseState | None
    #: (version, change) for every change to the clause in a later version, oldest first
    since: tuple[tuple[PolicyVersion, VersionChange], ...]

    @property
    def existed(self) -> bool:
        return self.state is not None


def day_key(date: str) -> str:
    """A date as a sort key in which a month (`2014-10`) or a year counts as its last day."""
    return date if len(date) >= 10 else date + "-99"


def version_on(corpus: Corpus, date: str | None) -> PolicyVersion | None:
    """The latest recorded version dated on or before `date`; None before the first one."""
    if not date:
        return None
    key = day_key(date)
    found = None
    for v in corpus.gov.versions:
        if day_key(v.date) <= key:
            found = v
    return found


def version_named(corpus: Corpus, name: str) -> PolicyVersion | None:
    return next((v for v in corpus.gov.versions if v.version == name), None)


def _states(graph: Graph, version: str) -> dict[str, ClauseState]:
    """The policy at `version` by clause id, built once per graph and version."""
    cache: dict[str, dict[str, ClauseState]] = graph.__dict__.setdefault("_cw_asat_states", {})
    if version not in cache:
        cache[version] = {cs.id: cs for cs in state_at(graph.corpus, version)}
    return cache[version]


def clause_as_at(graph: Graph, clause_id: str, version: str) -> AsAt | None:
    """Clause `clause_id` (an id or an alias) at `version`; None for a version not recorded."""
    corpus = graph.corpus
    v = version_named(corpus, version)
    if v is None:
        return None
    target = graph.resolve(clause_id)
    cid = target.key if target is not None and target.kind == "clause" else clause_id
    later = corpus.gov.versions[corpus.gov.versions.index(v) + 1:]
    since = tuple((w, ch) for w in later for ch in w.changes if ch.clause == cid)
    return AsAt(cid, v, _states(graph, version).get(cid), since)


def versions_with(graph: Graph, clause_id: str) -> list[PolicyVersion]:
    """The recorded versions in which the clause stood: where its as-at views are."""
    return [v for v in graph.corpus.gov.versions if clause_id in _states(graph, v.version)]


# -- which version each dated document is read against ---------------------------------------
def postmortem_version(corpus: Corpus, pm_id: str) -> PolicyVersion | None:
    pm = corpus.postmortems.get(pm_id)
    return version_on(corpus, pm.date) if pm else None


def ruling_version(corpus: Corpus, ruling_id: str) -> PolicyVersion | None:
    """A ruling's own date, else the date of the post-mortem that records it."""
    r = corpus.rulings.get(ruling_id)
    if r is None:
        return None
    pm = corpus.postmortems.get(r.postmortem)
    return version_on(corpus, r.date or (pm.date if pm else None))


def faq_version(corpus: Corpus, slug: str) -> PolicyVersion | None:
    a = corpus.gov.faq.get(slug)
    return version_named(corpus, a.policy_version) if a else None


def rfc_version(corpus: Corpus, number: int) -> PolicyVersion | None:
    rfc = corpus.rfcs.get(number)
    return version_on(corpus, rfc.created) if rfc else None


def rfc_own_clauses(corpus: Corpus, number: int) -> frozenset[str]:
    """Clauses an RFC adds: it may name them, though they did not exist when it was written."""
    rfc = corpus.rfcs.get(number)
    return frozenset(ch.clause for ch in rfc.changes if ch.op is ChangeOp.ADD) if rfc else frozenset()


# -- references in a dated text ---------------------------------------------------------------
@lru_cache(maxsize=16384)
def _references(text: str) -> tuple[syntax.Reference, ...]:
    # Remembered by text: `check` reads every body on each `serve` rebuild, and few change.
    return tuple(syntax.find_references(text))


def dated_references(graph: Graph, text: str, exempt: frozenset[str] = frozenset()) -> list[tuple[int, str, str, str | None]]:
    """(line, written target, clause id, the version its `@` names or None) for each
    reference to a clause in `text`, outside code; clauses in `exempt` are left out."""
    out = []
    for ref in _references(text):
        base, version = syntax.split_as_at(ref.target)
        target = graph.resolve(base)
        if target is not None and target.kind == "clause" and target.key not in exempt:
            out.append((ref.line, ref.target, target.key, version))
    return out


# -- FAQ answers and their successors -------------------------------------------------------
def current_answer(corpus: Corpus, slug: str) -> str:
    """The answer that replaces `slug` today, following `supersedes` to the newest (`slug`
    itself when none does); stops at a cycle, which CW305 reports."""
    successors = {a.supersedes: a.slug for a in corpus.gov.faq.values() if a.supersedes}
    seen = {slug}
    while slug in successors and successors[slug] not in seen:
        slug = successors[slug]
        seen.add(slug)
    return slug
