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
import re
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


class TocIndex:
    """`SearchIndex._find_toc_by_id(toc, id)` answered from a table of the page's headings,
    made once per page. Material's search plugin (and MkDocs' own) looks for each section's
    heading by walking the page's table of contents from the top: a page of n headings took
    n x n steps (16,000 headings: 14 s). The table keeps the first heading with each id in
    the walk's order, so the answers are the same."""

    def __init__(self, find: Callable[..., Any]) -> None:
        self.find = find  # the original, for anything the table cannot read
        self.toc: Any = None
        self.by_id: dict[Any, Any] = {}

    def __call__(self, toc: Any, id: Any) -> Any:  # noqa: A002 - the host's own name
        if toc is not self.toc:
            try:
                self.by_id = _headings_by_id(toc)
            except (AttributeError, TypeError):
                self.toc = None
                return self.find(toc, id)
            self.toc = toc
        return self.by_id.get(id)


def _headings_by_id(toc: Any) -> dict[Any, Any]:
    """Each id of a table of contents, and the first heading that has it, in the order a
    depth-first walk from the top meets them (a heading, then its children, then the next)."""
    by_id: dict[Any, Any] = {}
    done = object()
    stack = [iter(toc)]
    while stack:
        item = next(stack[-1], done)
        if item is done:
            stack.pop()
            continue
        by_id.setdefault(item.id, item)
        stack.append(iter(item.children))
    return by_id


class OpenSections(list):  # type: ignore[type-arg]
    """The sections Material's search parser (`material.plugins.search.plugin.Parser.data`)
    has found on a page. When an element that holds a heading closes, `handle_endtag` walks
    `reversed(self.data)` for the newest section not closed for good (closed ones get depth
    infinity) whose heading's depth is at most the depth the page is back at: with headings
    inside `<div>`s, every walk passed every closed section, so a page of n of them took
    n x n steps (16,000: 30 s). Here `reversed` yields just that section (or none, as the
    walk finds none), found among the newest open section at each depth."""

    def __init__(self, parser: Any) -> None:
        super().__init__()
        self.parser = parser
        self.at_depth: dict[int, list[tuple[int, Any]]] = {}
        self.plain = False  # a depth that is not a number: walk as the parser would

    def append(self, section: Any) -> None:
        super().append(section)
        depth = getattr(section, "depth", None)
        if type(depth) is int:
            self.at_depth.setdefault(depth, []).append((len(self) - 1, section))
        else:
            self.plain = True

    def __reversed__(self) -> Any:
        context = getattr(self.parser, "context", None)
        if self.plain or not isinstance(context, list):
            return list.__reversed__(self)
        back_to = len(context)
        newest: tuple[int, Any] | None = None
        for depth, sections in self.at_depth.items():
            if depth > back_to:
                continue
            while sections and sections[-1][1].depth != depth:  # closed for good
                sections.pop()
            if sections and (newest is None or sections[-1][0] > newest[0]):
                newest = sections[-1]
        return iter(() if newest is None else (newest[1],))


def _material_parser() -> Any:
    try:
        from material.plugins.search import plugin as material_search
    except ImportError:
        return None, None
    return material_search, getattr(material_search, "Parser", None)


def linear_section_walk() -> bool:
    """Make Material's search parser keep its sections in `OpenSections`; False where its
    parser is not the one known here (its `handle_endtag` walks `reversed(self.data)` for
    a section by `depth`)."""
    module, parser = _material_parser()
    if parser is None:
        return False
    if getattr(parser, "_clausewise_open_sections", False):
        return True
    code = getattr(getattr(parser, "handle_endtag", None), "__code__", None)
    if code is None or not {"reversed", "data", "depth", "context"} <= set(code.co_names):
        return False

    class Parser(parser):  # type: ignore[misc, valid-type]
        _clausewise_open_sections = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            if isinstance(self.data, list) and not self.data:
                self.data = OpenSections(self)

    Parser.__doc__ = parser.__doc__
    module.Parser = Parser
    return True


