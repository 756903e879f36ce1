"""`clausewise import FILE`: an existing Markdown policy (a SECURITY.md, a policy page) made
into a clause-marked policy page, every line of it kept.

One clause per heading: what stands under a heading, down to the next heading, is wrapped
in clause markers, titled with the heading's text; the heading stays above the clause, as
text outside it, except where the clause's own heading (its title, which the renderer
shows one level below the heading before it) would show it at the same level: there the
heading is folded into the clause, so no section shows its heading twice. Nothing else is
added, moved or rewritten, so the page reads as the source did and every word of the
source is in it (the only lines added are the markers and one front matter key; the only
lines left out are the folded headings, whose text is their clause's title).

Ids come from the headings: the slugs (`model.syntax.slug`) of the headings above the
clause and of its own, joined by dots, `disclosure.embargo`, with numbering such as
`1.2` or `Section 3:` left out so renumbering does not change them; the document's title
(its one level-1 heading) is left out of its sections' ids. Importing again after the
source changed keeps every clause's id: an existing clause is matched by its headings, then
by its own heading and text, then by text alone (difflib), so a reworded paragraph or a
renamed heading keeps its id; a new section gets a new id, never one the page used before.

The page records where it came from and a digest of what was written
(`clausewise_import:` in its front matter); a page edited since (by hand, or by
`clausewise apply`) is not written over without `force`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from clausewise import atomic
from clausewise.check.limits import MAX_CLAUSES
from clausewise.errors import ClausewiseError
from clausewise.load.documents import control_problem
from clausewise.model import syntax
from clausewise.project import Project

#: the largest source read (the loader's limit for a content file)
MAX_SOURCE = 2 * 1024 * 1024
#: how alike two clause texts must be (difflib ratio over words) to be the same clause
#: when neither their headings nor their own heading agree
SIMILAR = 0.6
#: ... and when their own heading agrees but the headings above it do not (a moved section)
SIMILAR_MOVED = 0.3
#: longest slug taken from one heading
PART = 40

# Headings as Python-Markdown, which renders the site, reads them: `#` at the start of a
# line (no space needed after it), or any line over a line of `=` or `-` at its start.
ATX = re.compile(r"^(?P<hashes>#{1,6})(?P<text>.*?)#*[ \t]*$")
SETEXT = re.compile(r"^(?P<bar>[=-]+)[ ]*$")
#: a line that cannot be the text of a setext heading: blank, or indented code
NOT_PARAGRAPH = re.compile(r"^(?: {4}|\t|[ \t]*$)")
NUMBERING = re.compile(
    r"^(?:(?:section|article|part|chapter|clause|§)[ \t]*)?(?:[0-9]+(?:\.[0-9]+)+\.?|[0-9]+[.):]|[ivxlcdm]+[.)]|[a-z][.)])[ \t]+",
    re.IGNORECASE,
)
HTML = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>]*)?/?>)")
REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S")
FRONT_KEY = "clausewise_import"
FRONT_LINE = re.compile(r'^clausewise_import: \{source: (?P<source>"(?:[^"\\]|\\.)*"), sha256: "(?P<digest>[0-9a-f]{64})"\}$')


@dataclass(frozen=True)
class Section:
    """A heading and what stands under it, down to the next heading (0-based line indexes)."""

    level: int
    title: str  # the heading's text, inline markup left out
    raw: str  # the heading's text as written
    line: int  # the heading's first line
    body_start: int
    body_end: int  # exclusive
    #: normalised titles of the headings above it (the document's title left out), and its own
    path: tuple[str, ...]
    #: slugs of the same headings: the parts of its id
    parts: tuple[str, ...]
    has_children: bool = False


@dataclass(frozen=True)
class Note:
    """One thing the import could not map, or did on its own: `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ImportResult:
    target: Path
    text: str
    old_text: str | None
    notes: list[Note] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (id, title)
    #: 0-based lines of the source left out: headings folded into their clause's title,
    #: with the blank lines between them and the clause
    folded: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.old_text

    def diff(self, rel: str) -> str:
        old = [] if self.old_text is None else self.old_text.splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, self.text.splitlines(keepends=True), "/dev/null" if self.old_text is None else f"a/{rel}", f"b/{rel}"))


class ImportRefused(ClausewiseError):
    """The import would lose something, or has nothing to work on; nothing was written."""


# -- reading a Markdown document into sections ------------------------------------------------
def _heading_title(text: str) -> str:
    """A heading's text as a clause title: inline markup and attribute lists left out,
    quotes and angle brackets (which a marker cannot hold) made harmless."""
    text = re.sub(r"\s*\{[#.:][^}]*\}\s*$", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^<>]*>", "", text)
    text = re.sub(r"(\*\*|__|\*|`+)", "", text)
    text = text.replace('"', "'").replace("<", "").replace(">", "").replace("\\", "")
    text = re.sub(r"-{2,}", "-", text)  # `-->` would end the marker
    return " ".join(text.split())


