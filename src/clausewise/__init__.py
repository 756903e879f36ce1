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
from .graph import Graph, Target
from .model import RFC, Ambiguity, AmbiguityState, ChangeOp, Clause, Corpus, Postmortem, RFCStatus, Ruling
from .project import Project, load_project

__version__ = "0.1.0"

__all__ = [
    "CODES",
    "RFC",
    "Ambiguity",
    "AmbiguityState",
    "ChangeOp",
    "Clause",
    "ClausewiseError",
    "Config",
    "ConfigError",
    "Corpus",
    "Diagnostic",
    "Graph",
    "Page",
    "Postmortem",
    "Project",
    "RFCStatus",
    "Ruling",
    "Severity",
    "Target",
    "load_config",
    "load_project",
]
