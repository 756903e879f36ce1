"""`clausewise apply`: write accepted RFCs' clause operations into the policy Markdown and
record the next policy version, as an ordinary change to review with `git diff`.

Everything is planned in memory first. Any refusal (not accepted, already applied, a
stale base, an edit that would not parse back) raises before a single byte is written;
then each file is replaced atomically.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clausewise.atomic import write_file
from clausewise.check.govcheck import same_text
from clausewise.errors import ClausewiseError
from clausewise.governance.rules import Result
from clausewise.governance.tally import tally
from clausewise.governance.versions import applied_in, next_version
from clausewise.load import yamlsafe
from clausewise.model import RFC, ChangeOp, ClauseChange, RFCStatus, syntax
from clausewise.model.diagnostics import summary
from clausewise.project import Project

_TITLE_ATTR = re.compile(r'title="[^"]*"')


class ApplyRefused(ClausewiseError):
    """The RFC cannot be applied; nothing was written."""


@dataclass
class Plan:
    version: str
    date: str
    files: dict[Path, str] = field(default_factory=dict)  # absolute path -> new text
    done: list[str] = field(default_factory=list)  # one line per operation, for the user


def _check_rfc(project: Project, number: int) -> RFC:
    corpus = project.corpus
    rfc = corpus.rfcs.get(number)
    if rfc is None:
        raise ApplyRefused(f"there is no RFC {number}")
    if rfc.status is not RFCStatus.ACCEPTED:
        raise ApplyRefused(f"RFC {number} is `{rfc.status.value}`, not accepted; only an accepted RFC can be applied")
    version = applied_in(corpus).get(number)
    if version is not None:
        raise ApplyRefused(f"RFC {number} was already applied in policy version {version.version} ({version.date})")
    record, gov = corpus.gov.votes.get(number), corpus.gov.governance
    if record is not None and gov is not None:
        t = tally(record, gov, corpus.build_date, rfc.kind)
        if t is not None and t.outcome.result is not Result.PASSED:
            raise ApplyRefused(f"RFC {number} does not pass its vote under `{t.rule.name}`: {t.outcome.reason}")
    return rfc


class _Policy:
    """The policy pages being edited, re-read after every operation."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.texts: dict[str, str] = {}  # project-relative path -> text
        for page in project.corpus.policy_pages:
            self.texts[page.path] = project.config.abs(page.path).read_text(encoding="utf-8")

    def find(self, clause_id: str) -> tuple[str, syntax.ClauseBlock] | None:
        for path, text in self.texts.items():
            for block in syntax.find_clauses(text)[0]:
                if block.attrs.get("id") == clause_id:
                    return path, block
        return None

    def order(self) -> list[str]:
        return [b.attrs.get("id", "") for text in self.texts.values() for b in syntax.find_clauses(text)[0]]

    def splice(self, path: str, start: int, end: int, new: list[str]) -> None:
        """Replace lines [start, end) (0-based) of one page."""
        lines = self.texts[path].split("\n")
        self.texts[path] = "\n".join(lines[:start] + new + lines[end:])


