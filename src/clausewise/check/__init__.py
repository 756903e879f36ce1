"""Checking the corpus: every rule, each a small generator of located diagnostics.

Owns: the one list of rules and its dispatcher (`validate.RULES`, `validate`), the rules
themselves by theme (`validate`: references and consistency; `govcheck`: roster, votes,
tallies, versions, FAQ; `cycles`; `drafting`: reminders while drafting), the rules that
compare the project with another revision (`review`, for `check --since`), and the
example and fix of every code (`explain`).

May import: `clausewise.model`, `clausewise.load`, `clausewise.graph`,
`clausewise.governance`. A new check is one generator added to a module here and to
`RULES`, one code in `clausewise.model.diagnostics.CODES` and one example in `explain`.
"""

from __future__ import annotations

from clausewise.check.drafting import DRAFT_CODES
from clausewise.check.explain import EXAMPLES, explain, reference_page
from clausewise.check.review import review
from clausewise.check.validate import RULES, validate

__all__ = ["DRAFT_CODES", "EXAMPLES", "RULES", "explain", "reference_page", "review", "validate"]
