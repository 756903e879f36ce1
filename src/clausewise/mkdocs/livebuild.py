"""Incremental rebuilds under `mkdocs serve --dirty`: the MkDocs side of
`clausewise.incremental` (part of the plugin face; the decisions are the core's).

One `LiveBuild` per rebuild: which pages to render (on_nav), the search entries of those
rendered (on_page_context), and, at the end, the search index a full build would write,
the outputs of deleted pages removed and the record for the next build (on_post_build).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from clausewise.mkdocs import host
from clausewise.project import Project
from clausewise.site import incremental

log = get_plugin_logger("clausewise.plugin")


class LiveBuild:
    """One incremental rebuild (see the module's docstring)."""

    def __init__(self, config: MkDocsConfig) -> None:
        config_text = Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else ""
        custom = config.theme.custom_dir
        theme = sorted((str(p), p.stat().st_mtime_ns) for p in Path(custom).rglob("*") if p.is_file()) if custom else []
        self.shared = (config_text, config.site_url, theme)
        self.site = ""
        self.fingerprints: dict[str, str] = {}
        self.stale: set[str] = set()
        self.order: list[str] = []
        self.files: Files | None = None
        self.docs: Sequence[File] = []
        self.assets: dict[str, str] = {}
        self.search: dict[str, list[Any]] = {}
        self.search_plugin = host.search_plugin(config)
        self.index: Any = None
        self.mark = 0

    def plan(self, project: Project, record: incremental.BuildRecord | None, nav: Navigation, files: Files, fingerprinter: incremental.Fingerprinter) -> None:
        graph, history = project.graph, project.history
        # MkDocs filters its files anew on each call: once here.
        docs = self.docs = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        uris = {f.src_uri for f in docs if f.inclusion.is_included()}
        texts = {f.src_uri: f.content_string for f in docs}
        self.files, self.order = files, [f.src_uri for f in docs]
        fingerprint = fingerprinter.for_build(graph, history, uris)
        self.fingerprints = {uri: fingerprint(uri, text) for uri, text in texts.items()}

        def shape(items: list[Any]) -> list[Any]:
            # The navigation every page shows: its structure, and each page's title or
            # what its title is taken from when mkdocs.yml does not give one.
            out: list[Any] = []
            for item in items:
                if isinstance(item, Section):
                    out.append(("section", item.title, shape(item.children)))
                elif isinstance(item, Link):
                    out.append(("link", item.title, item.url))
                elif isinstance(item, Page):
                    given = item.__dict__.get("title")
                    source = None if given is not None else fingerprint(item.file.src_uri + "#title", incremental.title_source(texts.get(item.file.src_uri, "")))
                    out.append(("page", item.url, given, source))
            return out

        site = incremental.digest(self.shared, os.environ.get("SOURCE_DATE_EPOCH"), shape(nav.items))
        self.site = site
        self.stale = incremental.stale_pages(record, site, self.fingerprints)
        for f in docs:
            if f.src_uri not in self.stale and not os.path.isfile(f.abs_dest_path):
                self.stale.add(f.src_uri)
            host.set_modified(f, f.src_uri in self.stale)
        if record is not None:
            # A page left alone is never read, so MkDocs does not know its title and meta;
            # the navigation other pages show needs them: put back the last build's.
            for page in nav.pages:
                uri = page.file.src_uri
                if uri not in self.stale:
                    if "title" not in page.__dict__ and uri in record.titles:
                        page.title = record.titles[uri]
                    page.meta = dict(record.meta.get(uri, {}))
        for f in files:
            if f.generated_by is not None and not f.is_documentation_page():
                d = hashlib.blake2b(f.content_bytes, digest_size=20).hexdigest()
                self.assets[f.abs_dest_path] = d
                host.set_modified(f, record is None or record.assets.get(f.abs_dest_path) != d or not os.path.isfile(f.abs_dest_path))
        log.info(f"rebuilding {len(self.stale)} of {len(docs)} pages; the others are unchanged")
        log.debug("rebuilding: " + ", ".join(sorted(self.stale)))

    def indexed(self, page: Page) -> None:
        search = self.search_plugin
        if search is None:
            return
        entries = host.search_entries(search)
        if entries is not self.index:
            self.index, self.mark = entries, 0
        self.search[page.file.src_uri] = entries[self.mark:]
        self.mark = len(entries)

    def finish(self, record: incremental.BuildRecord | None, config: MkDocsConfig) -> incremental.BuildRecord:
        assert self.files is not None
        old = record or incremental.BuildRecord()
        new = incremental.BuildRecord(self.site, self.fingerprints, assets=self.assets)
        for f in self.docs:
            uri = f.src_uri
            if uri in self.stale and f.page is not None:
                new.titles[uri], new.meta[uri] = f.page.title, dict(f.page.meta)
            elif uri in old.titles:
                new.titles[uri], new.meta[uri] = old.titles[uri], old.meta.get(uri, {})
        new.search = {uri: self.search[uri] if uri in self.search else old.search.get(uri, []) for uri in self.order}
        search = self.search_plugin
        if search is not None:
            # The entries a full build has, in the full build's order: the index the search
            # plugin then writes is the full build's.
            host.replace_search_entries(search, incremental.search_entries(self.order, new.search))
        # Pages and files gone since the last build (a deleted or renamed RFC) leave nothing behind.
        new.outputs = {f.abs_dest_path for f in self.files}
        for path in sorted(old.outputs - new.outputs):
            _remove_output(Path(path), Path(config.site_dir))
        return new


def _remove_output(path: Path, site_dir: Path) -> None:
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != site_dir and site_dir in parent.parents and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
