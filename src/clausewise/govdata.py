"""Governance data: the roster, vote records, policy versions and FAQ answers, as frozen
records, and their loading with located diagnostics.

Votes live in `votes/NNNN.yml`, apart from the RFC they decide: the team appends votes
while the author keeps editing the RFC, and the two never touch the same file in git.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import yamlsafe
from .diagnostics import Diagnostic, error
from .model import Loc, Lines

if TYPE_CHECKING:
    from .loader import Loader

VOTES_FILE = re.compile(r"^(?P<number>[0-9]{4,6})\.ya?ml$")
FAQ_FILE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
_DAY_KEYS = ("from", "until", "opens", "closes", "date", "published", "as_of")


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    start: str  # YYYY-MM-DD, first day with a binding vote
    end: str | None  # last day with a binding vote, or None if still serving
    line: int

    def serves_on(self, day: str) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, eq=False)
class Governance:
    path: str
    default_rule: str
    allowed_rules: tuple[str, ...]
    quorum: Fraction
    roster: tuple[Member, ...]
    note: str | None = None
    lines: Lines = field(default_factory=dict)
    as_of: str | None = None  # a pinned build date, for an archived site

    def binding(self, name: str, day: str) -> Member | None:
        """The roster entry that gives `name` a binding vote on `day`, if any."""
        return next((m for m in self.roster if m.name == name and m.serves_on(day)), None)

    def members_on(self, day: str) -> list[str]:
        return sorted({m.name for m in self.roster if m.serves_on(day)})

    def rule_allowed(self, name: str) -> bool:
        return name == self.default_rule or name in self.allowed_rules


@dataclass(frozen=True)
class Vote:
    voter: str
    value: int
    date: str
    ref: str
    line: int
    reasons: str | None = None


@dataclass(frozen=True, eq=False)
class VoteRecord:
    rfc: int
    loc: Loc
    opens: str
    closes: str
    votes: tuple[Vote, ...]
    rule: str | None = None
    call: str | None = None
    proposer: str | None = None
    stakeholders: tuple[str, ...] = ()
    lines: Lines = field(default_factory=dict)


@dataclass(frozen=True)
class VersionChange:
    """One clause operation as applied, self-contained so any version can be rebuilt."""

    rfc: int
    op: str
    clause: str
    line: int
    page: str | None = None
    after: str | None = None
    title: str | None = None
    before_title: str | None = None
    before: str | None = None
    text: str | None = None


@dataclass(frozen=True, eq=False)
class PolicyVersion:
    version: str
    date: str
    line: int
    rfcs: tuple[int, ...] = ()
    changes: tuple[VersionChange, ...] = ()
    published: str | None = None
    note: str | None = None
    source: str | None = None


@dataclass(frozen=True, eq=False)
class FaqAnswer:
    slug: str
    question: str
    policy_version: str
    cites: tuple[str, ...]
    body: str
    body_line: int
    loc: Loc
    date: str | None = None
    lines: Lines = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"faq/{self.slug}.md"


@dataclass
class GovData:
    """Everything governance-related loaded from one project."""

    governance: Governance | None = None
    votes: dict[int, VoteRecord] = field(default_factory=dict)
    versions: list[PolicyVersion] = field(default_factory=list)
    versions_path: str | None = None
    faq: dict[str, FaqAnswer] = field(default_factory=dict)


def read_yaml(loader: Loader, path: Path, kind: str) -> tuple[dict[str, Any], yamlsafe.Located] | None:
    """A whole-file YAML mapping validated against `schemas/<kind>.schema.json`."""
    from .loader import ReadProblem, read_text

    rel = loader.config.rel(path)
    try:
        text = read_text(path)
    except ReadProblem as exc:
        loader.report(error(rel, exc.line, exc.code, exc.message))
        return None
    return loader.parsed(kind, rel, text, parse_yaml)


def parse_yaml(text: str, rel: str, kind: str) -> tuple[tuple[dict[str, Any], yamlsafe.Located] | None, list[Diagnostic]]:
    """`read_yaml` without the reading: pure, so a host may keep its result per text."""
    from .loader import date_diagnostics, schema_diagnostics

    try:
        located = yamlsafe.load(text)
    except yamlsafe.YamlProblem as exc:
        return None, [error(rel, exc.line, exc.code, exc.message)]
    problems = [error(rel, line, "CW108", f"`{'.'.join(map(str, dup))}` is given more than once; keep one") for dup, line in located.duplicate_keys]
    if not isinstance(located.value, dict):
        return None, problems + [error(rel, 1, "CW102", f"a {kind} file must be a YAML mapping of fields")]
    data = yamlsafe.to_json_types(located.value)
    invalid = list(schema_diagnostics(kind, data, located, rel)) + list(date_diagnostics(data, located, rel, keys=_DAY_KEYS))
    return (None if invalid else (data, located)), problems + invalid


def load_governance(loader: Loader) -> Governance | None:
    path = loader.config.abs(loader.config.governance_file)
    if not path.is_file():
        return None
    doc = read_yaml(loader, path, "governance")
    if doc is None:
        return None
    data, located = doc
    roster = tuple(
        Member(m["name"], m["role"], m["from"], m.get("until"), located.line("roster", i))
        for i, m in enumerate(data["roster"])
    )
    num, den = (int(x) for x in data.get("majority_quorum", "1/2").split("/"))
    return Governance(
        loader.config.rel(path), data["default_rule"], tuple(data.get("allowed_rules", [])),
        Fraction(num, den), roster, data.get("note"), dict(located.lines), data.get("as_of"),
    )


def load_votes(loader: Loader) -> dict[int, VoteRecord]:
    out: dict[int, VoteRecord] = {}
    base = loader.config.abs(loader.config.votes_dir)
    if not base.is_dir():
        return out
    for path in sorted(p for p in base.iterdir() if p.is_file()):
        rel = loader.config.rel(path)
        m = VOTES_FILE.match(path.name)
        if not m:
            if path.suffix in (".yml", ".yaml"):
                loader.report(error(rel, 1, "CW203", f"vote record `{path.name}` must be named after its RFC number, e.g. 0009.yml"))
            continue
        doc = read_yaml(loader, path, "votes")
        if doc is None:
            continue
        data, located = doc
        if int(m.group("number")) != data["rfc"]:
            loader.report(error(rel, located.line("rfc"), "CW203", f"`rfc: {data['rfc']}` does not match the file name's number {int(m.group('number'))}"))
            continue
        votes = tuple(
            Vote(v["voter"], v["value"], v["date"], v["ref"], located.line("votes", i), v.get("reasons"))
            for i, v in enumerate(data["votes"])
        )
        record = VoteRecord(
            data["rfc"], Loc(rel, 1), data["voting"]["opens"], data["voting"]["closes"], votes,
            data.get("rule"), data.get("call"), data.get("proposer"), tuple(data.get("stakeholders", [])),
            dict(located.lines),
        )
        if record.rfc in out:
            loader.report(error(rel, 1, "CW202", f"RFC {record.rfc} already has a vote record at {out[record.rfc].loc.path}"))
            continue
        out[record.rfc] = record
    return out


def load_versions(loader: Loader) -> tuple[list[PolicyVersion], str | None]:
    path = loader.config.abs(loader.config.versions_file)
    if not path.is_file():
        return [], None
    doc = read_yaml(loader, path, "versions")
    if doc is None:
        return [], loader.config.rel(path)
    data, located = doc
    versions = []
    for i, v in enumerate(data["versions"]):
        changes = tuple(
            VersionChange(
                c["rfc"], c["op"], c["clause"], located.line("versions", i, "changes", j), c.get("page"), c.get("after"),
                c.get("title"), c.get("before_title"), c.get("before"), c.get("text"),
            )
            for j, c in enumerate(v.get("changes", []))
        )
        versions.append(PolicyVersion(
            v["version"], v["date"], located.line("versions", i), tuple(v.get("rfcs", [])), changes,
            v.get("published"), v.get("note"), v.get("source"),
        ))
    return versions, loader.config.rel(path)


def load_faq(loader: Loader) -> dict[str, FaqAnswer]:
    out: dict[str, FaqAnswer] = {}
    misnamed = "FAQ file name `{name}` must be a slug of lowercase words joined by hyphens, e.g. sharing-fixes.md"
    for rel, m, doc in loader.documents(loader.config.faq_dir, "faq", FAQ_FILE, misnamed):
        data, located, body, body_line = doc
        out[m.group("slug")] = FaqAnswer(
            m.group("slug"), data["question"], data["policy_version"], tuple(data["cites"]), body, body_line,
            Loc(rel, 1), data.get("date"), dict(located.lines),
        )
    return out


def load_govdata(loader: Loader) -> GovData:
    gov = load_governance(loader)
    votes = load_votes(loader)
    versions, versions_path = load_versions(loader)
    return GovData(gov, votes, versions, versions_path, load_faq(loader))
