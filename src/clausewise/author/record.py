"""`clausewise record`: write the outcome of a closed vote into the RFC's status.

The outcome of a vote is computed from the vote record and the roster (the tally); once
the voting period is over it no longer changes with the calendar, and this command
writes it down: `status: voting` becomes `status: accepted` or `status: rejected`, with a
comment on the same line naming the decision (date the vote closed, rule, result), as an
ordinary change to review with `git diff`.

Everything is planned in memory first; a refusal (an open vote, no vote record, a status
other than `voting`) raises before a single byte is written, and each file is then
replaced atomically (`clausewise.atomic`). Nothing else in the file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from clausewise.atomic import write_file
from clausewise.check.govcheck import unrecorded
from clausewise.errors import ClausewiseError
from clausewise.governance.tally import Tally, tally
from clausewise.load.documents import parse_document
from clausewise.model import RFC, RFCStatus
from clausewise.project import Project

_STATUS_LINE = re.compile(r"^(?P<key>status\s*:\s*)(?P<q>['\"]?)voting(?P=q)(?P<rest>\s*(?:#.*)?)$")


class RecordRefused(ClausewiseError):
    """The outcome cannot be recorded; nothing was written."""


@dataclass
class Recording:
    files: dict[Path, str] = field(default_factory=dict)  # absolute path -> new text
    done: list[str] = field(default_factory=list)  # one line per RFC, for the user


def _tally(project: Project, rfc: RFC) -> Tally:
    corpus = project.corpus
    record, gov = corpus.gov.votes.get(rfc.number), corpus.gov.governance
    if record is None:
        raise RecordRefused(
            f"RFC {rfc.number} has no vote record ({project.config.votes_dir}/{rfc.number:04d}.yml); "
            "a decision taken elsewhere is written by hand as `decision:` in the RFC"
        )
    if gov is None:
        raise RecordRefused(f"votes need {project.config.governance_file} (a roster and a decision rule) to be tallied")
    t = tally(record, gov, corpus.build_date, rfc.kind)  # the rule its kind of decision maps to, as `tally` and `check` use
    if t is None:
        raise RecordRefused(f"RFC {rfc.number}'s vote record names an unknown decision rule; run `clausewise check`")
    return t


def _refuse_open(rfc: RFC, t: Tally) -> None:
    if t.state == "not-open":
        raise RecordRefused(f"voting on RFC {rfc.number} has not opened yet (it opens on {t.record.opens}, as of {t.today}); its outcome can be recorded after {t.record.closes}")
    if t.state == "open":
        left = t.days_left or 0
        raise RecordRefused(
            f"voting on RFC {rfc.number} is still open until {t.record.closes} "
            f"({'the last day' if left == 0 else f'{left} day' + 's' * (left != 1) + ' left'}, as of {t.today}); "
            "record the outcome after the period closes"
        )


def _new_text(project: Project, rfc: RFC, t: Tally) -> str:
    path = project.config.abs(rfc.loc.path)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    i = rfc.lines.get(("status",), 0) - 1
    m = _STATUS_LINE.match(lines[i]) if 0 <= i < len(lines) else None
    if m is None:
        raise RecordRefused(f"{rfc.loc.path}: cannot find the line `status: voting` to rewrite; edit the status by hand")
    status = t.outcome.result.status
    comment = f"  # recorded by clausewise record: voting closed {t.record.closes}, {t.outcome.result.value} under {t.rule.name}"
    lines[i] = f"{m.group('key')}{status}{comment}"
    new = "\n".join(lines)
    doc, problems = parse_document(new, rfc.loc.path, "rfc")
    if doc is None or any(p.is_error for p in problems) or doc[0].get("status") != status:
        raise RecordRefused(f"{rfc.loc.path}: the rewritten status would not read back as `{status}`; nothing was written")
    return new


def plan(project: Project, numbers: list[int] | None = None) -> Recording:
    """The recording of each RFC in `numbers`, or (None) of every RFC whose vote has closed
    while its status still says `voting`. Raises RecordRefused, having written nothing."""
    corpus = project.corpus
    result = Recording()
    if numbers is None:
        chosen = [corpus.rfcs[n] for n in sorted(unrecorded(corpus))]
    else:
        if len(set(numbers)) != len(numbers):
            raise RecordRefused("an RFC is named twice")
        missing = [n for n in numbers if n not in corpus.rfcs]
        if missing:
            raise RecordRefused(f"there is no RFC {missing[0]}")
        chosen = [corpus.rfcs[n] for n in numbers]
    for rfc in chosen:
        errors = [d for d in project.errors if d.path in (rfc.loc.path, f"{project.config.votes_dir}/{rfc.number:04d}.yml")]
        if errors:
            raise RecordRefused(f"RFC {rfc.number} or its vote record has errors ({errors[0].text()}); run `clausewise check` and fix them first")
        t = _tally(project, rfc)
        _refuse_open(rfc, t)
        wanted = t.outcome.result.status
        if rfc.status is not RFCStatus.VOTING:
            already = " (already recorded)" if rfc.status.value == wanted else f"; the votes say `{wanted}`: correct the status by hand (see `clausewise check`)"
            raise RecordRefused(f"RFC {rfc.number} is `{rfc.status.value}`, not `voting`{already}")
        result.files[project.config.abs(rfc.loc.path)] = _new_text(project, rfc, t)
        result.done.append(f"RFC {rfc.number}: voting -> {wanted} (voting closed {t.record.closes}: {t.outcome.reason})")
    return result


def write(result: Recording) -> None:
    """Each file is written to a temporary sibling, then renamed over the original."""
    for path, text in result.files.items():
        write_file(path, text)
