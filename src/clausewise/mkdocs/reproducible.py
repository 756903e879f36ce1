"""Byte-identical builds: the build date comes from git, not the clock.

MkDocs stamps every page's `update_date` (the sitemap's `<lastmod>`) and the gzip header of
`sitemap.xml.gz` with the build time unless `SOURCE_DATE_EPOCH` is set
(https://reproducible-builds.org/specs/source-date-epoch/). When it is not set, we set it
to the time of the commit being built, so the same commit gives the same bytes on any day,
in any folder. An explicit `SOURCE_DATE_EPOCH` always wins.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

VAR = "SOURCE_DATE_EPOCH"


def commit_epoch(root: str | os.PathLike[str]) -> int | None:
    """The committer time of HEAD, or None outside a git work tree (or without git)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(Path(root)), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = out.stdout.strip()
    return int(value) if out.returncode == 0 and value.isdigit() else None


class SourceDateEpoch:
    """Set SOURCE_DATE_EPOCH from git for the length of one build, then put it back."""

    def __init__(self) -> None:
        self._set = False

    def enter(self, root: str | os.PathLike[str], known: int | None = None) -> int | None:
        """`known`: HEAD's committer time when the caller has read it already (the history
        pass does), which saves a git process."""
        if os.environ.get(VAR, "").strip():
            return int(os.environ[VAR])
        epoch = known if known is not None else commit_epoch(root)
        if epoch is not None:
            os.environ[VAR] = str(epoch)
            self._set = True
        return epoch

    def exit(self) -> None:
        if self._set:
            os.environ.pop(VAR, None)
            self._set = False
