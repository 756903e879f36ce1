"""Reading one file: UTF-8 text, front matter, YAML with source lines, and the schema,
every problem a located diagnostic.

These are pure functions of a file's text (`parse_document`, `parse_yaml`), which is what
lets a long-lived host keep their results per text (see `Loader.parsed`).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from clausewise.atomic import NotRegular, read_regular
from clausewise.load import fastschema, yamlsafe
from clausewise.model import Diagnostic, did_you_mean, error

if TYPE_CHECKING:
    import jsonschema

_DAY_KEYS = ("from", "until", "opens", "closes", "date", "published", "as_of")

def schema_documents() -> dict[str, str]:
    """The JSON Schemas `clausewise check` applies, by file name, for publishing with the
    site (under `schemas/`) so editors can fetch them."""
    folder = resources.files("clausewise").joinpath("schemas")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".schema.json")}


MAX_FILE_BYTES = 2 * 1024 * 1024


class ReadProblem(Exception):
    def __init__(self, line: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line, self.code, self.message = line, code, message


def read_text(path: Path) -> str:
    """UTF-8 text with BOM and CRLF normalised; raises ReadProblem for anything else."""
    try:
        # A bounded read of a regular file only: a link to /dev/zero must not read forever.
        data = read_regular(path, MAX_FILE_BYTES)
    except NotRegular:
        raise ReadProblem(1, "CW100", "not a regular file (a device, a pipe or a folder); only text files are read") from None
    except OSError as exc:
        raise ReadProblem(1, "CW100", f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ReadProblem(1, "CW100", f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ReadProblem(1, "CW100", "file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise ReadProblem(1, "CW100", "file is binary (contains NUL bytes), not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReadProblem(line, "CW100", "file is not valid UTF-8; save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problem = control_problem(text)
    if problem is not None:
        raise ReadProblem(*problem)
    return text


def control_problem(text: str) -> tuple[int, str, str] | None:
    """(line, code, message) for the first character no content file may hold. A clause's
    title and text, a Markdown body: all reach terminals (tally, diagnostics), the export's
    strings and the feeds, as front matter values do (CW104)."""
    found = _CONTROL_IN_FILE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return line, "CW114", f"the file holds the control character U+{ord(found.group()):04X}; content is plain text (an escape sequence or a bidirectional override would reach terminals, feeds and the export)"


#: what no content file may hold: C0 and C1 control characters but tab and newline, DEL,
#: line and paragraph separators and bidirectional overrides (the set CW104 refuses in YAML)
_CONTROL_IN_FILE = re.compile("[\x01-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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
        # Patterns are matched whole, as JSON Schema means them (see fastschema.whole).
        return {k: (v if k == "$defs" else fastschema.whole(v) if k == "pattern" and isinstance(v, str) else _inline_refs(v, defs)) for k, v in node.items()}
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
_KIND_NAMES = {"rfc": "an RFC", "postmortem": "a post-mortem", "faq": "a FAQ answer", "application": "an application"}


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


@dataclass(frozen=True)
class Broken:
    """What can still be checked in a document left out for errors in its front matter:
    its body and the well-formed ids it names, so one run reports every independent
    problem of the file, not the front matter's first and the rest on the next run."""

    #: the front matter's fields as far as they parsed (None when the YAML did not)
    data: dict[str, Any] | None
    located: yamlsafe.Located | None
    body: str
    body_line: int


def parse_document(text: str, rel: str, kind: str) -> tuple[Document | Broken | None, list[Diagnostic]]:
    """Front matter and body of one file's text, with every problem found in it; a
    `Broken` when the front matter has errors but the body can still be checked. Pure: the
    same text always gives the same answer, which is what lets a host cache it."""
    try:
        yaml_text, yaml_line, body, body_line = split_front_matter(text)
    except ReadProblem as exc:
        return None, [error(rel, exc.line, exc.code, exc.message)]
    if yaml_text is None:
        return None, [error(rel, 1, "CW102", f"{_KIND_NAMES[kind]} must start with YAML front matter between `---` lines")]
    try:
        located = yamlsafe.load(yaml_text, yaml_line)
    except yamlsafe.YamlProblem as exc:
        return Broken(None, None, body, body_line), [error(rel, exc.line, exc.code, exc.message)]
    problems = [error(rel, line, "CW108", f"`{_field(dup_path)}` is given more than once; keep one") for dup_path, line in located.duplicate_keys]
    if not isinstance(located.value, dict):
        problems.append(error(rel, 1, "CW102", f"front matter of {_KIND_NAMES[kind]} must be a mapping of fields, not {_describe(located.value)}"))
        return Broken(None, None, body, body_line), problems
    data = yamlsafe.to_json_types(located.value)
    invalid = list(schema_diagnostics(kind, data, located, rel))
    invalid += list(date_diagnostics(data, located, rel))
    problems += invalid
    if invalid:
        return Broken(data, located, body, body_line), problems
    return (data, located, body, body_line), problems


