"""One versioned JSON export of the whole graph, published with the site.

`export/clausewise.json` is described by `export/clausewise.schema.json` (the same file
as `schemas/export.schema.json` in the package). `schema_version` follows semver: a minor
version only adds optional fields, a major version may change or remove them. Output is
sorted and holds no build time, so one commit always exports the same bytes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from clausewise.graph import Graph
from clausewise.load.history import Commit, History
from clausewise.model import RFC
from clausewise.site.permalinks import Asset, page_url, target_url

SCHEMA_VERSION = "1.1.0"
EXPORT_PATH = "export/clausewise.json"
SCHEMA_PATH = "export/clausewise.schema.json"


def _commit(c: Commit | None) -> dict[str, Any] | None:
    return None if c is None else {"sha": c.sha, "date": c.iso, "author": c.author}


def _rfc_inputs(graph: Graph, r: RFC, history: History, urls: bool) -> tuple[Any, ...]:
    """Everything an RFC's entry is made of, as one hashable tuple."""
    fh = history.file(r.loc.path)
    return (
        r.number, r.title, r.status, r.authors, r.created, r.discussion, r.resolves, r.supersedes,
        tuple(x.number for x in graph.superseded_by.get(r.number, [])), r.changes, r.decision,
        tuple(history.rfc_status.get(r.loc.path, [])), r.loc.path, fh.created if fh else None, fh.last if fh else None,
        page_url(r.page, urls), r.provenance, r.label,
    )


def _rfc(inputs: tuple[Any, ...]) -> dict[str, Any]:
    number, title, status, authors, created, discussion, resolves, supersedes, superseded_by, changes, decision, events, path, first, last, url, provenance, label = inputs
    return {
        "number": number,
        "title": title,
        "provenance": provenance,
        "label": label,
        "status": status.value,
        "authors": list(authors),
        "created": created,
        "discussion": discussion,
        "resolves": list(resolves),
        "supersedes": list(supersedes),
        "superseded_by": list(superseded_by),
        "changes": [{"op": ch.op.value, "clause": ch.clause, "title": ch.title, "after": ch.after, "text": ch.text} for ch in changes],
        "decision": None if decision is None else {"outcome": decision.outcome, "date": decision.date, "by": decision.by, "source": decision.source, "note": decision.note},
        "status_history": [{"status": e.status, "previous": e.previous, "commit": _commit(e.commit)} for e in events],
        "source": path,
        "created_commit": _commit(first),
        "last_commit": _commit(last),
        "url": url,
        "permalink": f"rfc/{number}/",
    }


@lru_cache(maxsize=16384)
def _rfc_json(inputs: tuple[Any, ...]) -> str:
    # Remembered: under `mkdocs serve` a save changes one RFC's entry, not a thousand.
    return _dumps(_rfc(inputs))


#: written as `\u` escapes: the strings decode to the same text, and the file can be put in
#: a `<script>` element or an HTML comment as it is (a title `</script><script>...` cannot
#: end the element; U+2028 and U+2029 cannot end a JavaScript string in older engines)
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_safe(text: str) -> str:
    """JSON text with `<`, `>`, `&`, U+2028 and U+2029 escaped (JSON has them only in strings)."""
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def _dumps(data: Any) -> str:
    # Compact: with `indent`, the json module falls back to its pure-Python encoder, ten
    # times slower on a large corpus; readers and browsers pretty-print JSON themselves.
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def build(graph: Graph, history: History | None = None, directory_urls: bool = True) -> dict[str, Any]:
    """The export as JSON data."""
    data = _build(graph, history or History(), directory_urls)
    data["rfcs"] = [_rfc(r) for r in data["rfcs"]]
    return data


