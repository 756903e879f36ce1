"""The RFC statuses commit by commit over a range (`clausewise check --since REF`).

A pull request moves an RFC one step per commit (draft, then discussion, then voting,
then accepted): compared only at its two ends it would look like a jump. So the review
reads what every commit between REF and HEAD did to the RFC files, in two git processes
whatever the number of commits and RFCs:

1. one `git log --reverse REF..HEAD --name-status` over the RFC folder (renames followed,
   a merge seen through its first parent);
2. one `git cat-file --batch`, given at once every RFC file at every commit that touched it.

The status is read from each version's front matter as `history` reads it (the `status:`
line); the RFC's number from its file name (`NNNN-slug.md`, which CW203 enforces). A file
whose status cannot be read at some commit is skipped at that commit. Without git, or if
git fails, the result is empty and the review compares the two ends only.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from clausewise.load.history import _STATUS, HISTORY_BUDGET, RS, US, _front_matter, cat_objects

_NUMBER = re.compile(r"^0*([0-9]{1,6})-[^/]*\.md$")
#: commit subjects are quoted in diagnostics: a long one is cut (as the feeds cut theirs)
MAX_SUBJECT = 72


@dataclass(frozen=True)
class Step:
    """The status an RFC had after one commit of the range."""

    status: str
    sha: str
    subject: str

    @property
    def where(self) -> str:
        subject = self.subject if len(self.subject) <= MAX_SUBJECT else self.subject[: MAX_SUBJECT - 1] + "…"
        return f'commit {self.sha[:7]} ("{subject}")'


def rfc_steps(root: str | os.PathLike[str], ref: str, rfcs_dir: str) -> dict[int, list[Step]]:
    """{RFC number: the statuses its file had after each commit of REF..HEAD that touched
    it, oldest first}; a commit that left the status as it was adds no step."""
    cwd = Path(root)
    folder = rfcs_dir.strip("/") or "."
    try:
        log = subprocess.run(
            ["git", "log", "--reverse", "--topo-order", "--diff-merges=first-parent", "-M", "--relative",
             f"--format={RS}%H{US}%s", "--name-status", "-z", f"{ref}..HEAD", "--", folder],
            cwd=cwd, capture_output=True, timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    touched: list[tuple[str, str, str]] = []  # (sha, subject, path now relative to root)
    for rec in log.stdout.decode("utf-8", "replace").split(RS)[1:]:
        head, _, body = rec.partition("\0")
        sha, _, subject = head.strip("\n").partition(US)
        toks = [t.lstrip("\n") for t in body.strip("\n\0").split("\0")] if body.strip("\n\0") else []
        i = 0
        while i < len(toks):
            st = toks[i][:1]
            if st in ("R", "C"):
                path, i = toks[i + 2], i + 3
            else:
                path, i = toks[i + 1], i + 2
            if st != "D" and path.endswith(".md"):
                touched.append((sha, subject, path))
    if not touched:
        return {}
    wanted = [f"{sha}:./{path}" for sha, _, path in touched]
    try:
        # Read as git answers, at most the history pass's budget: a range of a thousand
        # commits of a 2 MiB RFC is 2 GB of versions, held in memory at once before.
        blobs, code, _ = cat_objects(["git", "cat-file", "--batch"], cwd, wanted, HISTORY_BUDGET)
    except OSError:
        return {}
    if code is not None:
        return {}
    steps: dict[int, list[Step]] = {}
    for (sha, subject, path), ref in zip(touched, wanted):
        if ref not in blobs:  # past the budget: what was read is judged, the rest compared by its ends
            break
        if not blobs[ref]:  # "<name> missing"
            continue
        text = blobs[ref].decode("utf-8-sig", "replace").replace("\r\n", "\n")
        number = _NUMBER.match(Path(path).name)
        status = _STATUS.search(_front_matter(text))
        if number is None or status is None:
            continue
        seq = steps.setdefault(int(number.group(1)), [])
        if not seq or seq[-1].status != status.group(1):
            seq.append(Step(status.group(1), sha, subject.strip()))
    return steps
