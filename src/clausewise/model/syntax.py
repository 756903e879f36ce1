"""The two pieces of Markdown syntax clausewise adds, shared by the loader and the extension.

Clauses are wrapped in HTML comments, which GitHub hides, so the policy reads as plain
prose in the repository while every clause still carries a stable id:

    <!-- clause id="embargo.patched-software" title="No patched software" -->
    Members must not ...
    <!-- /clause -->

References are `[[id]]` or `[[id|text]]`, and `[[RFC 12]]` for an RFC by number;
`[[id@3.0]]` names a clause as it stood at policy version 3.0.
Both are ignored inside fenced code blocks and code spans.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterator

CLAUSE_OPEN = re.compile(r"^\s{0,3}<!--\s*clause\b(?P<attrs>.*?)-->\s*$")
CLAUSE_CLOSE = re.compile(r"^\s{0,3}<!--\s*/clause\s*-->\s*$")
ATTR = re.compile(r'\s*(?P<key>[a-z][a-z0-9_-]*)\s*=\s*"(?P<value>[^"]*)"')
FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
# `[[id|text]]`; inside a table cell the pipe is escaped, `[[id\|text]]`.
REFERENCE = re.compile(r"\[\[\s*(?P<target>[^\]\|\n]{1,200}?)\s*(?:\\?\|\s*(?P<text>[^\]\n]{1,300}?)\s*)?\]\]")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
#: the longest id: ids name folders (`r/<id>/`, `ambiguities/<id>/`) and files (feeds), and
#: a file system refuses a name over 255 bytes; the JSON Schemas say the same (`maxLength`)
MAX_ID = 120
# `\Z`, not `$`: `$` also matches before a final newline, so `abc\n` would be an id.
ID = re.compile(r"^(?=[a-z0-9.-]{1,120}\Z)[a-z0-9]+(?:[.-][a-z0-9]+)*\Z")
RFC_REF = re.compile(r"^(?:rfc)[\s-]*0*(?P<number>[1-9][0-9]{0,5})\Z", re.IGNORECASE)


@dataclass
class ClauseBlock:
    """One clause found in a policy page; lines are 1-based in the page text."""

    attrs: dict[str, str]
    open_line: int
    close_line: int
    body: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.body).strip("\n")


def parse_attrs(raw: str) -> tuple[dict[str, str], str | None]:
    attrs: dict[str, str] = {}
    pos = 0
    raw = raw.rstrip()
    while pos < len(raw):
        m = ATTR.match(raw, pos)
        if not m:
            return attrs, f"cannot read clause attributes at `{raw[pos:].strip()[:40]}`; write them as key=\"value\""
        if m.group("key") in attrs:
            return attrs, f"attribute `{m.group('key')}` is given twice"
        attrs[m.group("key")] = m.group("value")
        pos = m.end()
    return attrs, None


def iter_code_free_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, line) for lines outside fenced code blocks."""
    fence: str | None = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group("fence")[0] * len(m.group("fence"))
            continue
        if fence is not None:
            if m and m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence):
                fence = None
            continue
        yield i, line


def find_clauses(text: str) -> tuple[list[ClauseBlock], list[tuple[int, str]]]:
    """Split a policy page into clause blocks; problems are (line, message) pairs."""
    lines = text.split("\n")
    blocks: list[ClauseBlock] = []
    problems: list[tuple[int, str]] = []
    current: ClauseBlock | None = None
    inside = dict(iter_code_free_lines(lines))
    for i, line in enumerate(lines):
        if i in inside and (m := CLAUSE_OPEN.match(line)):
            if current is not None:
                problems.append((i + 1, f"clause opened before the clause opened on line {current.open_line} was closed; add `<!-- /clause -->` first"))
                current.close_line = i
                blocks.append(current)
            attrs, problem = parse_attrs(m.group("attrs"))
            current = ClauseBlock(attrs, i + 1, 0)
            if problem:
                current.problems.append((i + 1, problem))
            continue
        if i in inside and CLAUSE_CLOSE.match(line):
            if current is None:
                problems.append((i + 1, "`<!-- /clause -->` without an open clause"))
            else:
                current.close_line = i + 1
                blocks.append(current)
                current = None
            continue
        if current is not None:
            current.body.append(line)
    if current is not None:
        problems.append((current.open_line, "clause is never closed; end it with `<!-- /clause -->` on its own line"))
        current.close_line = len(lines)
        blocks.append(current)
    return blocks, problems


