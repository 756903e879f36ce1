"""The corpus as plain, frozen records. Nothing here knows about files or MkDocs.

Records have identity on their id (`eq=False` keeps them hashable by object and stops
accidental structural comparison of large texts). Vocabularies are enums with predicates,
and everything derived (states, counts) is computed in `graph`, never stored here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Mapping


class RFCStatus(enum.Enum):
    DRAFT = "draft"
    DISCUSSION = "discussion"
    VOTING = "voting"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"

    def is_pending(self) -> bool:
        """Still open: proposes a change that has not been decided."""
        return self in (RFCStatus.DRAFT, RFCStatus.DISCUSSION, RFCStatus.VOTING)

    def is_terminal(self) -> bool:
        return not self.is_pending()

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Order in which the RFC index lists status groups.
STATUS_ORDER: tuple[RFCStatus, ...] = (
    RFCStatus.VOTING,
    RFCStatus.DISCUSSION,
    RFCStatus.DRAFT,
    RFCStatus.ACCEPTED,
    RFCStatus.REJECTED,
    RFCStatus.WITHDRAWN,
    RFCStatus.SUPERSEDED,
)


class ChangeOp(enum.Enum):
    AMEND = "amend"
    ADD = "add"
    REMOVE = "remove"


class AmbiguityState(enum.Enum):
    """Derived from rulings and RFCs; never written by hand."""

    OPEN = "open"
    RULED = "ruled in the interim"
    PROPOSED = "proposed"
    RESOLVED = "resolved"

    def is_open(self) -> bool:
        return self is not AmbiguityState.RESOLVED


@dataclass(frozen=True)
class Loc:
    path: str  # relative to the project root, with forward slashes
    line: int


Lines = Mapping[tuple, int]


@dataclass(frozen=True, eq=False)
class Clause:
    id: str
    title: str
    text: str
    page: str  # docs-relative source path of the policy page it sits on
    order: int  # position across the whole policy
    loc: Loc
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class PolicyPage:
    path: str  # project-relative
    src_uri: str  # docs-relative
    clause_ids: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Ambiguity:
    id: str
    title: str
    question: str
    clauses: tuple[str, ...]
    postmortem: str
    loc: Loc
    lines: Lines = field(default_factory=dict)


@dataclass(frozen=True)
class Precedent:
    ruling: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, eq=False)
class Ruling:
    id: str
    ambiguity: str
    answer: str
    postmortem: str
    loc: Loc
    date: str | None = None
    during: str | None = None
    rationale: str | None = None
    clauses: tuple[str, ...] = ()
    precedent: tuple[Precedent, ...] = ()
    lines: Lines = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Postmortem:
    id: str
    title: str
    date: str
    body: str
    body_line: int
    loc: Loc
    ambiguities: tuple[str, ...]
    rulings: tuple[str, ...]
    source: str | None = None
    lines: Lines = field(default_factory=dict)


@dataclass(frozen=True)
class ClauseChange:
    op: ChangeOp
    clause: str
    line: int
    text: str | None = None
    title: str | None = None
    after: str | None = None
    #: the clause text the change was drafted against (amend/remove); tells stale drafts apart
    base: str | None = None


#: Front matter `provenance` value -> the label shown before the RFC's title.
PROVENANCE_LABELS = {"reconstruction": "reconstruction", "fiction": "fictional example"}


@dataclass(frozen=True)
class Decision:
    """A decision recorded by reference (date, body, source), not computed from votes."""

    outcome: str
    date: str
    by: str
    source: str
    note: str | None = None


@dataclass(frozen=True, eq=False)
class RFC:
    number: int
    slug: str
    title: str
    status: RFCStatus
    authors: tuple[str, ...]
    created: str
    discussion: str
    resolves: tuple[str, ...]
    changes: tuple[ClauseChange, ...]
    body: str
    body_line: int
    loc: Loc
    supersedes: tuple[int, ...] = ()
    decision: Decision | None = None
    lines: Lines = field(default_factory=dict)
    #: `reconstruction` or `fiction` (front matter `provenance`): the RFC is not a real
    #: proposal, and every page, list, feed and export that names it says so first.
    provenance: str | None = None
    #: the kind of decision (governance.yml `kinds:` maps it to the rule that decides it)
    kind: str | None = None

    @property
    def ref(self) -> str:
        return f"RFC {self.number}"

    @property
    def label(self) -> str | None:
        """What the reader is told first about an RFC that is not a real proposal."""
        return PROVENANCE_LABELS.get(self.provenance or "")

    @property
    def name(self) -> str:
        """`RFC 1`, or `RFC 1 (reconstruction)`: the RFC's name wherever it is listed."""
        return f"RFC {self.number} ({self.label})" if self.label else f"RFC {self.number}"

    @property
    def full_title(self) -> str:
        return f"{self.name}: {self.title}"

    @property
    def page(self) -> str:
        return f"rfcs/{self.number:04d}-{self.slug}.md"
