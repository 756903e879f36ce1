"""A generated page: a docs-relative path and its Markdown, and the notice banner that
several kinds of page put at their top."""

from __future__ import annotations

from dataclasses import dataclass


#: The generated pages meant for a site's navigation, each made only when there is content
#: for it (a FAQ index needs answers, the roster needs governance.yml): a host may list the
#: ones made and drop the others from a hand-written navigation.
NAV_PAGES = ("postmortems/index.md", "ambiguities/index.md", "rfcs/index.md", "faq/index.md", "changelog/index.md", "roster.md", "apply/index.md", "applications/index.md")


@dataclass(frozen=True)
class Page:
    path: str  # docs-relative
    title: str
    markdown: str
    in_nav: bool = False


def banner(kind: str, markdown: str) -> list[str]:
    """A notice at the top of a page (superseded RFC, past policy version, stale FAQ answer).
    `kind` is info or warning; `markdown` may hold [[refs]]."""
    return [f'<div class="cw-banner cw-banner-{kind}" markdown>', "", markdown, "", "</div>", ""]
