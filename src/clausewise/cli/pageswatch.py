"""`clausewise pages --watch`: the docs tree kept up to date while a renderer that cannot
run the plugin serves it (`zensical serve` on the configuration `--config` wrote).

The tree is written once, then the content the project reads (its folders and files as the
settings name them, mkdocs.yml and clausewise.yml, and git's HEAD and refs, which date the
pages) is polled. After a change the whole tree is computed again, but only the files whose
bytes changed are written (each whole: a server never reads half a file) and the files that
are gone are removed, so the renderer's own watcher sees just those and renders just those
pages again. A content error is printed and the last good tree stays served, as under
`mkdocs serve`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from typing import Any, Callable

from clausewise.errors import ClausewiseError
from clausewise.load import load_config, siteconfig

#: Seconds between two looks at the content (MkDocs' watcher polls every 0.5 s).
INTERVAL = 0.3
Snapshot = dict[str, tuple[int, int]]


def watch(args: argparse.Namespace, render: Callable[[argparse.Namespace], Any], write_whole: Callable[[Path, dict[str, bytes]], None],
          theme_dir: Callable[[Path], Path], rounds: int | None = None) -> int:
    """Write the tree, then keep it in step with the content until interrupted (or for
    `rounds` looks, in tests). `render`, `write_whole` and `theme_dir` are `pages`' own:
    what the tree holds, and writing a folder whole."""
    root = Path(args.path).resolve()
    last = _snapshot(root)
    rendered = _render(args, render)
    if rendered is None:
        print("clausewise: fix the content; the tree is written once it checks clean", file=sys.stderr)
    else:
        _publish(rendered, write_whole, theme_dir)
    print("clausewise: watching the content for changes (Ctrl-C stops)", file=sys.stderr)
    try:
        n = 0
        while rounds is None or n < rounds:
            n += 1
            time.sleep(INTERVAL)
            now = _snapshot(root)
            if now == last:
                continue
            time.sleep(INTERVAL)  # an editor saving several files: wait until they are all there
            now = _snapshot(root)
            last = now
            again = _render(args, render)
            if again is None:
                print("clausewise: the content has errors; the last good tree stays served", file=sys.stderr)
                continue
            _publish(again, write_whole, theme_dir)
    except KeyboardInterrupt:
        pass
    return 0


def _render(args: argparse.Namespace, render: Callable[[argparse.Namespace], Any]) -> Any:
    try:
        return render(args)
    except ClausewiseError as exc:  # a setting being edited; say so and keep watching
        print(f"clausewise: error: {exc}", file=sys.stderr)
        return None


def _publish(rendered: Any, write_whole: Callable[[Path, dict[str, bytes]], None], theme_dir: Callable[[Path], Path]) -> None:
    """`rendered` (pages.Rendered) written: a folder that is not there yet whole, else only
    the files that changed."""
    changed = 0
    folders = [(rendered.out, rendered.files)] + ([(theme_dir(rendered.out), rendered.theme)] if rendered.config is not None else [])
    for folder, files in folders:
        if not folder.is_dir():  # else in place: a server watching the folder keeps watching it
            write_whole(folder, files)
            changed += len(files)
        else:
            changed += sync(folder, files)
    if rendered.config is not None:
        path, text = rendered.config
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            _write_bytes(path, text.encode("utf-8"))
            changed += 1
    print(f"clausewise: {changed} file{'s' if changed != 1 else ''} of the tree written ({rendered.generated} generated pages)", file=sys.stderr)


def sync(folder: Path, files: dict[str, bytes]) -> int:
    """Make `folder` hold exactly `files`, writing only what differs; how many files changed."""
    changed = 0
    for rel, data in files.items():
        target = folder / rel
        try:
            same = not target.is_symlink() and target.read_bytes() == data
        except OSError:
            same = False
        if not same:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_bytes(target, data)
            changed += 1
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        for name in filenames:
            path = Path(dirpath) / name
            if path.relative_to(folder).as_posix() not in files:
                path.unlink()
                changed += 1
        if Path(dirpath) != folder and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return changed


def _write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # as a file the tree's staging folder holds
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _snapshot(root: Path) -> Snapshot:
    """(mtime, size) of every file the project's pages are made from."""
    try:
        config = load_config(root)
        roots = [config.docs_dir, config.postmortems_dir, config.rfcs_dir, config.votes_dir, config.faq_dir,
                 config.applications_dir, config.governance_file, config.versions_file]
        found = siteconfig.find(root)
        site = siteconfig.read_site_config(found) if found is not None else None
        if site is not None:  # the files it INHERITs, and the theme's own overrides
            roots += sorted({os.path.relpath(site.path.parent / name, root) for name in site.origins.values()})
            options = site.value("theme")
            custom = options.get("custom_dir") if isinstance(options, dict) else None
            if isinstance(custom, str) and custom:
                roots.append(os.path.relpath(site.path.parent / custom, root))
    except ClausewiseError:
        roots = []
    roots += ["mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "clausewise.yml",
              ".git/HEAD", ".git/packed-refs", ".git/refs/heads"]
    out: Snapshot = {}
    for rel in dict.fromkeys(roots):
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    _stat(Path(dirpath) / name, out)
        else:
            _stat(path, out)
    return out


def _stat(path: Path, out: Snapshot) -> None:
    try:
        st = path.lstat()
    except OSError:
        return
    out[str(path)] = (st.st_mtime_ns, st.st_size)
