"""Generated pages are dated by the files they are made from, as a git-date plugin dates any
page: with mkdocs-git-revision-date-localized installed, a generated page used to show the
build's clock, so no two builds of one commit were the same."""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
from pathlib import Path

from helpers import TESTS, mkdocs_build, run


def _commit(root: Path, when: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    run(["git", "add", "-A"], root, check=True)
    run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", message], root, check=True, env=env)


def _dates(page: Path) -> set[str]:
    return set(re.findall(r"\b20\d\d-\d\d-\d\d\b", page.read_text(encoding="utf-8")))


def test_generated_pages_carry_their_sources_git_dates(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(TESTS / "sites" / "basic", root)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - clausewise\n", "  - clausewise\n  - git-revision-date-localized:\n      type: iso_date\n"), encoding="utf-8")
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    _commit(root, "2020-01-02T12:00:00+00:00", "the site")
    first, second = sorted((root / "rfcs").glob("*.md"))
    second.write_text(second.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _commit(root, "2021-03-04T12:00:00+00:00", "edit the second RFC")

    builds = []
    for name in ("one", "two"):
        done = mkdocs_build(root, tmp_path / name)
        assert done.returncode == 0, done.stderr[-3000:]
        builds.append(tmp_path / name)
    out = builds[0]
    today = _dt.date.today().isoformat()
    first_page, second_page = (out / "rfcs" / p.stem / "index.html" for p in (first, second))
    assert "2020-01-02" in _dates(first_page) and "2021-03-04" not in _dates(first_page)
    assert "2021-03-04" in _dates(second_page)
    # A listing is dated by the folder it lists; a clause page by its policy page.
    assert "2021-03-04" in _dates(out / "rfcs/index.html")
    clause = next((out / "clauses").iterdir())
    assert "2020-01-02" in _dates(clause / "index.html")
    for page in out.rglob("*.html"):
        assert today not in _dates(page), page.relative_to(out)
    # The same commit builds the same pages.
    for page in out.rglob("*.html"):
        assert page.read_bytes() == (builds[1] / page.relative_to(out)).read_bytes(), page.relative_to(out)
