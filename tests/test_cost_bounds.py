"""Cost bounds: what a contribution adds may grow the site at most linearly. Many drafts
competing for one clause used to make every draft's page list every other one (1,000
drafts: 147 MB of output)."""

from __future__ import annotations

import random
import re
import gc
import time
from pathlib import Path

import pytest
from helpers import copy_fixture

from clausewise import load_project
from clausewise.site import graphsvg
from clausewise.site.generate import MAX_COMPETING_SHOWN

RFC = """---
rfc: {n}
title: Draft {n}
status: draft
authors: [Alice Example]
created: 2024-03-10
discussion: https://example.org/rfc-{n}
resolves: [inc-1.deploy]
changes:
  - op: amend
    clause: embargo.no-deploy
    text: Draft {n} says something else.
---
Draft {n} changes [[embargo.no-deploy]].
"""


def _pages_size(tmp_path: Path, drafts: int) -> tuple[int, str]:
    root = copy_fixture("basic", tmp_path / f"p{drafts}")
    for n in range(100, 100 + drafts):
        (root / f"rfcs/{n:04d}-draft.md").write_text(RFC.format(n=n), encoding="utf-8")
    project = load_project(root)
    assert not project.errors, project.diagnostics
    pages = project.pages()
    page = next(p for p in pages if p.path.startswith("rfcs/0100-"))
    return sum(len(p.markdown) for p in pages), page.markdown


def test_competing_drafts_grow_the_site_linearly(tmp_path: Path) -> None:
    small, _ = _pages_size(tmp_path, 60)
    large, page = _pages_size(tmp_path, 240)
    # Four times the drafts, at most about four times the pages (not sixteen).
    assert large < 4.6 * small, (small, large)
    assert page.count("[[RFC ") == MAX_COMPETING_SHOWN
    more = re.search(r"and ([0-9]+) more, listed on the page of \[\[embargo.no-deploy\]\]", page)
    assert more and int(more.group(1)) >= 240 - 1 - MAX_COMPETING_SHOWN


def _old_layers(nodes: dict[str, tuple[str, str]], edges: list[tuple[str, str]]) -> dict[str, int]:
    """The relaxation the graph layout used before: nodes x edges steps."""
    layer = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for a, b in edges:
            if layer[b] < layer[a] + 1 and layer[a] + 1 < len(nodes):
                layer[b], changed = layer[a] + 1, True
        if not changed:
            break
    return layer


def test_graph_layers_are_the_longest_paths_as_before_on_acyclic_graphs() -> None:
    rng = random.Random(14)
    for _ in range(300):
        names = [f"n{i}" for i in range(rng.randint(1, 12))]
        rank = {n: i for i, n in enumerate(names)}
        rng.shuffle(names)  # node order is not the topological order
        nodes = {n: (n, "clause") for n in names}
        edges = [(a, b) for a in names for b in names if rank[a] < rank[b] and rng.random() < 0.3]
        assert graphsvg._layers(nodes, edges) == _old_layers(nodes, edges)


def test_a_graph_fence_of_self_loops_and_cycles_renders_in_linear_time() -> None:
    n = 20_000  # the old layout took n x n steps: minutes
    loops = "flowchart LR\n" + "".join(f"  a{i} --> a{i}\n" for i in range(n))
    ring = "flowchart LR\n" + "".join(f"  a{i} --> a{(i + 1) % n}\n" for i in range(n))
    for source in (loops, ring):
        started = time.monotonic()
        svg = graphsvg.render_svg(source)
        assert time.monotonic() - started < 10
        assert svg.count("<g class=\"cw-node") == n


def test_a_huge_commit_subject_of_brackets_is_cut_in_history_tables(tmp_path: Path) -> None:
    """A 40 KB commit subject of `[` stalled the build in the clause's history table."""
    from helpers import mkdocs_build, run

    root = copy_fixture("basic", tmp_path / "project")
    policy = root / "docs/policy/index.md"
    policy.write_text(policy.read_text().replace("Members must not deploy", "Members must never deploy"))
    run(["git", "commit", "-qam", "[" * 40_000], root, check=True)
    started = time.monotonic()
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert time.monotonic() - started < 120
    page = (tmp_path / "site/clauses/embargo.no-deploy/index.html").read_text(encoding="utf-8")
    assert "[" * 150 in page and "[" * 250 not in page


