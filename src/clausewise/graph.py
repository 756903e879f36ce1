"""The reference graph: one namespace of targets and every inverse link, built once.

Each page, panel and badge is computed from this, so a title changed in one file
shows everywhere on the next build.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from clausewise.model import RFC, Ambiguity, AmbiguityState, Clause, Corpus, Postmortem, RFCStatus, Ruling, syntax


@dataclass(frozen=True)
class Target:
    kind: str  # clause | ambiguity | ruling | postmortem | rfc | application
    key: str
    title: str
    page: str  # docs-relative Markdown path
    anchor: str | None = None
    #: what a reference shows in running text when shorter than the title ("XSA-108 post-mortem")
    short: str | None = None

    @property
    def label(self) -> str:
        return self.short or self.title


_NUMBERED_ID = re.compile(r"[a-z]+-[0-9]+")


def postmortem_label(pm: Postmortem) -> str | None:
    """`xsa-108` -> "XSA-108 post-mortem": a post-mortem named after a numbered incident is
    referred to by it; any other keeps its title."""
    return f"{pm.id.upper()} post-mortem" if _NUMBERED_ID.fullmatch(pm.id) else None


def ambiguity_page(amb_id: str) -> str:
    return f"ambiguities/{amb_id}.md"


def clause_page(clause_id: str) -> str:
    return f"clauses/{clause_id}.md"


def postmortem_page(pm_id: str) -> str:
    return f"postmortems/{pm_id}.md"


class Graph:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.targets: dict[str, Target] = {}
        self.clause_ambiguities: dict[str, list[Ambiguity]] = defaultdict(list)
        self.clause_rfcs: dict[str, list[RFC]] = defaultdict(list)
        self.clause_rulings: dict[str, list[Ruling]] = defaultdict(list)
        self.ambiguity_rfcs: dict[str, list[RFC]] = defaultdict(list)
        self.ambiguity_rulings: dict[str, list[Ruling]] = defaultdict(list)
        self.superseded_by: dict[int, list[RFC]] = defaultdict(list)
        self._pending: dict[str, list[RFC]] = {}
        self._build()

    def _build(self) -> None:
        c = self.corpus
        for clause in c.clauses.values():
            self.targets[clause.id] = Target("clause", clause.id, clause.title, clause.page, clause.id)
            for alias in clause.aliases:
                self.targets.setdefault(alias, Target("clause", clause.id, clause.title, clause.page, clause.id))
        for pm in c.postmortems.values():
            self.targets.setdefault(pm.id, Target("postmortem", pm.id, pm.title, postmortem_page(pm.id), short=postmortem_label(pm)))
        for amb in c.ambiguities.values():
            self.targets.setdefault(amb.id, Target("ambiguity", amb.id, amb.title, ambiguity_page(amb.id)))
            for cid in amb.clauses:
                self.clause_ambiguities[cid].append(amb)
        for ruling in c.rulings.values():
            amb = c.ambiguities.get(ruling.ambiguity)
            title = f"Interim ruling: {amb.title}" if amb else ruling.id
            self.targets.setdefault(ruling.id, Target("ruling", ruling.id, title, ambiguity_page(ruling.ambiguity), ruling.id))
            self.ambiguity_rulings[ruling.ambiguity].append(ruling)
            for cid in dict.fromkeys(ruling.clauses or (amb.clauses if amb else ())):
                self.clause_rulings[cid].append(ruling)
        for rfc in c.rfcs.values():
            self.targets[f"rfc-{rfc.number}"] = Target("rfc", f"rfc-{rfc.number}", rfc.full_title, rfc.page)
            for amb_id in rfc.resolves:
                self.ambiguity_rfcs[amb_id].append(rfc)
            for cid in dict.fromkeys(ch.clause for ch in rfc.changes):
                self.clause_rfcs[cid].append(rfc)
            for old in rfc.supersedes:
                self.superseded_by[old].append(rfc)
        for app in c.applications.values():  # titled by the applicant's (public) name
            self.targets.setdefault(app.id, Target("application", app.id, app.applicant, app.page))

    # -- lookups ---------------------------------------------------------------------
    def resolve(self, target: str) -> Target | None:
        """The target a reference names; `id@version` (a clause as at a version) names `id`."""
        if syntax.AS_AT in target:
            target = syntax.split_as_at(target)[0]
        return self.targets.get(syntax.normalise_target(target))

    def known_keys(self) -> Iterable[str]:
        return self.targets.keys()

    # -- derived state ---------------------------------------------------------------
    def ambiguity_state(self, amb_id: str) -> AmbiguityState:
        rfcs = self.ambiguity_rfcs.get(amb_id, [])
        if any(r.status is RFCStatus.ACCEPTED for r in rfcs):
            return AmbiguityState.RESOLVED
        if any(r.status.is_pending() for r in rfcs):
            return AmbiguityState.PROPOSED
        if self.ambiguity_rulings.get(amb_id):
            return AmbiguityState.RULED
        return AmbiguityState.OPEN

    def open_ambiguities(self, clause_id: str) -> list[Ambiguity]:
        return [a for a in self.clause_ambiguities.get(clause_id, []) if self.ambiguity_state(a.id).is_open()]

    def pending_rfcs(self, clause_id: str) -> list[RFC]:
        if clause_id not in self._pending:  # asked for each change of each RFC
            self._pending[clause_id] = [r for r in self.clause_rfcs.get(clause_id, []) if r.status.is_pending()]
        return self._pending[clause_id]

    def clause(self, clause_id: str) -> Clause | None:
        return self.corpus.clauses.get(clause_id)

    def postmortem_of(self, amb: Ambiguity) -> Postmortem | None:
        return self.corpus.postmortems.get(amb.postmortem)
