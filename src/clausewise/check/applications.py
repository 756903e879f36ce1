"""Pre-disclosure list applications: the checklist, and the rules over applications.

The tedious part of deciding an application, done by `check`: for every application the
criteria in force on the day it was received (`criteria_at`), and for each criterion
whether the evidence is present, missing or malformed (`checklist`). The rules then flag
decisions that contradict the checklist or an earlier decision on the same checklist,
reasons citing clauses not in force, pending applications older than the configured
number of days (a note, computed for the build date, never the wall clock) and email
addresses in public fields.

Cost per application: one bisection for its version, then O(criteria).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass
from typing import Iterator

from clausewise.governance.versions import state_at
from clausewise.i18n import _
from clausewise.graph import Graph
from clausewise.model import Application, Corpus, Criterion, PolicyVersion, syntax
from clausewise.model.applications import EMAIL, ONE_EMAIL, URL
from clausewise.model.diagnostics import Diagnostic, did_you_mean, error, note, warning

PRESENT, MISSING, MALFORMED, WAIVED = "present", "missing", "malformed", "waived"


@dataclass(frozen=True)
class Item:
    """One line of an application's checklist."""

    criterion: Criterion
    status: str  # present | missing | malformed | waived
    #: why it is malformed (never quotes a private value)
    detail: str = ""
    #: for a waived item, what it was (missing or malformed)
    was: str = ""


class Criteria:
    """The criteria in force on any day, from the policy versions (built once per corpus)."""

    def __init__(self, corpus: Corpus) -> None:
        self.days: list[str] = []
        self.versions: list[tuple[PolicyVersion, tuple[Criterion, ...]]] = []
        current: tuple[Criterion, ...] = ()
        for v in corpus.gov.versions:
            if v.criteria is not None:
                current = v.criteria
            self.days.append(v.date)
            self.versions.append((v, current))

    def at(self, day: str) -> tuple[PolicyVersion | None, tuple[Criterion, ...]]:
        """The version in force on `day` (YYYY-MM-DD; a version dated YYYY-MM starts that
        month) and its criteria; (None, ()) before the first version."""
        i = bisect.bisect_right(self.days, day) - 1
        return self.versions[i] if i >= 0 else (None, ())

    def latest(self) -> tuple[PolicyVersion | None, tuple[Criterion, ...]]:
        return self.versions[-1] if self.versions else (None, ())


def criteria_at(corpus: Corpus, day: str) -> tuple[PolicyVersion | None, tuple[Criterion, ...]]:
    return Criteria(corpus).at(day)


def _url_problem(value: str, criterion: Criterion) -> str:
    m = URL.match(value.strip())
    if not m:
        return _("not a web address (http:// or https://)")
    host = m.group("host").lower()
    for h in criterion.not_hosts:
        if host == h or host.endswith("." + h):
            return _("a page on {host}, which does not count as evidence").format(host=h)
    return ""


def check_item(app: Application, criterion: Criterion) -> Item:
    """One criterion against what the application offers for it."""
    if criterion.evidence == "category":
        if not app.category:
            return Item(criterion, MISSING)
        known = {c.casefold() for c in criterion.categories}
        if known and app.category.casefold() not in known:
            return Item(criterion, MALFORMED, _("not one of the categories the clause admits"))
        return Item(criterion, PRESENT)
    values = app.offered(criterion.id)
    if not values:
        return Item(criterion, MISSING)
    for value in values:
        problem = ""
        if criterion.evidence == "url":
            problem = _url_problem(value, criterion)
        elif criterion.evidence == "email":
            problem = "" if ONE_EMAIL.match(value.strip()) else _("not one email address")
        elif criterion.evidence == "contact":
            problem = "" if ONE_EMAIL.match(value.strip()) or URL.match(value.strip()) else _("neither an email address nor a web address")
        if problem:
            return Item(criterion, MALFORMED, problem)
    return Item(criterion, PRESENT)


def checklist(app: Application, criteria: tuple[Criterion, ...]) -> list[Item]:
    """The application against each criterion; an item the decision waives says so."""
    items = []
    for c in criteria:
        item = check_item(app, c)
        if item.status != PRESENT and c.id in app.decision.waived:
            item = Item(c, WAIVED, item.detail, item.status)
        items.append(item)
    return items