def linear_search(config: MkDocsConfig) -> bool:
    """Give every search index of the build (Material's, MkDocs' own) the table of headings,
    and Material's parser the open sections; False where no index has the
    `_find_toc_by_id` this replaces. Call once the search plugin has made its index for the
    build (MkDocs makes it in on_pre_build, Material in on_config)."""
    linear_section_walk()
    given = False
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        find = getattr(index, "_find_toc_by_id", None)
        if isinstance(find, TocIndex):
            given = True
        elif callable(find) and _reads(type(index), "create_entry_for_section", "_find_toc_by_id"):
            index._find_toc_by_id = TocIndex(find)  # type: ignore[union-attr]
            given = True
    return given


def _reads(cls: type, method: str, name: str) -> bool:
    code = getattr(getattr(cls, method, None), "__code__", None)
    return code is not None and name in code.co_names


# -- front matter: what MkDocs' own YAML loader may see -------------------------------------
def front_matter_lines(text: str) -> int | None:
    """How many lines at the top of a page MkDocs reads as YAML front matter
    (`mkdocs.utils.meta.YAML_RE`, the block between `---` lines), or None where it reads
    none. MkDocs loads that block with PyYAML and no limits (and resolves `!ENV` tags)."""
    try:
        from mkdocs.utils.meta import YAML_RE
    except ImportError:  # pragma: no cover - the pattern as MkDocs 1.6 has it
        YAML_RE = None  # noqa: N806
    pattern = YAML_RE if isinstance(YAML_RE, re.Pattern) else _YAML_BLOCK
    m = pattern.match(text)
    return m.group(0).count("\n") if m else None


_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def without_front_matter(text: str) -> str:
    """The page with its front matter blanked out, line for line: MkDocs then reads no YAML
    (and no MultiMarkdown `key: value` lines either, as the page starts with a blank line)."""
    lines = front_matter_lines(text)
    if lines is None:
        return "\n" + text
    head, _, rest = _split_lines(text, lines)
    return "\n" * head.count("\n") + rest


def _split_lines(text: str, lines: int) -> tuple[str, str, str]:
    at = 0
    for _ in range(lines):
        at = text.index("\n", at) + 1
    return text[:at], "", text[at:]


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
        "mkdocs.utils.meta.YAML_RE (the front matter MkDocs loads)": front_matter_lines("---\ntitle: x\n---\nbody\n") == 3 and _mkdocs_yaml_re(),
    }
    try:
        from watchdog.observers.polling import PollingObserver

        found["watchdog PollingObserver._timeout (poll interval)"] = hasattr(PollingObserver(timeout=1), "_timeout")
    except ImportError:  # pragma: no cover - MkDocs requires watchdog
        found["watchdog PollingObserver._timeout (poll interval)"] = False
    from mkdocs.contrib.search.search_index import SearchIndex as MkDocsSearchIndex

    found["mkdocs search: SearchIndex._find_toc_by_id (headings by id, from a table)"] = callable(getattr(MkDocsSearchIndex, "_find_toc_by_id", None)) and _reads(MkDocsSearchIndex, "create_entry_for_section", "_find_toc_by_id")
    try:
        from material.plugins.search.plugin import SearchIndex, SearchPlugin

        index = SearchIndex()
        found["material search: SearchIndex.entries (incremental index)"] = isinstance(getattr(index, "entries", None), list)
        found["material search: SearchIndex.generate_search_index"] = callable(getattr(index, "generate_search_index", None))
        found["material search: SearchPlugin.search_index_prev (merge on dirty builds)"] = "search_index_prev" in _assigned_names(SearchPlugin.on_post_build)
        found["material search: Parser.handle_endtag walks reversed(Parser.data) (open sections by depth)"] = linear_section_walk()
        found["material search: SearchIndex._find_toc_by_id (headings by id, from a table)"] = callable(getattr(SearchIndex, "_find_toc_by_id", None)) and _reads(SearchIndex, "create_entry_for_section", "_find_toc_by_id")
    except ImportError:
        pass  # Material not installed: the plugin then works without these
    return found


def _mkdocs_yaml_re() -> bool:
    try:
        from mkdocs.utils.meta import YAML_RE
    except ImportError:  # pragma: no cover
        return False
    return isinstance(YAML_RE, re.Pattern)


def _assigned_names(function: Callable[..., Any]) -> set[str]:
    code = getattr(function, "__code__", None)
    return set(code.co_names) if code is not None else set()