def _normal(title: str) -> str:
    """What makes two headings the same heading: case, spacing and numbering aside."""
    stripped = NUMBERING.sub("", title.strip())
    return " ".join((stripped or title).casefold().split())


def _slug(title: str) -> str:
    stripped = NUMBERING.sub("", title.strip())
    part = syntax.slug(stripped, PART, fallback="")
    return part or syntax.slug(title, PART, fallback="clause")


def _front_matter(lines: list[str]) -> int:
    """The number of lines of a YAML front matter block at the top (0 if none)."""
    if len(lines) < 2 or lines[0].rstrip() != "---" or not re.match(r"[A-Za-z0-9_-]+[ \t]*:", lines[1]):
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


def sections(lines: list[str], start: int = 0) -> tuple[list[Section], int | None]:
    """The sections of a Markdown document from line `start`, and the line of its title
    (its first heading, when that is its one level-1 heading), or None."""
    code_free = dict(syntax.iter_code_free_lines(lines))
    heads: list[tuple[int, int, int, str]] = []  # (first line, lines, level, text)
    i = start
    while i < len(lines):
        if i in code_free:
            m = ATX.match(lines[i])
            if m:
                heads.append((i, 1, len(m.group("hashes")), (m.group("text") or "").strip()))
                i += 1
                continue
            if (
                i + 1 < len(lines) and i + 1 in code_free and lines[i].strip()
                and not NOT_PARAGRAPH.match(lines[i]) and (m := SETEXT.match(lines[i + 1]))
                and not syntax.CLAUSE_OPEN.match(lines[i]) and not syntax.CLAUSE_CLOSE.match(lines[i])
            ):
                heads.append((i, 2, 1 if m.group("bar")[0] == "=" else 2, lines[i].strip()))
                i += 2
                continue
        i += 1
    title_line = None
    if heads and heads[0][2] == 1 and sum(1 for h in heads if h[2] == 1) == 1:
        title_line = heads[0][0]
    out: list[Section] = []
    stack: list[tuple[int, str, str]] = []  # (level, normal title, slug) of the headings above
    for k, (line, count, level, raw) in enumerate(heads):
        title = _heading_title(raw) or f"Section {k + 1}"
        while stack and stack[-1][0] >= level:
            stack.pop()
        is_title = line == title_line
        if not is_title:
            stack.append((level, _normal(title), _slug(title)))
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        children = k + 1 < len(heads) and heads[k + 1][2] > level
        path = tuple(s[1] for s in stack) if not is_title else ("",)
        parts = tuple(s[2] for s in stack) if not is_title else (_slug(title),)
        out.append(Section(level, title, raw.strip(), line, line + count, end, path, parts, children))
    return out, title_line


