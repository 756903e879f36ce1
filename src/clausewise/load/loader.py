"""Load a project's content into a `Corpus`, collecting located diagnostics.

Every kind of content goes down one path: its files are listed (inside the content folders
only), name-checked, read as UTF-8, parsed and schema-checked (`documents`), and turned
into records. `KINDS` says, for each kind, where its files are, what they must be named
and how one is parsed; a builder per kind makes the records. Each file is read once; a
broken file yields diagnostics and is left out, so one bad RFC never hides the problems of
the others.

A new kind of content is a `Kind` in `KINDS`, a schema in `schemas/`, a record in
`clausewise.model` and a builder here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from clausewise.load import confine
from clausewise.load.config import Config
from clausewise.load.documents import Broken, ReadProblem, parse_docs_page, parse_document, parse_yaml, read_text
from clausewise.load.history import committed
from clausewise.load.yamlsafe import Located
from clausewise.model.corpus import LeftOut
from clausewise.model import (
    RFC,
    Ambiguity,
    AppDecision,
    Application,
    ChangeOp,
    Clause,
    ClauseChange,
    Corpus,
    Criterion,
    Decision,
    Diagnostic,
    FaqAnswer,
    GovData,
    Governance,
    Loc,
    Member,
    PolicyPage,
    PolicyVersion,
    Postmortem,
    Precedent,
    RFCStatus,
    RuleSpec,
    Ruling,
    VersionChange,
    Vote,
    VoteRecord,
    did_you_mean,
    error,
    syntax,
)

T = TypeVar("T")
Parser = Callable[[str, str, str], tuple[Any, list[Diagnostic]]]

RFC_FILE = re.compile(r"^(?P<number>[0-9]{4,6})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z")
FAQ_FILE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z")
VOTES_FILE = re.compile(r"^(?P<number>[0-9]{4,6})\.ya?ml\Z")
ANY_MARKDOWN = re.compile(r"^.*\.md\Z")
APPLICATION_FILE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md\Z")


def _parse_policy(text: str, rel: str, kind: str) -> tuple[list[syntax.ClauseBlock], list[Diagnostic]]:
    blocks, problems = syntax.find_clauses(text)
    return blocks, [error(rel, line, "CW301", message) for line, message in problems]


@dataclass(frozen=True)
class Kind:
    """One kind of content: where its files are, what they must be named, how one parses."""

    #: the kind's name; also its schema's (`schemas/<name>.schema.json`) where it has one
    name: str
    #: the `Config` field that names its folder, or its one file
    setting: str
    #: how a file of the folder must be named; None for a kind that is one file
    pattern: re.Pattern[str] | None
    #: pure: a file's text to (what it holds, diagnostics); kept per text by `Loader.parsed`
    parse: Parser
    #: the CW203 message for a misnamed file (`{name}` is the file's name)
    misnamed: str = ""
    #: which files of the folder are candidates: Markdown anywhere below it, or YAML in it
    yaml_files: bool = False
    #: whether its text, or some of it, is rendered as Markdown (and so has a nesting limit)
    renders: bool = True


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("policy", "policy_dir", ANY_MARKDOWN, _parse_policy),
    Kind("postmortem", "postmortems_dir", ANY_MARKDOWN, parse_document),
    Kind("rfc", "rfcs_dir", RFC_FILE, parse_document, "RFC file name `{name}` must be NNNN-slug.md, e.g. 0012-sharing-among-members.md"),
    Kind("faq", "faq_dir", FAQ_FILE, parse_document, "FAQ file name `{name}` must be a slug of lowercase words joined by hyphens, e.g. sharing-fixes.md"),
    Kind("votes", "votes_dir", VOTES_FILE, parse_yaml, "vote record `{name}` must be named after its RFC number, e.g. 0009.yml", yaml_files=True, renders=False),
    Kind("governance", "governance_file", None, parse_yaml),
    Kind("versions", "versions_file", None, parse_yaml, renders=False),
    Kind("docs", "docs_dir", ANY_MARKDOWN, parse_docs_page, misnamed="the page's file name `{name}` holds a line break; name files in one line of text"),
    Kind("application", "applications_dir", APPLICATION_FILE, parse_document, "application file name `{name}` must be an id of lowercase words and digits joined by hyphens, e.g. 2015-03-example-hosting.md"),
)}


class Loader:
    def __init__(self, config: Config, cache: dict[Any, Any] | None = None) -> None:
        self.config = config
        self.cache = cache
        self.used: set[Any] = set()
        self.diagnostics: list[Diagnostic] = []
        self.corpus = Corpus(root=str(config.root), application_days=config.pending_days)
        self._inside: Callable[[Path], bool] | None = None
        self._roots: list[Path] = []
        self._order = 0  # clauses in reading order, a duplicate id included

    def report(self, d: Diagnostic) -> None:
        self.diagnostics.append(d)

    # -- the one path: list, name-check, read, parse -----------------------------------
    def files(self, kind: Kind) -> list[Path]:
        rel = getattr(self.config, kind.setting)
        where = self.config.abs(rel)
        if self._inside is None:
            # A symlink leading outside the content is reported by confine.link_diagnostics,
            # never read; so is a content folder or file that is itself such a link.
            self._roots = confine.content_roots(self.config)
            self._inside = confine.inside(self._roots)
        inside = self._inside
        if not (confine.in_place(self.config, rel) or confine.is_inside(where, self._roots)):
            return []
        if kind.pattern is None:
            # read_text reports a device, a pipe or a folder where the file should be
            return [where] if where.exists() else []
        if not where.is_dir():
            return []
        if kind.yaml_files:
            found = (p for p in where.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file() and inside(p))
        else:
            found = (p for p in where.rglob("*.md") if p.is_file() and inside(p))
        # Sorted by parts, which is Path's own order, without its slow comparisons.
        return sorted(found, key=lambda p: p.parts)

    def each(self, kind: Kind) -> Iterator[tuple[str, re.Match[str] | None, Any]]:
        """(rel, name match, what parsing gave) for each file of `kind` that is named as it
        must be, reads and parses; every other file gets its diagnostics."""
        for path in self.files(kind):
            rel = self.config.rel(path)
            m = kind.pattern.match(path.name) if kind.pattern is not None else None
            if kind.pattern is not None and m is None:
                self.report(error(rel, 1, "CW203", kind.misnamed.format(name=path.name)))
                continue
            try:
                text = read_text(path)
            except ReadProblem as exc:
                self.report(error(rel, exc.line, exc.code, exc.message))
                continue
            parsed = self.parsed(kind.name, rel, text, kind.parse)
            if parsed is not None and not isinstance(parsed, Broken) and kind.renders:
                deep = _too_deep(text, parsed)
                if deep is not None:
                    self.report(error(rel, deep[0], deep[1], deep[2]))
                    continue
            if isinstance(parsed, Broken):
                self.corpus.left_out.append(left_out(kind.name, rel, parsed))
            elif parsed is not None:
                yield rel, m, parsed

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

    def claim(self, table: dict[Any, Any], key: Any, record: Any, rel: str, line: int) -> bool:
        if key in table:
            first = table[key].loc
            label = f"RFC {key}" if isinstance(key, int) else f"id `{key}`"
            self.report(error(rel, line, "CW202", f"{label} is already used at {first.path}:{first.line}"))
            return False
        table[key] = record
        return True

    def load(self) -> Corpus:
        for kind, build in (("policy", self.policy), ("postmortem", self.postmortem), ("rfc", self.rfc), ("docs", self.doc)):
            for rel, m, parsed in self.each(KINDS[kind]):
                build(rel, m, parsed)
        if not self.files(KINDS["policy"]):
            folder = self.config.policy_dir
            self.report(error(f"{folder}/index.md", 1, "CW302", f"no policy pages found in `{folder}/`; write the policy in {folder}/index.md and mark each clause with <!-- clause id=\"...\" title=\"...\" -->"))
        gov = GovData()
        for rel, _, doc in self.each(KINDS["governance"]):
            gov.governance = self.governance(rel, doc)
        for rel, m, doc in self.each(KINDS["votes"]):
            self.votes(rel, m, doc, gov.votes)
        versions_file = self.files(KINDS["versions"])
        gov.versions_path = self.config.rel(versions_file[0]) if versions_file else None
        for rel, _, doc in self.each(KINDS["versions"]):
            gov.versions = self.versions(doc)
        for rel, m, doc in self.each(KINDS["faq"]):
            answer = self.faq(rel, m, doc)
            gov.faq[answer.slug] = answer
        private_ids = {c.id for v in gov.versions for c in (v.criteria or ()) if c.private}
        for rel, m, doc in self.each(KINDS["application"]):
            app = self.application(rel, m, doc, private_ids)
            self.corpus.applications[app.id] = app
        self.corpus.gov = gov
        self.corpus.rfcs = dict(sorted(self.corpus.rfcs.items()))
        return self.corpus

    # -- builders: one kind's parsed file into records ---------------------------------
    def policy(self, rel: str, m: Any, blocks: list[syntax.ClauseBlock]) -> None:
        src_uri = Path(self.config.abs(rel)).relative_to(self.config.abs(self.config.docs_dir)).as_posix()
        ids: list[str] = []
        for block in blocks:
            for line, message in block.problems:
                self.report(error(rel, line, "CW301", message))
            clause = self.make_clause(block, rel, src_uri, self._order)
            if clause is not None:
                self._order += 1
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
        if len(cid) > syntax.MAX_ID:
            self.report(error(rel, block.open_line, "CW301", f"clause id `{cid[:40]}...` is {len(cid)} characters long; ids are at most {syntax.MAX_ID}"))
            return None
        if not syntax.ID.match(cid):
            self.report(error(rel, block.open_line, "CW301", f"clause id `{cid}` must be lowercase letters, digits, dots and hyphens"))
            return None
        if not title:
            self.report(error(rel, block.open_line, "CW301", f'clause `{cid}` has no title; add title="..."'))
            return None
        aliases = tuple(a for a in attrs.get("aliases", "").replace(",", " ").split() if a)
        for alias in aliases:
            if len(alias) > syntax.MAX_ID:
                self.report(error(rel, block.open_line, "CW301", f"clause alias `{alias[:40]}...` is {len(alias)} characters long; ids are at most {syntax.MAX_ID}"))
                return None
            if not syntax.ID.match(alias):
                self.report(error(rel, block.open_line, "CW301", f"clause alias `{alias}` must be lowercase letters, digits, dots and hyphens"))
                return None
        return Clause(cid, title, block.text, src_uri, order, Loc(rel, block.open_line), aliases)

    def postmortem(self, rel: str, m: Any, doc: Any) -> None:
        data, located, body, body_line = doc
        name = Path(rel).name
        if Path(rel).stem != data["id"]:
            self.report(error(rel, located.line("id"), "CW203", f"post-mortem `{data['id']}` must live in `{data['id']}.md`, not `{name}`"))
            return
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

    def rfc(self, rel: str, m: re.Match[str], doc: Any) -> None:
        data, located, body, body_line = doc
        if int(m.group("number")) != data["rfc"]:
            self.report(error(rel, located.line("rfc"), "CW203", f"`rfc: {data['rfc']}` does not match the file name's number {int(m.group('number'))}", f"rename the file to {data['rfc']:04d}-{m.group('slug')}.md or fix the number"))
            return
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
            provenance=data.get("provenance"), kind=data.get("kind"),
        )
        first = self.corpus.rfcs.get(rfc.number)
        if first is None:
            self.corpus.rfcs[rfc.number] = rfc
            return
        # Two files claim one number: blame the newcomer (the file git does not have yet,
        # else the later one), and name the number it should take.
        old, new = first, rfc
        if committed(self.config.root, [first.loc.path, rfc.loc.path]) == {rfc.loc.path}:
            old, new = rfc, first
            self.corpus.rfcs[rfc.number] = rfc
        free = self.next_rfc_number()
        self.report(error(
            new.loc.path, new.lines.get(("rfc",), 1), "CW202", f"RFC {new.number} is already used at {old.loc.path}:{old.lines.get(('rfc',), 1)}",
            f"the next free number is {free}: rename the file to {free:04d}-{new.slug}.md and set `rfc: {free}`",
        ))

    def next_rfc_number(self) -> int:
        """One more than the highest number any RFC file carries, loaded or not."""
        numbers = [int(m.group("number")) for p in self.files(KINDS["rfc"]) if (m := RFC_FILE.match(p.name))]
        return max(numbers, default=0) + 1

    def doc(self, rel: str, m: Any, text: str) -> None:
        """Hand-written pages are scanned for references too (policy pages included)."""
        self.corpus.docs_pages.append((rel, text))

    def governance(self, rel: str, doc: tuple[dict[str, Any], Located]) -> Governance:
        data, located = doc
        roster = tuple(
            Member(m["name"], m["role"], m["from"], m.get("until"), located.line("roster", i))
            for i, m in enumerate(data["roster"])
        )
        num, den = (int(x) for x in data.get("majority_quorum", "1/2").split("/"))
        rules = {
            name: RuleSpec(name, spec["uses"], spec.get("title"), tuple((k, v) for k, v in spec.items() if k not in ("uses", "title", "summary")),
                           located.line("rules", name), spec.get("summary"))
            for name, spec in data.get("rules", {}).items()
        }
        return Governance(
            rel, data["default_rule"], tuple(data.get("allowed_rules", [])),
            Fraction(num, den), roster, data.get("note"), dict(located.lines), data.get("as_of"),
            rules, dict(data.get("kinds", {})),
        )

    def votes(self, rel: str, m: re.Match[str], doc: tuple[dict[str, Any], Located], out: dict[int, VoteRecord]) -> None:
        data, located = doc
        if int(m.group("number")) != data["rfc"]:
            self.report(error(rel, located.line("rfc"), "CW203", f"`rfc: {data['rfc']}` does not match the file name's number {int(m.group('number'))}"))
            return
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
            self.report(error(rel, 1, "CW202", f"RFC {record.rfc} already has a vote record at {out[record.rfc].loc.path}"))
            return
        out[record.rfc] = record

    def versions(self, doc: tuple[dict[str, Any], Located]) -> list[PolicyVersion]:
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
            criteria = None
            if "criteria" in v:
                criteria = tuple(
                    Criterion(
                        c["id"], c["clause"], c["title"], c["ask"], c["check"], c["evidence"], located.line("versions", i, "criteria", j),
                        tuple(c.get("categories", [])), tuple(c.get("not_hosts", [])), tuple(c.get("rulings", [])), bool(c.get("private", False)),
                    )
                    for j, c in enumerate(v["criteria"])
                )
            versions.append(PolicyVersion(
                v["version"], v["date"], located.line("versions", i), tuple(v.get("rfcs", [])), changes,
                v.get("published"), v.get("note"), v.get("source"), criteria,
            ))
        return versions

    def application(self, rel: str, m: re.Match[str], doc: Any, private_ids: set[str]) -> Application:
        """One application, its private values split off as it is read (model.applications)."""
        data, located, body, body_line = doc
        private: dict[str, tuple[str, ...]] = {}
        if data.get("contact"):
            private["contact"] = (data["contact"],)
        for key, value in data.get("private", {}).items():
            private[f"private.{key}"] = _values(value)
        evidence = {}
        for key, value in data["evidence"].items():
            if key in private_ids:  # a criterion marked private in any version: never published
                private[f"evidence.{key}"] = _values(value)
            else:
                evidence[key] = _values(value)
        d = data.get("decision", {"outcome": "pending"})
        decision = AppDecision(d["outcome"], d.get("date"), d.get("by"), d.get("reasons"), tuple(d.get("waived", [])))
        return Application(
            m.group("slug"), data["applicant"], data["received"], data.get("category"), evidence, decision, body, body_line,
            Loc(rel, 1), bool(data.get("fictional", False)), dict(located.lines), private,
        )

    def faq(self, rel: str, m: re.Match[str], doc: Any) -> FaqAnswer:
        data, located, body, body_line = doc
        return FaqAnswer(
            m.group("slug"), data["question"], data["policy_version"], tuple(data["cites"]), body, body_line,
            Loc(rel, 1), data.get("date"), dict(located.lines), data.get("supersedes"), data.get("provenance"),
        )


def _too_deep(text: str, parsed: Any) -> tuple[int, str, str] | None:
    """Where a file's Markdown (its body, or a text field that is rendered) nests too deep
    for Python-Markdown (a RecursionError), or has a paragraph too long for it (a stall):
    (line, code, message), checked after YAML, whose own limits speak first."""
    if isinstance(parsed, tuple) and len(parsed) in (2, 4) and isinstance(parsed[1], Located):
        located = parsed[1]
        for path, value in _strings(parsed[0], ()):
            deep = syntax.render_problem(value)
            if deep is not None:
                return located.line(*path), deep[1], deep[2]
        if len(parsed) == 4:
            deep = syntax.render_problem(parsed[2])
            return (deep[0] + parsed[3] - 1, deep[1], deep[2]) if deep else None
        return None
    return syntax.render_problem(text)


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        if "\n" in value or "<" in value:
            yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _values(value: Any) -> tuple[str, ...]:
    """An evidence or private entry, one text or a list of them, as a tuple of texts."""
    return tuple(v for v in ([value] if isinstance(value, str) else value) if v.strip())


def _ids(value: Any) -> list[tuple[int, str]]:
    """(index, id) for each entry of a list that is a plain string."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def left_out(kind: str, rel: str, broken: Broken) -> LeftOut:
    """What a broken document still names, as far as its front matter parsed: an RFC's
    `resolves` and the clauses its changes amend or remove, an FAQ answer's citations, a
    post-mortem's ambiguities' clauses."""
    data, located = broken.data or {}, broken.located
    names: list[tuple[int, str, str]] = []

    def line(*where: Any) -> int:
        return located.line(*where) if located is not None else 1

    if kind == "rfc":
        names += [(line("resolves", i), "ambiguity", v) for i, v in _ids(data.get("resolves"))]
        changes = data.get("changes") if isinstance(data.get("changes"), list) else []
        for i, ch in enumerate(changes):
            if isinstance(ch, dict) and ch.get("op") in ("amend", "remove") and isinstance(ch.get("clause"), str):
                names.append((line("changes", i), "clause", ch["clause"]))
    elif kind == "faq":
        names += [(line("cites", i), "citation", v) for i, v in _ids(data.get("cites"))]
    elif kind == "postmortem":
        for i, amb in enumerate(data.get("ambiguities") if isinstance(data.get("ambiguities"), list) else []):
            if isinstance(amb, dict):
                names += [(line("ambiguities", i, "clauses", j), "clause", v) for j, v in _ids(amb.get("clauses"))]
    return LeftOut(rel, broken.body, broken.body_line, tuple(names))


def _entry_lines(located: Located, key: str) -> dict[int, dict[tuple[Any, ...], int]]:
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
    corpus = loader.load()
    if cache is not None:  # keep what this load read, not every text a long session saw
        for key in [k for k in cache if k not in loader.used]:
            del cache[key]
    return corpus, loader.diagnostics