@dataclass(frozen=True)
class Reference:
    target: str
    text: str | None
    line: int  # 1-based within the scanned text


def find_references(text: str) -> Iterator[Reference]:
    """Every `[[...]]` outside code, with its line."""
    lines = text.split("\n")
    for i, line in iter_code_free_lines(lines):
        if "[[" not in line:
            continue
        stripped = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for m in REFERENCE.finditer(stripped):
            yield Reference(m.group("target"), m.group("text"), i + 1)


#: `[[clause-id@3.0]]`: the clause as it stood at policy version 3.0
AS_AT = "@"


def split_as_at(target: str) -> tuple[str, str | None]:
    """`embargo.x@2.x` -> (`embargo.x`, `2.x`); a target without `@` -> (target, None)."""
    if AS_AT not in target:
        return target, None
    base, _, version = target.partition(AS_AT)
    return base.strip(), version.strip() or None


def normalise_target(target: str) -> str:
    """`RFC 7`, `rfc-0007` and `RFC7` all name RFC 7, as the key `rfc-7`."""
    m = RFC_REF.match(target.strip())
    if m:
        return f"rfc-{int(m.group('number'))}"
    return target.strip()


def slug(text: str, limit: int = 50, fallback: str = "page") -> str:
    """The one slug of a title or question (file names of new RFCs and FAQ answers): whole
    words up to `limit` characters, a link that reads well in an email; accents folded to
    ASCII (é -> e), so a title in another language still gives a readable name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split()
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else fallback)


# -- nesting: Python-Markdown parses nested blocks recursively --------------------------------
#: deepest nesting a Markdown text may have: lists, quotes, admonitions and `<div markdown>`
#: blocks inside each other. Python-Markdown recurses once per level and stops with a
#: RecursionError (a traceback, not a diagnostic) somewhere past 300; 32 is far more than
#: prose needs, and keeps rendering time linear in the text.
MAX_NESTING = 32
#: widest indentation of a line, in columns (a tab counts 4): 4 per level of nesting
MAX_INDENT = 4 * MAX_NESTING
#: what opens a level at the start of a line: a quote, or a list marker (`1. 1. 1. x` is
#: three lists inside each other on one line)
_LEVEL = r"(?:[ \t>]|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))"
_PREFIX = re.compile(_LEVEL + "*")
_QUOTES_AND_SPACE = re.compile(r"[ \t>]*")
_MARKER = re.compile(r"[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])")
_DEEP_PREFIX = re.compile(r"^%s{%d}" % (_LEVEL, MAX_NESTING + 1), re.M)
_MD_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*\bmarkdown\b[^<>]*>")
_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")


# Only what every fenced-code extension agrees is a code block: a fence at the start of a
# line, closed by the same fence alone on its line. Skipping less than Markdown treats as
# code only ever checks more.
_FENCE_LINE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
#: past this many fence lines, none is skipped (finding each one's close stays cheap)
_MAX_FENCES = 1000


def _fenced_lines(lines: list[str]) -> set[int]:
    """1-based numbers of the lines inside fenced code blocks that are closed (an unclosed
    fence is no code block to Python-Markdown, so what follows it is still checked)."""
    fences = [(i, m.group("fence")) for i, line in enumerate(lines, 1) if (m := _FENCE_LINE.match(line))]
    inside: set[int] = set()
    if len(fences) > _MAX_FENCES:
        return inside
    k = 0
    while k < len(fences):
        start, fence = fences[k]
        close = next((j for j in range(k + 1, len(fences)) if lines[fences[j][0] - 1].rstrip() == fence), None)
        if close is None:
            k += 1
            continue
        inside.update(range(start, fences[close][0] + 1))
        k = close + 1
    return inside


def nesting_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first place where `text` nests deeper than `MAX_NESTING`, in
    one pass over the text."""
    # Nearly every text cannot: nesting deeper needs more than MAX_NESTING `markdown` blocks
    # open, or a line whose prefix of quotes, spaces and tabs is longer than MAX_NESTING
    # characters (a tab counts 4 columns, so 32 of them are still allowed).
    if text.count("markdown") <= MAX_NESTING and _DEEP_PREFIX.search(text) is None:
        return None
    return _nesting_scan(text)


