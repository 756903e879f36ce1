"""The tally of one RFC, computed from its vote record, the roster and the build date.

Which votes count is decided here, once, and every face shows the same rows: a vote is
binding when its voter is on the roster on the day it was cast; a vote outside the
voting period, with a value the rule does not allow, or replaced by the same voter's
later vote is shown but not counted.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from functools import lru_cache

from clausewise.i18n import _, ngettext
from clausewise.governance.rules import RULES, Ballot, Context, Outcome, Rule, check_params, format_value, make_rule
from clausewise.model import Governance, Member, RuleSpec, Vote, VoteRecord


@dataclass(frozen=True)
class Row:
    vote: Vote
    member: Member | None  # the roster entry that makes it binding
    counted: bool
    note: str  # why it counts as it does, in words

    @property
    def binding(self) -> bool:
        return self.member is not None


@dataclass(frozen=True)
class Tally:
    record: VoteRecord
    rule: Rule
    members: tuple[str, ...]  # binding members when voting opened
    rows: tuple[Row, ...]
    outcome: Outcome
    today: str

    @property
    def closed(self) -> bool:
        return self.today > self.record.closes

    @property
    def state(self) -> str:
        """`not-open` before the period opens, `open` during it, `closed` after it."""
        if self.closed:
            return "closed"
        return "not-open" if self.today < self.record.opens else "open"

    def future_votes(self) -> list[Row]:
        """Votes dated after the build date: flagged, as their date is most likely mistyped."""
        return [r for r in self.rows if r.vote.date > self.today]

    @property
    def unrecorded(self) -> bool:
        """Closed and decided; whether the RFC's status records it is for its caller to say."""
        return self.closed and self.outcome.result.is_decided()

    @property
    def days_left(self) -> int | None:
        """Whole days after today until the period closes (0: today is the last day)."""
        if self.closed:
            return None
        start = max(self.today, self.record.opens)
        return (_dt.date.fromisoformat(self.record.closes) - _dt.date.fromisoformat(start)).days

    def time_left(self) -> str:
        if self.closed:
            return _("closed on {date}").format(date=self.record.closes)
        if self.today < self.record.opens:
            return _("opens on {date}").format(date=self.record.opens)
        left = self.days_left or 0
        return _("closes today") if left == 0 else ngettext("{count} day left (closes {date})", "{count} days left (closes {date})", left).format(count=left, date=self.record.closes)

    def when(self) -> str:
        """The period's state; an open one names the build date it was computed for. A closed
        one does not, so a site whose votes are all closed builds the same on any day."""
        return self.time_left() if self.closed else _("{state} (as of {date})").format(state=self.time_left(), date=self.today)


