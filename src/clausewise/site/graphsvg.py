"""Graphs of ambiguity -> RFC -> clause, written as Mermaid flowcharts and drawn as SVG
at build time.

Pages carry a ```` ```clausewise-graph ```` fence holding a small Mermaid `flowchart LR`.
The fence is formatted through pymdownx.superfences by `fence()` below, which lays the
nodes out in columns (longest path from a source), orders each column to reduce edge
crossings (barycentre sweeps), and writes inline SVG drawn at its natural size, so its
text is 12 CSS px wherever it is shown (a graph wider than the column scrolls), with each
node a link to its page, plus the same nodes as a nested list that narrow screens show
instead of the drawing. Drawing on the
server keeps the site working offline and the output byte-identical between builds;
Material's client-side Mermaid would fetch mermaid.js from unpkg at view time. The source
stays Mermaid, so a site that prefers client-side rendering can map the fence to
Material's `fence_code_format` instead.

Only the subset we write is read: `id["label"]:::class`, `a --> b`, `click id href "page.md"`
(a docs-relative page, resolved relative to the page being rendered), `accTitle: what the
graph shows` (its accessible name) and `%%` comments.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from typing import Any

from clausewise.graph import Graph, ambiguity_page, clause_page, postmortem_page
from clausewise.model import Clause, Postmortem
from clausewise.site import i18n
from clausewise.site.i18n import _
from clausewise.site.sanitize import SEARCH_EXCLUDE

FENCE_NAME = "clausewise-graph"
NODE = re.compile(r'^\s*(?P<id>[A-Za-z][\w]*)\["(?P<label>[^"]*)"\](?::::(?P<cls>[\w-]+))?\s*$')
EDGE = re.compile(r"^\s*(?P<a>[A-Za-z][\w]*)\s*-->\s*(?P<b>[A-Za-z][\w]*)\s*$")
CLICK = re.compile(r'^\s*click\s+(?P<id>[A-Za-z][\w]*)\s+href\s+"(?P<href>[\w./-]+\.md(?:#[\w.:-]+)?)"\s*$')
ACC_TITLE = re.compile(r"^\s*accTitle\s*:\s*(?P<title>.+?)\s*$")
#: Node box and gaps, in CSS px: four columns (post-mortem, ambiguities, RFCs, clauses) fit
#: Material's 688 px content column at 1280 px without scaling the text below 12 px.
W, H, GAP_X, GAP_Y, PAD = 148, 72, 26, 12, 6
FONT, LINE, LINES, CHARS = 12, 15, 4, 21  # font size, line height, lines shown, characters a line
#: Barycentre sweeps (down and up) that reorder the columns: a fixed number, so the layout
#: is deterministic and linear in nodes and edges (times a log for sorting) per sweep.
SWEEPS = 4
#: How deep the list view nests before a node's successors start lists of their own.
MAX_LIST_DEPTH = 6
MAX_LABEL = 300
COLOURS = {
    "open": "#b42318", "ruled": "#b54708", "proposed": "#175cd3", "resolved": "#067647",
    "voting": "#b42318", "discussion": "#b54708", "draft": "#b54708", "accepted": "#067647",
    "rejected": "#667085", "withdrawn": "#667085", "superseded": "#667085", "clause": "#4051b5",
    "postmortem": "#344054", "ruling": "#6941c6", "focus": "#4051b5",
}


def _label(text: str, limit: int = MAX_LABEL) -> str:
    text = " ".join(text.split()).replace('"', "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _op(op: str) -> str:
    """A clause change's kind (`amend`) in a graph's node, as shown."""
    return {"amend": _("amend"), "add": _("add"), "remove": _("remove")}.get(op, op)


def _node(key: str, label: str, cls: str) -> str:
    return f'  {key}["{_label(label)}"]:::{cls}'


def _mermaid(nodes: dict[str, str], edges: list[tuple[str, str]], title: str = "", links: dict[str, str] | None = None) -> str:
    lines = ["flowchart LR"]
    if title:
        lines.append("  accTitle: " + " ".join(title.split()))
    lines += [*nodes.values(), *(f"  {a} --> {b}" for a, b in dict.fromkeys(edges))]
    lines += [f'  click {k} href "{v}"' for k, v in (links or {}).items() if k in nodes]
    return "```" + FENCE_NAME + "\n" + "\n".join(lines) + "\n```"


def _clause_link(graph: Graph, cid: str) -> str | None:
    """The clause's own page, if the clause is in the policy (an RFC may add one later)."""
    return clause_page(cid) if cid in graph.corpus.clauses else None


