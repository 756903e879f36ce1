"""Build into a staging folder and swap it in whole, so a failed build loses nothing; read
a contributed file only if it is a regular one, and only so much of it (`read_regular`).

A build that fails half-way (a broken page, a strict-mode warning, a crash) must leave the
previous site exactly as it was: a preview server or a deploy step may be reading it.
The new site is written next to the target (same filesystem, so renames are atomic) and
moved into place only when complete: old site renamed away, new one renamed in, old one
deleted. The gap between the two renames is a few microseconds, never a half-written tree.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path


def write_file(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` whole or not at all: a preview server polling the folder never
    reads a half-written file (it would report the half as a content error). A file
    written over keeps its permissions."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class StagedSite:
    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target).absolute()
        self.staging: Path | None = None

    def begin(self) -> Path:
        """Create the staging folder beside the target and return it."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=self.target.parent))
        return self.staging

    def publish(self) -> None:
        """Swap the finished staging folder in for the target."""
        if self.staging is None:
            return
        old: Path | None = None
        if self.target.exists() or self.target.is_symlink():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.rmdir(old)
            os.rename(self.target, old)
        try:
            os.rename(self.staging, self.target)
        except OSError:
            if old is not None:  # put the previous site back before giving up
                os.rename(old, self.target)
            raise
        os.chmod(self.target, 0o755 & ~_umask())  # mkdtemp makes 0700; a site is meant to be served
        self.staging = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Throw the staging folder away; the target is untouched."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class NotRegular(OSError):
    """What `read_regular` was given is not a regular file (a device, a FIFO, a folder)."""


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file: the one way clausewise reads a file a
    pull request may have added. A device (`/dev/zero` reads forever), a FIFO (blocks on
    open) or a folder raises `NotRegular` without being read; a caller that gets more than
    `limit` bytes back knows the file is too large, without having read all of it."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(0, "not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between stat and open
            raise NotRegular(0, "not a regular file")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