_GRAPH: list[object] = []


def _render(text: str) -> str:
    """Text rendered as the plugin renders it: given a project's graph, the extension leaves
    the limits to `check` (alone, it refuses what is past them: test_extension_alone_*)."""
    import markdown

    from clausewise.markdown.extension import ClausewiseExtension

    if not _GRAPH:
        _GRAPH.append(load_project(Path(__file__).parent / "sites/basic", history=False).graph)
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "admonition", "pymdownx.superfences", ClausewiseExtension(graph=_GRAPH[0])])
    return md.convert(text)


def test_link_text_is_found_in_one_pass() -> None:
    """Python-Markdown scanned from every `[` to its `]` or the paragraph's end: 30,000 `[`
    in one paragraph took two minutes. The one-pass table gives the same answers."""
    from markdown.inlinepatterns import LinkInlineProcessor

    from clausewise.markdown import host

    rng = random.Random(14)
    brackets = host._Brackets(LinkInlineProcessor.getText)
    for _ in range(5000):
        text = "".join(rng.choice("[]a!(") for _ in range(rng.randint(0, 24)))
        for index in range(len(text) + 1):
            assert brackets.get_text(text, index) == LinkInlineProcessor.getText(None, text, index), (text, index)  # type: ignore[arg-type]
    for payload in ("[" * 100_000, "[x " * 50_000, "![" * 50_000, "[[" * 50_000, "[" * 50_000 + "]" * 50_000):
        started = time.monotonic()
        _render(payload)
        assert time.monotonic() - started < 20, payload[:10]
    # Links render as before.
    html = _render("A [link](https://example.org/) and ![img](x.png) and [nested [brackets]](https://e.org/).")
    assert '<a href="https://example.org/">link</a>' in html and '<img alt="img" src="x.png"' in html
    assert '<a href="https://e.org/">nested [brackets]</a>' in html


def test_raw_html_tags_are_found_with_the_same_answers_as_python_markdowns_pattern() -> None:
    """Python-Markdown matched its start-tag pattern from every `<` to wherever the tag would
    end, and searched for `>` from every `</`: a paragraph of 8,000 `<a ` took 5.5 s of CPU,
    16,000 took 20 s. The memo in `markdown/host.py` must answer exactly as the patterns do,
    whatever order the positions are asked in."""
    import re as re_module

    from markdown import htmlparser

    from clausewise.markdown import host

    module = htmlparser.htmlparser
    assert host.linear_html() == {"start tags": True, "end tags": True}
    starttag, endtag = module.locatestarttagend_tolerant, module.endendtag
    original_start = re_module.compile(host.MARKDOWN_STARTTAG, re_module.VERBOSE)
    original_end = re_module.compile(">")
    rng = random.Random(14)
    alphabet = list("<a b'\"= /\t\n>`\x00,x\u00a0\u2028")
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        positions = list(range(len(text)))
        if rng.random() < 0.5:
            rng.shuffle(positions)
        for pos in positions:
            want, got = original_start.match(text, pos), starttag.match(text, pos)
            assert (want and want.end()) == (got and got.end()), (text, pos)
            want, got = original_end.search(text, pos), endtag.search(text, pos)
            assert (want and want.span()) == (got and got.span()), (text, pos)


def test_search_finds_headings_with_the_same_answers_from_a_table() -> None:
    """Material's search (and MkDocs' own) walked the table of contents from the top for
    every section: 16,000 headings on a page took 17.7 s of CPU to build, 3.4 s now. The
    table must answer as the walk does: the first heading with the id, depth first."""
    from types import SimpleNamespace

    from clausewise.mkdocs import host

    def walk(toc: list, wanted: object) -> object:
        for item in toc:
            if item.id == wanted:
                return item
            found = walk(item.children, wanted)
            if found is not None:
                return found
        return None

    rng = random.Random(14)

    def tree(depth: int) -> list:
        return [SimpleNamespace(id=rng.choice(["a", "b", "c", "d", None]), children=tree(depth + 1) if depth < 3 and rng.random() < 0.4 else []) for _ in range(rng.randint(0, 4))]

    for _ in range(2000):
        toc = tree(0)
        index = host.TocIndex(walk)
        for wanted in ["a", "b", "c", "d", "e", None]:
            assert index(toc, wanted) is walk(toc, wanted)