def _add_ambiguity_chain(graph: Graph, amb_id: str, nodes: dict[str, str], edges: list[tuple[str, str]], ids: dict[str, str], focus: str | None = None, links: dict[str, str] | None = None) -> None:
    links = {} if links is None else links

    def nid(key: str) -> str:
        return ids.setdefault(key, f"n{len(ids)}")

    def link(node: str, page: str | None) -> None:
        if page:
            links.setdefault(node, page)

    amb = graph.corpus.ambiguities[amb_id]
    a = nid(amb_id)
    state = graph.ambiguity_state(amb_id)
    nodes.setdefault(a, _node(a, f"{i18n.state(state.value)}: {amb.title}", state.name.lower()))
    link(a, ambiguity_page(amb_id))
    rfcs = graph.ambiguity_rfcs.get(amb_id, [])
    for rfc in rfcs:
        r = nid(f"rfc-{rfc.number}")
        nodes.setdefault(r, _node(r, f"{i18n.rfc_name(rfc)} ({i18n.status(rfc.status.value)}): {rfc.title}", rfc.status.value))
        link(r, rfc.page)
        edges.append((a, r))
        for change in rfc.changes:
            if focus and change.clause != focus:
                continue
            c = nid(change.clause)
            nodes.setdefault(c, _node(c, f"{change.clause} ({_op(change.op.value)})", "focus" if change.clause == focus else "clause"))
            link(c, _clause_link(graph, change.clause))
            edges.append((r, c))
    for cid in amb.clauses:
        if focus and cid != focus:
            continue
        if not rfcs or focus:
            c = nid(cid)
            nodes.setdefault(c, _node(c, cid, "focus" if cid == focus else "clause"))
            link(c, _clause_link(graph, cid))
            edges.append((a, c))


def postmortem_fence(graph: Graph, pm: Postmortem) -> str:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    ids: dict[str, str] = {}
    links: dict[str, str] = {}
    p = ids.setdefault(pm.id, "n0")
    nodes[p] = _node(p, pm.title, "postmortem")
    links[p] = postmortem_page(pm.id)
    for amb_id in pm.ambiguities:
        _add_ambiguity_chain(graph, amb_id, nodes, edges, ids, links=links)
        edges.append((p, ids[amb_id]))
    title = _("Graph: ") + _("the ambiguities of {postmortem}, the RFCs that resolve them and the clauses they change").format(postmortem=pm.title)
    return _mermaid(nodes, edges, title, links)


def clause_fence(graph: Graph, clause: Clause) -> str:
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    ids: dict[str, str] = {}
    links: dict[str, str] = {}
    for amb in graph.clause_ambiguities.get(clause.id, []):
        _add_ambiguity_chain(graph, amb.id, nodes, edges, ids, focus=clause.id, links=links)
    for rfc in graph.clause_rfcs.get(clause.id, []):
        r = ids.setdefault(f"rfc-{rfc.number}", f"n{len(ids)}")
        nodes.setdefault(r, _node(r, f"{i18n.rfc_name(rfc)} ({i18n.status(rfc.status.value)}): {rfc.title}", rfc.status.value))
        links.setdefault(r, rfc.page)
        c = ids.setdefault(clause.id, f"n{len(ids)}")
        nodes.setdefault(c, _node(c, clause.id, "focus"))
        edges.append((r, c))
    if not nodes:
        c = ids.setdefault(clause.id, "n0")
        nodes[c] = _node(c, _("{clause}: no ambiguity or RFC").format(clause=clause.id), "focus")
        return _mermaid(nodes, edges, _("Graph: ") + _("clause {clause} ({title}) has no ambiguity or RFC").format(clause=clause.id, title=clause.title), links)
    title = _("Graph: ") + _("the ambiguities and RFCs about clause {clause} ({title})").format(clause=clause.id, title=clause.title)
    return _mermaid(nodes, edges, title, links)


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


