"""Governance records: the roster, vote records, policy versions and FAQ answers.

Votes live in `votes/NNNN.yml`, apart from the RFC they decide: the team appends votes
while the author keeps editing the RFC, and the two never touch the same file in git.
Reading them is `clausewise.load`'s job; deciding with them is `clausewise.governance`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        """The roster entry that gives `name` a binding vote on `day`, if any."""
        return next((m for m in self.roster if m.name == name and m.serves_on(day)), None)

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