# -- hand-written docs pages: the front matter MkDocs will read, read first -----------------
# MkDocs reads a page's front matter with PyYAML's SafeLoader, which has no limits (an alias
# bomb exhausts memory), and themes print what it gives through str(): a `title:` that is a
# list reaches <title>, the meta description and the search index unescaped. `clausewise
# check` (and the plugin, before MkDocs reads any page) reads it first, bounded.
_MKDOCS_YAML = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # mkdocs.utils.meta.YAML_RE
_MM_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")  # MultiMarkdown meta
_MM_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
#: front matter keys the theme prints as text
DOCS_TEXT_KEYS = ("title", "description")
#: front matter keys that name a file of the theme (Material's `icon`, MkDocs' `template`)
DOCS_THEME_KEYS = ("template", "icon")
_THEME_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def docs_meta(text: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The front matter MkDocs would read from a page (YAML between `---` lines, else
    MultiMarkdown `key: value` lines), with each key's line; None when there is none.
    Raises YamlProblem for YAML that is malformed or past the limits."""
    m = _MKDOCS_YAML.match(text)
    if m:
        located = yamlsafe.load(m.group(1), 2)
        if not isinstance(located.value, dict):
            return None  # MkDocs ignores front matter that is not a mapping
        return located.value, {k[0]: line for k, line in located.lines.items() if len(k) == 1}
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    key = None
    for i, line in enumerate(text.split("\n")[:10_000], 1):
        if not line.strip():
            break
        if m1 := _MM_META.match(line):
            key = m1.group("key").lower().strip()
            lines.setdefault(key, i)
            data[key] = (data[key] + " " if key in data else "") + m1.group("value").strip()
        elif (m2 := _MM_MORE.match(line)) and key:
            data[key] += " " + m2.group("value").strip()
        else:
            break
    return (data, lines) if data else None


def parse_docs_page(text: str, rel: str, kind: str) -> tuple[str, list[Diagnostic]]:
    """A hand-written page's text as it is, with the problems of its front matter."""
    try:
        found = docs_meta(text)
    except yamlsafe.YamlProblem as exc:
        return text, [error(rel, exc.line, exc.code, exc.message)]
    if found is None:
        return text, []
    data, lines = found
    problems = []
    for key in DOCS_TEXT_KEYS:
        if key in data and not isinstance(data[key], str):
            problems.append(error(rel, lines.get(key, 1), "CW104", f"`{key}` must be text, not {_describe(data[key])}"))
    for key in DOCS_THEME_KEYS:
        if key in data and not (isinstance(data[key], str) and _THEME_FILE.fullmatch(data[key]) and ".." not in data[key].split("/")):
            problems.append(error(rel, lines.get(key, 1), "CW104", f"`{key}` must name a file of the theme, such as `main.html` or `material/book`, not {_describe(data[key])}"))
    for key, value in data.items():
        if isinstance(value, str) and _CONTROL_TEXT.search(value):
            ch = _CONTROL_TEXT.search(value).group()  # type: ignore[union-attr]
            problems.append(error(rel, lines.get(key, 1), "CW104", f"`{key}` contains the control character U+{ord(ch):04X}; write plain text"))
    return text, problems


def parse_yaml(text: str, rel: str, kind: str) -> tuple[tuple[dict[str, Any], yamlsafe.Located] | None, list[Diagnostic]]:
    """`read_yaml` without the reading: pure, so a host may keep its result per text."""
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