def _nesting_scan(text: str) -> tuple[int, str] | None:
    depth = 0
    open_tags: dict[str, int] = {}
    lines = text.split("\n")
    code = _fenced_lines(lines)
    for number, line in enumerate(lines, 1):
        if number in code:
            continue
        prefix = _PREFIX.match(line).group()  # type: ignore[union-attr]
        if prefix:
            quotes = prefix.count(">")
            markers = len(_MARKER.findall(prefix))
            lead = _QUOTES_AND_SPACE.match(prefix).group()  # type: ignore[union-attr]
            width = len(lead.replace("\t", "    ")) - lead.count(">")
            if quotes + markers > MAX_NESTING or width > MAX_INDENT:
                if quotes > MAX_NESTING:
                    what = f"nested in {quotes} quotes"
                elif quotes + markers > MAX_NESTING:
                    what = f"nested in {quotes + markers} lists and quotes"
                else:
                    what = f"indented {width} columns"
                return number, f"line is {what}; Markdown may nest at most {MAX_NESTING} levels (indent at most {MAX_INDENT} columns)"
        if "<" not in line:
            continue
        events = sorted([(m.start(), 1, m.group(1).lower()) for m in _MD_OPEN.finditer(line)] + [(m.start(), -1, m.group(1).lower()) for m in _CLOSE.finditer(line)])
        for _, step, tag in events:
            if step > 0:
                open_tags[tag] = open_tags.get(tag, 0) + 1
                depth += 1
                if depth > MAX_NESTING:
                    return number, f"`<{tag} markdown>` blocks nest deeper than {MAX_NESTING} levels"
            elif open_tags.get(tag):
                open_tags[tag] -= 1
                depth -= 1
    return None


# -- paragraph length: Python-Markdown's inline pass copies a paragraph per match ----------
#: longest paragraph (lines between blank lines, outside fenced code): Python-Markdown puts
#: each inline match (emphasis, code, an escape, a link) back into the paragraph by copying
#: the whole paragraph, so its time grows with matches times length. 64 KiB of the worst
#: case (`*a* ` repeated) renders in about a second; a 2 MiB paragraph would take hours.
MAX_PARAGRAPH = 65_536


def paragraph_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first paragraph of `text` longer than `MAX_PARAGRAPH`."""
    if len(text) <= MAX_PARAGRAPH:
        return None
    lines = text.split("\n")
    code = _fenced_lines(lines)
    start, size = 0, 0
    for number, line in enumerate(lines, 1):
        if number in code or not line.strip():
            start, size = 0, 0
            continue
        start = start or number
        size += len(line) + 1
        if size > MAX_PARAGRAPH:
            return start, f"paragraph is longer than {MAX_PARAGRAPH:,} characters; split it with blank lines"
    return None


def render_problem(text: str) -> tuple[int, str, str] | None:
    """(line, code, message) for Markdown that would stall or crash the renderer: nesting
    too deep (CW109) or a paragraph too long (CW110)."""
    deep = nesting_problem(text)
    if deep is not None:
        return deep[0], "CW109", deep[1]
    long = paragraph_problem(text)
    return (long[0], "CW110", long[1]) if long is not None else None