def extras(source: str) -> tuple[str, dict[str, str]]:
    """The graph's accessible name (`accTitle:`) and its nodes' pages (`click id href`)."""
    title, links = "", {}
    for line in source.splitlines():
        if m := ACC_TITLE.match(line):
            title = m.group("title")[:MAX_LABEL * 2]
        elif m := CLICK.match(line):
            links.setdefault(m.group("id"), m.group("href"))
    return title, links


def _spans(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]], layer: dict[str, int]) -> list[tuple[str, str]]:
    """Each edge once, pointing from the lower column to the higher; none within a column."""
    out = []
    for a, b in dict.fromkeys(edges):
        if layer[a] < layer[b]:
            out.append((a, b))
        elif layer[b] < layer[a]:
            out.append((b, a))
    return out


def crossings(columns: dict[int, list[str]], spans: list[tuple[str, str]], layer: dict[str, int]) -> int:
    """How many pairs of edges between the same two columns cross: inversions counted by
    merge sort, O(edges log edges)."""
    pos = {n: i for col in columns.values() for i, n in enumerate(col)}
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, b in spans:
        groups.setdefault((layer[a], layer[b]), []).append((pos[a], pos[b]))
    total = 0
    for pairs in groups.values():
        pairs.sort()
        total += _inversions([b for _, b in pairs])
    return total


def _inversions(xs: list[int]) -> int:
    count, width, n = 0, 1, len(xs)
    while width < n:  # bottom-up merge sort, counting pairs out of order
        merged: list[int] = []
        for lo in range(0, n, 2 * width):
            left, right = xs[lo:lo + width], xs[lo + width:lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if right[j] < left[i]:
                    merged.append(right[j])
                    count += len(left) - i
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged += left[i:] + right[j:]
        xs, width = merged, width * 2
    return count


def order(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]], layer: dict[str, int]) -> dict[int, list[str]]:
    """The columns, each ordered to reduce crossings: `SWEEPS` rounds of sorting each column
    by the barycentre of its neighbours' (centred) positions, down then up, keeping the
    order with the fewest crossings seen. Ties keep the current order, so it is
    deterministic; each sweep is linear in nodes and edges, plus the sorts."""
    columns: dict[int, list[str]] = {}
    for n in nodes:
        columns.setdefault(layer[n], []).append(n)
    spans = _spans(nodes, edges, layer)
    if not spans:
        return columns
    down: dict[str, list[str]] = {n: [] for n in nodes}  # neighbours in lower columns
    up: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in spans:
        down[b].append(a)
        up[a].append(b)
    pos: dict[str, float] = {}

    def place(col: list[str]) -> None:
        mid = (len(col) - 1) / 2
        for i, n in enumerate(col):
            pos[n] = i - mid

    for col in columns.values():
        place(col)

    def sort(k: int, nbrs: dict[str, list[str]]) -> None:
        col = columns[k]
        bary = {n: (sum(pos[m] for m in nbrs[n]) / len(nbrs[n]) if nbrs[n] else pos[n]) for n in col}
        col.sort(key=lambda n: (bary[n], pos[n]))
        place(col)

    keys = sorted(columns)
    best, best_cols = crossings(columns, spans, layer), {k: list(v) for k, v in columns.items()}
    for _ in range(SWEEPS):
        if best == 0:
            break
        for k in keys[1:]:
            sort(k, down)
        for k in reversed(keys[:-1]):
            sort(k, up)
        now = crossings(columns, spans, layer)
        if now < best:
            best, best_cols = now, {k: list(v) for k, v in columns.items()}
    return best_cols


def _wrap(text: str, width: int = CHARS, lines_shown: int = LINES) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        while len(w) > width:  # a word longer than the box (an id) breaks after a `.` or `-`
            if cur:
                lines.append(cur)
                cur = ""
            cut = max(w.rfind(".", 0, width), w.rfind("-", 0, width)) + 1 or width
            lines.append(w[:cut])
            w = w[cut:]
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    lines.append(cur)
    if len(lines) <= lines_shown:
        return lines
    return lines[: lines_shown - 1] + [lines[lines_shown - 1][: width - 1] + "…"]


