"""Load a project's content into a `Corpus`, collecting located diagnostics.

Each file is read once; a broken file yields diagnostics and is left out, so one bad
RFC never hides the problems of the others.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, TypeVar

from . import confine, fastschema, syntax, yamlsafe
from .config import Config
from .diagnostics import Diagnostic, did_you_mean, error
from .govdata import load_govdata
from .model import (
    RFC,
    Ambiguity,
    ChangeOp,
    Clause,
    ClauseChange,
    Corpus,
    Decision,
    Loc,
    PolicyPage,
    Postmortem,
    Precedent,
    RFCStatus,
    Ruling,
)

if TYPE_CHECKING:
    import jsonschema

MAX_FILE_BYTES = 2 * 1024 * 1024
RFC_FILE = re.compile(r"^(?P<number>[0-9]{4,6})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


class ReadProblem(Exception):
    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def read_text(path: Path) -> str:
    """UTF-8 text with BOM and CRLF normalised; raises ReadProblem for anything else."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReadProblem(1, "CW100", f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadProblem(1, "CW100", f"cannot read file: {exc.strerror or exc}") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ReadProblem(1, "CW100", "file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise ReadProblem(1, "CW100", "file is binary (contains NUL bytes), not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadProblem(line, "CW100", "file is not valid UTF-8; save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """(yaml text or None, its first line, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, 1, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2
    raise ReadProblem(1, "CW102", "front matter starts with `---` but is never closed by a `---` line")


@lru_cache(maxsize=None)
def schema_dict(kind: str) -> dict[str, Any]:
    text = resources.files("clausewise").joinpath(f"schemas/{kind}.schema.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    # Resolving `$ref` through the registry on every value was most of jsonschema's time;
    # our schemas are not recursive, so their local refs are inlined once.
    return _inline_refs(raw, raw.get("$defs", {}))  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def schema(kind: str) -> jsonschema.protocols.Validator:
    # Imported on first need: valid files never reach jsonschema (see fastschema), and
    # its import alone is a tenth of `clausewise check` on a large corpus.
    import jsonschema

    raw = schema_dict(kind)
    return jsonschema.validators.validator_for(raw)(raw)


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return _inline_refs({**defs[ref[8:]], **rest}, defs)
        return {k: (v if k == "$defs" else _inline_refs(v, defs)) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _field(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front matter"


_PATTERN_WORDS = {
    "date": "a date written YYYY-MM-DD (or YYYY-MM)",
    "url": "an http(s) URL",
    "id": "an id of lowercase letters, digits, dots and hyphens",
    "line": "one line of text",
}


def _pattern_word(pattern: str) -> str:
    if "[0-9]{4}" in pattern:
        return _PATTERN_WORDS["date"]
    if "https?" in pattern:
        return _PATTERN_WORDS["url"]
    if "[a-z0-9]+" in pattern:
        return _PATTERN_WORDS["id"]
    return _PATTERN_WORDS["line"]


def schema_diagnostics(kind: str, data: Any, located: yamlsafe.Located, path: str) -> Iterator[Diagnostic]:
    """Turn JSON Schema errors into located diagnostics phrased as the rule."""
    if fastschema.is_valid(schema_dict(kind), data):
        return
    validator = schema(kind)
    seen: set[tuple[str, str]] = set()
    for err in sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        where = list(err.absolute_path)
        line = located.line(*where)
        name = _field(where)
        v = err.validator
        if v == "required":
            missing = [k for k in err.validator_value if isinstance(err.instance, dict) and k not in err.instance]
            for key in missing:
                key_name = _field([*where, key])
                if (key_name, "required") not in seen:
                    seen.add((key_name, "required"))
                    yield error(path, line, "CW103", f"`{key_name}` is required")
            continue
        if (name, str(v)) in seen:
            continue
        seen.add((name, str(v)))
        if v == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in allowed:
                    yield error(path, located.line(*where, key), "CW105", f"unknown field `{_field([*where, key])}`; allowed: {', '.join(allowed)}", did_you_mean(key, allowed))
        elif v == "enum" and where == ["status"]:
            allowed = [str(x) for x in err.validator_value]
            yield error(path, line, "CW106", f"status must be one of {', '.join(allowed)}, not `{err.instance}`", did_you_mean(str(err.instance), allowed))
        elif v == "enum" or v == "const":
            allowed = [str(x) for x in err.validator_value] if v == "enum" else [str(err.validator_value)]
            yield error(path, line, "CW104", f"`{name}` must be one of {', '.join(allowed)}, not `{err.instance}`", did_you_mean(str(err.instance), allowed))
        elif v == "type":
            want = err.validator_value if isinstance(err.validator_value, str) else " or ".join(err.validator_value)
            words = {"array": "a list", "object": "a mapping", "string": "text", "integer": "a whole number"}
            yield error(path, line, "CW104", f"`{name}` must be {words.get(want, want)}, not {_describe(err.instance)}")
        elif v == "pattern":
            shown = str(err.instance)[:60].replace("\n", "\\n")
            yield error(path, line, "CW104", f"`{name}` must be {_pattern_word(err.validator_value)}, not `{shown}`")
        elif v in ("minLength", "minItems"):
            yield error(path, line, "CW104", f"`{name}` must not be empty")
        elif v == "maxLength":
            yield error(path, line, "CW104", f"`{name}` must be at most {err.validator_value} characters long, not {len(err.instance)}")
        elif v == "maxItems":
            yield error(path, line, "CW104", f"`{name}` must have at most {err.validator_value} entries")
        elif v in ("minimum", "maximum"):
            bound = "at least" if v == "minimum" else "at most"
            yield error(path, line, "CW104", f"`{name}` must be {bound} {err.validator_value}, not `{err.instance}`")
        elif v == "oneOf":
            yield error(path, line, "CW104", f"`{name}` must be a ruling id or a mapping with `title` and optional `url`")
        else:
            yield error(path, line, "CW104", f"`{name}`: {err.message[:200]}")


DATE_KEYS = ("date", "created")
_KIND_NAMES = {"rfc": "an RFC", "postmortem": "a post-mortem"}


def date_diagnostics(data: Any, located: yamlsafe.Located, path: str, where: tuple[Any, ...] = (), keys: tuple[str, ...] = DATE_KEYS) -> Iterator[Diagnostic]:
    """Dates under `keys` that have the right shape but name no real day (2024-13, 2023-02-30)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", value):
                try:
                    _dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
                except ValueError:
                    yield error(path, located.line(*where, key), "CW104", f"`{_field([*where, key])}` is not a real date: `{value}`")
            else:
                yield from date_diagnostics(value, located, path, (*where, key), keys)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from date_diagnostics(value, located, path, (*where, i), keys)


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


Document = tuple[dict[str, Any], yamlsafe.Located, str, int]


def parse_document(text: str, rel: str, kind: str) -> tuple[Document | None, list[Diagnostic]]:
    """Front matter and body of one file's text, with every problem found in it. Pure: the
    same text always gives the same answer, which is what lets a host cache it."""
    try:
        yaml_text, yaml_line, body, body_line = split_front_matter(text)
        if yaml_text is None:
            raise ReadProblem(1, "CW102", f"{_KIND_NAMES[kind]} must start with YAML front matter between `---` lines")
        located = yamlsafe.load(yaml_text, yaml_line)
    except (ReadProblem, yamlsafe.YamlProblem) as exc:
        return None, [error(rel, exc.line, exc.code, exc.message)]
    problems = [error(rel, line, "CW108", f"`{_field(dup_path)}` is given more than once; keep one") for dup_path, line in located.duplicate_keys]
    if not isinstance(located.value, dict):
        problems.append(error(rel, 1, "CW102", f"front matter of {_KIND_NAMES[kind]} must be a mapping of fields, not {_describe(located.value)}"))
        return None, problems
    data = yamlsafe.to_json_types(located.value)
    invalid = list(schema_diagnostics(kind, data, located, rel))
    invalid += list(date_diagnostics(data, located, rel))
    problems += invalid
    if invalid:
        return None, problems
    return (data, located, body, body_line), problems


T = TypeVar("T")


class Loader:
    def __init__(self, config: Config, cache: dict[Any, Any] | None = None) -> None:
        self.config = config
        self.cache = cache
        self.used: set[Any] = set()
        self.diagnostics: list[Diagnostic] = []
        self.corpus = Corpus(root=str(config.root))

    def report(self, d: Diagnostic) -> None:
        self.diagnostics.append(d)

    def files(self, folder: str) -> list[Path]:
        base = self.config.abs(folder)
        if not base.is_dir():
            return []
        # A symlink leading outside the content is reported by confine.link_diagnostics, never read.
        inside = confine.inside(confine.content_roots(self.config))
        # Sorted by parts, which is Path's own order, without its slow comparisons.
        return sorted((p for p in base.rglob("*.md") if p.is_file() and inside(p)), key=lambda p: p.parts)

    def documents(self, folder: str, kind: str, name: re.Pattern[str], misnamed: str) -> Iterator[tuple[str, re.Match[str], Document]]:
        """(rel, name match, document) for each file in `folder` whose name matches `name`
        and whose front matter parses; a misnamed file gets CW203 (`misnamed`, with
        `{name}` for the file's name), a file that does not parse its own diagnostics."""
        for path in self.files(folder):
            rel = self.config.rel(path)
            m = name.match(path.name)
            if not m:
                self.report(error(rel, 1, "CW203", misnamed.format(name=path.name)))
                continue
            doc = self.read_document(path, kind)
            if doc is not None:
                yield rel, m, doc

    def read_document(self, path: Path, kind: str) -> Document | None:
        rel = self.config.rel(path)
        try:
            text = read_text(path)
        except ReadProblem as exc:
            self.report(error(rel, exc.line, exc.code, exc.message))
            return None
        return self.parsed(kind, rel, text, parse_document)

    def parsed(self, kind: str, rel: str, text: str, parse: Callable[[str, str, str], tuple[T, list[Diagnostic]]]) -> T:
        """`parse(text, rel, kind)`'s result, its diagnostics reported. Parsing and
        validating is most of a load; a long-lived host (the plugin under `mkdocs serve`)
        passes a cache so an unchanged file is not redone (`parse` must be pure)."""
        key = (kind, rel, text)
        self.used.add(key)
        if self.cache is not None and key in self.cache:
            doc, problems = self.cache[key]
        else:
            doc, problems = parse(text, rel, kind)
            if self.cache is not None:
                self.cache[key] = (doc, problems)
        self.diagnostics.extend(problems)
        return doc

    # -- policy ------------------------------------------------------------------------
    def load_policy(self) -> None:
        order = 0
        docs = self.config.abs(self.config.docs_dir)
        for path in self.files(self.config.policy_dir):
            rel = self.config.rel(path)
            try:
                text = read_text(path)
            except ReadProblem as exc:
                self.report(error(rel, exc.line, exc.code, exc.message))
                continue
            blocks, problems = syntax.find_clauses(text)
            for line, message in problems:
                self.report(error(rel, line, "CW301", message))
            src_uri = Path(path).relative_to(docs).as_posix()
            ids: list[str] = []
            for block in blocks:
                for line, message in block.problems:
                    self.report(error(rel, line, "CW301", message))
                clause = self.make_clause(block, rel, src_uri, order)
                if clause is not None:
                    order += 1
                    ids.append(clause.id)
                    if clause.id not in self.corpus.clauses:
                        self.corpus.clauses[clause.id] = clause
                    else:
                        first = self.corpus.clauses[clause.id].loc
                        self.report(error(rel, block.open_line, "CW202", f"clause id `{clause.id}` is already used at {first.path}:{first.line}"))
            self.corpus.policy_pages.append(PolicyPage(rel, src_uri, tuple(ids)))

    def make_clause(self, block: syntax.ClauseBlock, rel: str, src_uri: str, order: int) -> Clause | None:
        attrs = block.attrs
        unknown = [k for k in attrs if k not in ("id", "title", "aliases")]
        for key in unknown:
            self.report(error(rel, block.open_line, "CW301", f"unknown clause attribute `{key}`; use id, title and aliases", did_you_mean(key, ["id", "title", "aliases"])))
        cid, title = attrs.get("id", ""), attrs.get("title", "").strip()
        if not cid:
            self.report(error(rel, block.open_line, "CW301", 'clause has no id; write <!-- clause id="section.slug" title="..." -->'))
            return None
        if not syntax.ID.match(cid):
            self.report(error(rel, block.open_line, "CW301", f"clause id `{cid}` must be lowercase letters, digits, dots and hyphens"))
            return None
        if not title:
            self.report(error(rel, block.open_line, "CW301", f'clause `{cid}` has no title; add title="..."'))
            return None
        aliases = tuple(a for a in attrs.get("aliases", "").replace(",", " ").split() if a)
        for alias in aliases:
            if not syntax.ID.match(alias):
                self.report(error(rel, block.open_line, "CW301", f"clause alias `{alias}` must be lowercase letters, digits, dots and hyphens"))
                return None
        return Clause(cid, title, block.text, src_uri, order, Loc(rel, block.open_line), aliases)

    # -- post-mortems ------------------------------------------------------------------
    def load_postmortems(self) -> None:
        for path in self.files(self.config.postmortems_dir):
            doc = self.read_document(path, "postmortem")
            if doc is None:
                continue
            data, located, body, body_line = doc
            rel = self.config.rel(path)
            if path.stem != data["id"]:
                self.report(error(rel, located.line("id"), "CW203", f"post-mortem `{data['id']}` must live in `{data['id']}.md`, not `{path.name}`"))
                continue
            pm_id = data["id"]
            amb_ids = []
            amb_lines, ruling_lines = _entry_lines(located, "ambiguities"), _entry_lines(located, "rulings")
            for i, a in enumerate(data["ambiguities"]):
                amb = Ambiguity(a["id"], a["title"], a["question"], tuple(a["clauses"]), pm_id, Loc(rel, located.line("ambiguities", i)), amb_lines.get(i, {}))
                if self.claim(self.corpus.ambiguities, amb.id, amb, rel, amb.loc.line):
                    amb_ids.append(amb.id)
            ruling_ids = []
            for i, r in enumerate(data.get("rulings", [])):
                precedent = tuple(Precedent(ruling=p) if isinstance(p, str) else Precedent(title=p["title"], url=p.get("url")) for p in r.get("precedent", []))
                ruling = Ruling(
                    r["id"], r["ambiguity"], r["answer"], pm_id, Loc(rel, located.line("rulings", i)),
                    r.get("date"), r.get("during"), r.get("rationale"), tuple(r.get("clauses", [])), precedent,
                    ruling_lines.get(i, {}),
                )
                if self.claim(self.corpus.rulings, ruling.id, ruling, rel, ruling.loc.line):
                    ruling_ids.append(ruling.id)
            pm = Postmortem(pm_id, data["title"], data["date"], body, body_line, Loc(rel, 1), tuple(amb_ids), tuple(ruling_ids), data.get("source"), dict(located.lines))
            self.claim(self.corpus.postmortems, pm_id, pm, rel, located.line("id"))

    def claim(self, table: dict[Any, Any], key: Any, record: Any, rel: str, line: int) -> bool:
        if key in table:
            first = table[key].loc
            label = f"RFC {key}" if isinstance(key, int) else f"id `{key}`"
            self.report(error(rel, line, "CW202", f"{label} is already used at {first.path}:{first.line}"))
            return False
        table[key] = record
        return True

    # -- RFCs --------------------------------------------------------------------------
    def load_rfcs(self) -> None:
        misnamed = "RFC file name `{name}` must be NNNN-slug.md, e.g. 0012-sharing-among-members.md"
        for rel, m, doc in self.documents(self.config.rfcs_dir, "rfc", RFC_FILE, misnamed):
            data, located, body, body_line = doc
            if int(m.group("number")) != data["rfc"]:
                self.report(error(rel, located.line("rfc"), "CW203", f"`rfc: {data['rfc']}` does not match the file name's number {int(m.group('number'))}", f"rename the file to {data['rfc']:04d}-{m.group('slug')}.md or fix the number"))
                continue
            changes = tuple(
                ClauseChange(ChangeOp(c["op"]), c["clause"], located.line("changes", i), c.get("text"), c.get("title"), c.get("after"), c.get("base"))
                for i, c in enumerate(data["changes"])
            )
            d = data.get("decision")
            decision = Decision(d["outcome"], d["date"], d["by"], d["source"], d.get("note")) if d else None
            rfc = RFC(
                data["rfc"], m.group("slug"), data["title"], RFCStatus(data["status"]), tuple(data["authors"]),
                data["created"], data["discussion"], tuple(data["resolves"]), changes, body, body_line,
                Loc(rel, 1), tuple(data.get("supersedes", [])), decision, dict(located.lines),
            )
            self.claim(self.corpus.rfcs, rfc.number, rfc, rel, located.line("rfc"))

    def load_docs(self) -> None:
        """Hand-written pages are scanned for references too (policy pages included)."""
        for path in self.files(self.config.docs_dir):
            try:
                self.corpus.docs_pages.append((self.config.rel(path), read_text(path)))
            except ReadProblem as exc:
                self.report(error(self.config.rel(path), exc.line, exc.code, exc.message))


def _entry_lines(located: yamlsafe.Located, key: str) -> dict[int, dict[tuple[Any, ...], int]]:
    """The lines under each entry of the list `key`, relative to that entry, in one pass
    over the document's lines (asking per entry made a post-mortem cost entries x lines)."""
    out: dict[int, dict[tuple[Any, ...], int]] = {}
    for p, line in located.lines.items():
        if len(p) >= 2 and p[0] == key and isinstance(p[1], int):
            out.setdefault(p[1], {})[p[2:]] = line
    return out


def load_corpus(config: Config, cache: dict[Any, Any] | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """`cache` (optional, kept by the caller between loads) maps a file's text to what
    parsing it gave, so reloading a corpus re-parses only the files that changed."""
    loader = Loader(config, cache)
    loader.load_policy()
    loader.load_postmortems()
    loader.load_rfcs()
    loader.load_docs()
    loader.corpus.gov = load_govdata(loader)
    loader.corpus.rfcs = dict(sorted(loader.corpus.rfcs.items()))
    if cache is not None:  # keep what this load read, not every text a long session saw
        for key in [k for k in cache if k not in loader.used]:
            del cache[key]
    return loader.corpus, loader.diagnostics