def toc_slug(text: str) -> str:
    """The anchor Python-Markdown's table of contents gives a heading."""
    import unicodedata

    value = unicodedata.normalize("NFKD", re.sub(r"<[^>]*>", "", text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", value).strip().lower())


def _unclosed_fence(lines: list[str], start: int) -> int | None:
    """The line of a fenced code block left open at the end, as `syntax` reads fences."""
    fence: tuple[int, str] | None = None
    for i in range(start, len(lines)):
        m = syntax.FENCE.match(lines[i])
        if fence is None and m:
            fence = (i, m.group("fence"))
        elif fence is not None and m and m.group("fence")[0] == fence[1][0] and len(m.group("fence")) >= len(fence[1]):
            fence = None
    return fence[0] if fence else None


def _words(text: str) -> list[str]:
    return text.split()


def _ratio(a: list[str], b: list[str]) -> float:
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < SIMILAR_MOVED or m.quick_ratio() < SIMILAR_MOVED:
        return 0.0  # not alike: no need for the full comparison
    return m.ratio()


# -- what a page already holds -----------------------------------------------------------------
@dataclass
class _Old:
    id: str
    title: str
    text: str
    path: tuple[str, ...]
    line: int
    aliases: str | None


def _old_clauses(text: str) -> list[_Old]:
    lines = text.split("\n")
    secs, _ = sections(lines, _front_matter(lines))
    out: list[_Old] = []
    blocks, _ = syntax.find_clauses(text)
    for block in blocks:
        cid = block.attrs.get("id")
        if not cid:
            continue
        owner = None
        for sec in secs:
            if sec.line < block.open_line - 1:
                owner = sec
        title = _normal(block.attrs.get("title", ""))
        if owner is not None and owner.path[-1:] in ((title,), ("",)) and not any(line.strip() for line in lines[owner.body_start:block.open_line - 1]) and _normal(owner.title) == title:
            path = owner.path  # the clause of the heading just above it
        else:  # a heading the import folded into the clause's title: a child of the one above
            path = (owner.path if owner and owner.path != ("",) else ()) + (title,)
        out.append(_Old(cid, block.attrs.get("title", ""), block.text, path, block.open_line, block.attrs.get("aliases")))
    return out


def _recorded(text: str) -> tuple[str, str] | None:
    """(source, digest) from the front matter `clausewise_import` wrote, if it is there."""
    lines = text.split("\n")
    for line in lines[1:_front_matter(lines)]:
        if m := FRONT_LINE.match(line.rstrip()):
            return json.loads(m.group("source")), m.group("digest")
    return None


def _body_after_front(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(lines[_front_matter(lines):])


def digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# -- matching the source's sections with the page's clauses ------------------------------------
def _match(news: list[tuple[Section, str]], olds: list[_Old]) -> dict[int, _Old]:
    """index in `news` -> the old clause it continues."""
    matched: dict[int, _Old] = {}
    free = list(range(len(olds)))

    def take(k: int, j: int) -> None:
        matched[k] = olds[j]
        free.remove(j)

    # 1. the same headings, in the same order where a heading repeats
    for k, (sec, _) in enumerate(news):
        j = next((j for j in free if olds[j].path == sec.path), None)
        if j is not None:
            take(k, j)
    # 2. its own heading (a section moved under another one), 3. its text (a renamed heading)
    for same_title, threshold in ((True, SIMILAR_MOVED), (False, SIMILAR)):
        pairs = []
        for k, (sec, text) in enumerate(news):
            if k in matched:
                continue
            words = _words(text)
            for j in free:
                if same_title and (not olds[j].path or olds[j].path[-1] != sec.path[-1]):
                    continue
                r = _ratio(words, _words(olds[j].text))
                if r >= threshold:
                    pairs.append((-r, k, j))
        for _, k, j in sorted(pairs):
            if k not in matched and j in free:
                take(k, j)
    return matched


def _unique(parts: tuple[str, ...], taken: set[str]) -> str:
    parts = tuple(p for p in parts if p) or ("clause",)
    while len(".".join(parts)) > syntax.MAX_ID and len(parts) > 1:
        parts = parts[:-2] + parts[-1:]  # leave out the heading just above, then the next
    base = ".".join(parts)[: syntax.MAX_ID].strip(".-")
    cid, n = base, 1
    while cid in taken:
        n += 1
        suffix = f"-{n}"
        cid = base[: syntax.MAX_ID - len(suffix)].rstrip(".-") + suffix
    return cid


# -- the import ----------------------------------------------------------------------------------
def convert(
    source: str, source_name: str, old: str | None = None, taken: Iterable[str] = (), target_name: str = "",
    recorded_name: str | None = None,
) -> ImportResult:
    """The clause-marked page for the Markdown `source` (pure: no file is read or written).
    `old` is the page as it stands, whose clause ids are kept; `taken` are the ids used by
    other pages of the project."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = source.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    notes: list[Note] = []
    front = _front_matter(lines)
    code_free = dict(syntax.iter_code_free_lines(lines))
    for i in range(front, len(lines)):
        if i in code_free and (syntax.CLAUSE_OPEN.match(lines[i]) or syntax.CLAUSE_CLOSE.match(lines[i])):
            raise ImportRefused(f"{source_name}:{i + 1}: it already has clause markers; it is a clausewise policy page: put it in the policy folder as it is, or take the markers out to import it again")
    opened = _unclosed_fence(lines, front)
    if opened is not None:
        raise ImportRefused(f"{source_name}:{opened + 1}: this code block is never closed, so everything after it would be code; close it with the same fence on a line of its own and import again")
    secs, title_line = sections(lines, front)
    if not secs:
        raise ImportRefused(f"{source_name}:1: no heading found; `clausewise import` makes one clause of what stands under each heading: give the document headings (`## Reporting a vulnerability`)")
    olds = _old_clauses(old) if old is not None else []
    result = ImportResult(Path(target_name), "", old)

    if front:
        notes.append(Note(source_name, 1, "the front matter is kept as the page's front matter"))
    first = secs[0].line
    if any(line.strip() for line in lines[front:first]):
        start = next(i for i in range(front, first) if lines[i].strip())
        notes.append(Note(source_name, start + 1, "text before the first heading is kept as it is, outside any clause"))

    # Duplicate headings: the same id would come out twice.
    seen: dict[tuple[str, ...], Section] = {}
    for sec in secs:
        if sec.path in seen and sec.line != title_line:
            notes.append(Note(source_name, sec.line + 1, f"heading `{sec.title}` repeats the heading on line {seen[sec.path].line + 1} under the same heading; its clause gets an id of its own"))
        seen.setdefault(sec.path, sec)

    # The clause of each section: the lines under its heading, blank lines and trailing link
    # definitions left outside the markers.
    spans: list[tuple[Section, int, int]] = []
    for sec in secs:
        body = [i for i in range(sec.body_start, sec.body_end) if lines[i].strip()]
        if not body:
            if not sec.has_children:
                notes.append(Note(source_name, sec.line + 1, f"heading `{sec.title}` has no text under it; no clause"))
            continue
        first_i, last_i = body[0], body[-1]
        while last_i >= first_i and (not lines[last_i].strip() or (REF_DEF.match(lines[last_i]) and last_i in code_free)):
            last_i -= 1
        if last_i < first_i:  # only link definitions
            continue
        spans.append((sec, first_i, last_i + 1))

    news = [(sec, "\n".join(lines[a:b])) for sec, a, b in spans]
    matched = _match(news, olds)
    taken_ids = set(taken) | {o.id for o in olds}
    ids: dict[int, str] = {k: o.id for k, o in matched.items()}
    for k, (sec, _) in enumerate(news):
        if k not in ids:
            ids[k] = _unique(sec.parts, taken_ids | set(ids.values()))
            result.new.append(ids[k])
        else:
            result.kept.append(ids[k])
    used = {o.id for o in matched.values()}
    result.removed = [(o.id, o.title) for o in olds if o.id not in used]
    for cid, title in result.removed:
        line = next(o.line for o in olds if o.id == cid)
        notes.append(Note(target_name, line, f"clause `{cid}` ({title}) is not in {source_name} any more and is left out; `clausewise check` reports whatever still refers to it"))

    # Raw HTML: kept as it is, which the site renders only as far as its sanitiser allows.
    inside = {i: ids[k] for k, (_, a, b) in enumerate(spans) for i in range(a, b)}
    for i in range(front, len(lines)):
        if i not in code_free:
            continue
        m = HTML.search(syntax.CODE_SPAN.sub(lambda c: " " * len(c.group(0)), lines[i]))
        if m:
            where = f"inside clause `{inside[i]}`" if i in inside else "outside any clause"
            notes.append(Note(source_name, i + 1, f"raw HTML `{m.group(0)[:40]}` is kept as it is, {where}; the site shows only what its sanitiser allows, so write it as Markdown where you can"))

    # Lists nested by fewer than 4 spaces: GitHub nests them, Python-Markdown does not.
    shallow = re.compile(r"^( {1,3})(?:[-*+]|[0-9]{1,9}[.)])[ \t]")
    for i in range(front, len(lines)):
        m = shallow.match(lines[i]) if i in code_free else None
        if m and not (i > front and shallow.match(lines[i - 1])):
            notes.append(Note(source_name, i + 1, f"list item indented {len(m.group(1))} spaces: Python-Markdown, which builds the site, nests a list only when it is indented 4, so it shows this one unnested; indent it by 4"))

    # A heading whose clause shows it anyway (the clause's title is rendered as a heading one
    # level below the heading before it) is folded into the clause: only where that gives
    # the same level, loses no markup, and no link of the page points at the heading.
    linked = set(re.findall(r"\]\(#([^)\s]+)\)", source)) | set(re.findall(r"^ {0,3}\[[^\]]+\]:[ \t]*#(\S+)", source, re.M))
    with_clause = {sec.line: a for sec, a, _ in spans}
    folded: set[int] = set()
    level = 1
    for sec in secs:
        if (
            sec.line in with_clause and sec.line != title_line and not sec.has_children and sec.level == level + 1
            and sec.raw == sec.title and toc_slug(sec.raw) not in linked
        ):
            folded.update(range(sec.line, with_clause[sec.line]))  # and the blank lines after it
        else:
            level = sec.level

    # The page.
    out: list[str] = []
    opens = {a: k for k, (_, a, _) in enumerate(spans)}
    closes = {b - 1 for _, _, b in spans}
    old_attrs = {o.id: o for o in olds}
    for i in range(front, len(lines)):
        if i in folded:
            continue
        if i in opens:
            k = opens[i]
            sec = spans[k][0]
            attrs = f'id="{ids[k]}" title="{sec.title}"'
            aliases = old_attrs[ids[k]].aliases if ids[k] in old_attrs else None
            if aliases:
                attrs += f' aliases="{aliases}"'
            out.append(f"<!-- clause {attrs} -->")
        out.append(lines[i])
        if i in closes:
            out.append("<!-- /clause -->")
    body = "\n".join(out) + "\n"
    record = f"{FRONT_KEY}: {{source: {json.dumps(recorded_name or source_name, ensure_ascii=False)}, sha256: \"{digest(body)}\"}}"
    kept_front = [line for line in lines[1:front - 1] if not line.startswith(f"{FRONT_KEY}:")] if front else []
    head = ["---", *kept_front, record, "---"]
    result.text = "\n".join(head) + "\n" + body
    result.folded = sorted(folded)
    result.notes = sorted(notes, key=lambda n: (n.path != source_name, n.line))
    return result


def plan(project: Project, source: Path, target: Path | None = None, force: bool = False) -> ImportResult:
    """The import of `source` into the policy page `target` (default: the policy folder's
    index.md) of a loaded project; raises ImportRefused, writing nothing, when the page
    holds edits the import would lose."""
    from clausewise.author.init import template_files

    config = project.config
    policy_dir = config.abs(config.policy_dir).resolve()
    target = (target if target is not None else config.abs(config.policy_dir) / "index.md")
    target = target if target.is_absolute() else config.root / target
    resolved = target.resolve()
    if resolved.suffix != ".md" or not resolved.is_relative_to(policy_dir):
        raise ImportRefused(f"{target}: the page to write must be a .md file in the policy folder ({config.policy_dir}/)")
    rel = config.rel(resolved)
    try:
        raw = atomic.read_regular(source, MAX_SOURCE)
    except FileNotFoundError:
        raise ImportRefused(f"{source}: no such file") from None
    except OSError as exc:
        raise ImportRefused(f"{source}: cannot read it ({exc.strerror or exc})") from None
    if len(raw) > MAX_SOURCE:
        raise ImportRefused(f"{source}:1: larger than {MAX_SOURCE // (1024 * 1024)} MiB; split it into several pages")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused(f"{source}:{line}: not UTF-8 text; save it as UTF-8 and import it again") from None
    source_name = source.as_posix() if not source.is_absolute() else config.rel(source.resolve())
    # What `check` would refuse in the page written from it (a NUL byte, an escape sequence,
    # a bidirectional override, nesting past 32 levels, a 64 KiB paragraph): refused here,
    # at the source's line, before anything is written.
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = plain.find("\x00")
    problem = ((plain.count("\n", 0, nul) + 1, "CW100", "it is binary (holds NUL bytes), not Markdown text") if nul >= 0 else None) or control_problem(plain) or syntax.render_problem(plain)
    if problem is not None:
        line, code, message = problem
        raise ImportRefused(f"{source_name}:{line}: {code} {message.replace('the file holds', 'it holds')}; nothing was written")

    old = current = None
    notes: list[Note] = []
    if resolved.exists():
        try:
            old = current = resolved.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportRefused(f"{rel}: cannot read the page it would replace ({exc})") from None
        recorded = _recorded(old)
        if old == template_files().get("docs/policy/index.md"):
            samples = [s for s in ("postmortems/incident-1.md", "rfcs/0001-allow-deployment.md", "faq/deploying-fixes.md") if (config.root / s).exists()]
            notes.append(Note(rel, 1, "replaces the sample policy `clausewise init` wrote" + (f"; remove the samples that cite its clauses ({', '.join(samples)}), or `clausewise check` reports them" if samples else "")))
            old = None  # the sample's ids are not the community's
        elif recorded is None and not force:
            raise ImportRefused(f"{rel}: this page was not written by `clausewise import`, and importing would replace it; give --force to replace it (the clause ids it has are kept where the text matches), or --to another page of {config.policy_dir}/")
        elif recorded is not None and recorded[1] != digest(_body_after_front(old)) and not force:
            raise ImportRefused(f"{rel}: edited since it was imported from {recorded[0]} (by hand, or by `clausewise apply`); importing again would undo those edits. Import it again with --force to replace them (the clause ids are kept), or make the edits in {recorded[0]} first")

    if current is None and resolved != policy_dir / "index.md":  # the page `init`'s nav lists
        page = resolved.relative_to(config.abs(config.docs_dir).resolve()).as_posix()
        notes.append(Note(rel, 1, f"a new page: if mkdocs.yml has a `nav`, list `{page}` in it (`mkdocs build --strict` stops at a page the nav leaves out)"))
    # Ids are one namespace: clauses of the other pages, post-mortems, ambiguities, rulings.
    graph = project.graph
    clauses = project.corpus.clauses
    here = {cid for cid, c in clauses.items() if config.abs(c.loc.path).resolve() == resolved}
    taken = {key for key, t in graph.targets.items() if not (t.kind == "clause" and t.key in here)}
    recorded_name = Path(os.path.relpath(Path(source).resolve(), config.root)).as_posix()
    result = convert(text, source_name, old, taken, rel, recorded_name)
    for k, note in enumerate(result.notes):  # a removed clause: say what still concerns it
        m = re.match(r"clause `([^`]+)`", note.message)
        if note.path == rel and m and "is not in" in note.message:
            cid = m.group(1)
            users = [f"ambiguity {a.id}" for a in graph.clause_ambiguities.get(cid, [])] + [f"RFC {r.number}" for r in graph.clause_rfcs.get(cid, [])]
            if users:
                result.notes[k] = Note(note.path, note.line, note.message.replace("; `clausewise check`", f"; {', '.join(dict.fromkeys(users))} still {'concerns' if len(set(users)) == 1 else 'concern'} it, and `clausewise check`"))
    total = len(syntax.find_clauses(result.text)[0]) + len(set(clauses) - here)
    if total > MAX_CLAUSES:
        raise ImportRefused(f"{source_name}: the policy would hold {total:,} clauses, and a policy may hold at most {MAX_CLAUSES:,} (CW113); nothing was written")
    result.target = resolved
    result.notes = notes + result.notes
    result.old_text = current
    return result


def write(result: ImportResult) -> None:
    result.target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_file(result.target, result.text)
