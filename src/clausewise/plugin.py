"""The MkDocs face: load the project once per build, add the generated pages, and hand the
graph to the Markdown extension. Each handler is short; the logic lives in the core."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import graphsvg, reader
from .diagnostics import Severity, format_text, summary
from .errors import ClausewiseError
from .mdext import ClausewiseExtension
from .project import Project, load_project

log = get_plugin_logger(__name__)

CSS_URI = "assets/clausewise/clausewise.css"
JS_URI = "assets/clausewise/clausewise.js"


class ClausewiseConfig(base.Config):
    enabled = c.Type(bool, default=True)
    #: the project root, relative to mkdocs.yml: the folder holding clausewise.yml
    project = c.Type(str, default=".")
    #: read dates and authors from git (one pass over the log); off: build without history
    history = c.Type(bool, default=True)


class ClausewisePlugin(BasePlugin[ClausewiseConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.ext: ClausewiseExtension | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent / self.config.project
        try:
            project = load_project(root, history=self.config.history)
        except ClausewiseError as exc:
            raise PluginError(f"clausewise: {exc}") from None
        if project.errors:
            raise PluginError(f"clausewise: the content has errors ({summary(project.diagnostics)}):\n{format_text(project.diagnostics)}")
        for d in project.diagnostics:
            # Notes (a stale draft, a non-binding vote) are shown on the pages; they never fail --strict.
            (log.info if d.severity is Severity.NOTE else log.warning)(d.text())
        self.project = project
        self.ext = ClausewiseExtension(graph=project.graph, project=str(root))
        self.ext.history = project.history
        config.markdown_extensions.append(self.ext)  # type: ignore[arg-type]
        config.extra_css.append(CSS_URI)
        config.extra_javascript.append(JS_URI)  # type: ignore[arg-type]
        self._reader_config(project, config)
        for folder in (project.config.rfcs_dir, project.config.postmortems_dir, "clausewise.yml"):
            path = str(project.config.abs(folder))
            if Path(path).exists() and path not in config.watch:
                config.watch.append(path)
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
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.ext is not None:
            self.ext.set_page(page.file.src_uri)
            self.ext.unresolved.clear()
        if self.project is not None:
            markdown = reader.expand_home(markdown, self.project.graph, self.project.history)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.ext is not None:
            for src, target in self.ext.unresolved:
                log.warning(f"{src}: unknown reference [[{target}]]")
        return html

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        return server
