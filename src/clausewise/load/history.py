"""History from git, in one pass over the log for the whole build.

Date plugins run one or two `git log` per page, which makes a 1,000-page site take
minutes. Here the whole history costs a constant number of git processes, whatever the
number of documents:

1. `.git/shallow` is a file check (no process);
2. one `git log --name-status -z -M` over the project, parsed in Python, renames followed
   backwards so a file keeps its creation date when it moves;
3. one `git status --porcelain -z` for uncommitted and untracked files;
4. one `git cat-file --batch`, given at once every object to read: the policy and RFC
   files at the commits that touched them (and HEAD's commit), so clause histories and
   RFC status changes cost one blob read per policy/RFC commit, not per clause.

Dates come from commits only, never from the clock, so a build is reproducible.
A file with uncommitted changes keeps the dates of its last commit and is flagged
`dirty`; an untracked file has no history (`tracked` is False). Detached HEAD is
history as of the checked-out commit. No repository (or no git) gives an empty
History with an info notice; a shallow clone gives a warning notice naming the fix.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import os
import re
import subprocess
import threading
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from clausewise.model import syntax

RS, US = "\x1e", "\x1f"
_RFC_IN_MESSAGE = re.compile(r"\bRFC[\s-]*0*([1-9][0-9]{0,5})\b", re.IGNORECASE)
_COMMITTER = re.compile(r"^committer .* (\d+) [+-]\d{4}$", re.MULTILINE)
_STATUS = re.compile(r"^status:\s*[\"']?([a-z]+)[\"']?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int  # author time, seconds since the epoch
    author: str
    subject: str

    # Cached (in the instance's __dict__, which a frozen dataclass still has): feeds, the
    # export and pages ask each commit for its dates thousands of times.
    @cached_property
    def date(self) -> str:
        return _dt.datetime.fromtimestamp(self.timestamp, _dt.timezone.utc).strftime("%Y-%m-%d")

    @cached_property
    def iso(self) -> str:
        return _dt.datetime.fromtimestamp(self.timestamp, _dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def rfc(self) -> int | None:
        """The RFC a commit names in its subject ("Apply RFC 3"), if any."""
        m = _RFC_IN_MESSAGE.search(self.subject)
        return int(m.group(1)) if m else None


@dataclass
class FileHistory:
    created: Commit
    last: Commit
    authors: list[str] = field(default_factory=list)  # oldest first, each once
    dirty: bool = False  # uncommitted changes in the working tree


@dataclass(frozen=True)
class ClauseEvent:
    commit: Commit
    kind: str  # added | changed | removed
    path: str  # project-relative policy file at that commit (current name)


@dataclass(frozen=True)
class StatusEvent:
    commit: Commit
    status: str
    previous: str | None


@dataclass(frozen=True)
class Notice:
    level: str  # info | warning
    code: str
    message: str


@dataclass
class History:
    available: bool = False
    head: Commit | None = None
    shallow: bool = False
    detached: bool = False
    files: dict[str, FileHistory] = field(default_factory=dict)  # project-relative paths
    untracked: set[str] = field(default_factory=set)
    clauses: dict[str, list[ClauseEvent]] = field(default_factory=dict)  # newest first
    clause_texts: dict[str, str] = field(default_factory=dict)  # clause text at HEAD
    rfc_status: dict[str, list[StatusEvent]] = field(default_factory=dict)  # path -> oldest first
    notices: list[Notice] = field(default_factory=list)
    #: committer time of the commit checked out: the build date of a reproducible build
    head_epoch: int | None = None
    #: only the newest commits' file versions were read (CW112): a clause last changed
    #: before them has no committed text here
    cut: bool = False

    def file(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def clause_last(self, clause_id: str) -> ClauseEvent | None:
        events = self.clauses.get(clause_id)
        return events[0] if events else None

    def clause_dirty(self, clause_id: str, text: str) -> bool:
        if self.cut and clause_id not in self.clause_texts:
            return False  # its committed text was not read: unknown, not "changed"
        return self.available and self.clause_texts.get(clause_id) != text


SHALLOW_MESSAGE = (
    "this is a shallow git clone: creation dates and authors would be wrong, so history "
    "is limited to the commits present. Fix: `git fetch --unshallow`, or in GitHub Actions "
    "`actions/checkout` with `fetch-depth: 0` (GitLab: `GIT_DEPTH: 0`)"
)


def load_history(root: str | os.PathLike[str], policy_dir: str, rfcs_dir: str, cache: dict[Any, History] | None = None) -> History:
    """The history of every file under `root`; never raises for git problems.

    `cache` (kept by a long-lived host between builds, e.g. the plugin under `mkdocs
    serve`) holds what was read from the commits, keyed by the commit HEAD names: while
    HEAD stays put only `git status` runs again, since only the working tree can change."""
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency
        return History(notices=[Notice("info", "CW701", "GitPython is not installed: building without history")])
    root_path = Path(root).resolve()
    try:
        repo = git.Repo(root_path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History(notices=[Notice("info", "CW701", f"{root_path} is not in a git repository: building without history (dates and authors)")])
    try:
        return _load(repo, root_path, policy_dir, rfcs_dir, cache)
    except git.GitCommandNotFound:
        return History(notices=[Notice("info", "CW701", "git is not installed: building without history (dates and authors)")])
    except git.GitCommandError as exc:
        if not repo.head.is_valid():
            return History(notices=[Notice("info", "CW701", "the git repository has no commits yet: building without history")])
        detail = (str(exc.stderr or "").strip().splitlines() or [f"exit {exc.status}"])[-1].strip(" '\"")
        return History(notices=[Notice("warning", "CW703", f"cannot read git history ({detail}): building without it")])
    finally:
        repo.close()


def _load(repo: object, root: Path, policy_dir: str, rfcs_dir: str, cache: dict[Any, History] | None = None) -> History:
    import git

    assert isinstance(repo, git.Repo)
    if not repo.head.is_valid():
        return History(notices=[Notice("info", "CW701", "the git repository has no commits yet: building without history")])
    top = Path(repo.working_tree_dir or root).resolve()
    prefix = "" if root == top else root.relative_to(top).as_posix() + "/"
    pathspec = [prefix] if prefix else []
    # HEAD's commit id is read from .git's files (no process), so asking costs nothing.
    key = (str(repo.git_dir), git.SymbolicReference.dereference_recursive(repo, "HEAD"), prefix, policy_dir, rfcs_dir)
    base = cache.get(key) if cache is not None else None
    if base is None:
        base = _from_commits(repo, prefix, policy_dir, rfcs_dir)
        if cache is not None:
            cache.clear()  # one HEAD at a time: older entries would only hold memory
            cache[key] = base
    status = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", *pathspec)
    dirty, untracked = _parse_status(status, prefix)
    # A copy per build: the cached record is shared, and only the working tree's marks differ.
    files = {p: replace(fh, dirty=p in dirty) for p, fh in base.files.items()}
    return replace(base, files=files, untracked=untracked, notices=list(base.notices), available=True)


def _from_commits(repo: object, prefix: str, policy_dir: str, rfcs_dir: str) -> History:
    """Everything the history holds that depends only on the commits: one `git log`, then
    the policy and RFC files at the commits that touched them."""
    import git

    assert isinstance(repo, git.Repo)
    hist = History()
    # A shallow clone is a file, not a process: `git rev-parse --is-shallow-repository` reads the same.
    hist.shallow = (Path(repo.common_dir) / "shallow").exists()
    if hist.shallow:
        hist.notices.append(Notice("warning", "CW702", SHALLOW_MESSAGE))
    hist.detached = repo.head.is_detached
    pathspec = [prefix] if prefix else []
    log = repo.git.log(f"--format={RS}%H{US}%at{US}%aN{US}%s", "--name-status", "-z", "-M", "HEAD", "--", *pathspec)
    commits = _parse_log(log, prefix)
    hist.head = commits[0][0] if commits else None
    seen: dict[str, set[str]] = {}  # authors of each file so far, newest first
    for commit, changes in commits:  # newest first
        for _, cur, _ in changes:
            fh = hist.files.get(cur)
            if fh is None:
                hist.files[cur] = FileHistory(commit, commit, [commit.author])
                seen[cur] = {commit.author}
            else:
                fh.created = commit
                if commit.author not in seen[cur]:  # a set: a file of N authors costs N
                    seen[cur].add(commit.author)
                    fh.authors.append(commit.author)
    for fh in hist.files.values():
        fh.authors.reverse()  # oldest first
    # HEAD's commit is read with the blobs, by the same `git cat-file --batch`: no `git log -1`.
    head = _blob_history(repo, hist, commits, policy_dir, rfcs_dir)
    m = _COMMITTER.search(head.decode("utf-8", errors="replace"))
    hist.head_epoch = int(m.group(1)) if m else None
    return hist


#: a commit's subject and author are kept to this many characters: each is repeated on the
#: page, feed entry and export entry of every clause and file the commit touched, so a
#: 1 MB subject on a commit touching 1,000 clauses would make a gigabyte of site
MAX_COMMIT_TEXT = 200


#: a commit message is written by whoever pushed it, and is not a content file that CW114
#: checks: its control characters and bidirectional overrides become U+FFFD, as in the feeds
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _cut(text: str) -> str:
    text = text if len(text) <= MAX_COMMIT_TEXT else text[: MAX_COMMIT_TEXT - 1] + "…"
    return _CONTROL.sub("\ufffd", text)


Change = tuple[str, str, str]  # (status letter, project-relative name now, repo path in that commit)


def _parse_log(out: str, prefix: str) -> list[tuple[Commit, list[Change]]]:
    """[(commit, changes)], newest first, renames followed back to the name a file has now."""
    alias: dict[str, str] = {}  # an old path -> the name it has now
    result: list[tuple[Commit, list[Change]]] = []
    for rec in out.split(RS)[1:]:
        # With -z the header ends in NUL (then a newline before the file list).
        head, _, body = rec.partition("\0")
        sha, ts, author, subject = head.strip("\n").split(US, 3)
        commit = Commit(sha, int(ts), _cut(author), _cut(subject))
        toks = body.strip("\n\0").split("\0") if body.strip("\n\0") else []
        changes: list[Change] = []
        i = 0
        while i < len(toks):
            st = toks[i].lstrip("\n")
            if st[:1] in ("R", "C"):
                old, new = toks[i + 1], toks[i + 2]
                i += 3
                cur = alias.get(new, new)
                if st[0] == "R":
                    alias[old] = cur  # older commits name this file by its old path
            else:
                new = toks[i + 1]
                i += 2
                cur = alias.get(new, new)
            if cur.startswith(prefix):
                changes.append((st[:1], cur[len(prefix):], new))
        result.append((commit, changes))
    return result


def _parse_status(out: str, prefix: str) -> tuple[set[str], set[str]]:
    dirty: set[str] = set()
    untracked: set[str] = set()
    toks = out.split("\0")
    i = 0
    while i < len(toks):
        entry = toks[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            i += 1  # the original path follows a rename
        if path.startswith(prefix):
            (untracked if code == "??" else dirty).add(path[len(prefix):])
    return dirty, untracked


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip("/") + "/") and path.endswith(".md")


def _blob_history(repo: object, hist: History, commits: list[tuple[Commit, list[Change]]], policy_dir: str, rfcs_dir: str) -> bytes:
    """Walk the policy and RFC commits oldest first, reading each touched file once per
    commit, and diff clause texts and RFC statuses between consecutive versions. Every
    file version (and HEAD's commit, which is returned) is read by one `git cat-file`."""
    touched = [
        (commit, [c for c in changes if _under(c[1], policy_dir)], [c for c in changes if _under(c[1], rfcs_dir)])
        for commit, changes in reversed(commits)
    ]
    # Newest first, so that a history past the budget keeps its newest commits.
    wanted = [f"{commit.sha}:{then}" for commit, policy, rfcs in reversed(touched) for st, _, then in policy + rfcs if st != "D"]
    blobs = _cat_all(repo, ["HEAD", *wanted], HISTORY_BUDGET)
    cut = len(blobs) < len(set(wanted)) + 1
    if cut:
        # The oldest commits whose files were not all read are left out: what is left starts
        # from the files as they were then, with no events for them (not "added").
        keep = 0
        for commit, policy, rfcs in reversed(touched):
            if any(f"{commit.sha}:{then}" not in blobs for st, _, then in policy + rfcs if st != "D"):
                break
            keep += 1
        touched = touched[len(touched) - keep:]
        since = touched[0][0] if touched else None
        where = f"they start at commit {since.short} ({since.date})" if since else "none is shown"
        hist.cut = True
        hist.notices.append(Notice("warning", "CW112", f"the policy and RFC files' versions in git are more than {HISTORY_BUDGET >> 20} MiB of text; clause histories and RFC status changes are read from the newest commits only: {where}"))
    seeding: set[str] = set()  # files whose first version read is not their first version

    def read(commit: Commit, path: str) -> str:
        return blobs[f"{commit.sha}:{path}"].decode("utf-8-sig", errors="replace").replace("\r\n", "\n")

    # Files are keyed by their current name; blobs are read at their name *then*. A clause
    # id found in several files takes its text from the file that appeared last (as the
    # whole policy, file after file in the order they first appeared, gave).
    # Only the clauses of the files a commit touched are compared: comparing the whole
    # policy at each commit made a history of N commits each adding a policy file cost N².
    per_file: dict[str, dict[str, str]] = {}  # policy file -> {clause id: text}
    position: dict[str, int] = {}  # policy file -> when it first appeared
    holders: dict[str, set[str]] = defaultdict(set)  # clause id -> the files that hold it
    tops: dict[str, list[tuple[int, str]]] = defaultdict(list)  # clause id -> heap of (-position, file)
    state: dict[str, tuple[str, str]] = {}  # clause id -> (text, policy file)
    statuses: dict[str, str] = {}
    events: dict[str, list[ClauseEvent]] = defaultdict(list)

    def now(cid: str) -> tuple[str, str] | None:
        heap, files = tops[cid], holders[cid]
        while heap and heap[0][1] not in files:
            heapq.heappop(heap)
        return (per_file[heap[0][1]][cid], heap[0][1]) if heap else None

    for commit, touched_policy, touched_rfcs in touched:
        changed: dict[str, tuple[int, int]] = {}  # clause id -> where it is listed
        quiet: set[str] = set()  # clause ids seen first at a history cut: no event
        for st, path, then in touched_policy:
            old = per_file.get(path, {})
            clauses = {} if st == "D" else _clauses(read(commit, then))
            if cut and path not in position and st != "A":
                quiet.update(clauses)
            position.setdefault(path, len(position))
            per_file[path] = clauses
            for cid in old.keys() - clauses.keys():
                holders[cid].discard(path)
            for i, cid in enumerate(clauses):
                if path not in holders[cid]:
                    holders[cid].add(path)
                    heapq.heappush(tops[cid], (-position[path], path))
                changed[cid] = (position[path], i)
            for i, cid in enumerate(old):
                changed.setdefault(cid, (position[path], len(clauses) + i))
        added: list[tuple[tuple[int, int], str, str, str]] = []
        removed: list[tuple[str, str]] = []
        for cid in changed:
            before, after = state.get(cid), now(cid)
            if after is None:
                if before is not None:
                    removed.append((cid, before[1]))
                    del state[cid]
                continue
            if cid in quiet and before is None:
                pass
            elif before is None or before[0] != after[0]:
                added.append((changed[cid], cid, "added" if before is None else "changed", after[1]))
            state[cid] = after
        for _, cid, kind, p in sorted(added):
            events[cid].append(ClauseEvent(commit, kind, p))
        for cid, p in removed:
            events[cid].append(ClauseEvent(commit, "removed", p))
        for st, path, then in touched_rfcs:
            if st == "D":
                continue
            m = _STATUS.search(_front_matter(read(commit, then)))
            if m and cut and st != "A" and path not in statuses and path not in seeding:
                seeding.add(path)  # its status before the cut is unknown: not a change
                statuses[path] = m.group(1)
            elif m and statuses.get(path) != m.group(1):
                hist.rfc_status.setdefault(path, []).append(StatusEvent(commit, m.group(1), statuses.get(path)))
                statuses[path] = m.group(1)
    hist.clauses = {cid: list(reversed(evs)) for cid, evs in events.items()}
    hist.clause_texts = {cid: text for cid, (text, _) in state.items()}
    return blobs["HEAD"]


#: the most text the history pass reads from the policy and RFC files' versions in git
#: (their size at each commit that touched them, added up): git stores a thousand versions
#: of a 2 MiB policy, each one line apart, in a few MiB, but reading them is 2 GB
HISTORY_BUDGET = 128 << 20


def _cat_all(repo: object, refs: list[str], budget: int | None = None) -> dict[str, bytes]:
    """The content of each object, read by one `git cat-file --batch` given them all at
    once (GitPython's persistent process asks one object at a time: 1,868 round trips at
    1,000 RFCs). A missing object (e.g. beyond a shallow boundary) reads as empty. With a
    `budget`, reading stops (and git is stopped) before the objects read pass that many
    bytes: the result then holds only the first objects, in the order asked."""
    import git

    assert isinstance(repo, git.Repo)
    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "cat-file", "--batch"]
    try:
        blobs, code, err = cat_objects(command, repo.working_tree_dir or repo.git_dir, refs, budget)
    except OSError as exc:
        raise git.GitCommandNotFound(command, exc) from exc
    if code is not None:
        raise git.GitCommandError(command, code, err)
    return blobs


