"""One call from a folder to a validated, cross-linked project: what every face composes."""

from __future__ import annotations

import datetime as _dt
import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from clausewise.check.review import review
from clausewise.check.validate import validate
from clausewise.errors import ClausewiseError
from clausewise.governance.tally import build_date
from clausewise.graph import Graph
from clausewise.load import confine
from clausewise.load.config import Config, load_config
from clausewise.load.history import History, load_history
from clausewise.load.loader import load_corpus
from clausewise.load.revisions import rfc_steps
from clausewise.model import RFC, Corpus
from clausewise.model.diagnostics import Diagnostic, sort_key
from clausewise.site import i18n
from clausewise.site.generate import Page, generate
from clausewise.site.permalinks import Asset


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
        from clausewise.site import describe, reader

        with i18n.use(self.config.language):  # the site's generated text in theme.language
            return describe.described(self.graph, reader.extend(generate(self.graph), self.graph, self.history))

    def assets(self, site_url: str = "", directory_urls: bool = True) -> list[Asset]:
        """Site files that are not pages: feeds, the JSON export, permalink redirects."""
        from clausewise.site import export, feeds, permalinks

        with i18n.use(self.config.language):
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
    else SOURCE_DATE_EPOCH, else (with `history`) the day of the commit checked out, else today. `cache` and `history_cache` are `load_corpus`'s and `load_history`'s, for hosts that reload."""
    config = config or load_config(root)
    corpus, diagnostics = load_corpus(config, cache)
    diagnostics += confine.link_diagnostics(config)
    diagnostics += confine.private_link_diagnostics(config)
    diagnostics += confine.static_diagnostics(config)
    diagnostics += i18n.language_notes(config.language, config.language_at)
    pinned = corpus.gov.governance.as_of if corpus.gov.governance else None
    hist = load_history(config.root, config.policy_dir, config.rfcs_dir, history_cache) if history else None
    if not (today or pinned) and hist is not None and hist.head_epoch is not None and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        # A site is built for its commit's day, not the clock's: one commit, the same pages.
        today = _dt.datetime.fromtimestamp(hist.head_epoch, _dt.timezone.utc).date().isoformat()
    corpus.build_date = today or pinned or build_date()
    graph = Graph(corpus)
    with i18n.use(i18n.SOURCE):  # diagnostics are English whatever language a site is built in
        diagnostics += validate(corpus, graph)
    return Project(config, corpus, graph, sorted(set(diagnostics), key=sort_key), hist)


# -- review: the project at another revision ---------------------------------------------
def project_at(project: Project, ref: str, tmp: Path) -> Project:
    """The project as it was at `ref`, extracted under `tmp` (content folders only)."""
    root = project.config.root
    # The project's folder at REF, read from the repository's top: `git archive` run in a
    # sub-folder also limits itself to that folder's path *inside* the tree it is given,
    # and fails with "current working directory is untracked".
    try:
        where = subprocess.run(["git", "rev-parse", "--show-toplevel", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=60)
        top, prefix = (where.stdout.split("\n") + ["", ""])[:2] if where.returncode == 0 else (str(root), "")
        proc = subprocess.run(["git", "archive", "--format=tar", f"{ref}:{prefix}"], cwd=top or root, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ClausewiseError(f"--since needs git: {exc}") from None
    if proc.returncode != 0:
        why = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["unknown git error"])[-1]
        raise ClausewiseError(f"--since {ref}: cannot read that revision from git ({why})")
    c = project.config
    folders = (c.docs_dir, c.policy_dir, c.postmortems_dir, c.rfcs_dir, c.faq_dir, c.votes_dir, c.applications_dir, c.governance_file, c.versions_file, "clausewise.yml", "mkdocs.yml")
    wanted = [PurePosixPath(p) for p in folders]
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            # Only regular files inside the content folders; nothing absolute, no `..`, no links.
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue
            if not any(name == w or w in name.parents for w in wanted):
                continue
            target = tmp.joinpath(*name.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = tar.extractfile(member)
            target.write_bytes(data.read() if data else b"")
    try:
        return load_project(tmp)
    except ClausewiseError:
        # A clausewise.yml that was broken at REF: read the old files with today's settings.
        return load_project(tmp, replace(project.config, root=tmp.resolve()))


def review_since(project: Project, ref: str) -> list[Diagnostic]:
    """`clausewise check --since REF`: the review rules (`clausewise.check.review`) between
    the project at `ref` and the project now."""
    with tempfile.TemporaryDirectory(prefix="clausewise-since-") as tmp:
        old = project_at(project, ref, Path(tmp))
        changed_rfcs = _changed_rfcs(project, old, Path(tmp))
        changed_votes = _changed_votes(project, Path(tmp))
    # Status changes are judged commit by commit: two more git processes, whatever the range.
    steps = rfc_steps(project.config.root, ref, project.config.rfcs_dir)
    return review(old.graph, project.graph, changed_rfcs, ref, changed_votes, steps)


def _changed_votes(project: Project, tmp: Path) -> frozenset[int]:
    """RFC numbers whose vote record was added, edited or removed since REF."""
    votes = project.config.votes_dir
    out = set()
    for folder in (project.config.root / votes, tmp / votes):
        for path in folder.glob("*.yml") if folder.is_dir() else ():
            before, now = tmp / votes / path.name, project.config.root / votes / path.name
            if path.stem.isdigit() and (not before.is_file() or not now.is_file() or before.read_bytes() != now.read_bytes()):
                out.add(int(path.stem))
    return frozenset(out)


def _changed_rfcs(project: Project, old: Project, tmp: Path) -> list[RFC]:
    changed = []
    for rfc in project.corpus.rfcs.values():
        before = tmp / rfc.loc.path
        now = project.config.root / rfc.loc.path
        if not before.is_file() or before.read_bytes() != now.read_bytes():
            changed.append(rfc)
    return changed
