"""The decision rules, pinned on boundary cases with fictional voters, plus properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clausewise.governance.rules import RULES, Ballot, Context, Result

NAMES = ["Alice Example", "Bob Example", "Carol Example", "Dan Example", "Erin Example", "Frank Example", "Grace Example", "Heidi Example", "Ivan Example"]


def ballots(*values: int, nonbinding: tuple[int, ...] = ()) -> list[Ballot]:
    """Fictional binding voters casting `values`, then non-binding ones casting `nonbinding`."""
    out = [Ballot(NAMES[i], v, reasons="(fictional reasons)" if v < 0 else None) for i, v in enumerate(values)]
    out += [Ballot(f"Guest {i}", v, binding=False) for i, v in enumerate(nonbinding)]
    return out


def decide(rule: str, votes: list[Ballot], members: int = 7, **ctx: object) -> tuple[Result, str]:
    outcome = RULES[rule].decide(votes, Context(members=members, **ctx))  # type: ignore[arg-type]
    return outcome.result, outcome.reason


PASSED, FAILED = Result.PASSED, Result.FAILED


@pytest.mark.parametrize(
    ("values", "nonbinding", "expected", "why"),
    [
        ((1,), (), PASSED, "1 binding +1 and no binding -1"),
        ((1, 1, 0), (), PASSED, "2 binding +1s and no binding -1"),
        ((1, 1, -1), (), FAILED, "1 binding -1 (lazy consensus needs no binding -1)"),
        ((0, 0), (), FAILED, "no binding +1"),
        ((), (1, 1), FAILED, "no binding +1"),  # non-binding support is not enough
        ((1,), (-1,), PASSED, "1 binding +1 and no binding -1"),  # a non-binding -1 is no veto
        ((), (), FAILED, "no binding +1"),
    ],
)
def test_xen_v2_lazy_consensus(values: tuple[int, ...], nonbinding: tuple[int, ...], expected: Result, why: str) -> None:
    result, reason = decide("xen-v2-lazy-consensus", ballots(*values, nonbinding=nonbinding))
    assert result is expected
    assert reason.startswith(why)


@pytest.mark.parametrize(
    ("members", "values", "expected", "why"),
    [
        # the governance lookup table: 7 members need 3 positive votes
        (7, (1, 1, 1), PASSED, "3 for, 0 against of 7 members: quorum reached (at least 3 in favour)"),
        (7, (1, 1), FAILED, "2 for, 0 against of 7 members: quorum not reached (needs at least 3 in favour"),
        (7, (2, 1, 1, 0, 0, 0, 0), PASSED, "3 for, 0 against"),  # zeros are not counted
        # exactly 2/3 of the votes cast passes; just under fails
        (6, (1, 1, 1, 1, -1, -1), PASSED, "4 for, 2 against of 6 members: quorum reached (at least 2 in favour) and 4 of 6"),
        (7, (1, 1, 1, 1, -1, -1, -1), FAILED, "4 for, 3 against of 7 members: 4 of 7 votes cast in favour is less than 2/3"),
        (3, (2, -2), FAILED, "1 for, 1 against of 3 members: 1 of 2"),  # +2/-2 weigh like +1/-1
        (3, (1,), PASSED, "1 for, 0 against of 3 members: quorum reached"),  # exact quorum: 1/3 of 3
        (4, (1,), FAILED, "1 for, 0 against of 4 members: quorum not reached (needs at least 2"),
        (0, (), FAILED, "the roster has no members"),
    ],
)
def test_xen_v3_leadership(members: int, values: tuple[int, ...], expected: Result, why: str) -> None:
    result, reason = decide("xen-v3-leadership", ballots(*values), members=members)
    assert result is expected
    assert reason.startswith(why), reason


def test_xen_v3_leadership_ignores_nonbinding_votes() -> None:
    assert decide("xen-v3-leadership", ballots(1, 1, nonbinding=(1, 1, 1)), members=7)[0] is FAILED
    assert decide("xen-v3-leadership", ballots(1, 1, 1, nonbinding=(-2, -2, -2)), members=7)[0] is PASSED


@pytest.mark.parametrize(
    ("values", "proposer", "stakeholders", "expected", "why"),
    [
        ((), NAMES[8], (), PASSED, "the sum of opinions is +1 (including the proposer's implicit +1)"),
        ((-1,), NAMES[8], (), FAILED, "the sum of opinions is +0 (including the proposer's implicit +1); it must be above 0"),
        ((-2,), NAMES[8], (), FAILED, "the sum of opinions is -1"),
        ((2, -2), NAMES[8], (NAMES[1],), FAILED, "-2 from required stakeholder Bob Example"),
        ((2, -2), NAMES[8], (), PASSED, "the sum of opinions is +1"),  # not a required stakeholder
        ((0,), None, (), FAILED, "the sum of opinions is +0; it must be above 0"),
        ((-1,), NAMES[0], (), FAILED, "the sum of opinions is -1"),  # the proposer's own vote replaces the implicit +1
    ],
)
def test_xen_v3_lazy_consensus(values: tuple[int, ...], proposer: str | None, stakeholders: tuple[str, ...], expected: Result, why: str) -> None:
    result, reason = decide("xen-v3-lazy-consensus", ballots(*values), proposer=proposer, stakeholders=stakeholders)
    assert result is expected
    assert reason.startswith(why), reason


@pytest.mark.parametrize(
    ("values", "nonbinding", "expected", "why"),
    [
        ((1, 1, 1), (), PASSED, "3 binding +1 (at least 3) and no veto"),
        ((1, 1, 0, 0), (1, 1), FAILED, "2 binding +1s; at least 3 are needed"),
        ((1, 1, 1, 1, -1), (), FAILED, "vetoed by a binding -1 (Erin Example)"),
        ((1, 1, 1), (-1,), PASSED, "3 binding +1"),  # a non-binding -1 is no veto
    ],
)
def test_apache(values: tuple[int, ...], nonbinding: tuple[int, ...], expected: Result, why: str) -> None:
    result, reason = decide("apache", ballots(*values, nonbinding=nonbinding))
    assert result is expected
    assert reason.startswith(why), reason


def test_an_apache_veto_without_reasons_is_invalid() -> None:
    """The ASF's voting process: a veto must be justified, and one without a justification
    is invalid. The -1 is shown (and reported, CW405) but does not veto."""
    votes = [*ballots(1, 1, 1), Ballot("Dan Example", -1)]
    result, reason = decide("apache", votes)
    assert result is PASSED
    assert reason == "3 binding +1 (at least 3) and no veto: the -1 of Dan Example gives no reasons, and a veto without them is invalid"
    # Without the three +1 it fails for want of them, not for the -1.
    assert decide("apache", [*ballots(1, 1), Ballot("Dan Example", -1)]) == (FAILED, "2 binding +1s; at least 3 are needed")


@pytest.mark.parametrize(
    ("members", "quorum", "values", "expected", "why"),
    [
        (6, Fraction(1, 2), (1, 1, -1), PASSED, "2 for and 1 against, with 3 of 6 members voting"),  # exact quorum
        (7, Fraction(1, 2), (1, 1, -1), FAILED, "3 of 7 members voted; the quorum is 1/2 of the members (4)"),
        (6, Fraction(1, 2), (1, 0, 0), PASSED, "1 for and 0 against"),  # abstentions make the quorum
        (6, Fraction(1, 2), (1, -1, 0), FAILED, "1 for and 1 against: no majority"),  # a tie fails
        (6, Fraction(2, 3), (1, 1, 1), FAILED, "3 of 6 members voted; the quorum is 2/3 of the members (4)"),
    ],
)
def test_majority(members: int, quorum: Fraction, values: tuple[int, ...], expected: Result, why: str) -> None:
    result, reason = decide("majority", ballots(*values), members=members, quorum=quorum)
    assert result is expected
    assert reason.startswith(why), reason


@pytest.mark.parametrize("rule", sorted(RULES))
def test_open_period_reports_how_it_stands(rule: str) -> None:
    result, reason = decide(rule, ballots(1, 1, 1, 1, 1), closed=False, proposer=NAMES[0])
    assert result is Result.OPEN
    assert reason.startswith("voting is open; as it stands it would pass: ")


# -- properties: more support never hurts ------------------------------------------------
values_v3 = st.lists(st.sampled_from([2, 1, 0, -1, -2]), max_size=9)
values_v1 = st.lists(st.sampled_from([1, 0, -1]), max_size=9)


def _flip(values: list[int], i: int, new: int) -> list[int]:
    return values[:i] + [new] + values[i + 1 :]


@given(values_v3, st.integers(1, 9), st.data())
def test_v3_leadership_turning_a_minus_into_a_plus_never_fails_a_pass(values: list[int], members: int, data: st.DataObject) -> None:
    negatives = [i for i, v in enumerate(values) if v < 0]
    if not negatives:
        return
    i = data.draw(st.sampled_from(negatives))
    before = decide("xen-v3-leadership", ballots(*values), members=members)[0]
    after = decide("xen-v3-leadership", ballots(*_flip(values, i, 1)), members=members)[0]
    assert not (before is PASSED and after is FAILED)


@given(values_v3, st.data())
def test_v3_lazy_raising_a_vote_never_fails_a_pass(values: list[int], data: st.DataObject) -> None:
    if not values:
        return
    i = data.draw(st.integers(0, len(values) - 1))
    higher = data.draw(st.integers(values[i], 2))
    ctx = {"proposer": "Someone Else", "stakeholders": tuple(NAMES[:3])}
    before = decide("xen-v3-lazy-consensus", ballots(*values), **ctx)[0]
    after = decide("xen-v3-lazy-consensus", ballots(*_flip(values, i, higher)), **ctx)[0]
    assert not (before is PASSED and after is FAILED)


@pytest.mark.parametrize("rule", ["xen-v2-lazy-consensus", "apache", "majority"])
@given(values=values_v1, members=st.integers(1, 9), data=st.data())
def test_one_value_rules_raising_a_vote_never_fails_a_pass(rule: str, values: list[int], members: int, data: st.DataObject) -> None:
    if not values:
        return
    i = data.draw(st.integers(0, len(values) - 1))
    higher = data.draw(st.integers(values[i], 1))
    members = max(members, len(values))
    before = decide(rule, ballots(*values), members=members)[0]
    after = decide(rule, ballots(*_flip(values, i, higher)), members=members)[0]
    assert not (before is PASSED and after is FAILED)


@given(values_v3, st.integers(1, 9))
def test_nonbinding_votes_never_change_an_outcome(values: list[int], members: int) -> None:
    for rule in RULES.values():
        vals = [v for v in values if v in rule.values]
        base = rule.decide(ballots(*vals[:members]), Context(members=members)).result
        noisy = rule.decide(ballots(*vals[:members], nonbinding=(-2, 2, -1)), Context(members=members)).result
        assert base is noisy


# -- the worked examples of docs/governance.md, so the page cannot drift from the code --
@pytest.mark.parametrize(
    ("rule", "members", "values", "ctx", "expected", "why"),
    [
        ("xen-v2-lazy-consensus", 5, (1, 1, 0), {}, PASSED, "2 binding +1s and no binding -1"),
        ("xen-v2-lazy-consensus", 5, (1, 1, 0, -1), {}, FAILED, "1 binding -1 (lazy consensus needs no binding -1)"),
        ("xen-v3-leadership", 7, (2, 1, 1, 0, -1, 1), {}, PASSED, "4 for, 1 against of 7 members: quorum reached (at least 3 in favour) and 4 of 5"),
        ("xen-v3-leadership", 7, (1, 1), {}, FAILED, "2 for, 0 against of 7 members: quorum not reached"),
        ("xen-v3-leadership", 7, (1, 1, 1, 1, -1, -1, -1), {}, FAILED, "4 for, 3 against of 7 members: 4 of 7 votes cast in favour is less than 2/3"),
        ("xen-v3-lazy-consensus", 7, (0,), {"proposer": "Erin Example"}, PASSED, "the sum of opinions is +1"),
        ("xen-v3-lazy-consensus", 7, (0, -1), {"proposer": "Erin Example"}, FAILED, "the sum of opinions is +0"),
        ("apache", 7, (1, 1, 1), {}, PASSED, "3 binding +1 (at least 3) and no veto"),
        ("apache", 7, (1, 1, 1, -1), {}, FAILED, "vetoed by a binding -1 (Dan Example)"),
        ("majority", 6, (1, 1, -1), {}, PASSED, "2 for and 1 against"),
        ("majority", 6, (1, 1), {}, FAILED, "2 of 6 members voted; the quorum is 1/2 of the members (3)"),
    ],
)
def test_documented_worked_examples(rule: str, members: int, values: tuple[int, ...], ctx: dict[str, object], expected: Result, why: str) -> None:
    result, reason = decide(rule, ballots(*values), members=members, **ctx)
    assert (result, reason[: len(why)]) == (expected, why)
    from helpers import ROOT

    assert f"`{rule}`" in (ROOT / "docs/governance.md").read_text()