def _build(graph: Graph, history: History, directory_urls: bool) -> dict[str, Any]:
    """`build`, with each RFC's entry left as its inputs (`_rfc_inputs`)."""
    c = graph.corpus
    urls = directory_urls
    links: list[dict[str, str]] = []

    def link(src: str, kind: str, dst: str) -> None:
        links.append({"from": src, "kind": kind, "to": dst})

    for pm in c.postmortems.values():
        for a in pm.ambiguities:
            link(pm.id, "declares", a)
    for amb in c.ambiguities.values():
        for cid in amb.clauses:
            link(amb.id, "concerns", cid)
    for ru in c.rulings.values():
        link(ru.id, "answers", ru.ambiguity)
        for cid in ru.clauses:
            link(ru.id, "cites", cid)
        for p in ru.precedent:
            if p.ruling:
                link(ru.id, "follows", p.ruling)
    for r in c.rfcs.values():
        for a in r.resolves:
            link(f"rfc-{r.number}", "resolves", a)
        for ch in r.changes:
            link(f"rfc-{r.number}", ch.op.value + "s", ch.clause)
        for old in r.supersedes:
            link(f"rfc-{r.number}", "supersedes", f"rfc-{old}")
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"clausewise {_version()}",
        "head": _commit(history.head),
        "clauses": [
            {
                "id": cl.id, "title": cl.title, "text": cl.text, "page": cl.page, "order": cl.order, "aliases": list(cl.aliases),
                "url": target_url(graph.targets[cl.id], urls), "permalink": f"r/{cl.id}/",
                "history": [{"kind": e.kind, "rfc": e.commit.rfc, "subject": e.commit.subject, "commit": _commit(e.commit)} for e in history.clauses.get(cl.id, [])],
            }
            for cl in c.clauses.values()
        ],
        "postmortems": [
            {"id": pm.id, "title": pm.title, "date": pm.date, "source": pm.source, "ambiguities": list(pm.ambiguities), "rulings": list(pm.rulings), "url": page_url(f"postmortems/{pm.id}.md", urls), "permalink": f"r/{pm.id}/"}
            for pm in c.postmortems.values()
        ],
        "ambiguities": [
            {
                "id": a.id, "title": a.title, "question": a.question, "clauses": list(a.clauses), "postmortem": a.postmortem,
                "state": graph.ambiguity_state(a.id).name.lower(),
                "rulings": [r.id for r in graph.ambiguity_rulings.get(a.id, [])], "rfcs": [r.number for r in graph.ambiguity_rfcs.get(a.id, [])],
                "url": page_url(f"ambiguities/{a.id}.md", urls), "permalink": f"r/{a.id}/",
            }
            for a in c.ambiguities.values()
        ],
        "rulings": [
            {
                "id": r.id, "ambiguity": r.ambiguity, "postmortem": r.postmortem, "answer": r.answer, "date": r.date, "during": r.during, "rationale": r.rationale,
                "clauses": list(r.clauses), "precedent": [{"ruling": p.ruling, "title": p.title, "url": p.url} for p in r.precedent],
                "url": target_url(graph.targets[r.id], urls), "permalink": f"r/{r.id}/",
            }
            for r in c.rulings.values()
        ],
        "rfcs": [_rfc_inputs(graph, r, history, urls) for r in c.rfcs.values()],
        "links": links,
    }


def _version() -> str:
    from clausewise.version import __version__

    return __version__


def schema_text() -> str:
    return resources.files("clausewise").joinpath("schemas/export.schema.json").read_text(encoding="utf-8")


def assets(graph: Graph, history: History | None = None, directory_urls: bool = True) -> list[Asset]:
    # What json.dumps(build(...)) writes, with each RFC's entry written once per content.
    data = _build(graph, history or History(), directory_urls)
    rfcs, links = data.pop("rfcs"), data.pop("links")
    text = _dumps(data)[:-1] + ',"rfcs":[' + ",".join(map(_rfc_json, rfcs)) + '],"links":' + _dumps(links) + "}"
    return [Asset(EXPORT_PATH, text + "\n"), Asset(SCHEMA_PATH, schema_text())]
