"""The same site under the renderers clausewise supports: MkDocs, ProperDocs (a
maintained fork of MkDocs 1.x that runs MkDocs plugins) and Zensical (which runs no MkDocs
plugin: it builds the tree `clausewise pages` writes)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from helpers import BIN, mkdocs_build, run
from linkcheck import broken_links
from test_incremental import flagship_copy

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(renderer: str, root: Path, out: Path, strict: bool = True) -> tuple[int, str]:
    done = run([str(BIN / renderer), "build", "--site-dir", str(out)] + (["--strict"] if strict else []), root)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def flagship_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return flagship_copy(tmp_path_factory.mktemp("renderers") / "project")


def test_properdocs_builds_the_flagship_as_mkdocs_does(flagship_project: Path, tmp_path: Path) -> None:
    assert mkdocs_build(flagship_project, tmp_path / "mkdocs").returncode == 0
    code, log = _build("properdocs", flagship_project, tmp_path / "properdocs")
    assert code == 0, log
    mk = {p.relative_to(tmp_path / "mkdocs"): p for p in (tmp_path / "mkdocs").rglob("*") if p.is_file()}
    pd = {p.relative_to(tmp_path / "properdocs"): p for p in (tmp_path / "properdocs").rglob("*") if p.is_file()}
    assert sorted(mk) == sorted(pd) and len(mk) > 150
    # Byte for byte, but for the generator's name in each page's head.
    different = [str(rel) for rel in mk if GENERATOR.sub(b"", mk[rel].read_bytes()) != GENERATOR.sub(b"", pd[rel].read_bytes())]
    assert different == []


@pytest.mark.parametrize("renderer", ["mkdocs", "properdocs"])
def test_a_strict_build_with_a_warning_keeps_the_previous_site(renderer: str, tmp_path: Path) -> None:
    """ProperDocs counts warnings on its own logger; a doomed strict build must not
    replace the good site under either renderer."""
    root = flagship_copy(tmp_path / "project")
    (root / "docs" / "broken.md").write_text("# Broken\n\nSee [a page that is not there](nowhere.md).\n", encoding="utf-8")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site\n")
    code, log = _build(renderer, root, site)
    assert code == 1 and "nowhere.md" in log, log
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site\n"


# -- Zensical: no MkDocs plugins, so through `clausewise pages` ------------------------------
def _pages_set(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)) if found else ""


def _zensical(root: Path, tmp: Path) -> tuple[int, str, Path]:
    """`make site RENDERER=zensical`'s two steps: the docs tree and its configuration, then
    a strict Zensical build of it."""
    build = root / "build" / "zensical"
    done = run([str(BIN / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], root)
    if done.returncode != 0:
        return done.returncode, done.stdout + done.stderr, build / "site"
    zen = run([str(BIN / "zensical"), "build", "--clean", "--strict", "--config-file", str(build / "mkdocs.yml")], root)
    return zen.returncode, done.stderr + zen.stdout + zen.stderr, build / "site"


def _init_site(tmp: Path) -> Path:
    root = tmp / "init"
    run([str(BIN / "clausewise"), "init", str(root)], tmp, check=True)
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    run(["git", "add", "-A"], root, check=True)
    run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-q", "-m", "init"], root, check=True)
    return root


@pytest.mark.parametrize("which", ["flagship", "init"])
def test_one_site_under_three_renderers(which: str, flagship_project: Path, tmp_path: Path) -> None:
    """The same pages and no broken link (anchors included) under MkDocs, ProperDocs and
    Zensical; under Zensical every reference resolved, none printed as written."""
    root = flagship_project if which == "flagship" else _init_site(tmp_path)
    sites = {}
    for renderer in ("mkdocs", "properdocs"):
        code, log = _build(renderer, root, tmp_path / renderer)
        assert code == 0, log
        sites[renderer] = tmp_path / renderer
    code, log, sites["zensical"] = _zensical(root, tmp_path)
    assert code == 0, log
    pages = {name: _pages_set(site) for name, site in sites.items()}
    assert pages["zensical"] == pages["mkdocs"] == pages["properdocs"]
    assert len(pages["mkdocs"]) > (100 if which == "flagship" else 20)
    for name, site in sites.items():
        assert broken_links(site) == [], name
    # The same titles, read as a browser reads them (a heading's `(`, `&` and permalink sign
    # once came out of Zensical as `40`, `amp` and `amppara;`).
    titles = {name: {rel: _title(site / rel) for rel in pages["mkdocs"] - {"404.html"}} for name, site in sites.items()}
    assert titles["zensical"] == titles["mkdocs"] == titles["properdocs"]
    zen = sites["zensical"]
    texts = {p: p.read_text(encoding="utf-8") for p in zen.rglob("*.html")}
    assert [str(p) for p, t in texts.items() if "cw-broken" in t] == []
    refs = {rel: len(re.findall(r'class="cw-ref ', (sites["mkdocs"] / rel).read_text(encoding="utf-8"))) for rel in pages["mkdocs"]}
    assert {rel: len(re.findall(r'class="cw-ref ', (zen / rel).read_text(encoding="utf-8"))) for rel in pages["mkdocs"]} == refs
    assert sum(refs.values()) > (300 if which == "flagship" else 10)
    # What the plugin adds besides pages: assets, schemas, the home section, absolute feeds.
    for rel in ("assets/clausewise/clausewise.css", "assets/clausewise/clausewise.js", "schemas/rfc.schema.json", "feeds/rfcs.xml"):
        assert (zen / rel).is_file(), rel
    assert "clausewise.css" in (zen / "index.html").read_text(encoding="utf-8")
    if which == "flagship":
        assert 'href="https://clausewise.example.org/' in (zen / "feeds/rfcs.xml").read_text(encoding="utf-8")
        assert "clausewise:home" not in texts[zen / "index.html"] and 'id="whats-new"' in texts[zen / "index.html"]


def test_zensical_without_the_pages_tree_is_named_not_ignored(flagship_project: Path, tmp_path: Path) -> None:
    """Zensical drops MkDocs plugins without a word; the extension, listed in mkdocs.yml,
    notices it runs without the plugin and without a tree, and stops the build naming the
    renderer and the way out."""
    root = tmp_path / "asis"
    shutil.copytree(flagship_project, root)
    done = run([str(BIN / "zensical"), "build", "--clean", "--strict"], root)
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "CW705 Zensical is rendering this site without the clausewise plugin" in out and "clausewise pages --out" in out


def test_front_matter_and_headings_are_escaped_under_zensical(tmp_path: Path) -> None:
    """The plugin escapes `title:` and pins a heading's title under MkDocs; under Zensical
    the extension does, from the page's front matter the renderer hands it."""
    root = _init_site(tmp_path)
    (root / "docs" / "hostile.md").write_text(
        '---\ntitle: "</title><script>alert(1)</script>"\ndescription: "<script>alert(2)</script>"\n---\n\n# Hostile\n\ntext\n', encoding="utf-8")
    (root / "docs" / "heading.md").write_text("# A &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;\n\ntext\n", encoding="utf-8")
    run(["git", "add", "-A"], root, check=True)
    code, log, site = _zensical(root, tmp_path)
    assert code == 0, log
    for rel in ("hostile/index.html", "heading/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "<script>alert" not in html, rel
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in (site / "hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(3)" in (site / "heading/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("renderer", ["mkdocs", "properdocs"])
def test_the_pages_tree_is_renderer_independent(renderer: str, tmp_path: Path) -> None:
    """The tree and configuration `clausewise pages` writes build under MkDocs and ProperDocs
    too, without the plugin: the extension learns each page from their link rewriter."""
    root = _init_site(tmp_path)
    code, log = _build(renderer, root, tmp_path / "plugin")
    assert code == 0, log
    build = root / "build" / "tree"
    done = run([str(BIN / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml")], root)
    assert done.returncode == 0, done.stderr
    tree = run([str(BIN / renderer), "build", "--strict", "-f", str(build / "mkdocs.yml"), "--site-dir", str(tmp_path / "tree")], root)
    assert tree.returncode == 0, tree.stderr
    assert _pages_set(tmp_path / "tree") == _pages_set(tmp_path / "plugin")
    assert broken_links(tmp_path / "tree") == []


def test_mkdocs_without_the_plugin_is_named_too(tmp_path: Path) -> None:
    root = _init_site(tmp_path)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = text.index("  - clausewise:\n"), text.index("markdown_extensions:")
    (root / "mkdocs.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    done = run([str(BIN / "mkdocs"), "build", "--site-dir", str(tmp_path / "site")], root)
    assert done.returncode != 0
    assert "CW705 MkDocs is rendering this site without the clausewise plugin" in done.stdout + done.stderr
    assert "add `- clausewise` under `plugins:`" in done.stdout + done.stderr


def test_zensical_without_directory_urls(tmp_path: Path) -> None:
    """`use_directory_urls: false` (Material's offline convention): every link names its file."""
    root = _init_site(tmp_path)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("use_directory_urls: false\n")
    code, log, site = _zensical(root, tmp_path)
    assert code == 0, log
    assert (site / "rfcs/0001-allow-deployment.html").is_file()
    assert broken_links(site, directory_urls=False) == []


_FRAME = re.compile(r'<link rel="alternate" type="application/atom\+xml"[^>]*>|<a href="[^"]*" title="Edit this page"')


@pytest.mark.parametrize("which", ["flagship", "init"])
def test_zensical_frames_every_page_as_the_plugin_does(which: str, flagship_project: Path, tmp_path: Path) -> None:
    """Feed autodiscovery links and "edit this page" links (generated pages edit the file they
    are made from, listings have none, policy pages open the proposing guide) are the same,
    page by page, under Zensical as under MkDocs with the plugin; a site's own `custom_dir`
    (its `main.html` blocks included) still applies."""
    if which == "flagship":
        root = tmp_path / "flagship"
        shutil.copytree(flagship_project, root)
    else:
        root = _init_site(tmp_path)
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(text.replace("    - navigation.sections\n", "    - navigation.sections\n    - content.action.edit\n", 1), encoding="utf-8")
        (root / "docs" / "contributing.md").write_text("# Proposing a change\n\nWrite an RFC.\n", encoding="utf-8")
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        (root / "mkdocs.yml").write_text(text.replace("  - Roster: roster.md\n", "  - Roster: roster.md\n  - Contributing: contributing.md\n"), encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "content.action.edit" in text
    text = text.replace("theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n", 1)
    (root / "mkdocs.yml").write_text(text + "repo_url: https://github.com/example/policy\nedit_uri: edit/main/docs/\n", encoding="utf-8")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}<meta name="site-override" content="kept">{% endblock %}\n', encoding="utf-8")
    code, log = _build("mkdocs", root, tmp_path / "mkdocs")
    assert code == 0, log
    code, log, zen = _zensical(root, tmp_path)
    assert code == 0, log
    mk = tmp_path / "mkdocs"
    pages = sorted(_pages_set(mk) - {"404.html"})  # MkDocs frames no 404 page (it is not a page)

    def frame(site: Path, rel: str) -> list[str]:  # `./feeds/x` (Zensical's home page) is `feeds/x`
        return [f.replace('href="./', 'href="') for f in _FRAME.findall((site / rel).read_text(encoding="utf-8"))]

    frames = {rel: frame(mk, rel) for rel in pages}
    assert {rel: frame(zen, rel) for rel in pages} == frames
    assert all(f[:2] == ['<link rel="alternate" type="application/atom+xml" title="New RFCs" href="' + "../" * rel.count("/") + 'feeds/rfcs.xml">',
                         '<link rel="alternate" type="application/atom+xml" title="RFC status changes" href="' + "../" * rel.count("/") + 'feeds/rfc-status.xml">']
               for rel, f in frames.items() if rel != "index.html" and "permanent link" not in (mk / rel).read_text(encoding="utf-8")), frames
    repo = "https://github.com/example/policy/edit/main/"
    rfc = next(p for p in pages if p.startswith("rfcs/0001-"))
    assert frames[rfc][-1] == f'<a href="{repo}rfcs/{rfc.split("/")[1]}.md" title="Edit this page"'
    assert frames["policy/index.html"][-1] == '<a href="../contributing/" title="Edit this page"'
    assert not any("Edit this page" in f for f in frames["rfcs/index.html"])
    assert sum("Edit this page" in f for fs in frames.values() for f in fs) > (30 if which == "flagship" else 5)
    assert sum("Changes to clause" in f for fs in frames.values() for f in fs) > (10 if which == "flagship" else 2)
    for site in (mk, zen):
        assert '<meta name="site-override" content="kept">' in (site / "index.html").read_text(encoding="utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - the local server the test started
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def _wait_for(check: object, seconds: float = 60) -> bool:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.3)
    return False


def test_zensical_serve_follows_edits_through_pages_watch(tmp_path: Path) -> None:
    """`make serve RENDERER=zensical`'s two processes: `clausewise pages --watch` keeps the
    tree in step with the content, writing only the files that changed, and `zensical serve`
    shows the edit; a content error keeps the last good tree served."""
    import subprocess
    import time

    root = _init_site(tmp_path)
    build = root / "build" / "zensical"
    port = _free_port()
    watch = subprocess.Popen([str(BIN / "clausewise"), "pages", "--watch", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"),
                              "--site-dir", str(build / "site")], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    serve = None
    try:
        assert _wait_for(lambda: (build / "mkdocs.yml").is_file() and (build / "docs" / "rfcs" / "index.md").is_file())
        serve = subprocess.Popen([str(BIN / "zensical"), "serve", "-f", str(build / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                 cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/rfcs/0001-allow-deployment/"
        assert _wait_for(lambda: "Allow deployment" in _get(url)), "zensical serve never answered"
        tree = build / "docs"
        before = {p: p.stat().st_mtime_ns for p in tree.rglob("*") if p.is_file()}
        time.sleep(0.05)
        rfc = root / "rfcs" / "0001-allow-deployment.md"
        text = rfc.read_text(encoding="utf-8")
        rfc.write_text(text.replace("title: ", "title: Watched edit ", 1), encoding="utf-8")
        assert _wait_for(lambda: "Watched edit " in _get(url)), "the edit never reached the served page"
        assert "Watched edit " in _get(f"http://127.0.0.1:{port}/rfcs/")  # the listing too
        after = {p: p.stat().st_mtime_ns for p in tree.rglob("*") if p.is_file()}
        rewritten = sorted(p.relative_to(tree).as_posix() for p in after if before.get(p) != after[p])
        assert "rfcs/0001-allow-deployment.md" in rewritten and "schemas/rfc.schema.json" not in rewritten
        assert 0 < len(rewritten) < len(after) / 2, rewritten
        # A clause retitled in the policy: a page that only references it ([[id]] shows the
        # clause's title, rendered by the extension inside zensical serve) shows the new one.
        ambiguity = f"http://127.0.0.1:{port}/ambiguities/incident-1.deployment/"
        assert "Deploying fixes during an embargo" in _get(ambiguity)
        policy = root / "docs" / "policy" / "index.md"
        policy.write_text(policy.read_text(encoding="utf-8").replace('title="Deploying fixes during an embargo"', 'title="Deploying fixes, retitled"'), encoding="utf-8")
        assert _wait_for(lambda: "Deploying fixes, retitled" in _get(ambiguity)), "the served page kept the clause's old title"
        # A content error: said, and the last good tree stays.
        rfc.write_text(text.replace("rfc: 1", "rfc: one", 1), encoding="utf-8")
        time.sleep(3)
        assert "Watched edit " in (tree / "rfcs" / "0001-allow-deployment.md").read_text(encoding="utf-8")
        assert "Watched edit " in _get(url)
    finally:
        for proc in (serve, watch):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
    log = watch.stdout.read() if watch.stdout else ""
    assert "the last good tree stays served" in log and "CW" in log and "Traceback" not in log, log
