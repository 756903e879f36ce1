"""Red team of what leaves the machine as text: diagnostics in every format (`text`,
`json`, `github`) given hostile file names and content, and the Atom feeds given hostile
titles. Each channel must stay one record per problem, with nothing that drives a terminal."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import clausewise, copy_fixture, run

NAMES = ["docs/a\n::error file=mkdocs.yml,line=1::forged.md", "docs/b,line=99::c.md", "docs/\x1b]0;owned\x07red.md", "docs/rtl\u202ecod.md", "docs/x%0A::warning::y.md"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture("basic", tmp_path_factory.mktemp("outputs") / "project")
    for name in NAMES:
        (root / name).write_text("# T\n\nSee [[nowhere]].\n", encoding="utf-8")
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-qm", "hostile names"], root, check=True)
    return root


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_hostile_file_names_stay_one_record_each(project: Path, fmt: str) -> None:
    out = clausewise("check", "--format", fmt, str(project)).stdout
    assert not CONTROL.search(out.replace("\n", "")), repr(out)
    if fmt == "github":
        lines = out.splitlines()
        # every line is one annotation; a name cannot start a line of its own, nor add a
        # property (`,` and `:` in properties are %-encoded; `%` too)
        assert all(line.startswith("::error ") or line.startswith("::warning ") or line.startswith("::notice ") for line in lines), lines
        files = [re.match(r"::\w+ file=([^,]*),line=", line).group(1) for line in lines]  # type: ignore[union-attr]
        assert "docs/b%2Cline=99%3A%3Ac.md" in files and "docs/x%250A%3A%3Awarning%3A%3Ay.md" in files
        assert not any("mkdocs.yml" == f for f in files)
        assert sum("forged" in line for line in lines) == 1
    elif fmt == "json":
        records = json.loads(out)
        paths = {r["path"] for r in records}
        assert "docs/b,line=99::c.md" in paths and "docs/a\\n::error file=mkdocs.yml,line=1::forged.md" in paths  # control characters shown as \\n, \\x1b
    else:
        assert "docs/a\\n::error file=mkdocs.yml,line=1::forged.md:1: CW203" in out


def test_feeds_carry_hostile_titles_as_text(tmp_path: Path) -> None:
    """Titles with markup, CDATA ends and entities: the feeds stay well-formed Atom, the
    text is text (no element injected), and xml:base is the configured site's, not content's."""
    from helpers import mkdocs_build

    root = copy_fixture("basic", tmp_path / "project")
    rfc = root / "rfcs/0001-permit-deployment.md"
    evil = "]]></title><entry><title>forged</title></entry><![CDATA[ &amp; &bogus; <script>x</script>"
    rfc.write_text(rfc.read_text().replace("title: Permit deployment with the team's permission", f"title: {json.dumps(evil)}"))
    run(["git", "commit", "-qam", "hostile title <x> & ]]>"], root, check=True)
    build = mkdocs_build(root, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.stderr
    feeds = list((tmp_path / "site/feeds").rglob("*.xml"))
    assert feeds
    atom = "{http://www.w3.org/2005/Atom}"
    seen = False
    for feed in feeds:
        tree = ET.parse(feed)
        for entry in tree.getroot().iter(f"{atom}entry"):
            assert entry.find(f"{atom}entry") is None  # no entry inside an entry
            title = entry.findtext(f"{atom}title") or ""
            seen |= evil in title
        for el in tree.getroot().iter():
            base = el.get("{http://www.w3.org/XML/1998/namespace}base")
            assert base is None or base.startswith("https://example.org") or base.startswith("/"), base
    assert seen


HOSTILE_BODY = """
## Heading {id='x"><img src=x onerror=alert(1)>'}

<div id="__config">{"search": "evil.js"}</div>

<script>alert(2)</script><img src=x onerror=alert(3)> [click](javascript:alert(4))

<svg><script>alert(5)</script></svg>
"""


@pytest.mark.parametrize("renderer", ["zensical", "properdocs"])
def test_the_pages_tree_of_hostile_content_is_safe_under_other_renderers(renderer: str, tmp_path: Path) -> None:
    """`clausewise pages` then Zensical or ProperDocs, without the plugin: the same
    sanitising as under MkDocs, from the extension alone."""
    from helpers import BIN

    root = tmp_path / "site"
    run([str(BIN / "clausewise"), "init", str(root)], tmp_path, check=True)
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text() + HOSTILE_BODY, encoding="utf-8")
    (root / "docs/hostile.md").write_text("# Hostile page\n" + HOSTILE_BODY, encoding="utf-8")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
        run(cmd, root, check=True)
    build = root / "build" / renderer
    done = run([str(BIN / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], root)
    assert done.returncode == 0, done.stderr
    if renderer == "zensical":
        made = run([str(BIN / "zensical"), "build", "--clean", "--config-file", str(build / "mkdocs.yml")], root)
    else:
        made = run([str(BIN / "properdocs"), "build", "-f", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], root)
    assert made.returncode == 0, made.stdout + made.stderr
    pages = [build / "site/rfcs/0001-allow-deployment/index.html", build / "site/hostile/index.html"]
    assert all(p.is_file() for p in pages), sorted(str(p) for p in (build / "site").rglob("*.html"))[:20]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Heading" in html
        for bad in ("onerror", "alert(2)", "alert(5)", "javascript:", 'id="__config">{"search"', '"><img'):
            assert bad not in html, (page, bad)
