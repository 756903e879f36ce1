"""`mkdocs serve --dirty`: each edit re-renders only the pages it touches, and what the
server then holds is, byte for byte, what a full build of the edited project holds.

The project is a copy of the flagship site (governance, FAQ, policy versions, the home
section) in a real git repository, served by a real `mkdocs serve`; its build folder is
found through TMPDIR, where MkDocs makes it."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from helpers import BIN, ROOT, clausewise, run
from test_serve import free_port, get, wait_for

from clausewise.atomic import write_file

CONTENT = ["mkdocs.yml", "docs", "rfcs", "postmortems", "faq", "votes", "governance.yml", "policy-versions.yml"]
# After each rebuild the server says so. Not "Documentation built in N seconds": MkDocs
# logs a message only once, so two rebuilds that take as long would look like one.
BUILT = "Reloading browsers"


def flagship_copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in CONTENT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    run(["git", "init", "-q", "-b", "main"], dest, check=True)
    run(["git", "add", "-A"], dest, check=True)
    run(["git", "commit", "-q", "-m", "flagship copy"], dest, check=True)
    return dest


@contextmanager
def serve(root: Path, port: int, tmp: Path, *, dirty: bool) -> Iterator[tuple[Path, Path]]:
    """A real `mkdocs serve`; yields its log and the folder it builds into."""
    tmp.mkdir(parents=True)
    log = tmp / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)}
    args = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"] + (["--dirty"] if dirty else [])
    with open(log, "w") as out:
        proc = subprocess.Popen(args, cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for("the first build", lambda: "Serving on" in log.read_text() or proc.poll() is not None, limit=180)
        assert proc.poll() is None, "mkdocs serve stopped:\n" + log.read_text()[-3000:]
        (site,) = tmp.glob("mkdocs_*")
        yield log, site
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def save(path: Path, text: str) -> None:
    """Save as an editor that writes a temporary file and renames it does: the server's
    poll never sees a half-written file, so each edit makes exactly one rebuild."""
    write_file(path, text)


def settle(log: Path, before: int, served: Callable[[], bool] = lambda: True) -> str:
    """Wait for a rebuild after `before` finished ones and for `served` (requests wait while
    the server builds, so this is the edit's build done), then for the server to go quiet."""
    try:
        wait_for("a rebuild", lambda: log.read_text().count(BUILT) > before, limit=180)
        wait_for("the edit to be served", served, limit=180)
    except AssertionError as exc:
        raise AssertionError(f"{exc}; the server said:\n" + log.read_text()[-3000:]) from None
    size = -1
    while size != len(log.read_text()):
        size = len(log.read_text())
        time.sleep(1.5)
    return log.read_text()


def snapshot(site: Path, port: int) -> dict[str, bytes]:
    """Every file the server holds, with its address (in sitemaps, feeds and canonical
    links) made neutral, so two servers on two ports can be compared."""
    def read(p: Path) -> bytes:
        data = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        return data.replace(f"127.0.0.1:{port}".encode(), b"127.0.0.1:PORT")

    return {p.relative_to(site).as_posix(): read(p) for p in sorted(site.rglob("*")) if p.is_file()}


def rebuilt(text: str) -> tuple[int, int]:
    found = re.findall(r"rebuilding (\d+) of (\d+) pages", text)
    return int(found[-1][0]), int(found[-1][1])


def test_dirty_serve_rebuilds_only_what_an_edit_touches_and_matches_a_full_build(tmp_path: Path) -> None:
    root = flagship_copy(tmp_path / "project")
    port = free_port()
    rfc = root / "rfcs/0003-pre-disclosure-list-criteria.md"
    if not rfc.exists():
        rfc = sorted((root / "rfcs").glob("0003-*.md"))[0]
    with serve(root, port, tmp_path / "incremental", dirty=True) as (log, site):
        text = log.read_text()
        n, total = rebuilt(text)
        assert n == total > 50  # the first build renders everything
        assert "A 'dirty' build" not in text  # MkDocs' warning does not apply here
        url = f"http://127.0.0.1:{port}/"

        # 1. An RFC's title: its page, the pages listing or linking it, nothing else.
        before = text.count(BUILT)
        save(rfc, re.sub(r"^title: .*$", "title: A retitled proposal", rfc.read_text(), count=1, flags=re.M))
        text = settle(log, before, lambda: "A retitled proposal" in get(f"{url}rfcs/{rfc.stem}/")[1])
        n, total = rebuilt(text)
        assert 1 < n < total / 3, (n, total)
        assert "A retitled proposal" in get(f"{url}rfcs/")[1]

        # 2. Policy text: the clause's page and the RFCs quoting it change.
        before = text.count(BUILT)
        policy = root / "docs/policy/index.md"
        body = policy.read_text()
        assert "<!-- /clause -->" in body
        save(policy, body.replace("<!-- /clause -->", "An added sentence for the test.\n<!-- /clause -->", 1))
        text = settle(log, before, lambda: "An added sentence for the test." in get(f"{url}policy/")[1])
        assert rebuilt(text)[0] < total

        # 3. An FAQ answer (its folder is watched too).
        before = text.count(BUILT)
        faq = root / "faq/announcing-reboots-to-users.md"
        save(faq, faq.read_text().replace("and made them, and the team replied", "and made them, and the Security Team replied"))
        text = settle(log, before, lambda: "and made them, and the Security Team replied" in get(f"{url}faq/announcing-reboots-to-users/")[1])

        # 4. A new RFC appears, then 5. goes again and leaves nothing behind.
        before = text.count(BUILT)
        made = clausewise("new", "rfc", "--resolves", "xsa-108.sharing-among-members", "--title", "A proposal made in the test", cwd=root)
        assert made.returncode == 0, made.stderr
        new = sorted((root / "rfcs").glob("*-a-proposal-made-in-the-test.md"))
        assert len(new) == 1
        text = settle(log, before, lambda: get(f"{url}rfcs/{new[0].stem}/")[0] == 200)
        assert (site / "rfcs" / new[0].stem / "index.html").is_file()
        before = text.count(BUILT)
        new[0].unlink()
        text = settle(log, before, lambda: get(f"{url}rfcs/{new[0].stem}/")[0] == 404)
        assert not (site / "rfcs" / new[0].stem).exists()
        assert "Traceback" not in text and "ERROR" not in text
        incremental = snapshot(site, port)

    # A fresh port: the first server's may not be free again yet.
    port = free_port()
    with serve(root, port, tmp_path / "full", dirty=False) as (log, site):
        full = snapshot(site, port)

    assert sorted(incremental) == sorted(full)
    differ = [name for name in full if incremental[name] != full[name]]
    assert differ == [], f"{len(differ)} files differ from a full build, e.g. {differ[:5]}"


def test_serve_polls_for_changes_at_the_configured_interval(tmp_path: Path) -> None:
    """The plugin shortens MkDocs' 0.5 s polling on the real server object, for paths
    watched before and after it runs."""
    from mkdocs.livereload import LiveReloadServer

    from clausewise.mkdocs.plugin import ClausewisePlugin

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path / "a"))
        plugin = ClausewisePlugin()
        plugin.load_config({})
        assert plugin.config.poll_interval == 0.2
        plugin.on_serve(server, config=None, builder=None)  # type: ignore[arg-type]
        server.watch(str(tmp_path / "b"))
        assert [e.timeout for e in server.observer.emitters] == [0.2, 0.2]
        assert server.observer.timeout == 0.2
    finally:
        server.server_close()