def test_search_sections_are_the_same_with_headings_inside_elements() -> None:
    """Material's search parser walked back over every closed section each time an element
    holding a heading closed: 16,000 headings in `<div>`s took 26.7 s of CPU to build, 6.3 s
    now. The sections it finds must be the same."""
    from material.plugins.search import plugin as material_search

    from clausewise.mkdocs import host

    original = material_search.Parser
    assert host.linear_section_walk()
    patched = material_search.Parser
    while getattr(original, "_clausewise_open_sections", False):
        original = original.__mro__[1]
    rng = random.Random(14)

    def html(depth: int, budget: list[int]) -> str:
        out = []
        for _ in range(rng.randint(0, 4)):
            budget[0] += 1
            if budget[0] > 60:
                break
            roll = rng.random()
            if roll < 0.3:
                h = rng.choice(["h1", "h2", "h3"])
                ident = f' id="x{rng.randint(0, 5)}"' if rng.random() < 0.8 else ""
                out.append(f"<{h}{ident}>t{rng.randint(0, 9)}</{h}>")
            elif roll < 0.6 and depth < 6:
                tag = rng.choice(["div", "section", "p", "ul", "li", "span"])
                out.append(f"<{tag}>{html(depth + 1, budget)}</{tag}>")
            else:
                out.append(rng.choice(["text", "<br>", "more", "<code>c</code>"]))
        return "".join(out)

    def sections(cls: type, text: str) -> object:
        parser = cls()
        try:
            parser.feed(text)
            parser.close()
        except ValueError as exc:  # Material's own parser fails on some nestings; so must ours
            return ("ValueError", str(exc))
        return [(s.el.tag, s.id, s.depth, "".join(s.title), "".join(s.text)) for s in parser.data]

    for _ in range(3000):
        text = html(0, [0])
        assert sections(patched, text) == sections(original, text), text


def test_version_pages_grow_with_versions_plus_clauses_not_their_product(tmp_path: Path) -> None:
    """Each version's page listed the whole policy as it stood then, and rebuilt it by
    undoing changes one list copy at a time: 1,000 clauses and 400 versions made 33 MB of
    Markdown in 4.4 s, 800 versions 65 MB in 19.7 s. The whole policy is now shown for the
    newest versions only, from one walk back through the changes."""
    from clausewise.governance.versions import newest_states, state_at
    from clausewise.site.govpages import WHOLE_POLICY_VERSIONS

    def project(clauses: int, versions: int) -> object:
        root = copy_fixture("basic", tmp_path / f"v{clauses}-{versions}")
        policy = root / "docs/policy/index.md"
        policy.write_text(policy.read_text() + "\n## Bulk\n\n" + "".join(f'<!-- clause id="bulk.c{i}" title="Clause {i}" -->\nMembers must do thing {i}.\n<!-- /clause -->\n\n' for i in range(clauses)))
        entries = [f"  - version: '{i}'\n    date: '2020-01-01'\n    changes:\n      - {{rfc: 1, op: amend, clause: membership.alias, before: 'v{i}', text: 'w{i}'}}" for i in range(versions)]
        (root / "policy-versions.yml").write_text("versions:\n" + "\n".join(entries) + "\n")
        loaded = load_project(root, history=False)
        assert not loaded.errors, loaded.diagnostics
        return loaded

    sizes = {}
    for versions in (100, 400):
        loaded = project(200, versions)
        started = time.process_time()
        pages = [p for p in loaded.pages() if p.path.startswith("changelog/")]  # type: ignore[attr-defined]
        sizes[versions] = (time.process_time() - started, sum(len(p.markdown) for p in pages))
        shown = [p for p in pages if "Clause 7" in p.markdown and p.path != "changelog/index.md"]
        assert len(shown) == WHOLE_POLICY_VERSIONS
    assert sizes[400][1] < 4.6 * sizes[100][1], sizes  # four times the versions: at most four times the Markdown
    # One walk gives what undoing from today gives, version by version.
    states = newest_states(loaded.corpus, 400)  # type: ignore[attr-defined]
    for version in ("399", "250", "0"):
        assert states[version] == state_at(loaded.corpus, version)  # type: ignore[attr-defined]


