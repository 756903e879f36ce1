"""Governance records: the roster, vote records, policy versions and FAQ answers.

Votes live in `votes/NNNN.yml`, apart from the RFC they decide: the team appends votes
while the author keeps editing the RFC, and the two never touch the same file in git.
Reading them is `clausewise.load`'s job; deciding with them is `clausewise.governance`'s.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field
from functools import cached_property
from fractions import Fraction

from clausewise.model.applications import Criterion
from clausewise.model.records import Lines, Loc


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    start: str  # YYYY-MM-DD, first day with a binding vote
    end: str | None  # last day with a binding vote, or None if still serving
    line: int

    def serves_on(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RuleSpec:
    """A community's own decision rule, named in governance.yml (`rules:`): one of the
    generic rules (`uses`) with its parameters and the community's title for it."""

    name: str
    uses: str
    title: str | None
    params: tuple[tuple[str, object], ...]
    line: int
    summary: str | None = None


@dataclass(frozen=True, eq=False)
class Governance:
    path: str
    default_rule: str
    allowed_rules: tuple[str, ...]
    quorum: Fraction
    roster: tuple[Member, ...]
    note: str | None = None
    lines: Lines = field(default_factory=dict)
    as_of: str | None = None  # a pinned build date, for an archived site
    #: the community's own rules, by name (governance.yml `rules:`)
    rules: dict[str, RuleSpec] = field(default_factory=dict)
    #: kinds of decision -> the rule that decides them (governance.yml `kinds:`)
    kinds: dict[str, str] = field(default_factory=dict)

    def binding(self, name: str, day: str) -> Member | None:
        """The roster entry that gives `name` a binding vote on `day`, if any: the first in
        roster order that serves on that day."""
        entries = self.entries(name)
        if len(entries) <= 8:
            return next((m for m in entries if m.serves_on(day)), None)
        # Many entries for one name (a roster of 3,000 one-day terms, asked by 3,000 votes,
        # walked 9 million entries): the answer from a table of periods.
        points, answers = self._periods(name)
        return answers[bisect.bisect_right(points, (day, 1)) - 1]

    def entries(self, name: str) -> tuple[Member, ...]:
        """`name`'s roster entries, in roster order: one lookup, not a walk of the roster
        per vote (votes times roster entries grew quadratically)."""
        return self._by_name.get(name, ())

    def _periods(self, name: str) -> tuple[list[tuple[str, int]], list[Member | None]]:
        """For one name, the days on which the answer of `binding` changes, each with the
        answer from then on. `(day, 0)` is the start of `day`, `(day, 2)` the end of it, so
        a day asked as `(day, 1)` falls inside both."""
        cache = self._period_cache
        if name not in cache:
            entries = self.entries(name)
            events: dict[tuple[str, int], list[tuple[bool, int]]] = {}
            for i, m in enumerate(entries):
                events.setdefault((m.start, 0), []).append((True, i))
                if m.end is not None:
                    events.setdefault((m.end, 2), []).append((False, i))
            points: list[tuple[str, int]] = [("", 0)]
            answers: list[Member | None] = [None]
            active: list[int] = []  # a heap of roster positions; ended ones are dropped lazily
            ended: set[int] = set()
            for point in sorted(events):
                for starts, i in events[point]:
                    if starts:
                        heapq.heappush(active, i)
                    else:
                        ended.add(i)
                while active and active[0] in ended:
                    heapq.heappop(active)
                points.append(point)
                answers.append(entries[active[0]] if active else None)
            cache[name] = (points, answers)
        return cache[name]

    @cached_property
    def _period_cache(self) -> dict[str, tuple[list[tuple[str, int]], list[Member | None]]]:
        return {}

    # Cached in the instance's __dict__, which a frozen dataclass still has.
    @cached_property
    def _by_name(self) -> dict[str, tuple[Member, ...]]:
        index: dict[str, list[Member]] = {}
        for m in self.roster:
            index.setdefault(m.name, []).append(m)
        return {name: tuple(ms) for name, ms in index.items()}

    def members_on(self, day: str) -> list[str]:
        return sorted({m.name for m in self.roster if m.serves_on(day)})

    def rule_allowed(self, name: str) -> bool:
        """The default, the allowed rules, and the community's own and mapped rules."""
        return name == self.default_rule or name in self.allowed_rules or name in self.rules or name in self.kinds.values()

    def rule_name(self, record_rule: str | None, kind: str | None = None) -> str:
        """The rule a vote is decided by: the vote record's own, else its RFC's kind's,
        else the default."""
        return record_rule or (self.kinds.get(kind) if kind else None) or self.default_rule


@dataclass(frozen=True)
class Vote:
    voter: str
    value: int
    date: str
    ref: str
    line: int
    reasons: str | None = None


@dataclass(frozen=True, eq=False)
class VoteRecord:
    rfc: int
    loc: Loc
    opens: str
    closes: str
    votes: tuple[Vote, ...]
    rule: str | None = None
    call: str | None = None
    proposer: str | None = None
    stakeholders: tuple[str, ...] = ()
    lines: Lines = field(default_factory=dict)


@dataclass(frozen=True)
class VersionChange:
    """One clause operation as applied, self-contained so any version can be rebuilt."""

    rfc: int
    op: str
    clause: str
    line: int
    page: str | None = None
    after: str | None = None
    title: str | None = None
    before_title: str | None = None
    before: str | None = None
    text: str | None = None


@dataclass(frozen=True, eq=False)
class PolicyVersion:
    version: str
    date: str
    line: int
    rfcs: tuple[int, ...] = ()
    changes: tuple[VersionChange, ...] = ()
    published: str | None = None
    note: str | None = None
    source: str | None = None
    #: the eligibility criteria declared by this version (`criteria:`); None: unchanged
    criteria: tuple[Criterion, ...] | None = None


@dataclass(frozen=True, eq=False)
class FaqAnswer:
    slug: str
    question: str
    policy_version: str
    cites: tuple[str, ...]
    body: str
    body_line: int
    loc: Loc
    date: str | None = None
    lines: Lines = field(default_factory=dict)
    #: the earlier answer (its slug) this one replaces; the earlier one is kept as history
    supersedes: str | None = None
    #: `editors` (front matter `provenance`): written by the site's maintainers from the
    #: policy text, not given by the team that applies the policy; every page and list says so
    provenance: str | None = None

    @property
    def page(self) -> str:
        return f"faq/{self.slug}.md"

    @property
    def label(self) -> str | None:
        return FAQ_PROVENANCE_LABELS.get(self.provenance or "")


#: FAQ front matter `provenance` value -> the label shown before the answer
FAQ_PROVENANCE_LABELS = {"editors": "editors' answer"}


@dataclass
class GovData:
    """Everything governance-related loaded from one project."""

    governance: Governance | None = None
    votes: dict[int, VoteRecord] = field(default_factory=dict)
    versions: list[PolicyVersion] = field(default_factory=list)
    versions_path: str | None = None
    faq: dict[str, FaqAnswer] = field(default_factory=dict)
