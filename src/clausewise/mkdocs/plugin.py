"""The MkDocs face: load the project once per build, add the generated pages, and hand the
graph to the Markdown extension. Each handler is short; the logic lives in the core."""

from __future__ import annotations

import functools
import gc
import html
import logging
import posixpath
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from clausewise.atomic import StagedSite
from clausewise.check import DRAFT_CODES
from clausewise.errors import ClausewiseError
from clausewise.load import confine, docs_meta, load_config, parse_docs_page, schema_documents
from clausewise.markdown import ClausewiseExtension
from clausewise.mkdocs import host
from clausewise.mkdocs.lighter import drop_source_maps
from clausewise.mkdocs.livebuild import LiveBuild
from clausewise.mkdocs.reproducible import SourceDateEpoch
from clausewise.model import Severity, format_text, printable, summary
from clausewise.project import Project, load_project
from clausewise.site import feeds, fit_nav, graphsvg, i18n, incremental, origins, permalinks, propose, reader, sources

log = get_plugin_logger(__name__)

#: With these plugins only, `mkdocs serve --dirty` rebuilds just the pages whose inputs
#: changed: clausewise knows what its pages and the search index depend on, not what others do.
INCREMENTAL_PLUGINS = frozenset({"search", "material/search", "clausewise"})
DIRTY_WARNING = "A 'dirty' build is being performed"

#: The names mkdocs.yml may list the Markdown extension under.
EXTENSION_NAMES = ("clausewise", "clausewise.markdown")
CSS_URI = "assets/clausewise/clausewise.css"
JS_URI = "assets/clausewise/clausewise.js"


class ClausewiseConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: the project root, relative to mkdocs.yml: the folder holding clausewise.yml
    project = c.Type(str, default=".")
    #: read dates and authors from git (one pass over the log); off: build without history
    history = c.Type(bool, default=True)
    #: build into a staging folder and swap it in only when the build succeeds
    atomic = c.Type(bool, default=True)
    #: raw HTML in contributed Markdown: `strip` (sanitise every page) or `allow`
    raw_html = c.Choice(("strip", "allow"), default="strip")
    #: under `mkdocs serve`, how often to look for changed files, in seconds (MkDocs: 0.5)
    poll_interval = c.Type(float, default=0.2)
    # Where the content lives, relative to the project root (clausewise.load.Config; the
    # core reads them from this file too, so `clausewise check` agrees with the site).
    policy_dir = c.Optional(c.Type(str))
    postmortems_dir = c.Optional(c.Type(str))
    rfcs_dir = c.Optional(c.Type(str))
    governance_file = c.Optional(c.Type(str))
    votes_dir = c.Optional(c.Type(str))
    versions_file = c.Optional(c.Type(str))
    faq_dir = c.Optional(c.Type(str))
    applications_dir = c.Optional(c.Type(str))
    pending_days = c.Optional(c.Type(int))
    #: the page explaining how to propose a change: the policy pages' edit button opens it
    proposing_guide = c.Type(str, default="contributing.md")