def complete(items: list[Item]) -> bool:
    return all(i.status in (PRESENT, WAIVED) for i in items)


def _real_day(day: str | None) -> bool:
    try:
        return day is not None and len(day) == 10 and bool(_dt.date.fromisoformat(day))
    except ValueError:
        return False


def _line(app: Application, *key: object) -> int:
    return app.lines.get(tuple(key), app.loc.line)


def _text_line(app: Application, key: tuple[object, ...], text: str, ref_line: int) -> int:
    base = _line(app, *key)
    # A text of several lines is a block scalar, which starts below its key; a one-line
    # text is reported on its key's line.
    return base + ref_line if "\n" in text.strip("\n") else base


# -- the rules --------------------------------------------------------------------------
def check_criteria(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """CW801: each version's criteria name a clause in force in that version, once each;
    a category criterion lists its categories; the rulings it names exist."""
    path = corpus.gov.versions_path or "policy-versions.yml"
    for v in corpus.gov.versions:
        if v.criteria is None:
            continue
        in_force = {c.id for c in state_at(corpus, v.version)}
        seen: set[str] = set()
        for c in v.criteria:
            if c.id in seen:
                yield error(path, c.line, "CW801", f"criterion `{c.id}` is declared twice in version {v.version}")
            seen.add(c.id)
            if c.clause not in in_force:
                yield error(path, c.line, "CW801", f"criterion `{c.id}` is declared on clause `{c.clause}`, which is not in force in version {v.version}",
                            did_you_mean(c.clause, in_force))
            if c.evidence == "category" and not c.categories:
                yield error(path, c.line, "CW801", f"criterion `{c.id}` asks for a category but lists no `categories`")
            for r in c.rulings:
                if r not in corpus.rulings:
                    yield error(path, c.line, "CW201", f"unknown ruling `{r}` in criterion `{c.id}`", did_you_mean(r, corpus.rulings))


def check_applications(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """CW802 to CW809 over every application, oldest decision first (for CW805)."""
    if not corpus.applications:
        return
    table = Criteria(corpus)
    in_force_cache: dict[str, set[str]] = {}

    def clauses_in_force(version: PolicyVersion) -> set[str]:
        if version.version not in in_force_cache:
            in_force_cache[version.version] = {c.id for c in state_at(corpus, version.version)}
        return in_force_cache[version.version]

    earlier: dict[tuple[object, ...], Application] = {}
    decided = sorted(corpus.applications.values(), key=lambda a: (a.decision.date or "9999", a.received, a.id))
    for app in decided:
        path = app.loc.path
        if not _real_day(app.received):
            yield error(path, _line(app, "received"), "CW104", f"`received` is not a real date: `{app.received}`")
            continue
        version, criteria = table.at(app.received)
        yield from _privacy(app)
        yield from _references(app, graph)
        if version is None or not criteria:
            yield error(path, _line(app, "received"), "CW802", f"no eligibility criteria are in force on {app.received}",
                        "declare `criteria:` under the policy version in force then, in the versions file")
            continue
        ids = {c.id: c for c in criteria}
        for cid in app.evidence.keys() | {k.split(".", 1)[1] for k in app.private if k.startswith("evidence.")}:
            if cid not in ids:
                yield warning(path, _line(app, "evidence", cid), "CW802", f"evidence for `{cid}`, which is not a criterion of version {version.version} (in force on {app.received})",
                              did_you_mean(cid, ids))
        for i, cid in enumerate(app.decision.waived):
            if cid not in ids:
                yield error(path, _line(app, "decision", "waived", i), "CW802", f"waives `{cid}`, which is not a criterion of version {version.version}", did_you_mean(cid, ids))
        items = checklist(app, criteria)
        d = app.decision
        dline = _line(app, "decision", "outcome")
        if d.outcome != "pending":
            if not d.date or not d.by:
                yield error(path, dline, "CW809", f"the decision `{d.outcome}` has no {'date' if not d.date else 'decider (`by`)'}")
            elif not _real_day(d.date):
                yield error(path, _line(app, "decision", "date"), "CW104", f"`decision.date` is not a real date: `{d.date}`")
            elif d.date < app.received:
                yield error(path, _line(app, "decision", "date"), "CW809", f"decided on {d.date}, before the application was received ({app.received})")
        elif corpus.build_date and _real_day(corpus.build_date):
            age = (_dt.date.fromisoformat(corpus.build_date) - _dt.date.fromisoformat(app.received)).days
            if age > corpus.application_days:
                yield note(path, _line(app, "received"), "CW807", f"pending for {age} days (received {app.received}, as of {corpus.build_date}); the limit is {corpus.application_days}",
                           "record the decision, or raise `pending_days` in clausewise.yml")
        gaps = [i for i in items if i.status in (MISSING, MALFORMED)]
        if d.outcome == "approved" and gaps:
            names = ", ".join(f"`{i.criterion.id}` ({i.status})" for i in gaps)
            yield error(path, dline, "CW803", f"approved, but the checklist has {names}",
                        "add the evidence, or list the criterion under `decision.waived` and say why in the reasons")
        refs = [r for r in syntax.find_references(d.reasons or "")]
        targets = [graph.resolve(r.target) for r in refs]
        if d.outcome == "rejected" and not gaps and not any(t is not None and t.kind in ("clause", "ruling") for t in targets):
            yield error(path, dline, "CW804", "rejected although every item of the checklist is present, and the reasons cite no clause or ruling",
                        "cite the clause or ruling the application fails with [[id]] in `decision.reasons`")
        if d.date and version is not None:
            dv, _ = table.at(d.date)
            if dv is not None:
                for r, t in zip(refs, targets):
                    if t is not None and t.kind == "clause" and t.key not in clauses_in_force(dv):
                        yield error(path, _text_line(app, ("decision", "reasons"), d.reasons or "", r.line), "CW806",
                                    f"the reasons cite `{t.key}`, which was not in force on {d.date} (version {dv.version})")
        if d.outcome in ("approved", "rejected"):
            # Compared as the evidence stands, waivers aside: approving with an item waived
            # and rejecting another application for the same gap is the contradiction.
            key = (version.version, (app.category or "").casefold(), tuple(i.was or i.status for i in items))
            before = earlier.get(key)
            if before is not None and before.decision.outcome != d.outcome and not any(t is not None and t.key == before.id for t in targets):
                yield warning(path, dline, "CW805", f"{d.outcome}, but [[{before.id}]] ({before.applicant}) was {before.decision.outcome} on {before.decision.date} with the same category and checklist",
                              f"explain the difference citing [[{before.id}]] in the reasons, or correct one of the decisions")
            earlier[key] = app


def _privacy(app: Application) -> Iterator[Diagnostic]:
    """CW808: an email address in a public field (the contact and `private:` are the places
    for addresses, and the role alias's criterion is marked private)."""
    for key, text in app.public_values():
        m = EMAIL.search(text)
        if m:
            where = ".".join(key)
            line = app.body_line + text[: m.start()].count("\n") if key == ("body",) else _line(app, *key)
            yield error(app.loc.path, line, "CW808", f"an email address in the public field `{where}`; the site, feeds, search index and export would publish it",
                        "move it to `contact` or under `private:`, or mark the criterion `private: true`")


def _references(app: Application, graph: Graph) -> Iterator[Diagnostic]:
    reasons = app.decision.reasons or ""
    for text, line_of in ((reasons, lambda n: _text_line(app, ("decision", "reasons"), reasons, n)), (app.body, lambda n: app.body_line + n - 1)):
        for ref in syntax.find_references(text):
            if graph.resolve(ref.target) is None:
                yield error(app.loc.path, line_of(ref.line), "CW201", f"unknown reference `[[{ref.target}]]`", did_you_mean(ref.target, graph.known_keys()))


def check_application_ids(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """An application's id is a `[[...]]` target: it must not be another document's id."""
    for app in corpus.applications.values():
        t = graph.targets.get(app.id)
        if t is not None and t.kind != "application":
            yield error(app.loc.path, 1, "CW202", f"application id `{app.id}` is already the id of a {t.kind}", "rename the file")


RULES = (check_criteria, check_applications, check_application_ids)
