"""One versioned JSON export of the whole graph, published with the site.

`export/clausewise.json` is described by `export/clausewise.schema.json` (the same file
as `schemas/export.schema.json` in the package). `schema_version` follows semver: a minor
version only adds optional fields, a major version may change or remove them. Output is
sorted and holds no build time, so one commit always exports the same bytes.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .graph import Graph
from .history import Commit, History
from .model import RFC
from .permalinks import Asset, page_url, target_url

SCHEMA_VERSION = "1.0.0"
EXPORT_PATH = "export/clausewise.json"
SCHEMA_PATH = "export/clausewise.schema.json"


def _commit(c: Commit | None) -> dict[str, Any] | None:
    return None if c is None else {"sha": c.sha, "date": c.iso, "author": c.author}


def _rfc(graph: Graph, r: RFC, history: History, urls: bool) -> dict[str, Any]:
    fh = history.file(r.loc.path)
    return {
        "number": r.number,
        "title": r.title,
        "status": r.status.value,
        "authors": list(r.authors),
        "created": r.created,
        "discussion": r.discussion,
        "resolves": list(r.resolves),
        "supersedes": list(r.supersedes),
        "superseded_by": [x.number for x in graph.superseded_by.get(r.number, [])],
        "changes": [{"op": ch.op.value, "clause": ch.clause, "title": ch.title, "after": ch.after, "text": ch.text} for ch in r.changes],
        "decision": None if r.decision is None else {"outcome": r.decision.outcome, "date": r.decision.date, "by": r.decision.by, "source": r.decision.source, "note": r.decision.note},
        "status_history": [{"status": e.status, "previous": e.previous, "commit": _commit(e.commit)} for e in history.rfc_status.get(r.loc.path, [])],
        "source": r.loc.path,
        "created_commit": _commit(fh.created if fh else None),
        "last_commit": _commit(fh.last if fh else None),
        "url": page_url(r.page, urls),
        "permalink": f"rfc/{r.number}/",
    }


def build(graph: Graph, history: History | None = None, directory_urls: bool = True) -> dict[str, Any]:
    history = history or History()
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
        "rfcs": [_rfc(graph, r, history, urls) for r in c.rfcs.values()],
        "links": links,
    }


def _version() -> str:
    from . import __version__  # at call time: the package imports this module while it loads

    return __version__


def schema_text() -> str:
    return resources.files("clausewise").joinpath("schemas/export.schema.json").read_text(encoding="utf-8")


def assets(graph: Graph, history: History | None = None, directory_urls: bool = True) -> list[Asset]:
    # Compact: with `indent`, the json module falls back to its pure-Python encoder, ten
    # times slower on a large corpus; readers and browsers pretty-print JSON themselves.
    data = json.dumps(build(graph, history, directory_urls), ensure_ascii=False, separators=(",", ":"))
    return [Asset(EXPORT_PATH, data + "\n"), Asset(SCHEMA_PATH, schema_text())]
