"""Cycles in the relations that must point back in time.

An RFC supersedes older RFCs; a ruling follows earlier rulings as precedent. A cycle
(RFC 3 supersedes RFC 4, which supersedes RFC 3) has no meaning and would make
"what replaced what" loop forever for any reader or tool that follows the chain.
Self-references are reported by the reference rules in `validate`; here we find longer
cycles, once per cycle, without recursion (a corpus may hold thousands of RFCs).
"""

from __future__ import annotations

from collections import deque
from typing import Hashable, Iterator, Mapping, Sequence, TypeVar

from clausewise.graph import Graph
from clausewise.model import Corpus
from clausewise.model.diagnostics import Diagnostic, error

N = TypeVar("N", bound=Hashable)


def strongly_connected(edges: Mapping[N, Sequence[N]]) -> list[list[N]]:
    """Tarjan's algorithm, iterative; components in a stable order."""
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    out: list[list[N]] = []
    counter = 0
    for start in edges:
        if start in index:
            continue
        work: list[tuple[N, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = edges.get(node, ())
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp: list[N] = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(comp)
    return out


def cycles(edges: Mapping[N, Sequence[N]]) -> list[list[N]]:
    """One shortest cycle per strongly connected component of two or more nodes, starting
    at the component's smallest node: [a, b, c] means a -> b -> c -> a."""
    found = []
    for comp in strongly_connected(edges):
        if len(comp) < 2:
            continue
        members = set(comp)
        start = min(comp)  # type: ignore[type-var]
        came: dict[N, N] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in edges.get(node, ()):
                if nxt not in members or nxt in came:
                    continue
                came[nxt] = node
                if nxt == start:
                    queue.clear()
                    break
                queue.append(nxt)
        path = [start]
        node = came[start]
        while node != start:
            path.append(node)
            node = came[node]
        found.append([path[0], *reversed(path[1:])])
    return found


def check_supersedes_cycles(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    edges = {n: [o for o in r.supersedes if o in corpus.rfcs and o != n] for n, r in corpus.rfcs.items()}
    for cycle in cycles(edges):
        first = corpus.rfcs[cycle[0]]
        line = first.lines.get(("supersedes", list(first.supersedes).index(cycle[1 % len(cycle)])), 1)
        chain = " -> ".join(f"RFC {n}" for n in [*cycle, cycle[0]])
        yield error(first.loc.path, line, "CW601", f"`supersedes` forms a cycle: {chain}", "an RFC can only supersede older RFCs; remove one of these entries")


def check_precedent_cycles(corpus: Corpus, graph: Graph) -> Iterator[Diagnostic]:
    edges = {
        rid: [p.ruling for p in r.precedent if p.ruling and p.ruling in corpus.rulings and p.ruling != rid]
        for rid, r in corpus.rulings.items()
    }
    for cycle in cycles(edges):
        first = corpus.rulings[cycle[0]]
        target = cycle[1 % len(cycle)]
        i = next(i for i, p in enumerate(first.precedent) if p.ruling == target)
        chain = " -> ".join(f"`{r}`" for r in [*cycle, cycle[0]])
        yield error(first.loc.path, first.lines.get(("precedent", i), first.loc.line), "CW601", f"precedent forms a cycle: {chain}", "a ruling can only follow earlier rulings; remove one of these entries")


RULES = (check_supersedes_cycles, check_precedent_cycles)
