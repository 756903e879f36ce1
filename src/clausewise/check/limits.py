"""Limits on how much a project may hold, where a linear cost is still too large.

Every clause has its own page, feed and permalink, so a policy costs about 35 KB of site
and as much of the build's memory per clause, linearly: 4,000 clauses build in 30 s of
CPU and 180 MB; 30,000 minimal clauses (2 MiB of policy, which the file limit allows)
would take about a gigabyte of memory and of site. A policy of more than `MAX_CLAUSES`
clauses is refused at the first clause past the limit, before anything is rendered.
"""

from __future__ import annotations

from typing import Iterator

from clausewise.graph import Graph
from clausewise.model import Corpus
from clausewise.model.diagnostics import Diagnostic, error

#: the most clauses a policy may hold (a real policy has tens or hundreds)
MAX_CLAUSES = 5_000


def check_clause_count(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    if len(corpus.clauses) <= MAX_CLAUSES:
        return
    clause = sorted(corpus.clauses.values(), key=lambda c: c.order)[MAX_CLAUSES]
    yield error(clause.loc.path, clause.loc.line, "CW113",
                f"the policy holds {len(corpus.clauses):,} clauses; at most {MAX_CLAUSES:,} are built (each has its own page, feed and permalink: about 35 KB of site and of the build's memory), and this is clause {MAX_CLAUSES + 1:,}",
                "merge small clauses into larger ones, or split the policy into sites of their own")


RULES = (check_clause_count,)
