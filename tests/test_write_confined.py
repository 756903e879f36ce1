"""`clausewise apply`, `record` and `new` write through `atomic.write_file`: a temporary file
in the same folder, renamed over the target. A target that is a symbolic link (say, a policy
file swapped for a link to a file outside the project between the check and the write) is
replaced as a link: the file it pointed at is never written."""

from __future__ import annotations

import os
from pathlib import Path

from clausewise.atomic import write_file


def test_a_symlinked_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("do not touch\n", encoding="utf-8")
    project = tmp_path / "project" / "docs" / "policy"
    project.mkdir(parents=True)
    target = project / "index.md"
    os.symlink(outside, target)
    write_file(target, "# Policy\n")
    assert outside.read_text(encoding="utf-8") == "do not touch\n"
    assert not target.is_symlink() and target.read_text(encoding="utf-8") == "# Policy\n"
    assert sorted(p.name for p in project.iterdir()) == ["index.md"]  # no temporary file left

