"""Dated documents on the site: their clause references read as at their date.

A generated page writes the body of a post-mortem, an interim ruling, a FAQ answer or an
RFC with each plain clause reference `[[id]]` turned into `[[id@V]]`, V being the policy
version the document is read against (`governance.asat`). The Markdown extension renders
`[[id@V]]` as the clause's title at V, linking to the clause on the page of version V (the
whole policy as it stood then, one anchor per clause), followed by what changed in it
since ("since amended by RFC 2 in version 3.0: today's text"); `as_at_link` says what to
show. A reader may write `[[id@V]]` in any page too.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausewise.governance.asat import clause_as_at, rfc_own_clauses, versions_with
from clausewise.governance.versions import whole_policy_versions
from clausewise.graph import Graph, clause_page
from clausewise.model import Clause, PolicyVersion, syntax
from clausewise.site import i18n
from clausewise.site.i18n import _
from clausewise.site.sanitize import SEARCH_EXCLUDE
from clausewise.site.text import inline

def _verbs() -> dict[str, str]:
    return {"amend": _("amended"), "add": _("added"), "remove": _("removed")}


def version_page(version: str) -> str:
    """The docs-relative page of a policy version: the whole policy as at that version."""
    return f"changelog/{version}.md"


def qualify(graph: Graph, text: str, version: PolicyVersion | None, exempt: frozenset[str] = frozenset()) -> str:
    """`text` with each plain reference to a clause (outside code, not in `exempt`, not
    already dated) read as at `version`; unchanged without a version."""
    if version is None or "[[" not in text:
        return text
    lines = text.split("\n")
    for i, line in syntax.iter_code_free_lines(lines):
        if "[[" in line:
            lines[i] = _qualify_line(graph, line, version.version, exempt)
    return "\n".join(lines)


def _qualify_line(graph: Graph, line: str, version: str, exempt: frozenset[str]) -> str:
    spans = [(m.start(), m.end()) for m in syntax.CODE_SPAN.finditer(line)]
    out, pos = [], 0
    for m in syntax.REFERENCE.finditer(line):
        raw = m.group("target")
        if any(a <= m.start() < b for a, b in spans) or syntax.AS_AT in raw:
            continue
        target = graph.resolve(raw)
        if target is None or target.kind != "clause" or target.key in exempt:
            continue
        out += [line[pos:m.end("target")], syntax.AS_AT, version]
        pos = m.end("target")
    return "".join(out) + line[pos:]


def rfc_exempt(graph: Graph, number: int) -> frozenset[str]:
    return rfc_own_clauses(graph.corpus, number)


@dataclass(frozen=True)
class Since:
    """One later change to a cited clause: `verb` by `rfc` (its name and page) in `version`."""

    verb: str
    version: str
    rfc_name: str
    rfc_page: str | None


@dataclass(frozen=True)
class AsAtLink:
    """What a reference `[[id@V]]` shows: the clause's title at V and where it links (the
    clause on V's page), and each later change, with a link to the clause today."""

    title: str
    page: str
    anchor: str
    version: str
    since: tuple[Since, ...]
    current_page: str | None  # the clause's own page today; None once it is removed


def as_at_link(graph: Graph, raw: str) -> AsAtLink | None:
    """For `[[id@V]]`: None when `id` is no clause or V no recorded version, or when the
    clause did not exist at V (`clausewise check` reports both)."""
    base, version = syntax.split_as_at(raw)
    target = graph.resolve(base)
    if version is None or target is None or target.kind != "clause":
        return None
    at = clause_as_at(graph, target.key, version)
    if at is None or at.state is None:
        return None
    since = []
    for v, ch in at.since:
        rfc = graph.corpus.rfcs.get(ch.rfc)
        since.append(Since(_verbs().get(ch.op, ch.op), v.version, i18n.rfc_name(rfc) if rfc else f"RFC {ch.rfc}", rfc.page if rfc else None))
    # Older versions' pages show what changed, not each clause: link the page, not an anchor.
    anchor = at.clause if version in whole_policy_versions(graph.corpus) else ""
    return AsAtLink(at.state.title, version_page(version), anchor, version, tuple(since), clause_page(at.clause) if at.clause in graph.corpus.clauses else None)


def clause_versions_line(graph: Graph, clause: Clause) -> list[str]:
    """The clause page's links to the clause as it stood at each recorded version."""
    versions = versions_with(graph, clause.id)
    if not versions:
        return []
    whole = whole_policy_versions(graph.corpus)
    links = " · ".join(f"[{inline(v.version)}](../{version_page(v.version)}#{clause.id})" for v in versions if v.version in whole)
    return [f'<p class="cw-asat-versions" {SEARCH_EXCLUDE} markdown>' + _("**As at each version:** {links}").format(links=links) + "</p>", ""]
