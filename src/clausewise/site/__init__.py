"""Generating the site: pure functions from the graph to pages and files.

Owns: the pages of every document (`generate`, `govpages`) and the reader's additions to
them (`reader`: history lines, banners, graphs, the register, the home section), feeds,
the JSON export, permalink redirects, the graphs drawn as SVG, redlines and escaping
(`text`), what raw HTML may do (`sanitize`), and what each page depends on (`incremental`,
for live rebuilds).

May import: `clausewise.model`, `clausewise.load`, `clausewise.graph`,
`clausewise.governance`, `clausewise.check`. Writes no file and knows no renderer: the
pages are (path, Markdown) and the files (path, text), for any host to publish. A new
generated page is a function here called from `generate.generate` (or `reader.extend`).
"""

from __future__ import annotations

from clausewise.site import asat, export, feeds, graphsvg, i18n, incremental, permalinks, propose, reader, sanitize, text
from clausewise.site.generate import generate, origins, sources
from clausewise.site.govpages import rfc_tally
from clausewise.site.incremental import clause_head
from clausewise.site.nav import fit_nav
from clausewise.site.page import NAV_PAGES, Page, banner
from clausewise.site.permalinks import Asset
from clausewise.site.text import plural

__all__ = [
    "NAV_PAGES", "Asset", "Page", "asat", "banner", "clause_head", "export", "feeds", "fit_nav", "generate", "graphsvg",
    "i18n", "incremental", "origins", "permalinks", "plural", "propose", "reader", "rfc_tally", "sanitize", "sources", "text",
]