def render(source: str, resolve: Callable[[str], str | None] | None = None) -> tuple[str, str]:
    """The graph as inline SVG, and the same nodes and edges as a nested list. `resolve`
    makes a docs-relative page (`click` lines) a link from the page being rendered; without
    one, nodes are not links."""
    nodes, edges = parse(source)
    title, pages = extras(source)
    hrefs: dict[str, str] = {}
    if resolve is not None:
        for n, page in pages.items():
            if n in nodes and (url := resolve(page)):
                hrefs[n] = url
    layer = _layers(nodes, edges)
    slots, layer, routes = _with_waypoints(nodes, edges, layer)
    columns = order(slots, [e for a, b in dict.fromkeys(edges) for e in _legs(a, b, routes)], layer)
    tallest = max((len(ns) for ns in columns.values()), default=1)
    height = PAD * 2 + tallest * (H + GAP_Y) - GAP_Y
    pos: dict[str, tuple[int, float]] = {}
    for col, ns in columns.items():
        top = PAD + (tallest - len(ns)) * (H + GAP_Y) / 2
        for row, n in enumerate(ns):
            pos[n] = (PAD + col * (W + GAP_X), top + row * (H + GAP_Y))
    width = PAD * 2 + max(columns, default=0) * (W + GAP_X) + W
    name = attr(title or _("Graph of ambiguities, RFCs and clauses"))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cw-graph-svg" viewBox="0 0 {width} {height:g}" width="{width}" height="{height:g}" role="group" aria-label="{name}">']
    out.append('<defs><marker id="cw-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#667085"/></marker></defs>')
    for a, b in dict.fromkeys(edges):
        (x1, y1), (x2, y2) = pos[a], pos[b]
        sx, sy = x1 + W, y1 + H / 2
        d = [f"M{sx:g},{sy:g}"]
        for w in routes.get((a, b), ()):  # through the empty slots kept for it, not across nodes
            wx, wy = pos[w]
            mx, wy = (sx + wx) / 2, wy + H / 2
            d.append(f"C{mx:g},{sy:g} {mx:g},{wy:g} {wx:g},{wy:g} L{wx + W:g},{wy:g}")
            sx, sy = wx + W, wy
        ex, ey = x2, y2 + H / 2
        mx = (sx + ex) / 2
        d.append(f"C{mx:g},{sy:g} {mx:g},{ey:g} {ex:g},{ey:g}")
        out.append(f'<path class="cw-edge" d="{" ".join(d)}" fill="none" stroke="#667085" stroke-width="1.5" marker-end="url(#cw-arrow)"/>')
    for n, (label, cls) in nodes.items():
        x, y = pos[n]
        colour = COLOURS.get(cls, "#4051b5")
        out.append(f'<g class="cw-node cw-node-{attr(cls)}">')
        if n in hrefs:
            out.append(f'<a href="{attr(hrefs[n])}">')
        out.append(f"<title>{attr(label)}</title>")
        out.append(f'<rect x="{x}" y="{y:g}" width="{W}" height="{H}" rx="6" fill="#fff" stroke="{colour}" stroke-width="1.5"/>')
        lines = _wrap(label)
        for i, text in enumerate(lines):
            ty = y + H / 2 + (i - (len(lines) - 1) / 2) * LINE + FONT / 3
            out.append(f'<text x="{x + 7}" y="{ty:g}" font-size="{FONT}" fill="{colour}">{attr(text)}</text>')
        out.append("</a></g>" if n in hrefs else "</g>")
    out.append("</svg>")
    real = {k: [n for n in ns if n in nodes] for k, ns in columns.items()}
    return "".join(out), _as_list(nodes, edges, layer, real, hrefs, title)