def _body(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def _base_ok(number: int, ch: ClauseChange, current: str) -> None:
    if ch.op is ChangeOp.AMEND and ch.text is not None and same_text(ch.text, current):
        raise ApplyRefused(f"RFC {number}: `{ch.clause}` already reads as the RFC proposes; the change was applied already")
    if ch.base is None:
        raise ApplyRefused(
            f"RFC {number} changes `{ch.clause}` without `base:`, so clausewise cannot tell whether the clause "
            "changed since the RFC was written; add `base:` with the clause text it was drafted against"
        )
    if not same_text(ch.base, current):
        raise ApplyRefused(
            f"RFC {number} is stale: it was written against other text of `{ch.clause}` than the policy has now; "
            "update the RFC's `base` and `text` to today's clause (see the redline on its page) and try again"
        )


def _apply_change(policy: _Policy, number: int, ch: ClauseChange) -> dict[str, Any]:
    found = policy.find(ch.clause)
    entry: dict[str, Any] = {"rfc": number, "op": ch.op.value, "clause": ch.clause}
    if ch.op is ChangeOp.ADD:
        if found is not None:
            raise ApplyRefused(f"RFC {number} adds `{ch.clause}`, but the policy already has a clause with that id")
        anchor = policy.find(ch.after or "")
        if anchor is None:
            raise ApplyRefused(f"RFC {number} adds `{ch.clause}` after `{ch.after}`, which is not in the policy")
        title = ch.title or ch.clause
        if '"' in title:
            raise ApplyRefused(f"RFC {number}: the title of `{ch.clause}` contains a double quote, which a clause marker cannot hold")
        path, after = anchor
        marker = f'<!-- clause id="{ch.clause}" title="{title}" -->'
        policy.splice(path, after.close_line, after.close_line, ["", marker, *_body(ch.text or ""), "<!-- /clause -->"])
        entry.update(page=path, after=ch.after, title=title, text=(ch.text or "").strip("\n"))
        return entry
    if found is None:
        raise ApplyRefused(f"RFC {number} changes `{ch.clause}`, which is no longer in the policy (removed already?)")
    path, block = found
    _base_ok(number, ch, block.text)
    entry.update(page=path, before=block.text, before_title=block.attrs.get("title", ""))
    if ch.op is ChangeOp.AMEND:
        policy.splice(path, block.open_line, block.close_line - 1, _body(ch.text or ""))
        if ch.title:
            lines = policy.texts[path].split("\n")
            lines[block.open_line - 1] = _TITLE_ATTR.sub(lambda _: f'title="{ch.title}"', lines[block.open_line - 1], count=1)
            policy.texts[path] = "\n".join(lines)
            entry["title"] = ch.title
        entry["text"] = (ch.text or "").strip("\n")
    else:
        order = policy.order()
        i = order.index(ch.clause)
        if i:
            entry["after"] = order[i - 1]
        lines = policy.texts[path].split("\n")
        end = block.close_line + (1 if block.close_line < len(lines) and not lines[block.close_line].strip() else 0)
        policy.splice(path, block.open_line - 1, end, [])
    return entry


class _Literal(yaml.SafeDumper):
    pass


_Literal.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def _versions_text(existing: str | None, entry: dict[str, Any]) -> str:
    block = yaml.dump([entry], Dumper=_Literal, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    block = "\n".join(("  " + line) if line else line for line in block.rstrip("\n").split("\n")) + "\n"
    if existing is None:
        return "# The policy's changelog: one entry per version, appended by `clausewise apply`.\nversions:\n" + block
    return existing + ("" if existing.endswith("\n") else "\n") + block


def plan(project: Project, numbers: list[int], version: str | None = None, date: str | None = None, major: bool = False) -> Plan:
    if project.errors:
        raise ApplyRefused(f"the content has errors ({summary(project.diagnostics)}); run `clausewise check` and fix them first")
    if len(set(numbers)) != len(numbers):
        raise ApplyRefused("an RFC is named twice")
    rfcs = [_check_rfc(project, n) for n in numbers]
    corpus = project.corpus
    known = [v.version for v in corpus.gov.versions]
    version = version or next_version(known[-1] if known else None, major)
    if version in known:
        raise ApplyRefused(f"policy version {version} already exists; choose another with --version")
    result = Plan(version, date or corpus.build_date)
    policy = _Policy(project)
    changes = []
    for rfc in rfcs:
        for ch in rfc.changes:
            changes.append(_apply_change(policy, rfc.number, ch))
            result.done.append(f"RFC {rfc.number}: {ch.op.value} {ch.clause}")
    entry: dict[str, Any] = {"version": version, "date": result.date, "rfcs": list(numbers), "changes": changes}
    versions_path = project.config.abs(project.config.versions_file)
    existing = versions_path.read_text(encoding="utf-8") if versions_path.exists() else None
    new_versions = _versions_text(existing, entry)
    _verify(policy, new_versions, version)
    for rel, text in policy.texts.items():
        if text != project.config.abs(rel).read_text(encoding="utf-8"):
            result.files[project.config.abs(rel)] = text
    result.files[versions_path] = new_versions
    return result


def _verify(policy: _Policy, versions_text: str, version: str) -> None:
    """The edited files must read back as intended, or nothing is written."""
    for path, text in policy.texts.items():
        blocks, problems = syntax.find_clauses(text)
        if problems or any(b.problems for b in blocks):
            raise ApplyRefused(f"applying would leave {path} with broken clause markers; nothing was written")
    try:
        data = yamlsafe.load(versions_text).value
    except yamlsafe.YamlProblem as exc:
        raise ApplyRefused(f"cannot append to the versions file (line {exc.line}: {exc.message}); nothing was written") from None
    if not (isinstance(data, dict) and isinstance(data.get("versions"), list) and data["versions"] and data["versions"][-1].get("version") == version):
        raise ApplyRefused("cannot append to the versions file: it must end with its `versions:` list; nothing was written")


def write(result: Plan) -> None:
    """Each file is written to a temporary sibling, then renamed over the original."""
    for path, text in result.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, text)
