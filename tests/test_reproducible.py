"""The same commit builds byte-identical sites from two clones in different folders."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from helpers import BIN, copy_fixture, mkdocs_build, run


def _with_site_url(root: Path) -> Path:
    # Without a site_url, MkDocs writes an empty sitemap; with one, it dates every page.
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "site_url: https://example.org/\n")
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clones_build_byte_identical_sites(tmp_path: Path) -> None:
    origin = _with_site_url(copy_fixture("basic", tmp_path / "origin"))
    run(["git", "commit", "-q", "-am", "site_url", "--date=2024-05-06T07:08:09Z"], origin, check=True, env={**os.environ, "GIT_COMMITTER_DATE": "2024-05-06T07:08:09Z"})
    sites = []
    for where in ("a/clone", "b/somewhere/else/entirely"):
        clone = tmp_path / where
        clone.parent.mkdir(parents=True)
        run(["git", "clone", "-q", str(origin), str(clone)], tmp_path, check=True)
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        result = mkdocs_build(clone, clone / "site", env=env)
        assert result.returncode == 0, result.stderr
        sites.append(_files(clone / "site"))
    a, b = sites
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    # The dates are the commit's, not today's.
    sitemap = gzip.decompress(a["sitemap.xml.gz"]).decode()
    assert "<lastmod>2024-05-06</lastmod>" in sitemap
    assert int.from_bytes(a["sitemap.xml.gz"][4:8], "little") == 1714953600  # midnight UTC of the commit day: MkDocs keeps dates only


def test_an_explicit_source_date_epoch_wins(tmp_path: Path) -> None:
    root = _with_site_url(copy_fixture("basic", tmp_path / "project"))
    result = mkdocs_build(root, root / "site", env={**os.environ, "SOURCE_DATE_EPOCH": "946684800"})
    assert result.returncode == 0, result.stderr
    assert "<lastmod>2000-01-01</lastmod>" in (root / "site/sitemap.xml").read_text()


@pytest.mark.parametrize("history", [True, False])
def test_an_open_vote_is_shown_as_of_the_commit_day_not_the_clock(history: bool, tmp_path: Path) -> None:
    """The project used to be loaded before SOURCE_DATE_EPOCH was set from the commit, so
    an open vote said "as of <today>" and one commit built differently on different days.
    With history, the day comes from the history pass; without, from one `git log`."""
    origin = copy_fixture("governance", tmp_path / "origin")
    if not history:
        mkdocs_yml = origin / "mkdocs.yml"
        mkdocs_yml.write_text(mkdocs_yml.read_text().replace("  - clausewise\n", "  - clausewise:\n      history: false\n", 1))
    gov = origin / "governance.yml"
    gov.write_text("\n".join(line for line in gov.read_text().splitlines() if not line.startswith("as_of:")) + "\n")
    when = "2024-06-10T12:00:00Z"  # RFC 4's vote runs from 2024-06-03 to 2024-06-14
    run(["git", "commit", "-q", "-am", "no pinned day", f"--date={when}"], origin, check=True, env={**os.environ, "GIT_COMMITTER_DATE": when})
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    pages = []
    for where in ("a/clone", "b/elsewhere"):
        clone = tmp_path / where
        clone.parent.mkdir(parents=True)
        run(["git", "clone", "-q", str(origin), str(clone)], tmp_path, check=True)
        result = mkdocs_build(clone, clone / "site", env=env)
        assert result.returncode == 0, result.stderr
        pages.append((clone / "site/rfcs/0004-alias-scope/index.html").read_text(encoding="utf-8"))
    assert "4 days left (closes 2024-06-14) (as of 2024-06-10)" in pages[0]
    assert pages[0] == pages[1]


def test_pages_for_another_renderer_are_dated_by_the_commit_too(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    gov = root / "governance.yml"
    gov.write_text("\n".join(line for line in gov.read_text().splitlines() if not line.startswith("as_of:")) + "\n")
    when = "2024-06-10T12:00:00Z"
    run(["git", "commit", "-q", "-am", "no pinned day", f"--date={when}"], root, check=True, env={**os.environ, "GIT_COMMITTER_DATE": when})
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = tmp_path / "pages"
    proc = run([str(BIN / "clausewise"), "pages", str(root), "--out", str(out)], root, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "(as of 2024-06-10)" in (out / "rfcs/0004-alias-scope.md").read_text(encoding="utf-8")
