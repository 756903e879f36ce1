"""The corpus: everything loaded from one project, the records of both kinds together."""

from __future__ import annotations

from dataclasses import dataclass, field

from clausewise.model.applications import Application
from clausewise.model.governance import GovData
from clausewise.model.records import RFC, Ambiguity, Clause, PolicyPage, Postmortem, Ruling


@dataclass(frozen=True)
class LeftOut:
    """A document left out of the corpus for errors in its front matter, kept so the rest
    of it is still checked in the same run: its body's references and the well-formed ids
    its front matter names."""

    path: str
    body: str
    body_line: int
    #: (line, what it must be: "clause", "ambiguity" or "citation", the id) per id named
    names: tuple[tuple[int, str, str], ...] = ()


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
    #: documents left out for front-matter errors; what else they hold is still checked
    left_out: list[LeftOut] = field(default_factory=list)
    #: pre-disclosure list applications, by id (model.applications)
    applications: dict[str, Application] = field(default_factory=dict)
    #: a pending application older than this many days gets a note (`pending_days`)
    application_days: int = 30

