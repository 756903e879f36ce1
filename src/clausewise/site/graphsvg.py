"""Graphs of ambiguity -> RFC -> clause, written as Mermaid flowcharts and drawn as SVG
at build time.

Pages carry a ```` ```clausewise-graph ```` fence holding a small Mermaid `flowchart LR`.
The fence is formatted through pymdownx.superfences by `fence()` below, which lays the
nodes out in columns (longest path from a source) and writes inline SVG. Drawing on the
server keeps the site working offline and the output byte-identical between builds;
Material's client-side Mermaid would fetch mermaid.js from unpkg at view time. The source
stays Mermaid, so a site that prefers client-side rendering can map the fence to
Material's `fence_code_format` instead.

Only the subset we write is read: `id["label"]:::class`, `a --> b`, `%%` comments.
"""

from __future__ import annotations

import html
import re
from typing import Any

from clausewise.graph import Graph
from clausewise.model import Clause, Postmortem

FENCE_NAME = "clausewise-graph"
NODE = re.compile(r'^\s*(?P<id>[A-Za-z][\w]*)\["(?P<label>[^"]*)"\](?::::(?P<cls>[\w-]+))?\s*$')
EDGE = re.compile(r"^\s*(?P<a>[A-Za-z][\w]*)\s*-->\s*(?P<b>[A-Za-z][\w]*)\s*$")
W, H, GAP_X, GAP_Y, PAD = 230, 46, 60, 14, 8
COLOURS = {
    "open": "#b42318", "ruled": "#b54708", "proposed": "#175cd3", "resolved": "#067647",
    "voting": "#b42318", "discussion": "#b54708", "draft": "#b54708", "accepted": "#067647",
    "rejected": "#667085", "withdrawn": "#667085", "superseded": "#667085", "clause": "#4051b5",
    "postmortem": "#344054", "ruling": "#6941c6", "focus": "#4051b5",
}


