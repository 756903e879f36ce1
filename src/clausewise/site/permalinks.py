"""Permalinks that last, and the site files that are not Markdown pages.

Every clause, ambiguity, ruling, post-mortem and RFC gets a short URL that depends only on
its id: `r/<id>/` (and `rfc/<n>/` for RFCs). It is a tiny redirect page to wherever the
thing lives today, so renumbering, reordering or moving a clause to another policy page
never breaks a link pasted into an email. A renamed clause keeps its old id as an alias
(`aliases="old.id"`), which gets a redirect page too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from clausewise.graph import Graph, Target
from clausewise.site import i18n
from clausewise.site.text import attr


@dataclass(frozen=True)
class Asset:
    """A site file that is not a Markdown page (feed, export, redirect)."""

    path: str  # site-relative
    content: str


def page_url(md_path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a docs-relative Markdown path."""
    stem = md_path[:-3] if md_path.endswith(".md") else md_path
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
        return base if directory_urls else base + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def clash(page: str, url: str, written: str | None, docs_dir: str) -> str | None:
    """Why the generated `page` cannot be published at `url`, or None: `written` is the
    hand-written page with the same path or published at the same URL (`docs/applications.md`
    and the register `applications/index.md` are both `applications/`), if there is one. A
    renderer would keep one of the two without a warning; every face refuses the build."""
    if written is None:
        return None
    if written == page:
        return f"{docs_dir}/{page} clashes with a generated page; move or rename it"
    return f"{docs_dir}/{written} would be published at {url or './'}, where the generated page {page} is; move or rename {docs_dir}/{written}"


def target_url(target: Target, directory_urls: bool = True) -> str:
    return page_url(target.page, directory_urls) + (f"#{target.anchor}" if target.anchor else "")


@lru_cache(maxsize=16384)
def redirect_html(to: str, title: str, language: str = "en", words: str = "This is a permanent link. Go to {link}.") -> str:
    """A redirect that works without JavaScript (meta refresh) and keeps search engines
    pointed at the canonical page. Remembered: under `mkdocs serve` every save writes a
    thousand redirects again, nearly all of them unchanged."""
    t = attr(to)
    return (
        f"<!doctype html>\n<html lang=\"{attr(language)}\"><head><meta charset=\"utf-8\">"
        f"<title>{attr(title)}</title><link rel=\"canonical\" href=\"{t}\">"
        f"<meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\">"
        f"<script>location.replace({_js(to)} + (location.hash && !{_js(to)}.includes('#') ? location.hash : ''))</script>"
        "</head><body><p>" + attr(words).replace("{link}", f"<a href=\"{t}\">{attr(title)}</a>") + "</p></body></html>\n"
    )


def _js(s: str) -> str:
    import json

    return json.dumps(s).replace("<", "\\u003c")


def redirects(graph: Graph, directory_urls: bool = True) -> list[Asset]:
    """`r/<key>/index.html` for every id and alias, and `rfc/<n>/index.html`. Ids hold no
    slash, so every redirect sits two folders deep."""
    lang, words = i18n.current().replace("_", "-"), i18n._("This is a permanent link. Go to {link}.")
    out = [Asset(f"r/{key}/index.html", redirect_html("../../" + target_url(t, directory_urls), i18n.target_title(graph, t), lang, words)) for key, t in sorted(graph.targets.items())]
    for number in sorted(graph.corpus.rfcs):
        t = graph.targets[f"rfc-{number}"]
        out.append(Asset(f"rfc/{number}/index.html", redirect_html("../../" + target_url(t, directory_urls), i18n.target_title(graph, t), lang, words)))
    return out
