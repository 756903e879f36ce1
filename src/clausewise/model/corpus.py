"""The corpus: everything loaded from one project, the records of both kinds together."""

from __future__ import annotations

from dataclasses import dataclass, field

from clausewise.model.governance import GovData
from clausewise.model.records import RFC, Ambiguity, Clause, PolicyPage, Postmortem, Ruling


@dataclass
class Corpus:
    """Everything loaded from one project, in stable (sorted) order."""

    root: str
    policy_pages: list[PolicyPage] = field(default_factory=list)
    clauses: dict[str, Clause] = field(default_factory=dict)
    postmortems: dict[str, Postmortem] = field(default_factory=dict)
    ambiguities: dict[str, Ambiguity] = field(default_factory=dict)
    rulings: dict[str, Ruling] = field(default_factory=dict)
    rfcs: dict[int, RFC] = field(default_factory=dict)
    docs_pages: list[tuple[str, str]] = field(default_factory=list)  # (project path, text) scanned for references
    #: roster, vote records, policy versions and FAQ answers (see model.governance)
    gov: GovData = field(default_factory=GovData)
    #: the day the build is for (YYYY-MM-DD): SOURCE_DATE_EPOCH, never the wall clock in tests
    build_date: str = ""

