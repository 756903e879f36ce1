"""clausewise: a community's policy, post-mortems and RFCs in git, published as a
cross-linked, searchable site.

The package is its pipeline, one folder a stage, each importing only the stages above it
in this list (docs/architecture.md draws it):

- `clausewise.model`: the records and the diagnostics vocabulary;
- `clausewise.load`: files into records (config, YAML, front matter, git history, confinement);
- `clausewise.graph`: the reference graph, every inverse link;
- `clausewise.governance`: decision rules, tallies and policy versions (pure functions);
- `clausewise.check`: every rule over the corpus, `explain`, and the `--since` review rules;
- `clausewise.site`: generated pages, feeds, export, graphs, redlines, sanitising;
- `clausewise.project`: the pipeline in one call (`load_project`);
- `clausewise.author`: what writes content (`new`, `init`, `apply`).

The faces compose the core through these packages' public names and import nothing of
each other's internals: `clausewise.mkdocs` (the MkDocs plugin), `clausewise.markdown`
(the Python-Markdown extension, for any renderer) and `clausewise.cli` (the command).
This module names the public API.
"""

from __future__ import annotations

from clausewise.errors import ClausewiseError, ConfigError
from clausewise.governance import RULES, Ballot, Outcome, Result, Rule, Tally, tally
from clausewise.graph import Graph, Target
from clausewise.load import Config, load_config
from clausewise.model import CODES, RFC, Ambiguity, AmbiguityState, ChangeOp, Clause, Corpus, Diagnostic, Postmortem, RFCStatus, Ruling, Severity
from clausewise.project import Project, load_project
from clausewise.site import Page
from clausewise.version import __version__ as __version__

__all__ = [
    "CODES",
    "RULES",
    "RFC",
    "Ambiguity",
    "Ballot",
    "AmbiguityState",
    "ChangeOp",
    "Clause",
    "ClausewiseError",
    "Config",
    "ConfigError",
    "Corpus",
    "Diagnostic",
    "Graph",
    "Outcome",
    "Page",
    "Postmortem",
    "Project",
    "RFCStatus",
    "Result",
    "Rule",
    "Ruling",
    "Severity",
    "Tally",
    "Target",
    "load_config",
    "load_project",
    "tally",
]
