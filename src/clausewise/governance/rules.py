"""Decision rules: pure functions from ballots, roster size and period to an Outcome.

Nothing here reads files or knows about dates beyond "is the period over". Each rule
is one small function with the governance text it implements in its docstring, and
they are registered by name in `RULES`, the one table a project's `governance.yml`
and an RFC's vote record choose from. Who holds a binding vote is decided before a
rule runs (see `tally`); a rule only sees `Ballot.binding`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Callable, Sequence

from clausewise.i18n import N_, _, ngettext


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
    #: the generic rule it is an instance of (lazy-consensus, apache, supermajority, majority)
    uses: str = ""
    #: its parameters, and the title and summary it was given (None: made from the parameters),
    #: so that `shown` can say them again in the language in force
    params: tuple[tuple[str, object], ...] = ()
    given: tuple[str | None, str | None] = (None, None)

    def decide(self, ballots: Sequence[Ballot], ctx: Context) -> Outcome:
        """Passed or failed once the period is over; until then OPEN, saying how it stands."""
        ok, why, counts = self.decide_fn(ballots, ctx)
        if ctx.closed:
            return Outcome(Result.PASSED if ok else Result.FAILED, why, counts)
        return Outcome(Result.OPEN, (_("voting is open; as it stands it would pass: {why}") if ok else _("voting is open; as it stands it would fail: {why}")).format(why=why), counts)


def _binding(ballots: Sequence[Ballot]) -> list[Ballot]:
    return [b for b in ballots if b.binding]


def _n(count: int, which: str) -> str:
    """`3 binding +1` (`which`: +1 or -1), in the language in force."""
    return (ngettext("{count} binding +1", "{count} binding +1s", count) if which == "+1" else ngettext("{count} binding -1", "{count} binding -1s", count)).format(count=count)


# -- Generic rules with parameters; the Xen rules are named presets of them -------------------
def _lazy_counting(proposer_counts: bool, min_plus: int) -> Decide:
    """Lazy consensus on a +1 / 0 / -1 scale: enough positive votes (the proposer an
    implicit +1 where `proposer_counts`, unless they voted) and no binding -1."""

    def decide(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
        b = _binding(ballots)
        implicit = 1 if proposer_counts and ctx.proposer and ctx.proposer not in {x.voter for x in ballots} else 0
        plus, minus = sum(1 for x in b if x.value > 0) + implicit, sum(1 for x in b if x.value < 0)
        counts = {"+1": plus, "0": sum(1 for x in b if x.value == 0), "-1": minus}
        implied = " " + _("(including the proposer's implicit +1)") if implicit else ""
        if minus:
            return False, _("{votes} (lazy consensus needs no binding -1)").format(votes=_n(minus, "-1")), counts
        if plus < min_plus:
            if min_plus == 1:
                return False, _("no binding +1 (lazy consensus needs at least one positive vote)"), counts
            return False, _("{votes}{implied}; lazy consensus here needs at least {need}").format(votes=_n(plus, "+1"), implied=implied, need=min_plus), counts
        return True, _("{votes}{implied} and no binding -1").format(votes=_n(plus, "+1"), implied=implied), counts

    return decide


def _lazy_summing(proposer_counts: bool) -> Decide:
    """Lazy consensus on a +2 .. -2 scale, summed: the proposer an implicit +1 where
    `proposer_counts`; a single -2 from a required stakeholder fails it, as does a sum of
    opinions <= 0."""

    def decide(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
        b = _binding(ballots)
        # The proposer's stated vote replaces the implicit +1, on the roster or not.
        implicit = 1 if proposer_counts and ctx.proposer and ctx.proposer not in {x.voter for x in ballots} else 0
        total = implicit + sum(x.value for x in b)
        counts = {"sum": total, "proposer": implicit}
        blockers = sorted(x.voter for x in b if x.value == -2 and x.voter in ctx.stakeholders)
        if blockers:
            return False, _("-2 from required stakeholder {names}").format(names=", ".join(blockers)), counts
        implied = " " + _("(including the proposer's implicit +1)") if implicit else ""
        if total <= 0:
            return False, _("the sum of opinions is {total}{implied}; it must be above 0").format(total=f"{total:+d}", implied=implied), counts
        return True, _("the sum of opinions is {total}{implied} and no required stakeholder voted -2").format(total=f"{total:+d}", implied=implied), counts

    return decide


def _apache(min_plus: int) -> Decide:
    """Apache style: at least `min_plus` binding +1 and no binding -1 (a -1 is a veto).
    The ASF's voting process asks a veto to come with its justification and holds a veto
    without one invalid: a binding -1 without `reasons` is shown and reported (CW405)
    but does not veto."""

    def decide(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
        b = _binding(ballots)
        plus, minus = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
        counts = {"+1": plus, "0": sum(1 for x in b if x.value == 0), "-1": minus}
        vetoes = sorted(x.voter for x in b if x.value < 0 and x.reasons)
        unjustified = sorted(x.voter for x in b if x.value < 0 and not x.reasons)
        if vetoes:
            return False, _("vetoed by a binding -1 ({names})").format(names=", ".join(vetoes)), counts
        if unjustified and plus >= min_plus:
            return True, _("{plus} binding +1 (at least {need}) and no veto: the -1 of {names} gives no reasons, and a veto without them is invalid").format(plus=plus, need=min_plus, names=", ".join(unjustified)), counts
        if plus < min_plus:
            return False, _("{votes}; at least {need} are needed").format(votes=_n(plus, "+1"), need=min_plus), counts
        return True, _("{plus} binding +1 (at least {need}) and no veto").format(plus=plus, need=min_plus), counts

    return decide


def _ceil(f: Fraction, n: int) -> int:
    return -(-(f.numerator * n) // f.denominator)


def _supermajority(fraction: Fraction, quorum: Fraction, quorum_of: str) -> Decide:
    """A share of the votes cast in favour (+2 and -2 count as +1 and -1, 0 is not
    counted), with a quorum: a share of the members voting in favour (`in-favour`) or
    voting at all, abstentions included (`voting`)."""

    def decide(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
        b = _binding(ballots)
        favour, against = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
        counts = {"for": favour, "against": against, "not counted": sum(1 for x in b if x.value == 0), "members": ctx.members}
        if ctx.members <= 0:
            return False, _("the roster has no members with a binding vote"), counts
        need = _ceil(quorum, ctx.members)
        present = favour if quorum_of == "in-favour" else len(b)
        quorum_ok = present * quorum.denominator >= quorum.numerator * ctx.members
        cast = favour + against
        share_ok = favour * fraction.denominator >= fraction.numerator * cast
        facts = _("{favour} for, {against} against of {members} members").format(favour=favour, against=against, members=ctx.members)
        how = _("in favour") if quorum_of == "in-favour" else _("voting")
        if not quorum_ok:
            return False, _("{facts}: quorum not reached (needs at least {need} {how}, {quorum} of the members)").format(facts=facts, need=need, how=how, quorum=quorum), counts
        if not share_ok:
            return False, _("{facts}: {favour} of {cast} votes cast in favour is less than {fraction}").format(facts=facts, favour=favour, cast=cast, fraction=fraction), counts
        return True, _("{facts}: quorum reached (at least {need} {how}) and {favour} of {cast} votes cast in favour is at least {fraction}").format(
            facts=facts, need=need, how=how, favour=favour, cast=cast, fraction=fraction), counts

    return decide


def _majority(quorum: Fraction | None) -> Decide:
    """Simple majority with a quorum: enough members vote (abstentions count towards the
    quorum), and more vote for than against. Without its own quorum, governance.yml's
    `majority_quorum` (default 1/2)."""

    def decide(ballots: Sequence[Ballot], ctx: Context) -> tuple[bool, str, dict[str, int]]:
        b = _binding(ballots)
        plus, minus = sum(1 for x in b if x.value > 0), sum(1 for x in b if x.value < 0)
        counts = {"for": plus, "against": minus, "abstain": len(b) - plus - minus, "members": ctx.members}
        q = quorum if quorum is not None else ctx.quorum
        if ctx.members <= 0:
            return False, _("the roster has no members with a binding vote"), counts
        if len(b) * q.denominator < q.numerator * ctx.members:
            return False, _("{voted} of {members} members voted; the quorum is {quorum} of the members ({need})").format(voted=len(b), members=ctx.members, quorum=q, need=_ceil(q, ctx.members)), counts
        if plus <= minus:
            return False, _("{plus} for and {minus} against: no majority in favour").format(plus=plus, minus=minus), counts
        return True, _("{plus} for and {minus} against, with {voted} of {members} members voting (quorum {quorum})").format(plus=plus, minus=minus, voted=len(b), members=ctx.members, quorum=q), counts

    return decide


_SCALES = {1: ((1, 0, -1), (-1,)), 2: ((2, 1, 0, -1, -2), (-2,))}

#: The generic rules and the parameters each takes (with their defaults). A community names
#: its own rules in governance.yml (`rules:`), each `uses:` one of these with its parameters.
GENERIC: dict[str, dict[str, object]] = {
    "lazy-consensus": {"scale": 1, "proposer_counts": True, "min_plus": 1},
    "apache": {"min_plus": 3},
    "supermajority": {"fraction": "2/3", "quorum": "1/3", "quorum_of": "voting", "scale": 1},
    "majority": {"quorum": None},
}


def _fraction(value: object) -> Fraction:
    num, den = (int(x) for x in str(value).split("/"))
    return Fraction(num, den)


def make_rule(name: str, uses: str, params: dict[str, object] | None = None, title: str | None = None, summary: str | None = None) -> Rule:
    """A rule of the generic kind `uses` with `params` (each checked by `check_params`)."""
    rule = replace(_make(name, uses, {**GENERIC[uses], **(params or {})}, title), uses=uses, params=tuple((params or {}).items()), given=(title, summary))
    return replace(rule, summary=summary) if summary else rule


def shown(rule: Rule) -> tuple[str, str]:
    """The rule's title and summary in the language in force (`clausewise.i18n`), for the
    site: made again from its parameters; a title or summary it was given is looked up as
    it is (a community's own words stay as they are written)."""
    title, summary = rule.given
    if rule.uses not in GENERIC:
        return _(rule.title), _(rule.summary)
    made = _make(rule.name, rule.uses, {**GENERIC[rule.uses], **dict(rule.params)}, None)
    return (_(title) if title else made.title), (_(summary) if summary else made.summary)


def _make(name: str, uses: str, p: dict[str, object], title: str | None) -> Rule:
    if uses == "lazy-consensus":
        scale, proposer, min_plus = int(p["scale"]), bool(p["proposer_counts"]), int(p["min_plus"])  # type: ignore[call-overload]
        values, reasons = _SCALES[scale]
        who = _("; the proposer counts as an implicit +1 unless they vote") if proposer else ""
        if scale == 1:
            need = _("at least one binding +1") if min_plus == 1 else _("at least {need} binding +1").format(need=min_plus)
            summary = _("+1 / 0 / -1. Passes at the end of the period with {need} and no binding -1{who}. A -1 should give reasons or an alternative.").format(need=need, who=who)
            decide = _lazy_counting(proposer, min_plus)
        else:
            summary = _("+2 / +1 / 0 / -1 / -2, summed{who}. Fails on a -2 from a required stakeholder or a sum of 0 or less; passes otherwise.").format(who=who)
            decide = _lazy_summing(proposer)
        return Rule(name, title or _("Lazy consensus"), values, reasons, summary, decide)
    if uses == "apache":
        n = int(p["min_plus"])  # type: ignore[call-overload]
        return Rule(name, title or (_("Apache style: three +1 and no veto") if n == 3 else _("Apache style: {n} +1 and no veto").format(n=n)), (1, 0, -1), (-1,),
                    (_("+1 / 0 / -1. Passes with at least three binding +1 and no binding -1; a -1 is a veto and must be justified.") if n == 3
                     else _("+1 / 0 / -1. Passes with at least {n} binding +1 and no binding -1; a -1 is a veto and must be justified.").format(n=n)),
                    _apache(n))
    if uses == "supermajority":
        frac, quorum, of, scale = _fraction(p["fraction"]), _fraction(p["quorum"]), str(p["quorum_of"]), int(p["scale"])  # type: ignore[call-overload]
        values, reasons = _SCALES[scale]
        counted = _("+2 and -2 count as +1 and -1, 0 is not counted") if scale == 2 else _("0 is not counted")
        quorum_text = (_("at least {quorum} of the members vote in favour (quorum)") if of == "in-favour" else _("at least {quorum} of the members vote (quorum, abstentions included)")).format(quorum=quorum)
        scale_text = "+2 / +1 / 0 / -1 / -2" if scale == 2 else "+1 / 0 / -1"
        return Rule(name, title or _("Supermajority: {fraction} of the votes cast").format(fraction=frac), values, reasons if scale == 2 else (),
                    _("{scale}; {counted}. Passes when {quorum} and at least {fraction} of the votes cast are in favour.").format(scale=scale_text, counted=counted, quorum=quorum_text, fraction=frac)
                    + (" " + _("A -2 must give reasons or an alternative.") if scale == 2 else ""),
                    _supermajority(frac, quorum, of))
    if uses == "majority":
        q = None if p["quorum"] is None else _fraction(p["quorum"])
        quorum_shown = f"{q}" if q is not None else _("default 1/2")
        return Rule(name, title or _("Simple majority with a quorum"), (1, 0, -1), (),
                    _("+1 / 0 / -1. Passes when at least the quorum of members ({quorum}) vote, abstentions included, and more vote for than against.").format(quorum=quorum_shown),
                    _majority(q))
    raise KeyError(uses)


def check_params(uses: str, params: dict[str, object]) -> list[tuple[str, str]]:
    """(parameter, what is wrong with it) for each bad parameter of a rule of kind `uses`."""
    allowed = GENERIC[uses]
    problems = [(k, f"`{k}` is not a parameter of `{uses}` (it takes {', '.join(allowed) or 'none'})") for k in params if k not in allowed]
    for key in ("fraction", "quorum"):
        if key in params and key in allowed and params[key] is not None:
            try:
                f = _fraction(params[key])
                if not 0 < f <= 1:
                    problems.append((key, f"`{key}` must be a fraction above 0 and at most 1, such as 2/3, not `{params[key]}`"))
            except (ValueError, ZeroDivisionError):
                problems.append((key, f"`{key}` must be a fraction such as 2/3, not `{params[key]}`"))
    if "scale" in params and params["scale"] not in (1, 2):
        problems.append(("scale", f"`scale` must be 1 (+1 / 0 / -1) or 2 (+2 .. -2), not `{params['scale']}`"))
    if "quorum_of" in params and params["quorum_of"] not in ("voting", "in-favour"):
        problems.append(("quorum_of", f"`quorum_of` must be `voting` or `in-favour`, not `{params['quorum_of']}`"))
    if "min_plus" in params and (not isinstance(params["min_plus"], int) or isinstance(params["min_plus"], bool) or params["min_plus"] < 0):
        problems.append(("min_plus", f"`min_plus` must be a whole number, not `{params['min_plus']}`"))
    return problems


def _xen(name: str, title: str, uses: str, summary: str | None = None, **params: object) -> Rule:
    return make_rule(name, uses, params, title, summary)


# The Xen Project's rules, kept under the names and history labels the flagship site uses:
# each is a preset of a generic rule.
RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        # Xen Project governance v2.0 (May 2013), in force during XSA-108
        _xen("xen-v2-lazy-consensus", N_("Xen Project governance v2.0 (2013): lazy consensus"), "lazy-consensus", scale=1, proposer_counts=False, min_plus=1),
        # Xen Project governance v3.0 (Dec 2016)
        _xen("xen-v3-leadership", N_("Xen Project governance v3.0 (2016): leadership-team vote"), "supermajority", fraction="2/3", quorum="1/3", quorum_of="in-favour", scale=2),
        _xen("xen-v3-lazy-consensus", N_("Xen Project governance v3.0 (2016): lazy consensus"), "lazy-consensus", scale=2, proposer_counts=True,
             summary=N_("+2 / +1 / 0 / -1 / -2, summed; the proposer counts as an implicit +1. Fails on a -2 from a required stakeholder or a sum of 0 or less; passes otherwise.")),
        # Generic rules, with their default parameters
        make_rule("apache", "apache"),
        make_rule("majority", "majority"),
        make_rule("lazy-consensus", "lazy-consensus"),
        make_rule("supermajority", "supermajority"),
    )
}


def format_value(value: int) -> str:
    return f"{value:+d}" if value else "0"