def build_date(environ: dict[str, str] | None = None) -> str:
    """The day the build is for: SOURCE_DATE_EPOCH if set (reproducible builds), else today."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


@lru_cache(maxsize=256)
def _community_rule(spec: RuleSpec) -> Rule | None:
    params = dict(spec.params)
    if check_params(spec.uses, params):
        return None  # reported by the checks (CW401)
    return make_rule(spec.name, spec.uses, params, spec.title, spec.summary)


def rule_named(name: str, gov: Governance) -> Rule | None:
    """The rule called `name`: the community's own (governance.yml `rules:`) first, then
    a built-in one (the generic rules and the Xen presets). None if unknown or broken."""
    spec = gov.rules.get(name)
    if spec is not None:
        return _community_rule(spec)
    return RULES.get(name)


def known_rules(gov: Governance) -> list[str]:
    return [*gov.rules, *(n for n in RULES if n not in gov.rules)]


def rule_for(record: VoteRecord, gov: Governance, kind: str | None = None) -> Rule | None:
    return rule_named(gov.rule_name(record.rule, kind), gov)


def rows_for(record: VoteRecord, gov: Governance, rule: Rule) -> list[Row]:
    # The latest valid vote of each voter counts (people change their minds); ties keep
    # file order. Only valid votes compete: one cast after the period closed, or with a
    # value the rule does not allow, never replaces an earlier valid vote.
    def valid(v: Vote) -> bool:
        return record.opens <= v.date <= record.closes and v.value in rule.values

    latest: dict[str, int] = {}
    for i, v in enumerate(record.votes):
        j = latest.get(v.voter)
        if valid(v) and (j is None or v.date >= record.votes[j].date):
            latest[v.voter] = i
    rows = []
    for i, v in enumerate(record.votes):
        member = gov.binding(v.voter, v.date)
        if valid(v) and latest[v.voter] != i:
            rows.append(Row(v, member, False, f"replaced by a later vote of {v.voter}"))
        elif not (record.opens <= v.date <= record.closes):
            rows.append(Row(v, member, False, f"cast outside the voting period ({record.opens} to {record.closes}); not counted"))
        elif v.value not in rule.values:
            allowed = ", ".join(format_value(x) for x in rule.values)
            rows.append(Row(v, member, False, f"{format_value(v.value)} is not a vote under this rule ({allowed}); not counted"))
        elif member is None:
            rows.append(Row(v, None, True, f"not on the roster on {v.date}: non-binding"))
        else:
            rows.append(Row(v, member, True, f"binding ({member.role})"))
    return rows


def tally(record: VoteRecord, gov: Governance, today: str, kind: str | None = None) -> Tally | None:
    """The tally, or None when the rule is unknown (reported by the checks). `kind` is the
    RFC's kind of decision, which governance.yml may map to a rule."""
    rule = rule_for(record, gov, kind)
    if rule is None:
        return None
    rows = rows_for(record, gov, rule)
    members = tuple(gov.members_on(record.opens))
    ballots = [Ballot(r.vote.voter, r.vote.value, r.binding, r.vote.reasons) for r in rows if r.counted]
    ctx = Context(len(members), today > record.closes, record.proposer, record.stakeholders, gov.quorum)
    return Tally(record, rule, members, tuple(rows), rule.decide(ballots, ctx), today)


def format_tally(t: Tally, title: str) -> str:
    """The plain-text tally `clausewise tally` prints."""
    r = t.record
    out = [title, f"rule:    {t.rule.name} ({t.rule.title})", f"period:  {r.opens} to {r.closes}, {t.when()}"]
    out.append(f"roster:  {len(t.members)} binding member{'s' * (len(t.members) != 1)} when voting opened")
    if r.proposer:
        out.append(f"proposer: {r.proposer}")
    out.append("votes:")
    width = max([len(row.vote.voter) for row in t.rows] + [5])
    for row in t.rows:
        v = row.vote
        future = f" (FLAGGED: dated after {t.today})" if v.date > t.today else ""
        out.append(f"  {v.date}  {v.voter.ljust(width)}  {format_value(v.value):>3}  {row.note}{future}")
    if not t.rows:
        out.append("  (none yet)")
    if t.state == "not-open":
        out.append(f"outcome: NOT OPEN YET: voting opens on {r.opens}")
    else:
        out.append(f"outcome: {t.outcome.result.value.upper()}: {t.outcome.reason}")
    return "\n".join(out)


def tally_json(t: Tally, rfc: int, status: str) -> dict[str, object]:
    """The same tally as data, for scripts (`clausewise tally --format json`)."""
    r = t.record
    return {
        "rfc": rfc,
        "status": status,
        "rule": t.rule.name,
        "voting": {"state": t.state, "opens": r.opens, "closes": r.closes, "closed": t.closed, "days_left": t.days_left, "as_of": t.today},
        "members": list(t.members),
        "votes": [
            {"voter": row.vote.voter, "value": row.vote.value, "date": row.vote.date, "ref": row.vote.ref,
             "reasons": row.vote.reasons, "binding": row.binding, "counted": row.counted, "note": row.note,
             "future": row.vote.date > t.today}
            for row in t.rows
        ],
        "outcome": {"result": t.outcome.result.value, "reason": t.outcome.reason, "counts": t.outcome.counts},
    }
