"""Located diagnostics: every content problem is one of these, never an exception.

A diagnostic names the file and line, a stable code, the rule it breaks and, where we can
guess, what would be right. Output formats (text, JSON, GitHub annotations) are views of
the same list.
"""

from __future__ import annotations

import difflib
import enum
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from clausewise.atomic import read_regular


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    #: a state worth knowing (a non-binding vote, a stale draft) that never fails a build
    NOTE = "note"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str


# The one table of diagnostic codes. Codes are stable: never renumber, only add.
CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("CW100", "unreadable-file", "a content file must be UTF-8 text"),
        Code("CW101", "yaml-syntax", "front matter and data files must be valid YAML"),
        Code("CW102", "front-matter", "a document must start with a YAML front matter mapping"),
        Code("CW103", "missing-field", "a required field is missing"),
        Code("CW104", "bad-value", "a field has the wrong type or form"),
        Code("CW105", "unknown-field", "a field name is not part of the format"),
        Code("CW106", "unknown-status", "an RFC status must be one of the known statuses"),
        Code("CW107", "yaml-too-complex", "YAML must stay within the size and nesting limits"),
        Code("CW108", "duplicate-key", "a YAML mapping must not repeat a key"),
        Code("CW109", "too-deep", "Markdown must not nest lists, quotes or `<div markdown>` blocks more than 32 levels deep"),
        Code("CW110", "paragraph-too-long", "a Markdown paragraph must not be longer than 65,536 characters (Python-Markdown's inline pass grows with matches times length)"),
        Code("CW111", "marker-in-change", "an RFC change's text or title must not hold clause markers, which `clausewise apply` would write into the policy"),
        Code("CW112", "history-too-long", "the history pass reads at most 128 MiB of the policy and RFC files' versions in git; past it, histories start at the newest commits that fit"),
        Code("CW113", "too-many-clauses", "a policy may hold at most 5,000 clauses: each has its own page, feed and permalink, about 35 KB of site and of the build's memory"),
        Code("CW114", "control-character", "a content file must not hold control characters (but tab and newline), line or paragraph separators or bidirectional overrides"),
        Code("CW201", "unknown-reference", "a reference must name an existing clause, ambiguity, ruling, post-mortem or RFC"),
        Code("CW202", "duplicate-id", "ids must be unique across the corpus"),
        Code("CW203", "file-name", "an RFC file must be named NNNN-slug.md after its number"),
        Code("CW204", "clause-operation", "a clause operation must fit the current policy"),
        Code("CW205", "decision-mismatch", "an RFC's status must agree with its recorded decision"),
        Code("CW301", "clause-syntax", "clause markers must be well formed, closed and not nested"),
        Code("CW302", "missing-policy", "the corpus must contain a policy with at least one clause"),
        Code("CW303", "clause-not-yet", "a dated document may cite a clause only as it stood at its date: the clause must exist in the policy version it is read against"),
        Code("CW304", "unknown-as-at-version", "`[[id@V]]` must name a recorded policy version"),
        Code("CW305", "faq-supersedes", "a FAQ answer may supersede one existing answer; each answer has at most one successor and no answer supersedes itself"),
        Code("CW401", "decision-rule", "a decision rule must be known and allowed by the governance file"),
        Code("CW402", "no-governance", "votes need a governance file with a roster and a default rule"),
        Code("CW403", "non-binding-vote", "a voter not on the roster on the day of the vote counts as non-binding"),
        Code("CW404", "vote-outside-period", "a vote must be cast within the voting period to count"),
        Code("CW405", "vote-without-reasons", "a negative vote must give reasons or an alternative where the rule says so"),
        Code("CW406", "status-contradicts-tally", "an RFC's status must agree with the outcome computed from its votes"),
        Code("CW407", "vote-value", "a vote's value must be one the decision rule allows"),
        Code("CW408", "voting-period", "a voting period must close on or after the day it opens"),
        Code("CW409", "decision-and-votes", "an RFC is decided either by votes or by a decision recorded by reference, not both"),
        Code("CW410", "roster-entry", "a roster entry must end on or after the day it starts"),
        Code("CW411", "stale-rfc", "an open RFC's base text must match the clause it changes"),
        Code("CW412", "policy-version", "policy versions must be unique and apply accepted RFCs once"),
        Code("CW413", "faq-version", "a FAQ answer must name a recorded policy version"),
        Code("CW414", "outcome-not-recorded", "once voting closes, the RFC's status records the outcome (`clausewise record N`)"),
        Code("CW415", "vote-in-future", "a vote dated after the build date is flagged: most likely its date is mistyped"),
        Code("CW501", "placeholder", "a template placeholder (TODO) is still to be filled in"),
        Code("CW502", "unchanged-amend", "an `amend` change must change the clause"),
        Code("CW510", "status-skip", "an RFC's status must move one step at a time, or record its decision"),
        Code("CW511", "removed-id", "an id must not be removed or renamed while something still refers to it"),
        Code("CW512", "renamed-clause", "a renamed clause keeps its old id as an alias, so permalinks still work"),
        Code("CW513", "rfc-edits-policy", "a pull request proposing an RFC must not also edit the policy text"),
        # CW6xx: safety with contributed content (confinement, cycles, build settings)
        Code("CW601", "reference-cycle", "`supersedes` and precedent must not form a cycle"),
        Code("CW602", "outside-link", "a symlink in a content folder must not point outside the content folders"),
        Code("CW603", "unsafe-snippets", "pymdownx.snippets, if enabled, must be confined to the content"),
        Code("CW604", "active-file", "the content folder may publish only Markdown pages and passive files (images, PDFs, text, fonts)"),
        Code("CW701", "no-history", "outside a git repository (or without commits) the site builds without dates and authors"),
        Code("CW702", "shallow-clone", "history needs the full clone: `git fetch --unshallow` or `fetch-depth: 0`"),
        Code("CW703", "history-unreadable", "git history could not be read; the site builds without it"),
        Code("CW704", "conflicting-settings", "a setting is given once, in mkdocs.yml: clausewise.yml may not say otherwise, and docs_dir is the one MkDocs renders"),
        Code("CW705", "renderer-without-plugin", "a renderer that cannot run the clausewise plugin (Zensical) builds the tree `clausewise pages` writes"),
        Code("CW706", "untranslated-language", "theme.language names a language clausewise has no translation for: generated text stays English"),
        Code("CW710", "inherit-not-followed", "mkdocs.yml's `INHERIT:` names a file that exists, is not a symlink, and is no cycle; a chain is at most 8 files"),
        # CW80x: pre-disclosure list applications (model.applications, check.applications)
        Code("CW801", "criteria", "eligibility criteria must name a clause in force in their version, once each"),
        Code("CW802", "unknown-criterion", "an application's evidence must be for a criterion in force on the day it was received"),
        Code("CW803", "approved-incomplete", "an approval must not leave an item of the checklist missing or malformed unless it waives it"),
        Code("CW804", "rejected-complete", "a rejection of a complete application must cite the clause or ruling it rests on"),
        Code("CW805", "inconsistent-decision", "a decision opposite to an earlier one on the same checklist must cite it"),
        Code("CW806", "clause-not-in-force", "a decision's reasons must cite clauses in force on the day of the decision"),
        Code("CW807", "pending-too-long", "a pending application older than the configured number of days needs a decision"),
        Code("CW808", "email-in-public-field", "an email address must not appear in a public field of an application, nor a docs link lead to the applications"),
        Code("CW809", "decision-dates", "a decision needs a date and a decider, on or after the day the application was received"),
    )
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        head = f"{self.path}:{self.line}: {self.code} {self.message}"
        if self.severity is not Severity.ERROR:
            head = f"{self.path}:{self.line}: {self.code} {self.severity.value}: {self.message}"
        return head + (f"\n  hint: {self.hint}" if self.hint else "")


