"""Dated documents and FAQ history: references read as at a document's date, and answers
that supersede earlier answers.

A post-mortem, an interim ruling, a FAQ answer and an RFC are read against the policy
version in force at their date (`governance.asat`); a clause reference in one of them must
name a clause that existed then (CW303), as must an explicit `[[id@V]]` anywhere, whose V
must be a recorded version (CW304). A FAQ answer's `supersedes` must name another answer,
each answer may have one successor, and the chain may not loop (CW305).
"""

from __future__ import annotations

from typing import Iterator

from clausewise.governance.asat import (
    clause_as_at, dated_references, faq_version, postmortem_version, rfc_own_clauses, rfc_version, ruling_version, version_named,
)
from clausewise.graph import Graph
from clausewise.model import Corpus, PolicyVersion
from clausewise.model.diagnostics import Diagnostic, did_you_mean, error


def _texts(corpus: Corpus) -> Iterator[tuple[str, int, str, PolicyVersion | None, frozenset[str], str]]:
    """(path, first line, text, the version it is read against, clauses it may name
    anyway, what it is) for every dated text, and every other body (no version)."""
    for pm in corpus.postmortems.values():
        yield pm.loc.path, pm.body_line, pm.body, postmortem_version(corpus, pm.id), frozenset(), f"post-mortem `{pm.id}` ({pm.date})"
    for r in corpus.rulings.values():
        v = ruling_version(corpus, r.id)
        for key in ("answer", "rationale"):
            text = getattr(r, key)
            if text:
                yield r.loc.path, r.lines.get((key,), r.loc.line), text, v, frozenset(), f"ruling `{r.id}`"
    for a in corpus.gov.faq.values():
        yield a.loc.path, a.body_line, a.body, faq_version(corpus, a.slug), frozenset(), f"FAQ answer `{a.slug}`"
    for rfc in corpus.rfcs.values():
        yield rfc.loc.path, rfc.body_line, rfc.body, rfc_version(corpus, rfc.number), rfc_own_clauses(corpus, rfc.number), f"{rfc.ref} (created {rfc.created})"
    for path, text in corpus.docs_pages:
        yield path, 1, text, None, frozenset(), ""


def check_dated_references(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    if not corpus.gov.versions:
        return
    for path, first, text, version, exempt, what in _texts(corpus):
        if "[[" not in text or (version is None and "@" not in text):
            continue  # nothing to read as at a date: most guide pages
        for line, written, cid, named in dated_references(graph, text, exempt):
            where = first + line - 1
            if named is not None:
                if version_named(corpus, named) is None:
                    yield error(path, where, "CW304", f"`[[{written}]]` names policy version `{named}`, which is not recorded",
                                did_you_mean(named, [v.version for v in corpus.gov.versions]))
                    continue
                at, reading = named, f"`[[{written}]]` reads the clause as at version {named}"
            elif version is not None:
                at, reading = version.version, f"{what} is read as at policy version {version.version}"
            else:
                continue
            found = clause_as_at(graph, cid, at)
            if found is not None and not found.existed:
                added = next((f"; it was added in version {v.version} by RFC {ch.rfc}" for v, ch in found.since if ch.op == "add"), "")
                yield error(path, where, "CW303", f"clause `{cid}` did not exist yet: {reading}{added}",
                            f"cite a clause of version {at}, or write `[[{cid}@{found.since[-1][0].version}]]` if the text means the later clause" if found.since else None)


def _listed(corpus: Corpus) -> Iterator[tuple[str, int, str, PolicyVersion | None, str]]:
    """(path, line, clause id, version, what) for each clause a dated document lists in its
    front matter: an ambiguity's and a ruling's `clauses`, a FAQ answer's `cites`."""
    for amb in corpus.ambiguities.values():
        v = postmortem_version(corpus, amb.postmortem)
        for i, cid in enumerate(amb.clauses):
            yield amb.loc.path, amb.lines.get(("clauses", i), amb.loc.line), cid, v, f"ambiguity `{amb.id}` (raised in `{amb.postmortem}`)"
    for r in corpus.rulings.values():
        v = ruling_version(corpus, r.id)
        for i, cid in enumerate(r.clauses):
            yield r.loc.path, r.lines.get(("clauses", i), r.loc.line), cid, v, f"ruling `{r.id}`"
    for a in corpus.gov.faq.values():
        v = faq_version(corpus, a.slug)
        for i, cid in enumerate(a.cites):
            yield a.loc.path, a.lines.get(("cites", i), 1), cid, v, f"FAQ answer `{a.slug}`"


def check_dated_lists(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    """The clauses a dated document lists must have stood at its date too."""
    for path, line, cited, version, what in _listed(corpus):
        target = graph.resolve(cited)
        if version is None or target is None or target.kind != "clause":
            continue  # unknown ids are CW201's
        found = clause_as_at(graph, target.key, version.version)
        if found is not None and not found.existed:
            added = next((f"; it was added in version {v.version} by RFC {ch.rfc}" for v, ch in found.since if ch.op == "add"), "")
            yield error(path, line, "CW303", f"clause `{target.key}` did not exist yet: {what} is read as at policy version {version.version}{added}")


def check_faq_supersedes(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    faq = corpus.gov.faq
    successors: dict[str, str] = {}
    for a in faq.values():
        if a.supersedes is None:
            continue
        line = a.lines.get(("supersedes",), 1)
        if a.supersedes == a.slug:
            yield error(a.loc.path, line, "CW305", f"answer `{a.slug}` cannot supersede itself")
        elif a.supersedes not in faq:
            yield error(a.loc.path, line, "CW305", f"`supersedes: {a.supersedes}` names no FAQ answer", did_you_mean(a.supersedes, faq))
        elif a.supersedes in successors:
            yield error(a.loc.path, line, "CW305", f"answer `{a.supersedes}` is already superseded by `{successors[a.supersedes]}`; an answer has one successor",
                        f"supersede `{successors[a.supersedes]}` instead")
        else:
            successors[a.supersedes] = a.slug
    for start in sorted(successors):  # a chain that comes back to where it started
        seen, slug = [start], successors[start]
        while slug in successors and slug not in seen:
            seen.append(slug)
            slug = successors[slug]
        if slug == start and start == min(seen):
            a = faq[successors[start]]
            yield error(a.loc.path, a.lines.get(("supersedes",), 1), "CW305", "answers supersede each other in a cycle: " + " -> ".join(seen + [start]))


RULES = (check_dated_references, check_dated_lists, check_faq_supersedes)
