"""Every private detail of MkDocs (and its fork ProperDocs), Material's search plugin,
Jinja and watchdog that the plugin relies on, in one place, each with a fallback.

These are what a host's new release or a fork changes without notice. Each helper here
uses one detail where it is as known and otherwise does the safe thing: a slower rebuild,
MkDocs' own polling interval, a full build instead of an incremental one; never a wrong
site. `probe()` names every detail and says whether the installed hosts still have it;
`tests/test_hosts.py` fails on the first one that is gone.
"""

from __future__ import annotations

import logging
import os
import posixpath
from typing import Any, Callable

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

#: The loggers a strict build's warnings are counted on: MkDocs', and ProperDocs' (a fork
#: of MkDocs 1.x that renamed its logger).
HOST_LOGGERS = ("mkdocs", "properdocs")


# -- strict builds: was a warning logged? ----------------------------------------------------
class WarningCounter(logging.Handler):
    """Counts warnings and errors on the host's loggers, for when the host's own count
    (a private handler) cannot be found."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_counter = WarningCounter()


def count_warnings() -> None:
    """Start counting for a new build (called at the start of each build)."""
    _counter.count = 0
    for name in HOST_LOGGERS:
        logger = logging.getLogger(name)
        if _counter not in logger.handlers:
            logger.addHandler(_counter)


def strict_warnings_logged() -> bool:
    """MkDocs counts warnings with a handler on its logger (`CountHandler.get_counts`) and
    aborts a strict build only after on_post_build; the same count is read here so a
    doomed build is never published. Our own counter is the fallback, for a host whose
    handler or logger name differ."""
    for name in HOST_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            counts = getattr(handler, "get_counts", None)
            if counts is not None and counts():
                return True
    return _counter.count > 0


# -- Jinja environments kept across `serve` rebuilds ----------------------------------------
def keep_compiled_templates(config: MkDocsConfig, cache: jinja2.BytecodeCache) -> None:
    """MkDocs (and the search plugin, three times) make a new Jinja environment each build,
    which compiles its templates again; under `serve` every environment the theme makes
    keeps the compiled code (keyed by each template's source, so an edited template is
    compiled afresh), and lists the theme's files without walking its hidden folders.
    Relies on `Theme.get_env` being a method that can be replaced on the instance."""
    make = getattr(config.theme, "get_env", None)
    if not callable(make):
        return

    def get_env() -> jinja2.Environment:
        env = make()
        env.bytecode_cache = cache
        if type(env.loader) is jinja2.FileSystemLoader:
            env.loader = ThemeLoader(env.loader.searchpath, env.loader.encoding, env.loader.followlinks)
        return env

    config.theme.get_env = get_env  # type: ignore[method-assign]


class ThemeLoader(jinja2.FileSystemLoader):
    """A theme's templates, listed without walking hidden folders and files. MkDocs lists
    a theme's files on every build to copy its static ones, and drops every name with a
    part starting with a dot; Material keeps 14,000 icons in `.icons`, so walking them
    was a tenth of a `serve` rebuild. Loading a template (an icon included by name) is
    unchanged."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=self.followlinks):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                rel = os.path.relpath(dirpath, searchpath).replace(os.path.sep, "/")
                prefix = "" if rel == "." else rel + "/"
                found.update(prefix + name for name in filenames if not name.startswith("."))
        return sorted(found)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


# -- watchdog: how often `serve` looks for changes ------------------------------------------
def poll_every(server: Any, seconds: float) -> None:
    """MkDocs' server polls the watched files every 0.5 s, so a save waits a quarter of a
    second on average before its rebuild starts: as long as an incremental rebuild itself.
    watchdog has no public setter for the interval of an observer already made; where its
    attributes are not the ones known here, MkDocs' interval stays."""
    observer = getattr(server, "observer", None)
    if seconds <= 0 or not hasattr(observer, "_timeout"):
        return
    observer._timeout = seconds  # for the paths watched from now on
    for emitter in list(getattr(observer, "emitters", ())):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = seconds  # for those watched already (docs_dir, mkdocs.yml)


# -- incremental rebuilds: which files MkDocs writes again ----------------------------------
def can_mark_modified() -> bool:
    """`File.is_modified()` is what a dirty build asks before rendering a page."""
    return callable(getattr(File, "is_modified", None))


