"""The records: what a project is made of, as plain frozen data, and the located diagnostics
that say what is wrong with it.

Owns: the content records (clauses, post-mortems, ambiguities, rulings, RFCs), the
governance records (roster, vote records, policy versions, FAQ answers), the `Corpus` that
holds them, the diagnostics vocabulary (codes, severities, output formats) and the two
pieces of Markdown syntax clausewise adds (`syntax`: clause markers and `[[references]]`).

May import: `clausewise.errors` and the standard library. Nothing here reads a project,
knows a renderer or imports anything else of clausewise: every other stage builds on it.
"""

from __future__ import annotations

from clausewise.model import syntax
from clausewise.model.applications import AppDecision, Application, Criterion
from clausewise.model.corpus import Corpus
from clausewise.model.diagnostics import (
    CODES,
    Diagnostic,
    Severity,
    did_you_mean,
    error,
    format_github,
    format_json,
    format_text,
    printable,
    note,
    sort_key,
    summary,
    warning,
)
from clausewise.model.governance import FaqAnswer, GovData, Governance, Member, PolicyVersion, RuleSpec, VersionChange, Vote, VoteRecord
from clausewise.model.records import (
    RFC,
    STATUS_ORDER,
    Ambiguity,
    AmbiguityState,
    ChangeOp,
    Clause,
    ClauseChange,
    Decision,
    Lines,
    Loc,
    PolicyPage,
    Postmortem,
    Precedent,
    RFCStatus,
    Ruling,
)

__all__ = [
    "CODES", "RFC", "STATUS_ORDER", "AppDecision", "Application", "Ambiguity", "Criterion", "AmbiguityState", "ChangeOp", "Clause", "ClauseChange",
    "Corpus", "Decision", "Diagnostic", "FaqAnswer", "GovData", "Governance", "Lines", "Loc", "Member",
    "PolicyPage", "PolicyVersion", "Postmortem", "Precedent", "RFCStatus", "RuleSpec", "Ruling", "Severity",
    "VersionChange", "Vote", "VoteRecord", "did_you_mean", "error", "format_github", "format_json", "format_text", "note", "printable", "sort_key", "summary",
    "syntax", "warning",
]
