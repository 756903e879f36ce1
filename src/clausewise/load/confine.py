"""Keep every read inside the content folders.

Content arrives in strangers' pull requests, and a pull request can add a symlink as easily
as a Markdown file. MkDocs follows symlinks in `docs_dir` and copies whatever they point at
into the site, and the loader reads whatever it finds in the content folders, so a link to
`/etc/passwd` or `~/.ssh/id_rsa` would be published. We check links with `resolve()`
(the real path), not `abspath`, which is exactly the hole pymdownx.snippets leaves open.

`pymdownx.snippets` is the other way a page can read a file; `snippets_diagnostics` says
whether a snippets configuration keeps it inside one folder of the project.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from clausewise.atomic import read_regular
from clausewise.load.config import Config
from clausewise.model.diagnostics import Diagnostic, error


def content_folders(config: Config) -> tuple[str, ...]:
    """Every folder whose files clausewise reads: documents, FAQ answers and vote records."""
    return (config.docs_dir, config.rfcs_dir, config.postmortems_dir, config.faq_dir, config.votes_dir, config.applications_dir)


def content_files(config: Config) -> tuple[str, ...]:
    """The single files clausewise reads besides the content folders' files."""
    return (config.governance_file, config.versions_file)


def in_place(config: Config, rel: str) -> bool:
    """Is `rel` really where it says, inside the project: no symlink anywhere between the
    project root and it (the file or folder itself included)?"""
    root = os.path.realpath(config.root)
    parts = Path(rel).parts
    if not parts or Path(rel).is_absolute() or ".." in parts:
        return False
    lexical = os.path.join(root, *parts)
    try:
        return os.path.realpath(lexical) == lexical
    except (OSError, RuntimeError):  # pragma: no cover - realpath does not raise on loops
        return False


def content_roots(config: Config) -> list[Path]:
    """The real folders whose files may be read and published: each content folder that is
    itself a folder inside the project. A content folder that is a symlink (`votes -> .git`,
    `faq -> /`) is never a root: its files are read only if they lead into a real one, and
    `link_diagnostics` reports it."""
    return [Path(os.path.realpath(config.abs(f))) for f in content_folders(config) if in_place(config, f) and config.abs(f).is_dir()]


def readable(config: Config) -> tuple[str, ...]:
    """What diagnostics may quote source lines from, relative to the project root: the content
    folders and files, and the configuration (`format_text` also wants each in place)."""
    return (*content_folders(config), *content_files(config), "clausewise.yml")


def is_inside(path: Path, roots: Iterable[Path]) -> bool:
    """Does `path`, with every symlink followed, end up inside one of `roots`?"""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return any(real == root or root in real.parents for root in roots)


def inside(roots: Iterable[Path]) -> Callable[[Path], bool]:
    """`is_inside` for many files at once: a file that is not itself a symlink is where its
    folder really is, so each folder is resolved once instead of every file (a corpus of
    thousands of files is listed on every `serve` rebuild)."""
    roots = list(roots)
    prefixes = [str(r) for r in roots]
    folders: dict[Path, str | None] = {}

    def check(path: Path) -> bool:
        if path.is_symlink():
            return is_inside(path, roots)
        if path.parent not in folders:
            try:
                folders[path.parent] = str(path.parent.resolve())
            except (OSError, RuntimeError):  # a symlink loop
                folders[path.parent] = None
        folder = folders[path.parent]
        return folder is not None and any(folder == r or folder.startswith(r.rstrip(os.sep) + os.sep) for r in prefixes)

    return check


