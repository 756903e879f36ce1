"""Lighter published pages: the theme's source maps are left out of the site.

A source map serves a developer's browser tools, never a reader; Material ships one beside
each bundle (1.2 MB of the flagship's 6 MB). The map files are dropped from the build, and
the `sourceMappingURL` comment that names each one is taken out of the bundle, so no tool
asks for a file that is not there.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

_MAP_COMMENT = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def drop_source_maps(files: Files, config: MkDocsConfig) -> int:
    """Remove `*.map` files the theme brings and the comments naming them; returns how many
    maps were left out. The project's own files (under docs/) are left as they are."""
    dropped = 0
    for file in list(files):
        if file.generated_by or not file.abs_src_path or file.src_uri.startswith("assets/clausewise/"):
            continue
        from_theme = not file.abs_src_path.startswith(config.docs_dir.rstrip("/") + "/")
        if not from_theme:
            continue
        if file.src_uri.endswith(".map"):
            files.remove(file)
            dropped += 1
        elif file.src_uri.endswith((".js", ".css")):
            with open(file.abs_src_path, encoding="utf-8", errors="surrogateescape") as f:
                text = f.read()
            if "sourceMappingURL=" in text[-300:]:
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=_MAP_COMMENT.sub("", text)))
    return dropped