def _with_waypoints(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]], layer: dict[str, int]) -> tuple[dict[str, tuple[str, str]], dict[str, int], dict[tuple[str, str], list[str]]]:
    """An edge that skips columns gets an empty slot in each column it crosses, ordered
    with the nodes, so it is drawn between them rather than through them. At most as many
    slots as nodes and edges in all (beyond that, edges are drawn straight): linear."""
    slots, layer = dict(nodes), dict(layer)
    routes: dict[tuple[str, str], list[str]] = {}
    budget = len(nodes) + len(edges)
    for a, b in dict.fromkeys(edges):
        span = layer[b] - layer[a] - 1
        if 0 < span <= budget:
            budget -= span
            route = []
            for k in range(layer[a] + 1, layer[b]):
                w = f" {len(slots)}"  # a space: never a node id
                slots[w], layer[w] = ("", "waypoint"), k
                route.append(w)
            routes[(a, b)] = route
    return slots, layer, routes


def _legs(a: str, b: str, routes: dict[tuple[str, str], list[str]]) -> list[tuple[str, str]]:
    path = [a, *routes.get((a, b), ()), b]
    return list(itertools.pairwise(path))


def _as_list(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]], layer: dict[str, int], columns: dict[int, list[str]], hrefs: dict[str, str], title: str) -> str:
    """The graph for narrow screens: each node under the one its edge comes from, in the
    drawing's order; a node met again is named, not repeated; nesting stops at
    `MAX_LIST_DEPTH` (what lies deeper starts a list of its own). Linear in nodes and edges."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in _spans(nodes, edges, layer):
        succ[a].append(b)
    rank = {n: i for k in sorted(columns) for i, n in enumerate(columns[k])}
    for nexts in succ.values():
        nexts.sort(key=lambda m: rank[m])

    def item(n: str) -> str:
        label = attr(nodes[n][0])
        return f'<a href="{attr(hrefs[n])}">{label}</a>' if n in hrefs else label

    prefix = " ".join(_("Graph: ").split())  # as `_mermaid` wrote it: whitespace folded (a no-break space too)
    caption = (title[len(prefix):].lstrip() if title.startswith(prefix) else title) or _("the graph as a list")
    out = ['<div class="cw-graph-list"><p>' + attr(_("{caption}:").format(caption=caption[:1].upper() + caption[1:])) + "</p><ul>"]
    listed: set[str] = set()
    for root in (n for k in sorted(columns) for n in columns[k]):
        if root in listed:
            continue
        listed.add(root)
        if not succ[root]:
            out.append(f"<li>{item(root)}</li>")
            continue
        out.append(f"<li>{item(root)}<ul>")  # every push opens `<li>X<ul>`, every pop closes it
        stack = [iter(succ[root])]
        while stack:
            for m in stack[-1]:
                if m in listed:
                    out.append(f"<li>{item(m)} " + _("(listed above)") + "</li>")
                    continue
                listed.add(m)
                if len(stack) < MAX_LIST_DEPTH and succ[m]:
                    out.append(f"<li>{item(m)}<ul>")
                    stack.append(iter(succ[m]))
                    break
                out.append(f"<li>{item(m)}</li>")
            else:
                stack.pop()
                out.append("</ul></li>")
    out.append("</ul></div>")
    return "".join(out)


def render_svg(source: str, resolve: Callable[[str], str | None] | None = None) -> str:
    return render(source, resolve)[0]


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def _resolver(md: Any) -> Callable[[str], str | None] | None:
    """The clausewise Markdown extension's `page_url` on this Markdown instance, if loaded:
    it knows the page being rendered and the host's URLs."""
    for ext in getattr(md, "registeredExtensions", ()):
        page_url = getattr(ext, "page_url", None)
        if callable(page_url):
            return page_url  # type: ignore[no-any-return]
    return None


def fence(source: str, language: str, class_name: str, options: dict[str, Any], md: Any, **kwargs: Any) -> str:
    """pymdownx.superfences custom fence formatter: Mermaid source in, inline SVG out (and
    the list view narrow screens show instead)."""
    svg, listed = render(source, _resolver(md))
    # The graph leaves search (Material's `data-search-exclude`, keyed: see sanitize): its
    # labels repeat the pages it links to, and indexed twice (drawing and list) they pushed
    # those pages down the results.
    return f'<div class="cw-graph" {SEARCH_EXCLUDE}>{svg}{listed}</div>'


def superfences_config() -> dict[str, Any]:
    return {"name": FENCE_NAME, "class": "cw-graph", "format": fence}
