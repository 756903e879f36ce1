"""One call from a folder to a validated, cross-linked project: what every face composes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import govcheck
from .config import Config, load_config
from .diagnostics import Diagnostic, sort_key
from .generate import Page, generate
from .graph import Graph
from .loader import load_corpus
from .model import Corpus
from .tally import build_date
from .validate import validate


@dataclass
class Project:
    config: Config
    corpus: Corpus
    graph: Graph
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    def pages(self) -> list[Page]:
        return generate(self.graph)


def load_project(root: str | os.PathLike[str] = ".", config: Config | None = None, today: str | None = None) -> Project:
    """Load, link and validate the project under `root`. Raises ConfigError only for a
    configuration that cannot be read; every content problem is a diagnostic. `today`
    (YYYY-MM-DD) is the day tallies are computed for; by default `as_of` in governance.yml,
    else SOURCE_DATE_EPOCH, else today."""
    config = config or load_config(root)
    corpus, diagnostics = load_corpus(config)
    pinned = corpus.gov.governance.as_of if corpus.gov.governance else None
    corpus.build_date = today or pinned or build_date()
    graph = Graph(corpus)
    diagnostics += validate(corpus, graph)
    diagnostics += govcheck.check(corpus, graph)
    return Project(config, corpus, graph, sorted(set(diagnostics), key=sort_key))
