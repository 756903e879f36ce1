"""The MkDocs face: load the project once per build, add the generated pages, and hand the
graph to the Markdown extension. Each handler is short; the logic lives in the core."""

from __future__ import annotations

import html
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import graphsvg, reader
from . import confine
from .atomic import StagedSite
from .reproducible import SourceDateEpoch
from .diagnostics import Severity, format_text, summary
from .drafting import DRAFT_CODES
from .errors import ClausewiseError
from .mdext import ClausewiseExtension
from .project import Project, load_project
from .scaffold import schema_documents

log = get_plugin_logger(__name__)

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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across `serve` rebuilds,
        # which is what lets a rebuild fall back on the last project that loaded clean.
        self.serving = command == "serve"
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent / self.config.project
        try:
            project = load_project(root, history=self.config.history)
        except ClausewiseError as exc:
            raise PluginError(f"clausewise: {exc}") from None
        if project.errors:
            message = f"clausewise: the content has errors ({summary(project.diagnostics)}):\n{format_text(project.diagnostics, root)}"
            if not (self.serving and self.project is not None):
                raise PluginError(message)
            # While serving, an error must not stall the server (MkDocs blocks every request
            # after a failed rebuild): say what is wrong and keep serving the last good content.
            log.error(message.removeprefix("clausewise: ") + "\nstill serving the last good build; fix the file and save it to rebuild")
            project = self.project
        for d in project.diagnostics:
            # Drafting reminders (TODOs left by `clausewise new`) and notes (a stale draft, a
            # non-binding vote) are shown on the pages; they never fail --strict.
            (log.info if d.code in DRAFT_CODES or d.severity is Severity.NOTE else log.warning)(d.text())
        self.snippet_bases = self._confine_snippets(config, project, root)
        self.project = project
        self.ext = ClausewiseExtension(graph=project.graph, project=str(root), raw_html=self.config.raw_html)
        self.ext.history = project.history
        config.markdown_extensions.append(self.ext)  # type: ignore[arg-type]
        config.extra_css.append(CSS_URI)
        config.extra_javascript.append(JS_URI)  # type: ignore[arg-type]
        self._reader_config(project, config)
        for folder in (project.config.rfcs_dir, project.config.postmortems_dir, "clausewise.yml"):
            path = str(project.config.abs(folder))
            if Path(path).exists() and path not in config.watch:
                config.watch.append(path)
        self.epoch.enter(root)  # before MkDocs creates pages, which read the build date
        if self.config.atomic and self.command in ("build", "gh-deploy") and not self.dirty:
            self.staged = StagedSite(config.site_dir)
            config.site_dir = str(self.staged.begin())
        return config

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
        for page in self.project.pages():
            if files.get_file_from_path(page.path) is not None:
                raise PluginError(f"clausewise: docs/{page.path} clashes with a generated page; move or rename it")
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.path, content=page.markdown, inclusion=inclusion))
        for asset in self.project.assets(config.site_url or "", config.use_directory_urls):
            files.append(File.generated(config, asset.path, content=asset.content))
        for uri in (CSS_URI, JS_URI):
            text = resources.files("clausewise").joinpath("assets/" + uri.rsplit("/", 1)[1]).read_text(encoding="utf-8")
            files.append(File.generated(config, uri, content=text))
        # The front-matter schemas, for editors (yaml-language-server) to fetch from the site.
        for name, text in schema_documents().items():
            files.append(File.generated(config, f"schemas/{name}", content=text))
        return files

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

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.snippet_bases is not None and self.project is not None:
            problems = confine.snippet_problems(markdown, self.snippet_bases)
            if problems:
                # A generated page (an RFC, say) has no file of its own; name the page.
                src = page.file.abs_src_path
                where = self.project.config.rel(Path(src)) if src and not page.file.generated_by else f"generated page {page.file.src_uri}"
                raise PluginError("clausewise: " + "\n".join(f"{where}:{line}: CW603 {msg}" for line, msg in problems))
        # Front matter is plain text, but themes print `page.meta.title` and `description`
        # into HTML unescaped; escape every text value once, here.
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key] = html.escape(value, quote=True)
        if self.ext is not None:
            self.ext.set_page(page.file.src_uri)
            self.ext.unresolved.clear()
        if self.project is not None:
            markdown = reader.expand_home(markdown, self.project.graph, self.project.history)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # The title MkDocs takes from the first heading is HTML text (`&lt;` stays escaped),
        # but themes print it through `striptags`, which decodes entities: a heading
        # `</title><script>` would run in <title>. Pinning it as the meta title makes
        # themes print it as it is, still escaped.
        if "title" not in page.meta and page.title:
            page.meta["title"] = page.title.replace('"', "&quot;").replace("'", "&#x27;")
        if self.ext is not None:
            for src, target in self.ext.unresolved:
                log.warning(f"{src}: unknown reference [[{target}]]")
        return html

    @event_priority(-100)  # last, after search and theme plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.epoch.exit()
        if self.staged is None:
            return
        staged, self.staged = self.staged, None
        config.site_dir = str(staged.target)
        if config.strict and _strict_warnings_logged():
            staged.discard()  # MkDocs aborts right after this event; keep the old site
        else:
            staged.publish()
            log.info(f"Site complete; moved into {staged.target}")

    def on_build_error(self, *, error: Exception) -> None:
        self.epoch.exit()
        if self.staged is not None:
            self.staged.discard()
            self.staged = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        return server


def _strict_warnings_logged() -> bool:
    """MkDocs counts warnings with a handler on its logger and aborts a strict build only
    after on_post_build; we look at the same count so a doomed build is never published."""
    for handler in logging.getLogger("mkdocs").handlers:
        counts = getattr(handler, "get_counts", None)
        if counts is not None and counts():
            return True
    return False
