"""Pre-disclosure list applications and the eligibility criteria they are checked against.

A `Criterion` is declared on the clause that requires it, in `policy-versions.yml`
(`criteria:` under a version; a version without the key keeps the previous version's
criteria), so the criteria in force are known for every policy version. An `Application`
is one file, `applications/<id>.md`: who applied, when, the category claimed, the
evidence offered for each criterion, and the decision.

Privacy by design: what an application holds is split when it is read. The contact
address, everything under `private:` and the evidence for criteria marked `private` live
in `Application.private` and nowhere else; the pages, feeds, search index and export are
made from `Application.public` fields only (`public_values` lists them for the checks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clausewise.model.records import Lines, Loc

#: what a decision may be; `pending` is the only undecided one
OUTCOMES = ("pending", "approved", "rejected", "withdrawn", "removed")

#: what kind of evidence a criterion asks for
EVIDENCE_KINDS = ("url", "statement", "category", "email", "contact")

#: an email address anywhere in a text (the privacy check); deliberately broad
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: one email address, whole
ONE_EMAIL = re.compile(r"\A[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\Z")
URL = re.compile(r"\Ahttps?://(?P<host>[A-Za-z0-9.-]+)(?::[0-9]+)?(?:[/?#][^\s<>\"]*)?\Z")


@dataclass(frozen=True)
class Criterion:
    """One item an application must satisfy, required by one clause."""

    id: str
    clause: str
    title: str
    #: what to send, addressed to the applicant
    ask: str
    #: how the item will be checked, addressed to the applicant
    check: str
    evidence: str  # one of EVIDENCE_KINDS
    line: int
    #: for `category`: the categories the clause admits
    categories: tuple[str, ...] = ()
    #: for `url`: hosts whose pages do not count as evidence (social media, video sites)
    not_hosts: tuple[str, ...] = ()
    #: rulings that say how the item was decided before (`[[id]]` on the Apply page)
    rulings: tuple[str, ...] = ()
    #: never published: the checklist shows only whether it is present and well formed
    private: bool = False


@dataclass(frozen=True)
class AppDecision:
    outcome: str
    date: str | None
    by: str | None
    #: Markdown citing clauses, rulings and earlier applications with [[...]]
    reasons: str | None
    #: criteria the decision knowingly waives (an approval with those items missing)
    waived: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Application:
    id: str
    applicant: str
    received: str
    category: str | None
    #: criterion id -> the public evidence offered (URLs or statements), in file order
    evidence: dict[str, tuple[str, ...]]
    decision: AppDecision
    body: str
    body_line: int
    loc: Loc
    fictional: bool = False
    lines: Lines = field(default_factory=dict)
    #: the contact address, `private:` and private criteria's evidence: never published
    private: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"applications/{self.id}.md"

    def offered(self, criterion: str) -> tuple[str, ...]:
        """The evidence for a criterion, public or private (for the checklist only)."""
        return self.evidence.get(criterion) or self.private.get(f"evidence.{criterion}", ())

    def public_values(self) -> list[tuple[tuple[str, ...], str]]:
        """Every public text of the application with where it is, for the privacy check."""
        out: list[tuple[tuple[str, ...], str]] = [(("applicant",), self.applicant)]
        if self.category:
            out.append((("category",), self.category))
        for cid, values in self.evidence.items():
            out += [(("evidence", cid), v) for v in values]
        d = self.decision
        out += [(("decision", k), v) for k, v in (("by", d.by), ("reasons", d.reasons)) if v]
        out.append((("body",), self.body))
        return out
