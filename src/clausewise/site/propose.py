""""Propose a change" from a clause's page: a link that opens the repository host's
new-file page with the next RFC already written (its file name, front matter and the
clause's current text), or, where no host is known or the link would be too long, the
same file as text to copy.

The clause page (generate.clause_page_for) carries a marker naming the next free RFC
number; the face knows the repository (`repo_url`, `edit_uri` in mkdocs.yml) and fills the
marker in with `expand`. The number in the marker keeps `serve --dirty` honest: adding an
RFC changes the Markdown of every clause page, so they are rendered again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import yaml

from clausewise.graph import Graph
from clausewise.model import Clause, syntax
from clausewise.site.i18n import _
from clausewise.site.sanitize import SEARCH_EXCLUDE

MARKER = re.compile(r"^<!-- clausewise:propose rfc=(?P<number>\d+) -->$", re.M)
#: Longest new-file link written: browsers take far longer ones, but servers and proxies in
#: front of GitHub and GitLab start refusing requests at about 8 KB of request line.
MAX_URL = 6000
DISCUSSION_PLACEHOLDER = "https://example.org/TODO-link-to-the-discussion"


@dataclass(frozen=True)
class Repository:
    """Where new files are proposed: the host's kind (`github` or `gitlab`), the repository's
    web address, the branch, and the project's folder inside the repository."""

    kind: str
    url: str
    branch: str = "main"
    folder: str = ""

    def new_file_url(self, directory: str, filename: str, content: str) -> str:
        where = "/".join(p for p in (self.folder.strip("/"), directory.strip("/")) if p)
        path = quote(f"{self.branch}/{where}".rstrip("/"), safe="/")
        if self.kind == "gitlab":
            return f"{self.url}/-/new/{path}?file_name={quote(filename, safe='')}&content={quote(content, safe='')}"
        return f"{self.url}/new/{path}?filename={quote(filename, safe='')}&value={quote(content, safe='')}"


def repository(repo_url: str | None, edit_uri: str | None, folder: str = "") -> Repository | None:
    """The repository named by mkdocs.yml's `repo_url` and `edit_uri` (`edit/BRANCH/docs/`
    on GitHub, `-/edit/BRANCH/docs/` on GitLab), or None for another host or none."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    host = parts.netloc.lower()
    kind = "github" if host == "github.com" else "gitlab" if "gitlab" in host else None
    if kind is None or parts.scheme not in ("http", "https") or parts.path.strip("/").count("/") < 1:
        return None
    branch = "main"
    m = re.match(r"^/?(?:-/)?(?:edit|blob|tree)/([^/]+)/", edit_uri or "")
    if m:
        branch = m.group(1)
    return Repository(kind, repo_url.rstrip("/"), branch, folder.strip("/"))


def marker(number: int) -> str:
    return f"<!-- clausewise:propose rfc={number} -->"


def next_number(graph: Graph) -> int:
    return max(graph.corpus.rfcs, default=0) + 1


def _block(text: str, indent: int) -> str:
    """`text` as a YAML block scalar that loads back to exactly `text`, else a JSON string."""
    pad = " " * indent
    chomp = "+" if text.endswith("\n\n") else "" if text.endswith("\n") else "-"
    indicator = str(indent) if text[:1] == " " else ""
    block = f"|{indicator}{chomp}\n" + "\n".join(pad + line if line else "" for line in text.rstrip("\n").split("\n"))
    try:
        if yaml.safe_load(f"k: {block}\n") == {"k": text}:
            return block
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


def rfc_file(graph: Graph, clause: Clause, number: int) -> tuple[str, str]:
    """(file name, text) of the RFC `clausewise new rfc --clause ID` would start: a draft
    amending the clause, its `base` and `text` the clause's current text."""
    title = f"Change: {clause.title}"
    name = f"{number:04d}-{syntax.slug(clause.title, 48, 'proposal')}.md"
    current = _block(clause.text, 6)
    created = graph.corpus.build_date or "2000-01-01"
    text = "\n".join([
        "---",
        f"rfc: {number}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "status: draft",
        'authors: ["Your Name"]',
        f'created: "{created}"',
        f"discussion: {DISCUSSION_PLACEHOLDER}",
        "resolves: []",
        "# Edit `text` into the text you propose; leave `base` as it is (the text you drafted against).",
        "changes:",
        "  - op: amend",
        f"    clause: {clause.id}",
        f"    base: {current}",
        f"    text: {current}",
        "---",
        "",
        "## Summary",
        "",
        "TODO: the change you propose, in two or three sentences.",
        "",
        "## Motivation",
        "",
        f"TODO: why the current wording of [[{clause.id}]] is not enough.",
        "",
    ])
    return name, text


def section(graph: Graph, clause: Clause, number: int, repo: Repository | None, rfcs_dir: str = "rfcs") -> str:
    """The Markdown that replaces the clause page's marker."""
    name, text = rfc_file(graph, clause, number)
    path = f"{rfcs_dir.strip('/')}/{name}"
    url = repo.new_file_url(rfcs_dir, name, text) if repo is not None else None
    if url is not None and len(url) <= MAX_URL:
        host = "GitHub" if repo is not None and repo.kind == "github" else "GitLab"
        return (
            '<p class="cw-propose" markdown>[' + _("Propose a change to this clause on {host}").format(host=host) + f"]({url}){{ .md-button .cw-propose-link }}</p>\n\n"
            + _("The link opens {host}'s new-file page with `{path}` written: the next free RFC number, its front matter "
                "and the clause's current text. Edit the text, then commit it to a branch and open a pull request.").format(host=host, path=path) + "\n"
        )
    why = _("The text is too long for a link: copy the RFC file to start from: {path}") if url is not None else _("Or copy the RFC file to start from: {path}")
    fence = "~~~~" if "~~~~" not in text else "`````"  # the text may hold a fence of its own
    return (
        f'<details class="cw-propose-text" {SEARCH_EXCLUDE} markdown>\n<summary>{why.format(path=path)}</summary>\n\n'
        f"{fence} text\n{text}\n{fence}\n\n</details>\n"
    )


def expand(markdown: str, graph: Graph, clause_id: str, repo: Repository | None, rfcs_dir: str = "rfcs") -> str:
    """The clause page with its marker filled in (unchanged without a marker)."""
    m = MARKER.search(markdown)
    clause = graph.clause(clause_id)
    if m is None or clause is None:
        return markdown
    return markdown[: m.start()] + section(graph, clause, int(m.group("number")), repo, rfcs_dir) + markdown[m.end():]
