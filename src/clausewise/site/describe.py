"""A description for each generated page, written into its front matter.

The description is what a search engine, a link preview and Material's social cards show
for the page: each RFC's summary, each post-mortem's opening, each ambiguity's question,
each clause's text; without one, every generated page shared the site's description.

Written as front matter, so every renderer reads it the same way: MkDocs and ProperDocs
from the generated file's content, Zensical from the docs tree `clausewise pages` writes.
The value is plain text quoted as a JSON string (JSON is YAML): no text can add a key.
(Tags are left to the search aliases `reader` writes there: Material's search boosts tags
far above titles, so kind-of-page tags would rank every RFC for "RFC".)
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from clausewise.graph import Graph
from clausewise.site import i18n
from clausewise.site.govpages import rfc_summary
from clausewise.site.page import Page

#: Longer descriptions are cut at a word; search engines show about this many characters.
LIMIT = 200

_REF = re.compile(r"\[\[([^\]|]*)(?:\|([^\]]*))?\]\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_MARK = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`|^#+\s*|^>\s?|^\s*(?:[-+*]|\d+[.)])\s+", re.M)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def plain(markdown: str, limit: int = LIMIT) -> str:
    """The first paragraph of `markdown` as one line of plain text, cut at a word."""
    para = next((p for p in re.split(r"\n\s*\n", markdown.strip()) if p.strip() and not p.lstrip().startswith(("#", "<", "|", "```", "~~~", "!!!", "???"))), "")
    text = _REF.sub(lambda m: (m.group(2) or m.group(1)).strip(), para)
    text = _LINK.sub(r"\1", text)
    text = _MARK.sub("", _TAG.sub("", text))
    text = " ".join(text.split())
    if not text.isprintable():  # rare: a character at a time only then
        text = "".join(ch for ch in text if ch.isprintable())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:.-–— ") + "…"
    return text


#: The index pages' descriptions: what each lists.
INDEXES = {
    "rfcs/index.md": i18n.N_("Every RFC proposed to change the policy: what it resolves and changes, its status, and the version that applied it."),
    "postmortems/index.md": i18n.N_("The post-mortems whose ambiguities in the policy the RFCs set out to resolve."),
    "ambiguities/index.md": i18n.N_("The register of ambiguities found in the policy: each one's state, the rulings given in the meantime and the RFCs that resolve it."),
    "faq/index.md": i18n.N_("Answers to questions about the policy, each pinned to the policy version it was written against."),
    "changelog/index.md": i18n.N_("Every version of the policy: when it took effect, the RFCs it applied and what they changed."),
    "roster.md": i18n.N_("Who may vote on RFCs, and the rules that decide each kind of decision."),
}


def describe(graph: Graph, page: Page, rfc_pages: dict[str, int] | None = None) -> str:
    """The description of one generated page ("" when it has none).
    `rfc_pages` (page path to RFC number) is made once by `described` for a whole site."""
    c = graph.corpus
    path = page.path
    if rfc_pages is None:
        rfc_pages = {rfc.page: n for n, rfc in c.rfcs.items()}
    if path in rfc_pages:
        rfc = c.rfcs[rfc_pages[path]]
        return plain(rfc_summary(rfc) or rfc.body) or f"RFC {rfc.number}: {rfc.title}"
    if path in INDEXES:
        return i18n._(INDEXES[path])
    kind, _, name = path.partition("/")
    name = name[:-3] if name.endswith(".md") else name
    if kind == "postmortems" and name in c.postmortems:
        pm = c.postmortems[name]
        return plain(pm.body) or pm.title
    if kind == "ambiguities" and name in c.ambiguities:
        amb = c.ambiguities[name]
        return plain(amb.question)
    if kind == "clauses" and name in c.clauses:
        return plain(c.clauses[name].text)
    if kind == "faq" and name in c.gov.faq:
        answer = c.gov.faq[name]
        return plain(answer.question)
    if kind == "changelog" and name != "index":
        return i18n._("What changed in policy version {version}, and why: the RFCs it applied and their redlines.").format(version=name)
    return ""


def with_description(markdown: str, description: str) -> str:
    """The page's Markdown with `description` in its front matter (added to the front matter
    the page has, else a new one)."""
    if not description:
        return markdown
    line = f"description: {json.dumps(description, ensure_ascii=False)}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return "---\n" + line + "---\n\n" + markdown


def described(graph: Graph, pages: list[Page]) -> list[Page]:
    """The pages, each with its description in its front matter."""
    rfc_pages = {rfc.page: n for n, rfc in graph.corpus.rfcs.items()}
    return [replace(page, markdown=with_description(page.markdown, describe(graph, page, rfc_pages))) for page in pages]
