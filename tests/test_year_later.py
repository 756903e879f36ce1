"""The same commit builds a year later (issue 15, deliverables 1 and 7).

Copies of the flagship (with the repository's real git history) and of the governance
example are built strictly twice: on their own date and with SOURCE_DATE_EPOCH one year
later. Both builds must pass, with the same set of pages; `clausewise check --strict`
must pass on both days too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture, mkdocs_build, run

YEAR = 365 * 24 * 3600
FLAGSHIP = ["mkdocs.yml", "docs", "rfcs", "postmortems", "faq", "votes", "governance.yml", "policy-versions.yml"]


def flagship_with_history(dest: Path) -> Path:
    """A clone of this repository (its real history), with the working tree's content on
    top as one more commit, so the test builds the content as it is now."""
    run(["git", "clone", "-q", "--no-local", str(ROOT), str(dest)], ROOT, check=True)
    for name in FLAGSHIP:
        src, target = ROOT / name, dest / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if src.is_dir():
            shutil.copytree(src, target)
        elif src.exists():
            shutil.copy2(src, target)
    run(["git", "add", "-A", *FLAGSHIP], dest, check=True)
    run(["git", "commit", "-q", "--allow-empty", "-m", "the working tree's content"], dest, check=True)
    return dest


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def build_now_and_a_year_later(root: Path, tmp: Path, now: int) -> tuple[set[str], set[str]]:
    out = []
    for label, epoch in (("now", now), ("later", now + YEAR)):
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
        check = run([str(Path(os.sys.executable).parent / "clausewise"), "check", "--strict"], root, env=env)
        assert check.returncode == 0, f"{label}: {check.stdout}"
        site = tmp / f"site-{label}"
        build = mkdocs_build(root, site, strict=True, env=env)
        assert build.returncode == 0, f"{label}: {build.stderr}"
        out.append(pages(site))
    return out[0], out[1]


def head_epoch(root: Path) -> int:
    return int(run(["git", "log", "-1", "--format=%ct"], root, check=True).stdout.strip())


def test_the_flagship_builds_strictly_a_year_later_with_the_same_pages(tmp_path: Path) -> None:
    root = flagship_with_history(tmp_path / "flagship")
    assert int(run(["git", "rev-list", "--count", "HEAD"], root, check=True).stdout) > 1  # real history
    now, later = build_now_and_a_year_later(root, tmp_path, head_epoch(root))
    assert now == later
    assert "rfcs/0009-example-leadership-vote/index.html" in now


@pytest.mark.parametrize("pinned", [True, False], ids=["as-of-pinned", "live"])
def test_the_governance_example_builds_strictly_a_year_later_with_the_same_pages(tmp_path: Path, pinned: bool) -> None:
    root = copy_fixture("governance", tmp_path / "governance")
    if not pinned:  # a live site: tallies follow the build date, and RFC 4's vote closes in between
        gov = root / "governance.yml"
        gov.write_text("".join(line for line in gov.read_text().splitlines(keepends=True) if not line.startswith("as_of:")))
        run(["git", "commit", "-qam", "live: no pinned date"], root, check=True)
    june_10_2024 = 1718000000  # the example's own date: RFC 4's vote is open until 2024-06-14
    now, later = build_now_and_a_year_later(root, tmp_path, june_10_2024)
    assert now == later
    page = (tmp_path / "site-later/rfcs/0004-alias-scope/index.html").read_text()
    if pinned:
        assert "Voting closed on" not in page
    else:
        assert "Voting closed on 2024-06-14: failed; the outcome is not yet recorded." in page
