"""Start new documents from templates: `clausewise new rfc|postmortem`.

What `new` writes must pass `clausewise check` as written: the only diagnostics it leaves
are warnings (CW501, CW502) that point at what is still to fill in. The RFC template is
pre-filled from the graph: the ambiguity's question and, for each clause it concerns, an
`amend` change whose text starts as the clause's current text.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from clausewise.atomic import write_file
from clausewise.errors import ClausewiseError
from clausewise.load.documents import parse_document
from clausewise.load.loader import RFC_FILE
from clausewise.model import AmbiguityState, ChangeOp, RFCStatus, syntax
from clausewise.model.diagnostics import did_you_mean
from clausewise.project import Project

#: The marker every template placeholder carries; `placeholder_rule` warns while one is left.
TODO = "TODO"
#: The discussion URL a new RFC starts with; a real link replaces it.
DISCUSSION_PLACEHOLDER = "https://example.org/TODO-link-to-the-discussion"
DEFAULT_SCHEMA_BASE = "https://clausewise.dev/schemas/"


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str
    #: what the author should know about what was written (printed, not an error)
    warnings: tuple[str, ...] = ()


def yaml_block(text: str, indent: int) -> str:
    """`text` as a YAML block scalar that loads back to exactly `text` (checked), or as a
    JSON string (valid YAML) for the odd text a block scalar cannot carry."""
    pad = " " * indent
    chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else "-"
    if text.endswith("\n\n"):
        chomp = "+"
    # An indentation indicator is needed when the first line itself starts with a space.
    indicator = str(indent) if text[:1] == " " else ""
    body = "\n".join(pad + line if line else "" for line in text.rstrip("\n").split("\n"))
    block = f"|{indicator}{chomp}\n{body}"
    try:
        if yaml.safe_load(f"k: {block}\n" if chomp != "+" else f"k: {block}\n\n") == {"k": text}:
            return block
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def schema_url(project: Project, kind: str) -> str:
    """Where the published schema lives: the site's `schemas/` folder if mkdocs.yml names
    a site_url, else the schema's own $id. A regex, not a YAML load: mkdocs.yml may carry
    tags that a safe loader refuses."""
    mkdocs_yml = project.config.root / "mkdocs.yml"
    base = DEFAULT_SCHEMA_BASE
    if mkdocs_yml.is_file():
        m = re.search(r"^site_url:\s*['\"]?(https?://[^\s'\"]+)", mkdocs_yml.read_text(encoding="utf-8", errors="replace"), re.M)
        if m:
            base = m.group(1).rstrip("/") + "/schemas/"
    return f"{base}{kind}.schema.json"


def next_rfc_number(project: Project) -> int:
    """One more than the highest number in use, counting files that failed to load."""
    numbers = set(project.corpus.rfcs)
    folder = project.config.abs(project.config.rfcs_dir)
    if folder.is_dir():
        numbers |= {int(m.group("number")) for p in folder.rglob("*.md") if (m := RFC_FILE.match(p.name))}
    return max(numbers, default=0) + 1


def _clauses_in_force(project: Project, amb_id: str) -> tuple[list[str], str | None]:
    """The clauses an RFC about `amb_id` should start from, and a warning when the
    ambiguity is resolved already: then the clauses its accepted RFCs amended or added
    (what is in force now), not only those the ambiguity named when it was raised."""
    corpus, graph = project.corpus, project.graph
    named = list(corpus.ambiguities[amb_id].clauses)
    if graph.ambiguity_state(amb_id) is not AmbiguityState.RESOLVED:
        return [c for c in named if c in corpus.clauses], None
    accepted = [r for r in graph.ambiguity_rfcs.get(amb_id, []) if r.status is RFCStatus.ACCEPTED]
    applied = {n for v in corpus.gov.versions for n in v.rfcs}
    removed = {ch.clause for r in accepted for ch in r.changes if ch.op is ChangeOp.REMOVE}
    ids = [c for c in named if c not in removed] + [ch.clause for r in accepted for ch in r.changes if ch.op is not ChangeOp.REMOVE]
    ids = [c for c in dict.fromkeys(ids) if c in corpus.clauses]
    by = ", ".join(f"RFC {r.number}" for r in accepted)
    warning = f"ambiguity `{amb_id}` is already resolved by {by} (accepted); the new RFC starts from the clauses now in force" + (f": {', '.join(ids)}" if ids else "")
    unapplied = [r.number for r in accepted if r.number not in applied and r.changes]
    if unapplied:
        warning += f". RFC {', '.join(map(str, unapplied))} is not applied to the policy yet: run `clausewise apply {' '.join(map(str, unapplied))}` first, or this RFC is drafted against the text it replaces"
    return ids, warning


def _clause_ids(project: Project, given: list[str]) -> list[str]:
    """`--clause` values as clause ids (an alias names its clause), or a clear error."""
    graph = project.graph
    out = []
    for cid in given:
        target = graph.resolve(cid)
        if target is None or target.kind != "clause":
            hint = did_you_mean(cid, project.corpus.clauses)
            what = f"`{cid}` is {'an' if target.kind[0] in 'aeiou' else 'a'} {target.kind}, not a clause" if target else f"unknown clause `{cid}`"
            raise ClausewiseError(f"--clause {cid}: {what}" + (f"; {hint}" if hint and not target else ""))
        out.append(target.key)
    return out


def new_rfc(project: Project, resolves: list[str], title: str | None = None, author: str | None = None, today: _dt.date | None = None, clauses: list[str] | None = None) -> NewFile:
    """An RFC that resolves ambiguities and/or changes the clauses named with `clauses`:
    one `amend` per clause, its `base` and `text` the clause's current text, so what it
    writes is what `clausewise apply` accepts once the RFC is accepted."""
    corpus = project.corpus
    if not resolves and not clauses:
        raise ClausewiseError("name what the RFC is about: --resolves AMBIGUITY-ID (an ambiguity it resolves) or --clause CLAUSE-ID (a clause it changes)")
    for amb_id in resolves:
        if amb_id not in corpus.ambiguities:
            hint = did_you_mean(amb_id, corpus.ambiguities)
            raise ClausewiseError(f"unknown ambiguity `{amb_id}`" + (f"; {hint}" if hint else f"; known: {', '.join(list(corpus.ambiguities)[:8])}"))
    ambs = [corpus.ambiguities[a] for a in resolves]
    warnings = []
    clause_ids: list[str] = []
    for amb in ambs:
        ids, warning = _clauses_in_force(project, amb.id)
        clause_ids += ids
        if warning:
            warnings.append(warning)
    clause_ids = list(dict.fromkeys(clause_ids + _clause_ids(project, clauses or [])))
    default = f"Resolve: {ambs[0].title}" if ambs else f"Change: {corpus.clauses[clause_ids[0]].title}"
    title = " ".join((title or default).split())
    number = next_rfc_number(project)
    slug = syntax.slug(title.split(": ", 1)[1] if title.startswith(("Resolve: ", "Change: ")) else title, 48, "proposal")
    path = project.config.abs(project.config.rfcs_dir) / f"{number:04d}-{slug}.md"
    created = (today or _dt.date.today()).isoformat()
    fm = [
        "---",
        f"# yaml-language-server: $schema={schema_url(project, 'rfc')}",
        f"rfc: {number}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "status: draft",
        f"authors: [{json.dumps(author or 'Your Name', ensure_ascii=False)}]",
        f'created: "{created}"',
        f"discussion: {DISCUSSION_PLACEHOLDER}",
        f"resolves: [{', '.join(resolves)}]",
        "# Each change starts as the clause's current text: edit `text` into the text you propose.",
        "# `base` is the text you drafted against: leave it as it is (`clausewise apply` checks",
        "# the clause still reads so). Other operations: `op: add` (with title, after, text) and",
        "# `op: remove` (with base).",
        "changes:" if clause_ids else "changes: []",
    ]
    for cid in clause_ids:
        current = yaml_block(corpus.clauses[cid].text, 6)
        fm += ["  - op: amend", f"    clause: {cid}", f"    base: {current}", f"    text: {current}"]
    fm.append("---")
    body = ["", f"<!-- {TODO}: replace every TODO below, then run `clausewise check`. -->", ""]
    if ambs:
        body += ["## Question", ""]
    for amb in ambs:
        body += [f"[[{amb.id}]] asks:", ""]
        body += ["> " + line if line else ">" for line in amb.question.strip().split("\n")]
        body.append("")
    body += ["## Summary", "", f"{TODO}: the change you propose, in two or three sentences.", ""]
    body += ["## Motivation", "", f"{TODO}: why the current wording of " + (", ".join(f"[[{c}]]" for c in clause_ids) or "the policy") + " is not enough.", ""]
    body += ["## Proposed change", "", f"{TODO}: walk through the clause changes in the front matter.", ""]
    return NewFile(path, "\n".join(fm + body), tuple(warnings))


def normalised_id(text: str) -> str:
    """`XSA 200` or `Incident_7` as an id (`xsa-200`, `incident-7`): lowercase, other
    characters as hyphens, dots kept."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = [re.sub(r"[^a-z0-9]+", "-", p).strip("-") for p in ascii_text.split(".")]
    return ".".join(p for p in parts if p)