def test_a_reload_reparses_only_changed_files_and_rereads_git_only_when_head_moves(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """What the plugin keeps between serve rebuilds: parsed front matter by file text, and
    what the history read from the commits while HEAD stays put."""
    from helpers import copy_fixture

    from clausewise.load import history, loader
    from clausewise.project import load_project

    root = copy_fixture("basic", tmp_path / "project")
    cache: dict = {}
    hcache: dict = {}
    parses, logs = [], []
    real_commits = history._from_commits
    _count_parses(monkeypatch, loader, ("rfc", "postmortem", "faq"), parses)
    monkeypatch.setattr(history, "_from_commits", lambda *a: logs.append(1) or real_commits(*a))

    first = load_project(root, history=True, cache=cache, history_cache=hcache)
    assert len(parses) == 3 and logs == [1]  # two RFCs and a post-mortem; one pass over the log
    rfc = root / "rfcs/0001-permit-deployment.md"
    rfc.write_text(rfc.read_text().replace("title: Permit deployment", "title: Permit deployment soon"))
    again = load_project(root, history=True, cache=cache, history_cache=hcache)
    assert parses[3:] == ["rfcs/0001-permit-deployment.md"] and logs == [1]
    assert again.corpus.rfcs[1].title.startswith("Permit deployment soon") and first.corpus.rfcs[1].title != again.corpus.rfcs[1].title
    assert again.history is not None and again.history.file("rfcs/0001-permit-deployment.md").dirty  # status is fresh

    run(["git", "commit", "-qam", "retitle"], root, check=True)
    after = load_project(root, history=True, cache=cache, history_cache=hcache)
    assert logs == [1, 1] and parses[4:] == []
    assert after.history is not None and not after.history.file("rfcs/0001-permit-deployment.md").dirty


def test_a_fingerprint_follows_what_the_page_shows_and_nothing_else(tmp_path: Path) -> None:
    """Core level: a page's fingerprint moves with its text, with the title of what it
    references, with a linked page appearing; not with an unrelated record."""
    from helpers import copy_fixture

    from clausewise.project import load_project
    from clausewise.site.incremental import BuildRecord, page_fingerprint, stale_pages

    root = copy_fixture("basic", tmp_path / "project")
    text = "# A page\n\nSee [[RFC 1]] and [the policy](policy/index.md), and [gone](nowhere.md).\n"
    pages = {"policy/index.md"}

    def fp(project, markdown: str = text, present: set[str] = pages) -> str:  # type: ignore[no-untyped-def]
        return page_fingerprint("notes.md", markdown, project.graph, project.history, present)

    before = load_project(root)
    base = fp(before)
    assert fp(before) == base
    assert fp(before, text + "More.\n") != base
    assert fp(before, present=pages | {"nowhere.md"}) != base  # a linked page appeared

    rfc2 = root / "rfcs/0002-reboot-notices.md"
    rfc2.write_text(rfc2.read_text().replace("title: ", "title: Renamed ", 1))
    assert fp(load_project(root)) == base  # RFC 2 is not on this page

    texted = "# A page\n\nSee [[RFC 1|the first RFC]].\n"
    texted_base = fp(before, texted)
    rfc1 = root / "rfcs/0001-permit-deployment.md"
    rfc1.write_text(rfc1.read_text().replace("title: ", "title: Renamed ", 1))
    assert fp(load_project(root)) != base  # the link to RFC 1 shows its title
    assert fp(load_project(root), texted) == texted_base  # this one shows its own text

    record = BuildRecord(site="s", pages={"a.md": "1", "b.md": "2"})
    assert stale_pages(None, "s", {"a.md": "1"}) == {"a.md"}
    assert stale_pages(record, "other", {"a.md": "1", "b.md": "2"}) == {"a.md", "b.md"}
    assert stale_pages(record, "s", {"a.md": "1", "b.md": "3", "c.md": "4"}) == {"b.md", "c.md"}


def test_a_reload_reparses_only_changed_governance_files(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Vote records, governance.yml and policy-versions.yml are kept by text too."""
    import shutil

    from helpers import ROOT

    from clausewise.load import loader
    from clausewise.project import load_project

    root = tmp_path / "governance"
    shutil.copytree(ROOT / "examples/governance", root)
    parsed: list[str] = []
    _count_parses(monkeypatch, loader, ("governance", "votes", "versions"), parsed)
    cache: dict = {}
    first = load_project(root, cache=cache)
    assert "governance.yml" in parsed and any(p.startswith("votes/") for p in parsed)
    parsed.clear()
    assert repr(load_project(root, cache=cache).corpus.gov.votes) == repr(first.corpus.gov.votes) and parsed == []
    vote = sorted((root / "votes").glob("*.yml"))[0]
    vote.write_text(vote.read_text().replace("rfc:", "# edited\nrfc:", 1))
    again = load_project(root, cache=cache)
    assert parsed == [f"votes/{vote.name}"] and not again.errors
    vote.write_text("rfc: [unclosed\n")
    broken = load_project(root, cache=cache)
    assert any(d.path == f"votes/{vote.name}" for d in broken.errors)  # a parse problem is reported, not kept quiet


def test_the_theme_loader_under_serve_finds_the_same_theme_files(tmp_path: Path) -> None:
    """Under `serve`, theme files are listed without walking Material's hidden icon folder;
    MkDocs copies the same files, and icons still load by name."""
    from helpers import ROOT
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from clausewise.mkdocs.host import ThemeLoader as _ThemeLoader

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plain, pruned = config.theme.get_env(), config.theme.get_env()
    pruned.loader = _ThemeLoader(pruned.loader.searchpath)
    listed = []
    for env in (plain, pruned):
        files = Files([])
        files.add_files_from_theme(env, config)
        listed.append([(f.src_uri, f.abs_src_path) for f in files])
    assert listed[0] == listed[1] and len(listed[0]) > 10
    assert len(pruned.list_templates()) < len(plain.list_templates()) / 10  # the icons were not walked
    assert "<svg" in pruned.get_template(".icons/material/magnify.svg").render()


def _count_parses(monkeypatch: pytest.MonkeyPatch, loader: Any, kinds: tuple[str, ...], seen: list[str]) -> None:
    """Record the path of every file of `kinds` the loader parses (not taken from a cache)."""
    from dataclasses import replace

    for name in kinds:
        kind = loader.KINDS[name]

        def parse(text: str, rel: str, k: str, real: Any = kind.parse) -> Any:
            seen.append(rel)
            return real(text, rel, k)

        monkeypatch.setitem(loader.KINDS, name, replace(kind, parse=parse))