_LINE_BREAKS = {c: f"\\u{c:04x}" for c in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)}


def _one_line(s: str) -> str:
    # Messages quote contributed text; a newline in it would forge a second diagnostic line.
    # (str.splitlines also breaks on \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029.)
    return s.replace("\r", "\\r").replace("\n", "\\n").translate(_LINE_BREAKS)


def error(path: str, line: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(_one_line(path), line, code, _one_line(message), Severity.ERROR, hint and _one_line(hint))


def warning(path: str, line: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(_one_line(path), line, code, _one_line(message), Severity.WARNING, hint and _one_line(hint))


def note(path: str, line: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, code, message, Severity.NOTE, hint)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest known spelling, or None."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        close = [lowered[word.lower()]] if word.lower() in lowered else []
    return f"did you mean `{close[0]}`?" if close else None


def sort_key(d: Diagnostic) -> tuple[str, int, str, str]:
    return (d.path, d.line, d.code, d.message)


def summary(diags: Sequence[Diagnostic]) -> str:
    errors = sum(1 for d in diags if d.is_error)
    warnings = sum(1 for d in diags if d.severity is Severity.WARNING)
    notes = len(diags) - errors - warnings
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    return text + (f", {notes} note{'s' * (notes != 1)}" if notes else "")


def format_text(diags: Sequence[Diagnostic], root: str | os.PathLike[str] | None = None, readable: Sequence[str] = ()) -> str:
    """One block per diagnostic. The first line is always `path:line: CODE message`
    (editors and CI parse it); given the project root, the offending source line follows,
    rustc-style, with the culprit underlined, then the hint.

    Source lines come only from a regular file under one of `readable` (the content folders
    and files, relative to `root`: `confine.readable(config)`) that is really there, with no
    symlink on the way: a diagnostic about a link to /proc/self/environ must not print the
    build's environment into a CI log."""
    if root is None:
        return "\n".join(printable(d.text()) for d in diags)
    sources: dict[str, list[str] | None] = {}
    allowed = [PurePosixPath(r) for r in readable]
    return "\n".join(printable(_block(d, _source_lines(d, Path(root), sources, allowed))) for d in diags)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character (newlines and tabs kept) shown as `\\xNN`: what a
    contribution says must not drive the terminal or CI log it is printed to."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


#: what is read of a file to show its lines: the loader's own limit
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def _read_source(root: Path, rel: str, allowed: Sequence[PurePosixPath]) -> list[str] | None:
    name = PurePosixPath(rel)
    if name.is_absolute() or not name.parts or ".." in name.parts or not any(name == a or a in name.parents for a in allowed):
        return None
    real_root = os.path.realpath(root)
    path = os.path.join(real_root, *name.parts)
    if os.path.realpath(path) != path:  # a symlink on the way, or the file is one
        return None
    try:
        data = read_regular(path, MAX_SOURCE_BYTES)
    except OSError:
        return None
    return data[:MAX_SOURCE_BYTES].decode("utf-8-sig", errors="replace").replace("\r\n", "\n").split("\n")


MAX_SHOWN = 160


def _source_lines(d: Diagnostic, root: Path, cache: dict[str, list[str] | None], allowed: Sequence[PurePosixPath]) -> list[str]:
    """The reported line and the few after it: a YAML list item is reported at its `-`
    while the culprit may sit on one of its next lines."""
    if d.path not in cache:
        cache[d.path] = _read_source(root, d.path, allowed)
    lines = cache[d.path]
    if d.code in SPANLESS or lines is None or not 1 <= d.line <= len(lines) or not lines[d.line - 1].strip():
        return []
    return [line.replace("\t", "    ")[:MAX_SHOWN] for line in lines[d.line - 1 : d.line + LOOKAHEAD]]


MAX_SHOWN = 160
LOOKAHEAD = 4
#: Codes whose line says where to add something, not what is wrong there: no underline.
SPANLESS = {"CW103", "CW302"}


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?(?:[A-Za-z_][\w.-]*:\s+[^\s|>]|\{)")


def _span(d: Diagnostic, lines: list[str]) -> tuple[int, int, int]:
    """(how many lines to show, column, width) of the underline: the last `quoted` word of
    the message found on the reported line, else on a line just after it, else the line's
    text. The reported line comes first: a word quoted for context (a ref such as `main`)
    must not pull the caret onto a later key that happens to hold it."""
    tokens = list(reversed(re.findall(r"`([^`]+)`", d.message)))
    if _KEY_VALUE.match(lines[0]):
        # A `key: value` line, or a list item that starts one or holds a `{flow}` mapping,
        # holds all it says: the lines after it are its own only when indented under it (a
        # folded value, the item's other keys), never the next keys or the next item.
        depth = len(lines[0]) - len(lines[0].lstrip())
        own = 1
        while own < len(lines) and lines[own].strip() and len(lines[own]) - len(lines[own].lstrip()) > depth:
            own += 1
        lines = lines[:own]
    for token in tokens:
        if token in lines[0]:
            return 1, lines[0].index(token), len(token)
    for token in tokens:
        for i, src in enumerate(lines[1:], start=1):
            if token in src:
                return i + 1, src.index(token), len(token)
    src = lines[0]
    start = len(src) - len(src.lstrip())
    return 1, start, max(1, len(src.rstrip()) - start)


def _block(d: Diagnostic, lines: list[str]) -> str:
    out = [d.text().split("\n")[0]]
    count, col, n = _span(d, lines) if lines else (0, 0, 0)
    width = len(str(d.line + max(count - 1, 0)))
    pad = " " * width
    if lines:
        out.append(f"  {pad} |")
        out += [f"  {d.line + i:>{width}} | {src}".rstrip() for i, src in enumerate(lines[:count])]
        out.append(f"  {pad} | {' ' * col}{'^' * n}")
    if d.hint:
        out.append(f"  {pad} = hint: {d.hint}")
    return "\n".join(out)


def format_json(diags: Sequence[Diagnostic]) -> str:
    rows = [
        {
            "path": d.path,
            "line": d.line,
            "code": d.code,
            "name": CODES[d.code].name,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
        }
        for d in diags
    ]
    # json escapes C0 controls itself; C1 controls and direction overrides too, as \\uXXXX.
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(rows, indent=2, ensure_ascii=False))


def format_github(diags: Sequence[Diagnostic]) -> str:
    def esc(s: str) -> str:
        return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    lines = []
    for d in diags:
        msg = d.message + (f" ({d.hint})" if d.hint else "")
        level = "notice" if d.severity is Severity.NOTE else d.severity.value
        path = esc(d.path).replace(",", "%2C").replace(":", "%3A")
        lines.append(f"::{level} file={path},line={d.line},title={d.code}::{esc(msg)}")
    return "\n".join(lines)