def new_postmortem(project: Project, pm_id: str, title: str | None = None, today: _dt.date | None = None) -> NewFile:
    from clausewise.model.syntax import ID, MAX_ID

    if len(pm_id) > MAX_ID:
        raise ClausewiseError(f"post-mortem id `{pm_id[:40]}...` is {len(pm_id)} characters long; ids are at most {MAX_ID}")
    if not ID.match(pm_id):
        better = normalised_id(pm_id)
        suggestion = f"; did you mean `{better}`? (clausewise new postmortem {better})" if better and ID.match(better) else ", e.g. xsa-200"
        raise ClausewiseError(f"post-mortem id `{pm_id}` must be lowercase letters, digits, dots and hyphens{suggestion}")
    if pm_id in project.corpus.postmortems:
        raise ClausewiseError(f"post-mortem `{pm_id}` already exists at {project.corpus.postmortems[pm_id].loc.path}")
    path = project.config.abs(project.config.postmortems_dir) / f"{pm_id}.md"
    first_clause = next(iter(project.corpus.clauses), "section.clause-id")
    text = "\n".join([
        "---",
        f"# yaml-language-server: $schema={schema_url(project, 'postmortem')}",
        f"id: {pm_id}",
        f"title: {json.dumps(title or f'{pm_id} post-mortem', ensure_ascii=False)}",
        f'date: "{(today or _dt.date.today()).isoformat()}"',
        "# One entry per place where the policy proved unclear; uncomment and fill in:",
        "ambiguities: []",
        f"#  - id: {pm_id}.short-slug",
        "#    title: What was unclear, in a few words",
        "#    question: The question the policy does not answer clearly.",
        f"#    clauses: [{first_clause}]",
        "# What the team answered meanwhile (optional):",
        "# rulings:",
        f"#  - id: {pm_id}.short-slug.interim",
        f"#    ambiguity: {pm_id}.short-slug",
        "#    answer: What the team said, and when.",
        "---",
        "",
        f"<!-- {TODO}: replace every TODO below, then run `clausewise check`. -->",
        "",
        "## What happened",
        "",
        f"{TODO}: a short timeline of the incident.",
        "",
        "## Where the policy was unclear",
        "",
        f"{TODO}: one paragraph per ambiguity listed in the front matter.",
        "",
    ])
    return NewFile(path, text)


def write_new(new: NewFile, force: bool = False, kind: str | None = None, rel: str | None = None) -> None:
    """Write a new document. With its `kind` (rfc, postmortem, faq, application), what the
    command line gave (a title with a newline or an escape character, a title of 5,000
    characters) is first read back as `check` reads it: YAML quoting keeps it from adding
    keys, but a value `check` refuses (CW1xx) is refused here, and nothing is written."""
    if kind is not None:
        _, problems = parse_document(new.text, rel or new.path.name, kind)
        refused = [p for p in problems if p.is_error and p.code < "CW200"]
        if refused:
            raise ClausewiseError(f"nothing written: {refused[0].text()}")
    if new.path.exists() and not force:
        raise ClausewiseError(f"{new.path} already exists; not overwriting it")
    new.path.parent.mkdir(parents=True, exist_ok=True)
    write_file(new.path, new.text)
