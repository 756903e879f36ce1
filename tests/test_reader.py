"""The reader's site: feeds, JSON export, register, graphs, banners and permalinks, in
sites built for real."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
import pytest
from helpers import copy_fixture, mkdocs_build

from clausewise.site import graphsvg

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_are_valid_atom(basic_site: Path) -> None:
    # Every XML file under feeds/ but the empty sitemaps Material asks for beside feed links.
    feeds = sorted(p for p in (basic_site / "feeds").rglob("*.xml") if p.name != "sitemap.xml")
    assert {p.relative_to(basic_site).as_posix() for p in (basic_site / "feeds").rglob("sitemap.xml")} == {"feeds/sitemap.xml", "feeds/clauses/sitemap.xml"}
    names = {f.relative_to(basic_site).as_posix() for f in feeds}
    assert {"feeds/rfcs.xml", "feeds/rfc-status.xml", "feeds/clauses/embargo.no-deploy.xml"} <= names
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        # the elements Atom 1.0 requires (RFC 4287 4.1.1, 4.1.2)
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, (path, required)
        for entry in root.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated", "link"):
                assert entry.find(f"{ATOM}{required}") is not None, (path, required)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry.findtext(f"{ATOM}updated") or "")
    rfcs = feedparser.parse((basic_site / "feeds/rfcs.xml").read_bytes())
    assert [e.title for e in rfcs.entries] == ["RFC 2: Allow reboot notices", "RFC 1: Permit deployment with the team's permission"]
    assert rfcs.entries[0].updated == "2024-03-11T00:00:00Z"  # the RFC's own date, not the clock
    status = feedparser.parse((basic_site / "feeds/rfc-status.xml").read_bytes())
    assert "RFC 2 accepted: Allow reboot notices" in [e.title for e in status.entries]
    clause = feedparser.parse((basic_site / "feeds/clauses/embargo.no-deploy.xml").read_bytes())
    assert "RFC 1 proposes to change embargo.no-deploy" in [e.title for e in clause.entries]


def test_export_validates_against_its_published_schema(basic_site: Path) -> None:
    data = json.loads((basic_site / "export/clausewise.json").read_text())
    schema = json.loads((basic_site / "export/clausewise.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["schema_version"] == "1.1.0"
    assert {c["id"] for c in data["clauses"]} == {"embargo.no-deploy", "embargo.tell-users", "membership.alias"}
    rfc2 = next(r for r in data["rfcs"] if r["number"] == 2)
    assert rfc2["decision"]["outcome"] == "accepted" and rfc2["permalink"] == "rfc/2/"
    assert {"from": "rfc-1", "kind": "amends", "to": "embargo.no-deploy"} in data["links"]
    assert {"from": "inc-1.announce.ruling", "kind": "answers", "to": "inc-1.announce"} in data["links"]
    assert next(a for a in data["ambiguities"] if a["id"] == "inc-1.deploy")["state"] == "proposed"
    assert data["head"] and len(data["head"]["sha"]) == 40  # built from a commit


def test_register_has_one_section_per_state_and_works_without_js(basic_site: Path) -> None:
    html = (basic_site / "ambiguities/index.html").read_text()
    for state in ("open", "ruled", "proposed", "resolved"):
        assert f'id="state-{state}"' in html and f'data-cw-state="{state}"' in html
    proposed = html[html.index('id="state-proposed"'): html.index('id="state-resolved"')]
    assert "Deploying fixes during the embargo" in proposed
    # without JavaScript the filter links are anchors to the sections
    assert 'href="#state-proposed"' in html and "clausewise.js" in html


def test_home_page_section_is_generated(basic_site: Path) -> None:
    html = (basic_site / "index.html").read_text()
    assert "What&rsquo;s new" in html or "What's new" in html
    assert '<h2 id="open-ambiguities">Open ambiguities (1)' in html and "RFCs in voting (0)" in html
    assert "2024-04-01:" in html and "accepted" in html
    assert "clausewise:home" not in html


def test_graphs_are_inline_svg(basic_site: Path) -> None:
    for page in ("postmortems/inc-1/index.html", "clauses/embargo.no-deploy/index.html"):
        html = (basic_site / page).read_text()
        assert '<div class="cw-graph" data-search-exclude=""><svg xmlns="http://www.w3.org/2000/svg" class="cw-graph-svg"' in html, page  # the graph repeats its pages: not searched
    pm = (basic_site / "postmortems/inc-1/index.html").read_text()
    start = pm.index('<svg xmlns="http://www.w3.org/2000/svg" class="cw-graph-svg"')
    svg = pm[start: pm.index("</svg>", start) + 6]
    ET.fromstring(svg)  # well-formed
    assert "RFC 1 (discussion): Permit deployment" in svg and "proposed: Deploying fixes" in svg


@pytest.mark.parametrize(
    ("source", "layers"),
    [
        ('flowchart LR\n  a["A"]:::open\n  b["B"]:::voting\n  c["C"]:::clause\n  a --> b\n  b --> c\n  a --> c', {"a": 0, "b": 1, "c": 2}),
        ('flowchart LR\n  a["A"]\n  b["B"]\n  a --> b\n  b --> a', None),  # a cycle still terminates
    ],
)
def test_graph_layers(source: str, layers: dict[str, int] | None) -> None:
    nodes, edges = graphsvg.parse(source)
    got = graphsvg._layers(nodes, edges)
    if layers is not None:
        assert got == layers
    ET.fromstring(graphsvg.render_svg(source))


def test_permalinks_redirect_to_the_current_place(basic_site: Path) -> None:
    def target(key: str) -> str:
        html = (basic_site / f"r/{key}/index.html").read_text()
        return re.search(r'rel="canonical" href="([^"]+)"', html).group(1)  # type: ignore[union-attr]

    assert target("embargo.no-deploy") == "../../policy/#embargo.no-deploy"
    assert target("inc-1.announce.ruling") == "../../ambiguities/inc-1.announce/#inc-1.announce.ruling"
    assert target("inc-1.deploy") == "../../ambiguities/inc-1.deploy/"
    assert target("rfc-2") == "../../rfcs/0002-reboot-notices/"
    rfc = (basic_site / "rfc/2/index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../../rfcs/0002-reboot-notices/"' in rfc
    for key in ("embargo.no-deploy", "inc-1.announce.ruling"):
        resolved = (basic_site / "r" / key / target(key).split("#")[0]).resolve()
        assert (resolved / "index.html").exists()


def test_banners_and_aliases(tmp_path: Path) -> None:
    """A superseded RFC says so first; a renamed clause's old id still has a permalink."""
    root = copy_fixture("basic", tmp_path / "project")
    rfc1 = root / "rfcs/0001-permit-deployment.md"
    text = rfc1.read_text()
    rfc1.write_text(text.replace("status: discussion", "status: superseded"))
    (root / "rfcs/0003-permit-deployment-v2.md").write_text(
        text.replace("rfc: 1", "rfc: 3").replace("title: Permit deployment", "title: Permit deployment again").replace("resolves:", "supersedes: [1]\nresolves:")
    )
    policy = root / "docs/policy/index.md"
    policy.write_text(policy.read_text().replace('id="embargo.no-deploy"', 'id="embargo.no-deploy" aliases="embargo.old-no-deploy"'))
    out = root / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    html = (out / "rfcs/0001-permit-deployment/index.html").read_text()
    article = html[html.index("<article"):]
    banner = article[article.index('class="cw-banner cw-banner-warning"'):]
    assert article.index("cw-banner") < article.index("Status")
    assert "This RFC was superseded" in banner and 'href="../0003-permit-deployment-v2/"' in banner[:600]
    alias = (out / "r/embargo.old-no-deploy/index.html").read_text()
    assert 'rel="canonical" href="../../policy/#embargo.no-deploy"' in alias


