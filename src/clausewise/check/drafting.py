"""Rules that help while drafting: warnings, never errors, for what `clausewise new` left
to fill in. A draft that still has them checks clean enough to commit and preview."""

from __future__ import annotations

import re
from typing import Iterator

from clausewise.graph import Graph
from clausewise.model import ChangeOp, Corpus
from clausewise.model.diagnostics import Diagnostic, warning

#: Reminders of what is still to fill in: the site builds (even --strict) while they remain.
DRAFT_CODES = frozenset({"CW501", "CW502"})

_TODO = re.compile(r"\bTODO\b")


def _first_todo(body: str, first_line: int) -> tuple[int, int] | None:
    """(line of the first placeholder, how many lines carry one)."""
    if "TODO" not in body:  # most bodies: one substring search, not a regex per line
        return None
    hits = [i for i, line in enumerate(body.split("\n")) if _TODO.search(line)]
    return (first_line + hits[0], len(hits)) if hits else None


def check_placeholders(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    docs = [(r.loc.path, r.body, r.body_line, r.status.is_pending()) for r in corpus.rfcs.values()]
    docs += [(p.loc.path, p.body, p.body_line, True) for p in corpus.postmortems.values()]
    docs += [(a.loc.path, a.body, a.body_line, True) for a in corpus.gov.faq.values()]  # `new faq` leaves TODOs too
    for rfc in corpus.rfcs.values():
        if _TODO.search(rfc.discussion):
            yield warning(rfc.loc.path, rfc.lines.get(("discussion",), 1), "CW501", "`discussion` is still the template's placeholder", "link the mailing-list thread or pull request where the RFC is discussed")
    for path, body, first, pending in docs:
        hit = _first_todo(body, first)
        if hit and pending:
            line, count = hit
            more = f" ({count} lines carry one)" if count > 1 else ""
            yield warning(path, line, "CW501", f"a TODO placeholder is still to be filled in{more}", "replace each TODO with your text, or delete it")


def check_unchanged_amend(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    for rfc in corpus.rfcs.values():
        if not rfc.status.is_pending():
            continue
        for ch in rfc.changes:
            clause = corpus.clauses.get(ch.clause)
            if ch.op is ChangeOp.AMEND and clause is not None and (ch.text or "").strip() == clause.text.strip() and not ch.title:
                yield warning(rfc.loc.path, ch.line, "CW502", f"`amend` of `{ch.clause}` leaves its text unchanged", "edit `text` into the wording you propose, or delete this change")


RULES = (check_placeholders, check_unchanged_amend)
