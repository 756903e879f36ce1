"""Decision rules: pure functions from ballots, roster size and period to an Outcome.

Nothing here reads files or knows about dates beyond "is the period over". Each rule
is one small function with the governance text it implements in its docstring, and
they are registered by name in `RULES`, the one table a project's `governance.yml`
and an RFC's vote record choose from. Who holds a binding vote is decided before a
rule runs (see `tally`); a rule only sees `Ballot.binding`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Sequence


class Result(enum.Enum):
    OPEN = "open"  # the voting period has not ended
    PASSED = "passed"
    FAILED = "failed"

    def is_decided(self) -> bool:
        return self is not Result.OPEN

    @property
    def status(self) -> str | None:
        """The RFC status this result calls for (None while voting is open)."""
        return {Result.PASSED: "accepted", Result.FAILED: "rejected"}.get(self)


@dataclass(frozen=True)
class Ballot:
    """One counted vote, as a rule sees it."""

    voter: str
    value: int  # -2 .. +2
    binding: bool = True
    reasons: str | None = None


@dataclass(frozen=True)
class Context:
    """What a rule needs besides the ballots."""

    members: int  # binding members on the roster when voting opened
    closed: bool = True  # the voting period is over
    proposer: str | None = None  # lazy consensus: counts as an implicit +1
    stakeholders: tuple[str, ...] = ()  # lazy consensus: a -2 from one of these fails it
    quorum: Fraction = Fraction(1, 2)  # majority: share of members who must vote


@dataclass(frozen=True)
class Outcome:
    result: Result
    reason: str  # one sentence: why it passes or fails (or would, as it stands)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.result is Result.PASSED


Decide = Callable[[Sequence[Ballot], Context], tuple[bool, str, dict[str, int]]]


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    values: tuple[int, ...]  # the values a voter may cast
    reasons_for: tuple[int, ...]  # values that must come with reasons or an alternative
    summary: str
    decide_fn: Decide

    def decide(self, ballots: Sequence[Ballot], ctx: Context) -> Outcome:
        """Passed or failed once the period is over; until then OPEN, saying how it stands."""
        ok, why, counts = self.decide_fn(ballots, ctx)
        if ctx.closed:
            return Outcome(Result.PASSED if ok else Result.FAILED, why, counts)
        return Outcome(Result.OPEN, f"voting is open; as it stands it would {'pass' if ok else 'fail'}: {why}", counts)


def _binding(ballots: Sequence[Ballot]) -> list[Ballot]:
    return [b for b in ballots if b.binding]


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# -- Xen Project governance v2.0 (May 2013), in force during XSA-108 --------------------
def _xen_v2_lazy(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
    """Lazy consensus: a few positive votes and no negative vote are enough."""
    b = _binding(ballots)
    plus, minus = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
    counts = {"+1": plus, "0": sum(1 for x in b if x.value == 0), "-1": minus}
    if minus:
        return False, f"{_n(minus, 'binding -1')} (lazy consensus needs no binding -1)", counts
    if not plus:
        return False, "no binding +1 (lazy consensus needs at least one positive vote)", counts
    return True, f"{_n(plus, 'binding +1')} and no binding -1", counts


# -- Xen Project governance v3.0 (Dec 2016) ---------------------------------------------
def _xen_v3_leadership(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
    """Leadership-team vote: +2/-2 count as +1/-1, 0 is not counted; at least 1/3 of the
    members must vote in favour (quorum) and at least 2/3 of the votes cast in favour."""
    b = _binding(ballots)
    favour, against = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
    counts = {"for": favour, "against": against, "not counted": sum(1 for x in b if x.value == 0), "members": ctx.members}
    if ctx.members <= 0:
        return False, "the roster has no members with a binding vote", counts
    quorum_ok = 3 * favour >= ctx.members
    share_ok = 3 * favour >= 2 * (favour + against)
    cast = favour + against
    need = -(-ctx.members // 3)  # ceiling of members / 3
    facts = f"{favour} for, {against} against of {ctx.members} members"
    if not quorum_ok:
        return False, f"{facts}: quorum not reached (needs at least {need} in favour, 1/3 of the members)", counts
    if not share_ok:
        return False, f"{facts}: {favour} of {cast} votes cast in favour is less than 2/3", counts
    return True, f"{facts}: quorum reached (at least {need} in favour) and {favour} of {cast} votes cast in favour is at least 2/3", counts


def _xen_v3_lazy(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
    """Lazy consensus: the proposer is an implicit +1; a single -2 from a required
    stakeholder fails it, as does a sum of opinions <= 0."""
    b = _binding(ballots)
    voters = {x.voter for x in b}
    implicit = 1 if ctx.proposer and ctx.proposer not in voters else 0
    total = implicit + sum(x.value for x in b)
    counts = {"sum": total, "proposer": implicit}
    blockers = sorted(x.voter for x in b if x.value == -2 and x.voter in ctx.stakeholders)
    if blockers:
        return False, f"-2 from required stakeholder {', '.join(blockers)}", counts
    implied = " (including the proposer's implicit +1)" if implicit else ""
    if total <= 0:
        return False, f"the sum of opinions is {total:+d}{implied}; it must be above 0", counts
    return True, f"the sum of opinions is {total:+d}{implied} and no required stakeholder voted -2", counts


# -- Others ------------------------------------------------------------------------------
def _apache(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
    """Apache style: at least three binding +1 and no binding -1 (a -1 is a veto)."""
    b = _binding(ballots)
    plus, minus = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
    counts = {"+1": plus, "0": sum(1 for x in b if x.value == 0), "-1": minus}
    if minus:
        vetoers = ", ".join(sorted(x.voter for x in b if x.value < 0))
        return False, f"vetoed by a binding -1 ({vetoers})", counts
    if plus < 3:
        return False, f"{_n(plus, 'binding +1')}; at least 3 are needed", counts
    return True, f"{plus} binding +1 (at least 3) and no veto", counts


def _majority(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
    """Simple majority with a quorum: enough members vote (abstentions count towards the
    quorum), and more vote for than against."""
    b = _binding(ballots)
    plus, minus = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
    counts = {"for": plus, "against": minus, "abstain": len(b) - plus - minus, "members": ctx.members}
    q = ctx.quorum
    if ctx.members <= 0:
        return False, "the roster has no members with a binding vote", counts
    if len(b) * q.denominator < q.numerator * ctx.members:
        need = -(-(q.numerator * ctx.members) // q.denominator)
        return False, f"{len(b)} of {ctx.members} members voted; the quorum is {q} of the members ({need})", counts
    if plus <= minus:
        return False, f"{plus} for and {minus} against: no majority in favour", counts
    return True, f"{plus} for and {minus} against, with {len(b)} of {ctx.members} members voting (quorum {q})", counts


RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule("xen-v2-lazy-consensus", "Xen Project governance v2.0 (2013): lazy consensus", (1, 0, -1), (-1,),
             "+1 / 0 / -1. Passes at the end of the period with at least one binding +1 and no binding -1. A -1 should give reasons or an alternative.",
             _xen_v2_lazy),
        Rule("xen-v3-leadership", "Xen Project governance v3.0 (2016): leadership-team vote", (2, 1, 0, -1, -2), (-2,),
             "+2 / +1 / 0 / -1 / -2; +2 and -2 count as +1 and -1, 0 is not counted. Passes when at least 1/3 of the members vote in favour (quorum) and at least 2/3 of the votes cast are in favour. A -2 must give reasons or an alternative.",
             _xen_v3_leadership),
        Rule("xen-v3-lazy-consensus", "Xen Project governance v3.0 (2016): lazy consensus", (2, 1, 0, -1, -2), (-2,),
             "+2 / +1 / 0 / -1 / -2, summed; the proposer counts as an implicit +1. Fails on a -2 from a required stakeholder or a sum of 0 or less; passes otherwise.",
             _xen_v3_lazy),
        Rule("apache", "Apache style: three +1 and no veto", (1, 0, -1), (-1,),
             "+1 / 0 / -1. Passes with at least three binding +1 and no binding -1; a -1 is a veto and must be justified.",
             _apache),
        Rule("majority", "Simple majority with a quorum", (1, 0, -1), (),
             "+1 / 0 / -1. Passes when at least the quorum of members (default 1/2) vote, abstentions included, and more vote for than against.",
             _majority),
    )
}


def format_value(value: int) -> str:
    return f"{value:+d}" if value else "0"
