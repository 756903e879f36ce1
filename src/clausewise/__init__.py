"""clausewise: a community's policy, post-mortems and RFCs in git, published as a
cross-linked, searchable site.

The core (load, validate, graph, generate) imports no MkDocs; `clausewise.plugin` is the
MkDocs face, `clausewise.mdext` the Python-Markdown extension, `clausewise.cli` the CLI.
"""

from __future__ import annotations

from .config import Config, load_config
from .diagnostics import CODES, Diagnostic, Severity
from .errors import ClausewiseError, ConfigError
from .generate import Page
from .governance import RULES, Ballot, Outcome, Result, Rule
from .graph import Graph, Target
from .model import RFC, Ambiguity, AmbiguityState, ChangeOp, Clause, Corpus, Postmortem, RFCStatus, Ruling
from .project import Project, load_project
from .tally import Tally, tally

__version__ = "0.1.0"

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