def cat_objects(command: list[str], cwd: str | os.PathLike[str], refs: list[str], budget: int | None = None) -> tuple[dict[str, bytes], int | None, bytes]:
    """(objects read, git's exit status if it failed, its error output): `git cat-file
    --batch` asked every ref at once and read as it answers, stopped (not failed) at the
    budget. Raises OSError when git cannot be run."""
    unique = list(dict.fromkeys(refs))
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None

    def ask() -> None:  # in a thread: git answers while it is still being asked
        try:
            proc.stdin.write("".join(f"{r}\n" for r in unique).encode())  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, OSError):  # stopped early, or git failed: reported below
            pass

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    blobs: dict[str, bytes] = {}
    used, stopped = 0, False
    try:
        for ref in unique:
            header = proc.stdout.readline()
            if not header.endswith(b"\n"):
                break  # git ended early: its exit status says why
            parts = header.split(b" ")
            if len(parts) != 3 or not parts[2].strip().isdigit():  # "<ref> missing" or "ambiguous"
                blobs[ref] = b""
                continue
            size = int(parts[2])
            if budget is not None and used + size > budget:
                stopped = True
                break
            used += size
            blobs[ref] = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after each object
    finally:
        if stopped or len(blobs) < len(unique):
            proc.kill()
        asking.join()
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        code = proc.wait()
    failed = not stopped and (code != 0 or len(blobs) < len(unique))
    return blobs, (code or 1) if failed else None, err


def _front_matter(text: str) -> str:
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[3:end] if end > 0 else ""


def _clauses(text: str) -> dict[str, str]:
    blocks, _ = syntax.find_clauses(text)
    return {b.attrs["id"]: b.text for b in blocks if b.attrs.get("id")}


def committed(root: str | os.PathLike[str], paths: list[str]) -> set[str]:
    """Which of `paths` (relative to `root`) git has in HEAD, unchanged or not: one
    process, asked only when two files clash, so a check can blame the newcomer. Outside
    a repository (or without git), none."""
    try:
        proc = subprocess.run(["git", "ls-tree", "-r", "--name-only", "--full-name", "HEAD", "--", *paths],
                              cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return set()
    if proc.returncode != 0:
        return set()
    prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=30).stdout.strip()
    return {p[len(prefix):] for p in proc.stdout.splitlines() if p.startswith(prefix)}
