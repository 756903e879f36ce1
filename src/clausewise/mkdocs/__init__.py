"""The MkDocs plugin: a face. It loads the project once per build, adds the generated pages
and files, and hands the graph to the Markdown extension.

Owns: the plugin's event handlers (`plugin`), incremental rebuilds under `serve --dirty`
(`livebuild`), the build date from git (`reproducible`), and every private detail of
MkDocs, its forks, Material and watchdog it relies on, each with a fallback (`host`).

May import: the core through its packages' public names and `clausewise.markdown`,
never a module inside them.
"""

from __future__ import annotations

from clausewise.mkdocs.plugin import ClausewiseConfig, ClausewisePlugin

__all__ = ["ClausewiseConfig", "ClausewisePlugin"]
