"""The clausewise Markdown syntax as a Python-Markdown extension: a face, for any renderer
that loads Markdown extensions (MkDocs, ProperDocs, Zensical, plain Python-Markdown).

Owns: turning `[[references]]` into links and clause markers into anchors (`extension`),
and every private detail of Python-Markdown it relies on, each with a fallback (`host`).

May import: the core through its packages' public names, never a module inside them.
"""

from __future__ import annotations

from clausewise.markdown.extension import ClausewiseExtension, makeExtension

__all__ = ["ClausewiseExtension", "makeExtension"]
