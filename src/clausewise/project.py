"""One call from a folder to a validated, cross-linked project: what every face composes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from . import confine, govcheck
from .config import Config, load_config
from .diagnostics import Diagnostic, sort_key
from .generate import Page, generate
from .graph import Graph
from .history import History, load_history
from .loader import load_corpus
from .model import Corpus
from .permalinks import Asset
from .tally import build_date
from .validate import validate


@dataclass
class Project:
    config: Config
    corpus: Corpus
    graph: Graph
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: git history, loaded in one pass when asked for (the site); None for `check`
    history: History | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def pages(self) -> list[Page]:
        from . import reader

        return reader.extend(generate(self.graph), self.graph, self.history)

    def assets(self, site_url: str = "", directory_urls: bool = True) -> list[Asset]:
        """Site files that are not pages: feeds, the JSON export, permalink redirects."""
        from . import export, feeds, permalinks

        return (
            feeds.feeds(self.graph, self.history, site_url, directory_urls)
            + export.assets(self.graph, self.history, directory_urls)
            + permalinks.redirects(self.graph, directory_urls)
        )


def load_project(root: str | os.PathLike[str] = ".", config: Config | None = None, history: bool = False, today: str | None = None, cache: dict[Any, Any] | None = None, history_cache: dict[Any, Any] | None = None) -> Project:
    """Load, link and validate the project under `root`. Raises ConfigError only for a
    configuration that cannot be read; every content problem is a diagnostic. With
    `history`, also read the git history (a constant number of git processes). `today`
    (YYYY-MM-DD) is the day tallies are computed for; by default `as_of` in governance.yml,
    else SOURCE_DATE_EPOCH, else today. `cache` and `history_cache` are `load_corpus`'s and `load_history`'s, for hosts that reload."""
    config = config or load_config(root)
    corpus, diagnostics = load_corpus(config, cache)
    diagnostics += confine.link_diagnostics(config)
    pinned = corpus.gov.governance.as_of if corpus.gov.governance else None
    corpus.build_date = today or pinned or build_date()
    graph = Graph(corpus)
    diagnostics += validate(corpus, graph)
    diagnostics += govcheck.check(corpus, graph)
    hist = load_history(config.root, config.policy_dir, config.rfcs_dir, history_cache) if history else None
    return Project(config, corpus, graph, sorted(set(diagnostics), key=sort_key), hist)
