"""A link checker over a built site: every internal link and anchor must resolve.

Used by the tests that build the flagship and other sites under each setting; with
`directory_urls=False` (what Material's offline plugin sets), a link must name the file
itself, as a browser opening the site from disk needs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"] or "")
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key] or "")


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def broken_links(site: Path, directory_urls: bool = True, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """`page: href` for every internal link in `site` whose file or anchor is missing."""
    site = site.resolve()
    cache: dict[Path, _Page] = {}
    out = []
    for page_path in sorted(site.rglob("*.html")):
        rel = page_path.relative_to(site).as_posix()
        if rel in skip:
            continue
        for href in _parse(page_path, cache).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            path = unquote(parts.path)
            if not path:  # a fragment on the same page
                target = page_path
            else:
                target = (page_path.parent / path).resolve()
                if target.is_dir():
                    if not directory_urls:
                        out.append(f"{rel}: {href} (a folder; without directory URLs a link must name the file)")
                        continue
                    target = target / "index.html"
            if site not in target.parents and target != site:
                out.append(f"{rel}: {href} (outside the site)")
            elif not target.is_file():
                out.append(f"{rel}: {href} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target, cache).ids:
                out.append(f"{rel}: {href} (no such anchor)")
    return out
