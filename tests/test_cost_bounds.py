"""Cost bounds: what a contribution adds may grow the site at most linearly. Many drafts
competing for one clause used to make every draft's page list every other one (1,000
drafts: 147 MB of output)."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import copy_fixture

from clausewise import load_project
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
    small, _ = _pages_size(tmp_path, 100)
    large, page = _pages_size(tmp_path, 400)
    # Four times the drafts, at most about four times the pages (not sixteen).
    assert large < 4.6 * small, (small, large)
    assert page.count("[[RFC ") == MAX_COMPETING_SHOWN
    more = re.search(r"and ([0-9]+) more, listed on the page of \[\[embargo.no-deploy\]\]", page)
    assert more and int(more.group(1)) >= 400 - 1 - MAX_COMPETING_SHOWN
