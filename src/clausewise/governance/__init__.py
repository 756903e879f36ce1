"""Decisions: the decision rules, the tally of an RFC's votes, and the policy at each version.

Owns: the rules as pure functions from ballots to an outcome (`rules`), which votes count
and what they decide on a given day (`tally`), and the policy as it stood at any recorded
version (`versions`).

May import: `clausewise.model`, `clausewise.graph`. Reads no files and knows no renderer:
every face shows the same tally because it is computed here once.
"""

from __future__ import annotations

from clausewise.governance.rules import RULES, Ballot, Context, Outcome, Result, Rule, format_value
from clausewise.governance.tally import Tally, build_date, format_tally, tally, tally_json
from clausewise.governance.versions import ClauseState, applied_in, faq_review, next_version, state_at

__all__ = [
    "RULES", "Ballot", "ClauseState", "Context", "Outcome", "Result", "Rule", "Tally", "applied_in",
    "build_date", "faq_review", "format_tally", "format_value", "next_version", "state_at", "tally", "tally_json",
]