def set_modified(file: File, modified: bool) -> None:
    file.is_modified = lambda: modified  # type: ignore[method-assign]


# -- Material's (and MkDocs') search plugin --------------------------------------------------
def declare_source(file: File, path: str) -> None:
    """Tell other plugins which file (or folder) in git a generated page is made from.
    Date plugins (mkdocs-git-revision-date-localized) date a page by its `abs_src_path`'s
    git history, but a file with `generated_by` set by the build's clock; MkDocs itself
    reads the page from its in-memory content either way (`File.content_bytes` prefers it)."""
    file.abs_src_path = path
    file.generated_by = None


def search_plugin(config: MkDocsConfig) -> Any:
    """The search plugin whose index entries can be read and replaced, or None (then an
    incremental rebuild cannot keep the index whole, and every page is rebuilt)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "generate_search_index") and isinstance(getattr(index, "entries", None), list):
            return plugin
    return None


def search_entries(plugin: Any) -> list[Any]:
    """The entries the search plugin has indexed so far in this build."""
    return plugin.search_index.entries  # type: ignore[no-any-return]


def replace_search_entries(plugin: Any, entries: list[Any]) -> None:
    """Material merges a dirty rebuild into its last index assuming one page changed; hand
    it the entries a full build has and nothing to merge (`search_index_prev`)."""
    plugin.search_index.entries = entries
    if hasattr(plugin, "search_index_prev"):
        plugin.search_index_prev = None


# -- links as MkDocs' own link rewriting makes them ------------------------------------------
def link_url(file: File, files: Files, href: str) -> str | None:
    """What MkDocs' link rewriting makes of `href`, a relative `.md` link on `file`'s page
    (see `mkdocs.structure.pages._RelativePathTreeprocessor.path_to_url`); None where it
    would warn instead, or where the file list cannot be looked up by path."""
    src_uris = getattr(files, "src_uris", None)
    if src_uris is None:
        return None
    path, _, anchor = href.partition("#")
    target = src_uris.get(posixpath.normpath(posixpath.join(posixpath.dirname(file.src_uri), path)))
    if not path or target is None or target.inclusion.is_excluded():
        return None
    return get_relative_url(target.url, file.url) + (f"#{anchor}" if anchor else "")


# -- what the installed hosts still have ----------------------------------------------------
def probe() -> dict[str, bool]:
    """Each private detail relied on above, and whether the installed hosts have it."""
    from mkdocs.theme import Theme
    from mkdocs.utils import CountHandler

    found: dict[str, bool] = {
        "mkdocs.utils.CountHandler.get_counts (strict warnings)": callable(getattr(CountHandler, "get_counts", None)),
        "mkdocs.theme.Theme.get_env (compiled templates kept)": callable(getattr(Theme, "get_env", None)),
        "mkdocs.structure.files.File.is_modified (incremental rebuilds)": can_mark_modified(),
        "mkdocs.structure.files.Files.src_uris (link URLs)": isinstance(getattr(Files, "src_uris", None), property),
    }
    try:
        from watchdog.observers.polling import PollingObserver

        found["watchdog PollingObserver._timeout (poll interval)"] = hasattr(PollingObserver(timeout=1), "_timeout")
    except ImportError:  # pragma: no cover - MkDocs requires watchdog
        found["watchdog PollingObserver._timeout (poll interval)"] = False
    try:
        from material.plugins.search.plugin import SearchIndex, SearchPlugin

        index = SearchIndex()
        found["material search: SearchIndex.entries (incremental index)"] = isinstance(getattr(index, "entries", None), list)
        found["material search: SearchIndex.generate_search_index"] = callable(getattr(index, "generate_search_index", None))
        found["material search: SearchPlugin.search_index_prev (merge on dirty builds)"] = "search_index_prev" in _assigned_names(SearchPlugin.on_post_build)
    except ImportError:
        pass  # Material not installed: the plugin then works without these
    return found


def _assigned_names(function: Callable[..., Any]) -> set[str]:
    code = getattr(function, "__code__", None)
    return set(code.co_names) if code is not None else set()