def test_raw_html_tags_near_their_end_are_matched_by_the_pattern_with_the_same_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag whose `>` is within `host.WINDOW` characters is matched by the original pattern
    up to that `>` (unless a quoted value may run past it); the rest go to the memo. With
    small windows both paths and the boundary between them are taken on every text."""
    import re as re_module

    from markdown import htmlparser

    from clausewise.markdown import host

    module = htmlparser.htmlparser
    assert host.linear_html() == {"start tags": True, "end tags": True}
    starttag, endtag = module.locatestarttagend_tolerant, module.endendtag
    original_start = re_module.compile(host.MARKDOWN_STARTTAG, re_module.VERBOSE)
    original_end = re_module.compile(">")
    rng = random.Random(18)
    alphabet = list("<<aab'\"== /\t\n>`\x00,x\u00a0\u2028\x0b\x1c\x85\u3000")
    for window in (1, 2, 3, 5, 8, 13, 40):
        monkeypatch.setattr(host, "WINDOW", window)
        # Quoted values that run past the first `>`, after `=` and spaces of every kind.
        known = ["<a b= 'x>y'", '<a b=\t"x>y" c>', "<a b =\u3000'x>'", "<a b='1' c= 'x>y'>", '<a b="1" c=\x85"x>y">', "<a b=='x>'"]
        randoms = ("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(1500))
        for text in [*known, *randoms]:
            positions = list(range(len(text)))
            if rng.random() < 0.5:
                rng.shuffle(positions)
            for pos in positions:
                want, got = original_start.match(text, pos), starttag.match(text, pos)
                assert (want and want.end()) == (got and got.end()), (window, text, pos)
                want, got = original_end.search(text, pos), endtag.search(text, pos)
                assert (want and want.span()) == (got and got.span()), (window, text, pos)


# -- each stage, worst input we know, as a growth ratio -------------------------------------
# CPU time at four times the size over CPU time at the size: about 4 for a linear stage, 16
# for a quadratic one. The bound asserted is 8, far from both, so a loaded machine does not
# make it flaky; each stage runs its larger size in about a second at most.


def _growth(run: object, make: object, small: int, factor: int = 4) -> float:
    def best(n: int) -> float:
        data = make(n)  # type: ignore[operator]
        fastest = float("inf")
        for _ in range(3):
            # The garbage collector's passes grow with every object alive, the test run's
            # included: timed without them, the work itself is what is compared.
            gc.collect()
            gc.disable()
            try:
                started = time.process_time()
                run(data)  # type: ignore[operator]
                fastest = min(fastest, time.process_time() - started)
            finally:
                gc.enable()
        return fastest

    return best(small * factor) / max(best(small), 0.01)


def test_stage_yaml_front_matter_grows_linearly() -> None:
    from clausewise.load import yamlsafe

    def keys(n: int) -> str:  # every value an alias use: each counted against the limit
        return "base: &b word\n" + "".join(f"k{i}: *b\n" for i in range(n))

    def flow(n: int) -> str:  # flow nesting near the 50 levels: the bounded parser's path
        return "".join(f"k{i}: {'[' * 20}1{']' * 20}\n" for i in range(n))

    assert _growth(yamlsafe.load, keys, 1000) < 8
    assert _growth(yamlsafe.load, flow, 100) < 8


def test_stage_schema_grows_linearly() -> None:
    from clausewise.load.documents import parse_document

    def rfc(n: int) -> str:
        changes = "".join(f"  - op: amend\n    clause: embargo.c{i}\n    text: Text {i}.\n" for i in range(n))
        return f"---\nrfc: 3\ntitle: Many changes\nstatus: draft\nauthors: [Alice Example]\ncreated: 2024-03-10\ndiscussion: https://example.org/x\nchanges:\n{changes}---\nBody.\n"

    assert _growth(lambda text: parse_document(text, "rfcs/0003-many.md", "rfc"), rfc, 150) < 8


@pytest.mark.parametrize("payload", ["<a ", "</a ", "<a", "<a b='", "[x ", "[", "[a](", "![a](", "[a](x ", "<div markdown>\n\n### h\n\n</div>\n\n", "## h\n\n"])
def test_stage_markdown_render_grows_linearly(payload: str) -> None:
    assert _growth(lambda text: _render(text), lambda n: payload * n, 16_000 // len(payload) + 500) < 8


def test_stage_sanitize_grows_linearly() -> None:
    from clausewise.site.sanitize import sanitize

    unit = '<a href="https://e.org/" title="t" onclick="x()">x</a><div id="__config"><span class="c">y</span></div><script>z</script>'
    assert _growth(sanitize, lambda n: unit * n, 1000) < 8


def test_stage_graph_svg_layout_grows_linearly() -> None:
    def ring(n: int) -> str:
        return "flowchart LR\n" + "".join(f"  a{i} --> a{(i + 1) % n}\n  a{i} --> a{i}\n" for i in range(n))

    assert _growth(graphsvg.render_svg, ring, 1000) < 8


def test_stage_redline_grows_linearly() -> None:
    from clausewise.site.text import redline

    def pair(n: int) -> tuple[str, str]:  # every other word changed: the most edits a diff can have
        return " ".join(f"w{i % 7}" for i in range(n)), " ".join(f"w{i % 7}" if i % 2 else f"v{i % 5}" for i in range(n))

    assert _growth(lambda p: redline(*p), pair, 500) < 8


def test_stage_graph_feeds_and_export_grow_linearly(tmp_path: Path) -> None:
    """Many RFCs, each referring to every clause and to the RFCs before it: the graph's
    inverse links, the feeds and the JSON export."""
    from clausewise.site import export, feeds

    def project(n: int) -> object:
        root = copy_fixture("basic", tmp_path / f"g{n}")
        for k in range(100, 100 + n):
            refs = " ".join(f"[[RFC {j}]]" for j in range(max(100, k - 5), k))
            (root / f"rfcs/{k:04d}-d.md").write_text(RFC.format(n=k) + f"\nSee [[embargo.tell-users]] and [[membership.alias]]. {refs}\n", encoding="utf-8")
        return load_project(root, history=False)

    small, large = project(40), project(160)
    for run in (lambda p: load_project(Path(p.config.root), history=False), lambda p: feeds.feeds(p.graph, None), lambda p: export.build(p.graph)):  # type: ignore[attr-defined]
        def best(p: object) -> float:
            fastest = float("inf")
            for _ in range(2):
                started = time.process_time()
                run(p)
                fastest = min(fastest, time.process_time() - started)
            return fastest

        assert best(large) / max(best(small), 0.01) < 8


def test_link_destinations_are_the_same_under_the_scan_budget() -> None:
    """A paragraph of 12,500 `[a](` took over 100 s (each `(` scanned to the paragraph's end
    in Python); with the budget, 0.5 s. Texts whose links close render exactly as before."""
    import markdown

    from clausewise.markdown import host

    rng = random.Random(14)
    pieces = ["[a](", "![b](", ")", "(", "x", " ", '"t"', "'u'", "<", ">", "]", "[", "https://e.org/"]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        plain = markdown.Markdown()
        budget = markdown.Markdown()
        host.linear_brackets(budget)
        assert budget.convert(text) == plain.convert(text), text


# -- the git history pass ------------------------------------------------------------------


def _history_repo(dest: Path, n: int, shape: str) -> Path:
    """A repository of `n` commits of one shape, written by one `git fast-import`."""
    import subprocess

    dest.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=dest, check=True)
    stream: list[bytes] = []

    def data(text: str) -> bytes:
        raw = text.encode()
        return f"data {len(raw)}\n".encode() + raw + b"\n"

    def commit(i: int, author: str, subject: str, files: list[tuple[str, str]], renames: tuple[tuple[str, str], ...] = ()) -> None:
        stream.append(f"commit refs/heads/main\ncommitter {author} <a@example.org> {1_700_000_000 + i} +0000\n".encode() + data(subject))
        stream.extend(f"R {old} {new}\n".encode() for old, new in renames)
        stream.extend(f"M 100644 inline {path}\n".encode() + data(text) for path, text in files)

    def policy(k: int, edit: int) -> str:
        return "".join(f'<!-- clause id="c.a{j}" title="A{j}" -->\nText {j}{" edited " + str(edit) if j == edit % k else ""}.\n<!-- /clause -->\n\n' for j in range(k))

    clause = '<!-- clause id="c.p{i}" title="P" -->\nT.\n<!-- /clause -->\n'
    rfc = "---\nrfc: {n}\nstatus: {s}\n---\n"
    if shape == "policy-files":  # each commit adds a policy file: the whole policy was compared per commit
        for i in range(n):
            commit(i, "A", f"c{i}", [(f"docs/policy/p{i}.md", clause.format(i=i))])
    elif shape == "authors":  # each commit by another author, on one file
        for i in range(n):
            commit(i, f"Author {i}", f"c{i}", [("docs/a.md", f"v{i}\n")])
    elif shape == "files":  # one commit of n files
        commit(0, "A", "one", [(f"docs/f{i}.md", f"x{i}\n") for i in range(n)])
    elif shape == "renames":  # one file renamed n times
        commit(0, "A", "c0", [("docs/f0.md", "same text\n" * 20)])
        for i in range(1, n):
            commit(i, "A", f"c{i}", [], ((f"docs/f{i - 1}.md", f"docs/f{i}.md"),))
    elif shape == "policy-edits":  # each commit edits one clause of a 100-clause policy
        for i in range(n):
            commit(i, "A", f"Apply RFC {i + 1}", [("docs/policy/index.md", policy(100, i))])
    elif shape == "rfc-status":  # each commit moves an RFC's status
        for i in range(n):
            commit(i, "A", f"c{i}", [(f"rfcs/{i % 50 + 1:04d}-x.md", rfc.format(n=i % 50 + 1, s="draft" if i // 50 % 2 else "discussion"))])
    subprocess.run(["git", "fast-import", "--quiet"], cwd=dest, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=dest, check=True)
    return dest


@pytest.mark.parametrize("shape,small", [("policy-files", 300), ("authors", 500), ("files", 1000), ("renames", 500), ("policy-edits", 60), ("rfc-status", 500)])
def test_stage_git_history_grows_linearly(shape: str, small: int, tmp_path: Path) -> None:
    """Commits each adding a policy file (the whole policy was compared at every commit:
    2,000 took 0.58 s, 300 times 500's 0.05 s... quadratic), each by another author (a list
    searched per commit), many files in one commit, a chain of renames, many policy edits,
    many status changes: the history pass in Python grows with the commits read."""
    from clausewise.load.history import load_history

    repos = {n: _history_repo(tmp_path / f"{shape}-{n}", n, shape) for n in (small, small * 4)}
    assert _growth(lambda root: load_history(root, "docs/policy", "rfcs"), lambda n: repos[n], small) < 8
    history = load_history(repos[small * 4], "docs/policy", "rfcs")
    assert history.available and not history.notices
    if shape == "policy-files":
        assert len(history.clauses) == small * 4 and all(len(evs) == 1 and evs[0].kind == "added" for evs in history.clauses.values())
    if shape == "authors":
        assert history.files["a.md" if "a.md" in history.files else "docs/a.md"].authors == [f"Author {i}" for i in range(small * 4)]
    if shape == "renames":
        assert list(history.files) == [f"docs/f{small * 4 - 1}.md"]


def test_commit_subjects_and_authors_are_cut_where_history_reads_them(tmp_path: Path) -> None:
    """A commit's subject and author are repeated for every clause and file it touched (page,
    feed entry, export entry): a 100 KB subject on a commit touching 100 clauses made 10 MB
    of feeds. They are kept to 200 characters when the log is read."""
    import subprocess

    from clausewise.load.history import MAX_COMMIT_TEXT, load_history

    root = _history_repo(tmp_path / "r", 3, "policy-edits")
    (root / "docs/policy/index.md").write_text("".join(f'<!-- clause id="c.a{j}" title="A{j}" -->\nNew {j}.\n<!-- /clause -->\n\n' for j in range(100)))
    env = {"GIT_AUTHOR_NAME": "N" * 100_000, "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "commit", "-qam", "RFC 7 " + "[" * 100_000], cwd=root, check=True, env=env)
    history = load_history(root, "docs/policy", "rfcs")
    newest = history.clause_last("c.a5")
    assert newest is not None and newest.commit.sha == history.head.sha  # type: ignore[union-attr]
    assert len(newest.commit.subject) == MAX_COMMIT_TEXT and newest.commit.subject.endswith("…")
    assert len(newest.commit.author) == MAX_COMMIT_TEXT
    assert newest.commit.rfc == 7
    assert all(len(a) <= MAX_COMMIT_TEXT for fh in history.files.values() for a in fh.authors)


def test_commit_subjects_and_authors_reach_no_output_with_control_characters(tmp_path: Path) -> None:
    """A commit message is the pusher's text, not a content file CW114 checks: an escape
    sequence or U+202E in it would reach the clause's history table, the export's `subject`
    and terminals. They become U+FFFD where the log is read."""
    import subprocess

    from clausewise.load.history import load_history

    root = _history_repo(tmp_path / "r", 2, "policy-edits")
    (root / "docs/policy/index.md").write_text('<!-- clause id="c.a0" title="A0" -->\nNew.\n<!-- /clause -->\n')
    env = {"GIT_AUTHOR_NAME": "Eve \u202eevE", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "commit", "-qam", "Apply RFC 2 \x1b]0;owned\x07\x1b[2J"], cwd=root, check=True, env=env)
    newest = load_history(root, "docs/policy", "rfcs").clause_last("c.a0")
    assert newest is not None and newest.commit.rfc == 2
    assert newest.commit.subject == "Apply RFC 2 \ufffd]0;owned\ufffd\ufffd[2J"
    assert newest.commit.author == "Eve \ufffdevE"


def test_a_history_past_the_budget_keeps_its_newest_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git stores a thousand versions of a 2 MiB policy, one line apart, in a few MiB;
    reading them all is 2 GB, in memory at once. The pass reads at most HISTORY_BUDGET
    bytes of file versions, newest first, and says where the histories start (CW112)."""
    from clausewise.load import history as history_module

    root = _history_repo(tmp_path / "r", 120, "policy-edits")
    whole = history_module.load_history(root, "docs/policy", "rfcs")
    assert not whole.notices
    size = (root / "docs/policy/index.md").stat().st_size
    monkeypatch.setattr(history_module, "HISTORY_BUDGET", size * 30 + size // 2)  # 30 versions fit
    cut = history_module.load_history(root, "docs/policy", "rfcs")
    assert [n.code for n in cut.notices] == ["CW112"] and cut.notices[0].level == "warning"
    kept = sorted({ev.commit.sha for evs in cut.clauses.values() for ev in evs})
    newest = sorted({ev.commit.sha for evs in whole.clauses.values() for ev in evs if ev.commit.timestamp >= cut.head.timestamp - 28})  # type: ignore[union-attr]
    assert kept == newest  # the 29 newest edits, the oldest kept version being the base
    assert all(ev.kind == "changed" for evs in cut.clauses.values() for ev in evs)  # nothing "added" at the cut
    assert f"start at commit {whole.head.short}" not in cut.notices[0].message  # type: ignore[union-attr]
    assert cut.clause_texts == whole.clause_texts
    assert cut.files == whole.files
    # a clause whose committed text lies before the cut is not called changed in the tree
    assert cut.cut and not whole.cut and not cut.clause_dirty("c.elsewhere", "any text")


# -- the tally --------------------------------------------------------------------------------


def _governance_project(tmp_path: Path, n: int) -> Path:
    """The governance example with `n` more roster entries, `n` more votes on RFC 1 (strangers,
    one-letter misspellings of members, which ask for a suggestion), and one member with `n`
    one-day terms, voting on each of `n` days."""
    import shutil

    root = tmp_path / f"gov{n}"
    root.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(Path(__file__).parent.parent / "examples/governance", root)
    roster = "".join(f'  - {{name: "Member {i:05d} Example", role: committer, from: "2023-01-01"}}\n' for i in range(n))
    roster += "".join(f'  - {{name: "Many Terms", role: committer, from: "2020-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}", until: "2020-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"}}\n' for i in range(n))
    gov = root / "governance.yml"
    gov.write_text(gov.read_text().replace("roster:\n", "roster:\n" + roster, 1))
    votes = "".join(f'  - {{voter: "Member {i:05d} Exmaple", value: +1, date: "2024-03-05", ref: "https://example.org/m{i}"}}\n' for i in range(0, n, 2))
    votes += "".join(f'  - {{voter: "Stranger {i:05d}", value: -1, date: "2024-03-05", ref: "https://example.org/s{i}", reasons: "No."}}\n' for i in range(0, n, 2))
    votes += "".join(f'  - {{voter: "Many Terms", value: 0, date: "2024-03-{1 + i % 7:02d}", ref: "https://example.org/t{i}"}}\n' for i in range(n))
    record = root / "votes/0001.yml"
    record.write_text(record.read_text().replace("votes:\n", "votes:\n" + votes, 1))
    return root


def test_stage_tally_grows_linearly(tmp_path: Path) -> None:
    """A roster and a vote file growing together: each vote's voter was looked up by walking
    the roster, and each stranger compared with every member for a spelling suggestion
    (1,000 of each: 10 s, 250: 0.3 s). The roster is indexed by name, and suggestions come
    from an index of one-edit neighbours."""
    roots = {n: _governance_project(tmp_path, n) for n in (250, 1000)}
    assert _growth(lambda root: load_project(root, history=False), lambda n: roots[n], 250) < 8
    project = load_project(roots[250], history=False)
    said = [d for d in project.diagnostics if d.path == "votes/0001.yml" and d.code == "CW403"]
    assert sum("but `Member 00000 Example` is" in d.message for d in said) == 1  # misspelt: the suggestion stands
    assert any(d.message.startswith("Stranger 00000 is not on the roster") for d in said)
    assert any(d.message.startswith("Many Terms's roster entry (") for d in said)


def test_a_vote_file_and_roster_at_the_yaml_limit_tally_in_seconds(tmp_path: Path) -> None:
    """The largest vote file the YAML limit allows (20,000 values: 2,000 votes of this
    shape; 2,100 are refused, CW107), with a roster of 2,000 entries."""
    started = time.process_time()
    project = load_project(_governance_project(tmp_path / "in", 1000), history=False)
    assert time.process_time() - started < 30
    assert not any(d.code == "CW107" for d in project.diagnostics)
    over = load_project(_governance_project(tmp_path / "over", 1050), history=False)
    assert [d.path for d in over.diagnostics if d.code == "CW107"] == ["votes/0001.yml"]


def test_the_range_review_reads_at_most_the_budget_of_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --since REF` reads every RFC version of the range: as the history pass, at most
    HISTORY_BUDGET bytes, read as git answers; past it, the oldest steps are judged and the
    rest compared by the range's two ends, as when git stops early."""
    from clausewise.load import revisions

    root = _history_repo(tmp_path / "r", 200, "rfc-status")
    whole = revisions.rfc_steps(root, "HEAD~150", "rfcs")
    assert sum(len(s) for s in whole.values()) == 150
    size = (root / "rfcs/0001-x.md").stat().st_size
    monkeypatch.setattr(revisions, "HISTORY_BUDGET", size * 40)
    cut = revisions.rfc_steps(root, "HEAD~150", "rfcs")
    assert 30 <= sum(len(s) for s in cut.values()) <= 40  # versions differ in size by a word
    assert all(cut[n] == whole[n][: len(cut[n])] for n in cut)


@pytest.mark.parametrize("text,says", [
    ("<div markdown>\n" * 400 + "x\n" + "</div>\n" * 400, "CW109 line 33: `<div markdown>` blocks nest deeper than 32 levels"),
    ("".join("  " * i + "- x\n" for i in range(400)), "CW109 line 66: line is indented 130 columns"),
    ("*a* " * 600_000, "CW110 line 1: paragraph is longer than 65,536 characters"),
])
def test_extension_alone_refuses_what_check_would(text: str, says: str) -> None:
    """`markdown.markdown(text, extensions=["clausewise"])`, with no plugin and no `check`
    before it: 400 nested `<div markdown>` were a RecursionError, a 2.4 MB paragraph of
    emphasis many minutes of CPU. The extension applies check's limits itself, at once."""
    import markdown

    from clausewise.markdown.extension import TooCostly

    started = time.process_time()
    with pytest.raises(TooCostly) as exc:
        markdown.markdown(text, extensions=["clausewise", "md_in_html"])
    assert says in str(exc.value)
    assert time.process_time() - started < 5
    # what is within the limits renders, sanitised, as with the plugin
    html = markdown.markdown("## T {id='x\"><img src=x onerror=alert(1)>'}\n\n<div id=\"__config\">x</div><script>alert(1)</script>[a](javascript:alert(1))", extensions=["clausewise", "attr_list", "toc"])
    assert "onerror" not in html and "<script" not in html and "__config" not in html and "javascript:" not in html
