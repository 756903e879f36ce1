"""No half-written site: a build writes into a staging folder and swaps it in only when done."""

from __future__ import annotations

from pathlib import Path

from helpers import copy_fixture, mkdocs_build

from clausewise.atomic import StagedSite


def _old_site(root: Path) -> Path:
    site = root / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("previous site\n")
    (site / "old" / "page.html").write_text("previous page\n")
    return site


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


def test_a_build_that_fails_while_writing_pages_leaves_the_old_site_untouched(tmp_path: Path) -> None:
    # The content is valid, so pages are rendered and written; a broken Markdown link is a
    # warning, which --strict turns into a failure only after every page has been written.
    root = copy_fixture("basic", tmp_path / "project")
    (root / "docs/extra.md").write_text("# Extra\n\n[a link to nowhere](missing.md)\n")
    site = _old_site(root)
    result = mkdocs_build(root, site)
    assert result.returncode == 1
    assert "in strict mode!" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html", "old", "old/page.html"]
    assert (site / "index.html").read_text() == "previous site\n"
    assert _leftovers(root) == []


def test_a_successful_build_replaces_the_whole_site(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    site = _old_site(root)
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "old").exists()
    assert "Basic fixture" in (site / "index.html").read_text()
    assert (site / "search/search_index.json").is_file() and (site / "sitemap.xml.gz").is_file()
    assert _leftovers(root) == []
    assert oct(site.stat().st_mode & 0o777) != oct(0o700)


def test_staged_site_discard_and_publish(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site"
    staged = StagedSite(target)
    staging = staged.begin()
    (staging / "a.html").write_text("new")
    staged.discard()
    assert not staging.exists() and not target.exists()
    staged = StagedSite(target)
    (staged.begin() / "a.html").write_text("new")
    staged.publish()
    assert (target / "a.html").read_text() == "new"
    assert [p.name for p in target.parent.iterdir()] == ["site"]