def test_a_feed_carries_its_newest_entries_only() -> None:
    from clausewise.site.feeds import FEED_LENGTH, Entry, feed_xml

    entries = [Entry(f"urn:x:{i}", f"Entry {i}", f"2024-01-01T00:{i // 60:02d}:{i % 60:02d}Z", f"e/{i}/", "s") for i in range(FEED_LENGTH + 30)]
    feed = feedparser.parse(feed_xml("urn:x", "X", "x.xml", "", entries[::-1], "https://example.org/", "1970-01-01T00:00:00Z").encode())
    assert len(feed.entries) == FEED_LENGTH
    assert [e.id for e in feed.entries[:2]] == [f"urn:x:{FEED_LENGTH + 29}", f"urn:x:{FEED_LENGTH + 28}"]
    assert feed.feed.updated == entries[-1].updated


def test_the_export_file_is_the_export_data_as_compact_json(tmp_path: Path) -> None:
    """The export file splices each RFC's remembered entry into the JSON; it must read as
    json.dumps of the data, for the flagship and for a corpus with votes and history."""
    import sys

    from helpers import ROOT

    from clausewise.project import load_project
    from clausewise.site import export

    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_corpus

    for root in (ROOT, gen_corpus.generate(tmp_path / "corpus", 40)):
        project = load_project(root, history=True)
        for urls in (True, False):
            text = export.assets(project.graph, project.history, urls)[0].content
            assert text == export.script_safe(json.dumps(export.build(project.graph, project.history, urls), ensure_ascii=False, separators=(",", ":"))) + "\n"
            assert json.loads(text)["rfcs"][0]["number"] == min(project.corpus.rfcs)