def _label(text: str, limit: int = 60) -> str:
    text = " ".join(text.split()).replace('"', "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node(key: str, label: str, cls: str) -> str:
    return f'  {key}["{_label(label)}"]:::{cls}'


def _mermaid(nodes: dict[str, str], edges: list[tuple[str, str]]) -> str:
    lines = ["flowchart LR", *nodes.values(), *(f"  {a} --> {b}" for a, b in dict.fromkeys(edges))]
    return "```" + FENCE_NAME + "\n" + "\n".join(lines) + "\n```"


def _add_ambiguity_chain(graph: Graph, amb_id: str, nodes: dict[str, str], edges: list[tuple[str, str]], ids: dict[str, str], focus: str | None = None) -> None:
    def nid(key: str) -> str:
        return ids.setdefault(key, f"n{len(ids)}")

    amb = graph.corpus.ambiguities[amb_id]
    a = nid(amb_id)
    state = graph.ambiguity_state(amb_id)
    nodes.setdefault(a, _node(a, f"{state.value}: {amb.title}", state.name.lower()))
    rfcs = graph.ambiguity_rfcs.get(amb_id, [])
    for rfc in rfcs:
        r = nid(f"rfc-{rfc.number}")
        nodes.setdefault(r, _node(r, f"{rfc.name} ({rfc.status.value}): {rfc.title}", rfc.status.value))
        edges.append((a, r))
        for change in rfc.changes:
            if focus and change.clause != focus:
                continue
            c = nid(change.clause)
            nodes.setdefault(c, _node(c, f"{change.clause} ({change.op.value})", "focus" if change.clause == focus else "clause"))
            edges.append((r, c))
    for cid in amb.clauses:
        if focus and cid != focus:
            continue
        if not rfcs or focus:
            c = nid(cid)
            nodes.setdefault(c, _node(c, cid, "focus" if cid == focus else "clause"))
            edges.append((a, c))


def postmortem_fence(graph: Graph, pm: Postmortem) -> str:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    ids: dict[str, str] = {}
    p = ids.setdefault(pm.id, "n0")
    nodes[p] = _node(p, pm.title, "postmortem")
    for amb_id in pm.ambiguities:
        _add_ambiguity_chain(graph, amb_id, nodes, edges, ids)
        edges.append((p, ids[amb_id]))
    return _mermaid(nodes, edges)


def clause_fence(graph: Graph, clause: Clause) -> str:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    ids: dict[str, str] = {}
    for amb in graph.clause_ambiguities.get(clause.id, []):
        _add_ambiguity_chain(graph, amb.id, nodes, edges, ids, focus=clause.id)
    for rfc in graph.clause_rfcs.get(clause.id, []):
        r = ids.setdefault(f"rfc-{rfc.number}", f"n{len(ids)}")
        nodes.setdefault(r, _node(r, f"{rfc.name} ({rfc.status.value}): {rfc.title}", rfc.status.value))
        c = ids.setdefault(clause.id, f"n{len(ids)}")
        nodes.setdefault(c, _node(c, clause.id, "focus"))
        edges.append((r, c))
    if not nodes:
        c = ids.setdefault(clause.id, "n0")
        nodes[c] = _node(c, f"{clause.id}: no ambiguity or RFC", "focus")
    return _mermaid(nodes, edges)


# -- drawing -------------------------------------------------------------------------------
def parse(source: str) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    nodes: dict[str, tuple[str, str]] = {}
    edges: list[tuple[str, str]] = []
    for line in source.splitlines():
        if not line.strip() or line.strip().startswith(("%%", "flowchart", "graph")):
            continue
        if m := NODE.match(line):
            nodes[m.group("id")] = (m.group("label"), m.group("cls") or "clause")
        elif m := EDGE.match(line):
            edges.append((m.group("a"), m.group("b")))
            for k in (m.group("a"), m.group("b")):
                nodes.setdefault(k, (k, "clause"))
    return nodes, edges


def _layers(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest path from a source, in time linear in nodes and edges: a depth-first search in
    node order drops the edges that close a cycle (self-loops included), and the rest is
    relaxed once in topological order. (Relaxing every edge until nothing changed took
    nodes x edges steps, which a fence of self-loops made quadratic.)"""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in dict.fromkeys(edges):
        if a != b:
            succ[a].append(b)
    seen: set[str] = set()
    post: list[str] = []
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(succ[root]))]
        while stack:
            node, rest = stack[-1]
            for nxt in rest:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, iter(succ[nxt])))
                    break
            else:
                post.append(node)
                stack.pop()
    order = {n: i for i, n in enumerate(reversed(post))}
    layer = {n: 0 for n in nodes}
    for n in reversed(post):
        for m in succ[n]:
            if order[m] > order[n] and layer[m] < layer[n] + 1:  # not an edge back up a cycle
                layer[m] = layer[n] + 1
    return layer


def _wrap(text: str, width: int = 34) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    return lines[:2] if len(lines) <= 2 else [lines[0], lines[1][: width - 1] + "…"]


def render_svg(source: str) -> str:
    nodes, edges = parse(source)
    layer = _layers(nodes, edges)
    columns: dict[int, list[str]] = {}
    for n in nodes:
        columns.setdefault(layer[n], []).append(n)
    pos = {n: (PAD + col * (W + GAP_X), PAD + row * (H + GAP_Y)) for col, ns in columns.items() for row, n in enumerate(ns)}
    width = PAD * 2 + max(columns, default=0) * (W + GAP_X) + W
    height = PAD * 2 + max((len(ns) for ns in columns.values()), default=1) * (H + GAP_Y) - GAP_Y
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cw-graph-svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="graph of ambiguities, RFCs and clauses">']
    out.append('<defs><marker id="cw-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#98a2b3"/></marker></defs>')
    for a, b in dict.fromkeys(edges):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        sx, sy, ex, ey = x1 + W, y1 + H / 2, x2, y2 + H / 2
        mx = (sx + ex) / 2
        out.append(f'<path class="cw-edge" d="M{sx:g},{sy:g} C{mx:g},{sy:g} {mx:g},{ey:g} {ex:g},{ey:g}" fill="none" stroke="#98a2b3" stroke-width="1.5" marker-end="url(#cw-arrow)"/>')
    for n, (label, cls) in nodes.items():
        x, y = pos[n]
        colour = COLOURS.get(cls, "#4051b5")
        out.append(f'<g class="cw-node cw-node-{html.escape(cls)}"><title>{html.escape(label)}</title>')
        out.append(f'<rect x="{x}" y="{y}" width="{W}" height="{H}" rx="6" fill="#fff" stroke="{colour}" stroke-width="1.5"/>')
        lines = _wrap(label)
        for i, text in enumerate(lines):
            ty = y + H / 2 + (i - (len(lines) - 1) / 2) * 15 + 4
            out.append(f'<text x="{x + 8}" y="{ty:g}" font-size="12" fill="{colour}">{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def fence(source: str, language: str, class_name: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
    """pymdownx.superfences custom fence formatter: Mermaid source in, inline SVG out."""
    return f'<div class="cw-graph">{render_svg(source)}</div>'


def superfences_config() -> dict[str, Any]:
    return {"name": FENCE_NAME, "class": "cw-graph", "format": fence}
