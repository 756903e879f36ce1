"""Graphs that inform: fewer crossings, the same drawing every build, full labels, a name
per graph, links that are only ever docs pages, a list view, and bounded work."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

from helpers import ROOT

from clausewise import load_project
from clausewise.site import graphsvg

SVG = "{http://www.w3.org/2000/svg}"


def _fence(nodes: list[str], edges: list[tuple[str, str]], extra: str = "") -> str:
    return "flowchart LR\n" + "".join(f'  {n}["{n.upper()}"]:::clause\n' for n in nodes) + "".join(f"  {a} --> {b}\n" for a, b in edges) + extra


# Two columns whose written order crosses every pair of their edges (a1-b3, a2-b2, a3-b1:
# 3 crossings), and a third column that follows b's written order.
KNOWN = _fence(["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"],
               [("a1", "b3"), ("a2", "b2"), ("a3", "b1"), ("b1", "c1"), ("b2", "c2"), ("b3", "c3")])


def _columns(source: str) -> tuple[dict[int, list[str]], dict[int, list[str]], list[tuple[str, str]], dict[str, int]]:
    nodes, edges = graphsvg.parse(source)
    layer = graphsvg._layers(nodes, edges)
    written: dict[int, list[str]] = {}
    for n in nodes:
        written.setdefault(layer[n], []).append(n)
    return written, graphsvg.order(nodes, edges, layer), graphsvg._spans(nodes, edges, layer), layer


def test_crossings_are_reduced_on_a_known_graph() -> None:
    written, ordered, spans, layer = _columns(KNOWN)
    assert graphsvg.crossings(written, spans, layer) == 3
    assert graphsvg.crossings(ordered, spans, layer) == 0
    assert sorted(map(sorted, ordered.values())) == sorted(map(sorted, written.values()))  # same nodes, reordered


def test_crossings_never_grow() -> None:
    import random

    rng = random.Random(18)
    for _ in range(200):
        names = [f"n{i}" for i in range(rng.randint(2, 14))]
        edges = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if rng.random() < 0.25]
        written, ordered, spans, layer = _columns(_fence(names, edges))
        assert graphsvg.crossings(ordered, spans, layer) <= graphsvg.crossings(written, spans, layer)


def test_crossings_count_matches_a_pairwise_count() -> None:
    written, _, spans, layer = _columns(KNOWN)
    pos = {n: i for col in written.values() for i, n in enumerate(col)}
    pairwise = sum(
        1 for i, (a, b) in enumerate(spans) for c, d in spans[i + 1:]
        if layer[a] == layer[c] and layer[b] == layer[d] and (pos[a] - pos[c]) * (pos[b] - pos[d]) < 0
    )
    assert graphsvg.crossings(written, spans, layer) == pairwise == 3


def test_layout_is_deterministic() -> None:
    project = load_project(ROOT)
    pm = next(iter(project.graph.corpus.postmortems.values()))
    source = graphsvg.postmortem_fence(project.graph, pm)
    first = graphsvg.render(source, lambda page: "../" + page)
    for _ in range(3):
        assert graphsvg.render(source, lambda page: "../" + page) == first
    assert graphsvg.render(KNOWN) == graphsvg.render(KNOWN)


def test_an_edge_that_skips_a_column_passes_between_nodes() -> None:
    source = _fence(["a", "b", "c"], [("a", "b"), ("b", "c"), ("a", "c")])
    svg = ET.fromstring(graphsvg.render_svg(source))
    paths = [p.get("d") or "" for p in svg.iter(SVG + "path") if p.get("class") == "cw-edge"]
    assert len(paths) == 3 and sum(" L" in d for d in paths) == 1  # the long one runs along its own slot
    rects = {(r.get("x"), r.get("y")) for r in svg.iter(SVG + "rect")}
    long_path = next(d for d in paths if " L" in d)
    y = long_path.split(" L")[1].split(",")[1].split()[0]
    b_box = next((x, yy) for x, yy in rects if x == str(graphsvg.PAD + graphsvg.W + graphsvg.GAP_X))
    assert not (float(b_box[1]) <= float(y) <= float(b_box[1]) + graphsvg.H)  # not through b


def test_full_labels_in_title_and_list_aria_label_per_graph() -> None:
    project = load_project(ROOT)
    g = project.graph
    names = []
    fences = [graphsvg.postmortem_fence(g, pm) for pm in g.corpus.postmortems.values()]
    fences += [graphsvg.clause_fence(g, c) for c in g.corpus.clauses.values()]
    for source in fences:
        svg_text, listed = graphsvg.render(source, lambda page: "../" + page)
        svg = ET.fromstring(svg_text)
        assert svg.get("aria-label", "").startswith("Graph: ")
        names.append(svg.get("aria-label"))
        nodes, _ = graphsvg.parse(source)
        titles = [t.text for t in svg.iter(SVG + "title")]
        assert titles == [label for label, _ in nodes.values()]
        for label, _ in nodes.values():
            assert "…" not in label
        ET.fromstring(listed)  # well-formed
        assert all(label.replace("&", "&amp;").replace("'", "&#x27;") in listed for label, _ in nodes.values())
    assert len(set(names)) == len(names), "every graph has its own name"
    rfc3 = g.corpus.rfcs[3]
    pm = graphsvg.render(fences[0])[0]
    assert f"<title>{graphsvg.attr(rfc3.name)} (accepted): {graphsvg.attr(rfc3.title)}</title>" in pm  # not cut at 60


def test_nodes_link_to_their_pages_and_only_to_docs_pages() -> None:
    project = load_project(ROOT)
    g = project.graph
    clause = g.corpus.clauses["embargo.user-communications"]
    source = graphsvg.clause_fence(g, clause)
    _, links = graphsvg.extras(source)
    assert set(links.values()) == {"ambiguities/xsa-108.service-announcements.md", "rfcs/0003-service-announcements.md", "clauses/embargo.user-communications.md"}
    svg = ET.fromstring(graphsvg.render_svg(source, lambda page: "../../" + page.replace(".md", "/")))
    hrefs = [a.get("href") for a in svg.iter(SVG + "a")]
    assert "../../rfcs/0003-service-announcements/" in hrefs and len(hrefs) == 3
    # a hand-written fence: anything but a docs-relative page is ignored, labels are text
    hostile = '%%\n  a["<script>x</script> \\" &"]\n  click a href "javascript:alert(1)"\n  click a href "https://evil.example/x.md"\n'
    out = "".join(graphsvg.render("flowchart LR\n" + hostile, lambda page: page))
    assert "javascript" not in out and "evil" not in out and "<script>" not in out and "<a " not in out
    # without a resolver (a renderer without the clausewise extension) nodes are not links
    assert "<a " not in graphsvg.render_svg(source)


def test_text_is_never_drawn_below_12px() -> None:
    svg = ET.fromstring(graphsvg.render_svg(KNOWN))
    assert all(float(t.get("font-size", "0")) >= 12 for t in svg.iter(SVG + "text"))
    # drawn at natural size: width attribute = viewBox width, so one unit is one CSS px
    assert svg.get("viewBox", "").split()[2] == svg.get("width")


def test_list_view_is_linear_and_shallow() -> None:
    n = 20_000
    chain = "flowchart LR\n" + "".join(f"  a{i} --> a{i + 1}\n" for i in range(n))
    started = time.monotonic()
    listed = graphsvg.render(chain)[1]
    assert time.monotonic() - started < 15
    depth = max_depth = 0
    for tag in listed.replace("<ul>", "\0+").replace("</ul>", "\0-").split("\0")[1:]:
        depth += 1 if tag[0] == "+" else -1
        max_depth = max(max_depth, depth)
    assert max_depth <= graphsvg.MAX_LIST_DEPTH + 1 and listed.count("<li>") == n + 1  # + the outer list


def test_many_long_edges_stay_linear() -> None:
    """Every node of a long chain also pointing at its end: spans sum to n^2/2, but the
    waypoints are capped at nodes + edges."""
    n = 3000
    src = "flowchart LR\n" + "".join(f"  a{i} --> a{i + 1}\n  a{i} --> a{n}\n" for i in range(n))
    nodes, edges = graphsvg.parse(src)
    slots, _, _ = graphsvg._with_waypoints(nodes, edges, graphsvg._layers(nodes, edges))
    assert len(slots) <= 2 * len(nodes) + len(edges)
    started = time.monotonic()
    graphsvg.render(src)
    assert time.monotonic() - started < 20