class ClausewisePlugin(BasePlugin[ClausewiseConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.ext: ClausewiseExtension | None = None
        self.serving = False
        self.command: str | None = None
        self.dirty = False
        self.staged: StagedSite | None = None
        self.snippet_bases: list[Path] | None = None
        self.epoch = SourceDateEpoch()
        # Kept across `serve` rebuilds: parsed files by text, git history by HEAD, and what
        # the last build rendered (incremental.BuildRecord), so a rebuild redoes only what changed.
        self.load_cache: dict[Any, Any] = {}
        self.history_cache: dict[Any, Any] = {}
        self.record: incremental.BuildRecord | None = None
        self.fingerprinter = incremental.Fingerprinter()
        self.live: LiveBuild | None = None
        self.bytecode_cache = host.MemoryBytecodeCache()
        self.told_full = False
        self.generated: set[str] = set()  # docs-relative paths of the pages clausewise made
        self.policy_uris: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across `serve` rebuilds,
        # which is what lets a rebuild fall back on the last project that loaded clean.
        self.serving = command == "serve"
        self.command, self.dirty = command, dirty
        if self.serving and dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(self._dirty_warning)
            # A rebuild allocates a corpus' worth of short-lived objects, and the collector's
            # full passes over everything the server keeps cost a fifth of it. Under
            # `serve --dirty`, collect young objects less often and do the full pass once
            # the server is idle again (_collect_later), not in the middle of a rebuild.
            gc.set_threshold(50_000, 20, 1_000)

    def _dirty_warning(self, record: logging.LogRecord) -> bool:
        """MkDocs warns that a dirty build leaves stale navigation and links; an incremental
        build here does not (see on_nav), so the warning would only mislead."""
        return not (self.live is not None and str(record.msg).startswith(DIRTY_WARNING))

    @event_priority(100)  # before the search plugin renders the theme's language strings
    def _config_theme(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.serving and self.config.enabled:
            # MkDocs (and the search plugin, three times) make a new Jinja environment each
            # build, which compiles its templates again; under `serve` every environment
            # the theme makes keeps the compiled code (keyed by each template's source, so
            # an edited template is compiled afresh), and lists the theme's files without
            # walking its hidden folders (see host.ThemeLoader).
            host.keep_compiled_templates(config, self.bytecode_cache)
        return config

    def _config_project(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # mkdocs.yml lists the extension too, for renderers that cannot run this plugin
        # (the extension then names the renderer and the way out); here the plugin drives
        # it, or, switched off (`enabled: false`), leaves the syntax as it is.
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if e not in EXTENSION_NAMES]
        for name in EXTENSION_NAMES:
            config.mdx_configs.pop(name, None)
        if not self.config.enabled:
            return config
        host.count_warnings()
        root = Path(config.config_file_path).parent / self.config.project
        if not self.config.history:
            # The project's build date ("as of" on the page of an open vote) is the commit's,
            # so one commit builds the same pages on any day; with history, load_project
            # reads it from the history pass without another git process.
            self.epoch.enter(root)
        try:
            caches = {"cache": self.load_cache, "history_cache": self.history_cache} if self.serving else {}
            settings = load_config(root, site=config.config_file_path) if config.config_file_path else None
            project = load_project(root, settings, history=self.config.history, **caches)
        except ClausewiseError as exc:
            self.epoch.exit()
            raise PluginError(f"clausewise: {exc}") from None
        if project.errors and not (self.serving and self.project is not None):
            self.epoch.exit()
        if project.errors:
            message = f"clausewise: the content has errors ({summary(project.diagnostics)}):\n{format_text(project.diagnostics, root, confine.readable(project.config))}"
            if not (self.serving and self.project is not None):
                raise PluginError(message)
            # While serving, an error must not stall the server (MkDocs blocks every request
            # after a failed rebuild): say what is wrong and keep serving the last good content.
            log.error(message.removeprefix("clausewise: ") + "\nstill serving the last good build; fix the file and save it to rebuild")
            project = self.project
        # Before MkDocs creates pages, which read the build date (sitemap, gzip header).
        self.epoch.enter(root, project.history.head_epoch if project.history else None)
        for d in project.diagnostics:
            # Drafting reminders (TODOs left by `clausewise new`) and notes (a stale draft, a
            # non-binding vote) are shown on the pages; they never fail --strict.
            (log.info if d.code in DRAFT_CODES or d.severity is Severity.NOTE else log.warning)(printable(d.text()))
        self.snippet_bases = self._confine_snippets(config, project, root)
        self.project = project
        i18n.activate(project.config.language)  # generated text, in pages and in [[refs]], follows theme.language
        self.ext = ClausewiseExtension(graph=project.graph, project=str(root), raw_html=self.config.raw_html)
        self.ext.history = project.history
        config.markdown_extensions.append(self.ext)  # type: ignore[arg-type]
        config.extra_css.append(CSS_URI)
        config.extra_javascript.append(JS_URI)  # type: ignore[arg-type]
        self._reader_config(project, config)
        cfg = project.config
        for folder in (cfg.rfcs_dir, cfg.postmortems_dir, cfg.faq_dir, cfg.votes_dir, cfg.applications_dir, cfg.governance_file, cfg.versions_file, "clausewise.yml"):
            path = str(cfg.abs(folder))
            if Path(path).exists() and path not in config.watch:
                config.watch.append(path)
        if self.config.atomic and self.command in ("build", "gh-deploy") and not self.dirty:
            self.staged = StagedSite(config.site_dir)
            config.site_dir = str(self.staged.begin())
        self.live = LiveBuild(config) if self.serving and self.dirty and self._can_increment(config) else None
        return config

    def _can_increment(self, config: MkDocsConfig) -> bool:
        others = sorted(set(config.plugins) - INCREMENTAL_PLUGINS)
        reason = f"other plugins ({', '.join(others)})" if others else None
        if not host.can_mark_modified():
            reason = "this MkDocs (its files cannot be marked unchanged)"
        if confine.SNIPPETS in config.markdown_extensions:
            reason = f"{confine.SNIPPETS} (a page can include any file)"
        if reason and not self.told_full:
            self.told_full = True  # once per server, not on every rebuild
            log.info(f"every page is rebuilt on each change: clausewise cannot tell what {reason} depends on")
        return reason is None

    def _reader_config(self, project: Project, config: MkDocsConfig) -> None:
        """History notices, and the graph fence drawn as SVG at build time."""
        for notice in project.history.notices if project.history else []:
            (log.warning if notice.level == "warning" else log.info)(f"{notice.code} {notice.message}")
        if "pymdownx.superfences" not in config.markdown_extensions:
            config.markdown_extensions.append("pymdownx.superfences")
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        if not any(f.get("name") == graphsvg.FENCE_NAME for f in fences):
            fences.append(graphsvg.superfences_config())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.project is None:
            return files
        edits = sources(self.project.graph)
        docs_dir = self.project.config.docs_dir
        policy = posixpath.relpath(self.project.config.policy_dir, docs_dir).rstrip("/") + "/"
        for file in files:
            # The policy changes through RFCs: its pages get no "edit this page" (each clause's
            # page says how to propose a change instead).
            if file.src_uri.startswith(policy):
                file.edit_uri = None
                self.policy_uris.add(file.src_uri)
        made: dict[str, str] = {}
        cfg = self.project.config
        dated = origins(self.project.graph, {"rfcs": cfg.rfcs_dir, "postmortems": cfg.postmortems_dir, "faq": cfg.faq_dir,
                                             "versions": cfg.versions_file, "governance": cfg.governance_file})
        self.generated = set()
        published = {f.dest_uri: f.src_uri for f in files.documentation_pages()}
        for page in self.project.pages():
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            written = page.path if files.get_file_from_path(page.path) is not None else published.get(file.dest_uri)
            problem = permalinks.clash(page.path, file.url, written, docs_dir)
            if problem:
                raise PluginError(f"clausewise: {problem}")
            # "edit this page" opens the file the page is made from; listings have none.
            file.edit_uri = posixpath.relpath(edits[page.path], docs_dir) if page.path in edits else None
            if page.path in dated and cfg.abs(dated[page.path]).exists():
                host.declare_source(file, str(cfg.abs(dated[page.path])))
            self.generated.add(page.path)
            files.append(file)
            if page.in_nav:
                made[page.path] = page.title
        if config.nav:  # MkDocs reads the navigation after this event
            config.nav, dropped, added = fit_nav(config.nav, made)
            if dropped or added:
                log.info("navigation fitted to the generated pages: " + "; ".join(
                    ([f"left out {', '.join(dropped)} (nothing to show yet)"] if dropped else []) + ([f"added {', '.join(added)}"] if added else [])))
        for asset in self.project.assets(config.site_url or "", config.use_directory_urls):
            files.append(File.generated(config, asset.path, content=asset.content))
        for uri in (CSS_URI, JS_URI):
            text = resources.files("clausewise").joinpath("assets/" + uri.rsplit("/", 1)[1]).read_text(encoding="utf-8")
            text = i18n.localize_js(text) if uri == JS_URI else text
            files.append(File.generated(config, uri, content=text))
        drop_source_maps(files, config)  # a reader's browser never needs them
        # The front-matter schemas, for editors (yaml-language-server) to fetch from the site.
        for name, text in schema_documents().items():
            files.append(File.generated(config, f"schemas/{name}", content=text))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.config.enabled:
            host.linear_search(config)  # search indexes a page in time linear in its headings
        if self.live is not None and self.project is not None:
            self.live.plan(self.project, self.record, nav, files, self.fingerprinter)
        return nav

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self.live is not None:
            self.live.indexed(page)
        return context

    def _confine_snippets(self, config: MkDocsConfig, project: Project, root: Path) -> list[Path] | None:
        """Refuse a pymdownx.snippets setup that lets a page read outside one folder."""
        if confine.SNIPPETS not in config.markdown_extensions:
            return None
        options = config.mdx_configs.get(confine.SNIPPETS, {})
        config_path = Path(config.config_file_path)
        text = config_path.read_text(encoding="utf-8") if config_path.is_file() else ""
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if confine.SNIPPETS in ln), 1)
        where = project.config.rel(config_path)
        problems = confine.snippets_diagnostics(options, Path.cwd(), root, where, line)
        bases = confine.snippet_bases(options, Path.cwd())
        if not problems:
            problems += confine.link_diagnostics(project.config, folders=bases, roots=bases)
        if problems:
            raise PluginError(f"clausewise: unsafe snippets setup ({summary(problems)}):\n{format_text(problems)}")
        return bases

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """MkDocs loads a page's front matter with PyYAML and no limits. A build stops on
        front matter clausewise refuses before any page is read; `serve` keeps serving the
        last good build and reads the edited pages all the same. So a page whose front
        matter clausewise refuses (an alias bomb, a custom tag such as `!ENV`, a title that
        is not text) reaches MkDocs with its front matter blanked out, line for line."""
        # Generated pages are skipped by the plugin's own set, not `generated_by`: a page
        # made from a dated source names that file (host.declare_source), which clears
        # `generated_by`; its front matter is clausewise's own (JSON-quoted text).
        if not self.config.enabled or getattr(page.file, "generated_by", None) or not page.file.abs_src_path or self._generated(page):
            return None
        try:
            text = page.file.content_string
        except (OSError, UnicodeDecodeError):
            return None  # MkDocs reads it and says what is wrong
        if host.front_matter_lines(text) is None:
            return None  # no YAML: MkDocs' `key: value` lines are plain text, no loader
        _, problems = parse_docs_page(text, page.file.src_uri, "docs")
        return host.without_front_matter(text) if problems else None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.snippet_bases is not None and self.project is not None:
            problems = confine.snippet_problems(markdown, self.snippet_bases)
            if problems:
                # A generated page (an RFC, say) has no file of its own; name the page.
                src = page.file.abs_src_path
                where = self.project.config.rel(Path(src)) if src and not self._generated(page) else f"generated page {page.file.src_uri}"
                raise PluginError("clausewise: " + "\n".join(f"{where}:{line}: CW603 {msg}" for line, msg in problems))
        # Front matter is plain text, but themes print `page.meta.title` and `description`
        # into HTML unescaped; escape every text value once, here. `clausewise check` refuses
        # a title or description that is not text; should one get here, it is made text.
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
            elif key in ("title", "description"):
                page.meta[key] = html.escape(str(value), quote=True)
        self._check_theme_files(page, config)
        if self.ext is not None:
            self.ext.set_page(page.file.src_uri, link_url=functools.partial(host.link_url, page.file, files))
            self.ext.unresolved.clear()
        if self.project is not None:
            markdown = reader.expand_home(markdown, self.project.graph, self.project.history)
            if self._generated(page) and page.file.src_uri.startswith("clauses/"):
                markdown = self._propose(markdown, page, config)
            if page.file.src_uri in self.policy_uris:
                self._edit_points_to_guide(page, files)
        return markdown

    def _generated(self, page: Page) -> bool:
        """A page clausewise made (its file may name the source it is made from: see on_files)."""
        return page.file.generated_by is not None or page.file.src_uri in self.generated

    def _edit_points_to_guide(self, page: Page, files: Files) -> None:
        """The policy changes through RFCs: its pages' edit button opens the proposing guide
        (plugin option `proposing_guide`), not the policy's Markdown."""
        guide = files.get_file_from_path(self.config.proposing_guide)
        page.edit_url = get_relative_url(guide.url, page.url) if guide is not None else None

    def _propose(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """A clause page's "Propose a change": the repository's new-file page (mkdocs.yml's
        `repo_url` and `edit_uri`) with the next RFC written, or its text to copy."""
        assert self.project is not None
        # The project's folder in the repository, whose root is taken to be mkdocs.yml's folder.
        folder = posixpath.normpath(self.config.project or ".")
        folder = "" if folder == "." else folder
        repo = propose.repository(config.repo_url, config.edit_uri, folder)
        rfcs_dir = self.project.config.rfcs_dir
        return propose.expand(markdown, self.project.graph, page.file.src_uri[len("clauses/"):-3], repo, rfcs_dir)

    def _check_theme_files(self, page: Page, config: MkDocsConfig) -> None:
        """`template:` (MkDocs) and `icon:` (Material) in front matter name files of the theme;
        one that does not exist would end the build with a Jinja traceback."""
        dirs = [Path(d) for d in config.theme.dirs]
        for key in ("template", "icon"):
            name = page.meta.get(key)
            if name is None or key == "icon" and not any((d / ".icons").is_dir() for d in dirs):
                continue
            wanted = str(name) if key == "template" else f".icons/{name}.svg"
            ok = isinstance(name, str) and ".." not in wanted.split("/") and any((d / wanted).is_file() for d in dirs)
            if not ok:
                src = page.file.abs_src_path
                where, line = f"generated page {page.file.src_uri}", 1
                if src and not self._generated(page) and self.project is not None:
                    where = self.project.config.rel(Path(src))
                    try:
                        found = docs_meta(page.file.content_string)
                    except Exception:  # noqa: BLE001 - the line is a courtesy
                        found = None
                    line = found[1].get(key, 1) if found else 1
                raise PluginError(f"clausewise: {where}:{line}: CW104 `{key}: {printable(str(name)[:80])}` names no file of the theme; remove it or name one the theme has")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The title MkDocs takes from the first heading is HTML text (`&lt;` stays escaped),
        # but themes print it through `striptags`, which decodes entities: a heading
        # `</title><script>` would run in <title>. Pinning it as the meta title makes
        # themes print it as it is, still escaped.
        if "title" not in page.meta and page.title:
            page.meta["title"] = page.title.replace('"', "&quot;").replace("'", "&#x27;")
        if self.ext is not None:
            for src, target in self.ext.unresolved:
                log.warning(printable(f"{src}: unknown reference [[{target}]]"))
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.project is None or not self.config.enabled:
            return output
        # Feed autodiscovery: a reader's feed reader finds the feeds from any page.
        links = "".join(
            f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" href="{html.escape(get_relative_url(path, page.url))}">'
            for path, title in feeds.discovery(page.file.src_uri, self.project.graph)
        )
        return output.replace("</head>", links + "</head>", 1)

    @event_priority(100)  # first: the search plugin writes its index right after
    def _post_build_incremental(self, *, config: MkDocsConfig) -> None:
        if self.live is not None:
            self.record = self.live.finish(self.record, config)
            self.live = None
            _collect_later()

    @event_priority(-100)  # last, after search and theme plugins have written their files
    def _post_build_publish(self, *, config: MkDocsConfig) -> None:
        self.epoch.exit()
        if self.staged is None:
            return
        staged, self.staged = self.staged, None
        config.site_dir = str(staged.target)
        if config.strict and host.strict_warnings_logged():
            staged.discard()  # MkDocs aborts right after this event; keep the old site
        else:
            staged.publish()
            log.info(f"Site complete; moved into {staged.target}")

    on_config = CombinedEvent(_config_theme, _config_project)
    on_post_build = CombinedEvent(_post_build_incremental, _post_build_publish)

    def on_build_error(self, *, error: Exception) -> None:
        self.epoch.exit()
        self.record, self.live = None, None  # what is on disk is unknown now: rebuild it all next time
        if self.staged is not None:
            self.staged.discard()
            self.staged = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        host.poll_every(server, self.config.poll_interval)
        return server


def _collect_later(delay: float = 1.0) -> None:
    """A full garbage collection shortly after a rebuild, when the page has been served."""
    timer = threading.Timer(delay, gc.collect)
    timer.daemon = True
    timer.start()
