"""Reading a project's files into records.

Owns: the configuration (`clausewise.yml`), safe YAML with source lines (`yamlsafe`), the
fast schema check (`fastschema`), reading one file (`documents`: UTF-8, front matter,
schemas), the one loader for every kind of content (`loader.KINDS`), git history in one
pass (`history`) and keeping every read inside the content folders (`confine`).

May import: `clausewise.model`, `clausewise.errors`. Knows nothing of rules, pages or
renderers.
"""

from __future__ import annotations

from clausewise.load import confine, siteconfig, yamlsafe
from clausewise.load.config import CONFIG_NAME, Config, load_config
from clausewise.load.documents import MAX_FILE_BYTES, docs_meta, parse_docs_page, schema_documents
from clausewise.load.history import History, load_history
from clausewise.load.loader import FAQ_FILE, KINDS, RFC_FILE, Kind, load_corpus

__all__ = [
    "CONFIG_NAME", "FAQ_FILE", "KINDS", "MAX_FILE_BYTES", "RFC_FILE", "Config", "History", "Kind",
    "confine", "docs_meta", "load_config", "load_corpus", "load_history", "parse_docs_page", "schema_documents", "siteconfig", "yamlsafe",
]