def _walk_links(folder: Path) -> Iterator[Path]:
    """Every symlink under `folder`, without following linked folders (a loop can't hang us).
    Directory entries say what they are without a call per file: every `serve` rebuild
    walks the content folders."""
    pending = [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            if entry.is_symlink():
                yield Path(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                below.append(entry.path)
        pending += reversed(below)


def link_diagnostics(config: Config, folders: Iterable[Path] | None = None, roots: Iterable[Path] | None = None) -> Iterator[Diagnostic]:
    """A CW602 error for each symlink in `folders` (default: the content folders) whose
    real path is outside `roots` (default: the content folders)."""
    allowed = list(roots) if roots is not None else content_roots(config)
    seen: set[Path] = set()
    if folders is None:
        # The content folders and files themselves first: one that is a symlink, or sits
        # below one, is reported as a whole and never walked (`faq -> /` would walk the disk).
        walk = []
        for rel in (*content_folders(config), *content_files(config)):
            path = config.abs(rel)
            if not os.path.lexists(path) or in_place(config, rel) or is_inside(path, allowed):
                if not os.path.lexists(path) or path.is_dir() and in_place(config, rel):
                    walk.append(path)
                continue
            seen.add(path)
            yield _outside(config, path, rel)
        folders = walk
    for folder in folders:
        if not folder.is_dir():
            continue
        for link in _walk_links(folder):
            if link in seen or is_inside(link, allowed):
                continue
            seen.add(link)
            yield _outside(config, link, config.rel(link))


def private_link_diagnostics(config: Config) -> Iterator[Diagnostic]:
    """A CW808 error for each symlink under `docs_dir` that leads into `applications_dir`:
    MkDocs would publish the application files themselves, private fields included."""
    apps = config.abs(config.applications_dir)
    if not apps.is_dir():
        return
    real = Path(os.path.realpath(apps))
    for link in _walk_links(config.abs(config.docs_dir)):
        target = Path(os.path.realpath(link))
        if target == real or real in target.parents:
            yield error(config.rel(link), 1, "CW808", f"symlink into `{config.applications_dir}/`; the site would publish the application files, private fields included", "remove the link")


def _outside(config: Config, link: Path, rel: str) -> Diagnostic:
    hint = "replace the link with a copy of the file, or remove it"
    try:
        target = os.readlink(link)
    except OSError:  # not itself a link: a folder on the way to it is
        first = next((p for p in [config.root.joinpath(*Path(rel).parts[:i]) for i in range(1, len(Path(rel).parts) + 1)] if p.is_symlink()), link)
        return error(rel, 1, "CW602", f"`{config.rel(first)}` is a symlink (to `{_shown(os.readlink(first)) if first.is_symlink() else '?'}`) leading outside the content folders; nothing below it is read or published", hint)
    try:
        link.resolve(strict=False)
        what = f"symlink points outside the content folders (to `{_shown(target)}`); its target would be read and published"
    except (OSError, RuntimeError):
        what = f"symlink loops back on itself (to `{_shown(target)}`)"
    return error(rel, 1, "CW602", what, hint)


def _shown(target: str) -> str:
    """A link's target as text that cannot drive a terminal or break a log line."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in target)


# -- what docs/ may publish ------------------------------------------------------------------
#: Files MkDocs copies from `docs_dir` as they are, that a browser shows without running
#: anything: images (not SVG, which runs script when opened), PDFs, text, data and fonts.
#: Everything else is refused (CW604): `.html`, `.svg`, `.xml`, `.js`, `.css` and whatever
#: a browser might render as a page of the site's origin. Names MkDocs would read as pages
#: other than `.md` (`.markdown`, `.mkd`...) are refused too: clausewise reads `.md` only.
PASSIVE_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp",
    ".pdf", ".txt", ".csv", ".json",
    ".woff", ".woff2", ".ttf", ".otf",
    ".mp3", ".mp4", ".ogg", ".webm",
})


def static_diagnostics(config: Config) -> Iterator[Diagnostic]:
    """A CW604 error for each file in `docs_dir` that MkDocs would publish as it is and that
    is not of a passive type. Hidden files and folders (`.*`) are skipped, as MkDocs' default
    `exclude_docs` leaves them out of the site."""
    docs = config.abs(config.docs_dir)
    if not in_place(config, config.docs_dir) or not docs.is_dir():
        return
    pending = [str(docs)]
    found = []
    while pending:
        try:
            with os.scandir(pending.pop()) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif not entry.name.endswith(".md") and os.path.splitext(entry.name)[1].lower() not in PASSIVE_SUFFIXES:
                found.append(entry.path)
    for path in sorted(found):
        rel = config.rel(Path(path))
        kind = os.path.splitext(path)[1].lower() or "a file without a type"
        yield error(
            rel, 1, "CW604",
            f"`{_shown(rel)}` ({_shown(kind)}) would be published as it is, and a browser may run script in it; the content folder may hold Markdown pages (.md), images, PDFs, text and fonts",
            "write it as a Markdown page, or put the site's own HTML, scripts and styles in the theme's custom_dir, which is configuration",
        )


# -- pymdownx.snippets ---------------------------------------------------------------------
SNIPPETS = "pymdownx.snippets"


def snippet_bases(options: Mapping[str, Any], cwd: Path) -> list[Path]:
    """Where snippets reads from: `base_path` resolved as snippets does, against the
    current folder (not mkdocs.yml's folder)."""
    raw = options.get("base_path", ["."])
    entries = [raw] if isinstance(raw, str) else list(raw or [])
    return [(cwd / str(e)).resolve() for e in entries]


def snippets_diagnostics(options: Mapping[str, Any], cwd: Path, project_root: Path, where: str, line: int) -> list[Diagnostic]:
    """Problems with a snippets configuration, for content we do not trust.

    Safe means: every `base_path` is a dedicated folder inside the project (never the
    project root or a folder holding it, where mkdocs.yml, .git and .env live);
    `restrict_base_path` and `check_paths` on, so `../` and absolute paths fail loudly
    instead of being dropped in silence; no URL downloads."""
    out: list[Diagnostic] = []
    root = project_root.resolve()
    hint = "set base_path to a dedicated folder such as `snippets`, with restrict_base_path: true, check_paths: true and url_download: false"
    if "base_path" not in options:
        out.append(error(where, line, "CW603", f"{SNIPPETS} reads from the current folder by default, so a page could include mkdocs.yml or .git/config; set `base_path` to a dedicated folder", hint))
    for base in snippet_bases(options, cwd):
        if base == root or base in root.parents:
            out.append(error(where, line, "CW603", f"{SNIPPETS} `base_path` `{base}` holds the whole project (mkdocs.yml, .git); use a dedicated folder inside it", hint))
        elif root not in base.parents:
            out.append(error(where, line, "CW603", f"{SNIPPETS} `base_path` `{base}` is outside the project", hint))
    for key, want in (("restrict_base_path", True), ("check_paths", True), ("url_download", False)):
        default = {"restrict_base_path": True, "check_paths": False, "url_download": False}[key]
        if bool(options.get(key, default)) is not want:
            out.append(error(where, line, "CW603", f"{SNIPPETS} `{key}` must be {str(want).lower()} for contributed content", hint))
    return out


# Inline `--8<-- "path"` and block `--8<--` ... `--8<--` notation, as pymdownx.snippets reads
# it (on every line, fenced code included); a leading `;` escapes the notation.
_SNIP_INLINE = re.compile(r"""^[ \t]*(?P<escape>;*)-+8<-+[ \t]+(?P<q>["'])(?P<path>.+?)(?P=q)[ \t]*\r?$""")
_SNIP_BLOCK = re.compile(r"^[ \t]*(?P<escape>;*)-+8<-+\r?$")
_SNIP_SUFFIX = re.compile(r"(?i)(?::-?[0-9]*(?:[:,]-?[0-9]*)*|:[a-z][-_0-9a-z]*)$")


def snippet_references(markdown: str) -> Iterator[tuple[int, str]]:
    """(1-based line, path) of every snippet a page includes."""
    block = False
    for i, line in enumerate(markdown.split("\n"), 1):
        m = _SNIP_INLINE.match(line) or _SNIP_BLOCK.match(line)
        if m and m.group("escape"):
            continue
        if m and "path" in m.groupdict() and m.group("path") is not None:
            if not block:
                yield i, m.group("path").strip()
            continue
        if m:
            block = not block
        elif block and line.strip() and not line.strip().startswith(";"):
            yield i, line.strip()


def snippet_problems(markdown: str, bases: list[Path]) -> list[tuple[int, str]]:
    """Snippets that are not a file inside a snippets folder, with every link followed.
    pymdownx.snippets itself checks with `abspath`, so a symlink inside its folder would
    still read anything; and with `check_paths` it fails with a traceback, not a line."""
    problems = []
    for line, path in snippet_references(markdown):
        # A snippet may include snippets in turn (snippets reads them all the same way, and
        # fails with a traceback on a missing one): follow the chain, each file once.
        chain, seen = [(path, "")], set()
        while chain:
            ref, via = chain.pop()
            found = _snippet_file(ref, bases)
            if found is None:
                where = f"snippet `{via}` includes `{ref}`, which" if via else f"snippet `{ref}`"
                problems.append((line, f"{where} is not a file in the snippets folder ({', '.join(b.name for b in bases)}); pages may include only files from there"))
                break
            if found in seen or len(seen) >= MAX_SNIPPETS:
                continue
            seen.add(found)
            try:
                text = read_regular(found, MAX_SNIPPET_BYTES)[:MAX_SNIPPET_BYTES].decode("utf-8", errors="replace")
            except OSError:
                continue
            chain += [(inner, ref) for _, inner in snippet_references(text)]
    return problems


#: how many snippet files one reference may pull in, and how much of each is read for more
MAX_SNIPPETS = 200
MAX_SNIPPET_BYTES = 2 * 1024 * 1024


def _snippet_file(path: str, bases: list[Path]) -> Path | None:
    stem = _SNIP_SUFFIX.sub("", path) or path  # drop `:3:7` line ranges and `:section` names
    for base in bases:
        candidate = base / stem
        if not Path(stem).is_absolute() and is_inside(candidate, [base]) and candidate.is_file():
            return candidate.resolve()
    return None
