"""A hand-written navigation fitted to the pages a build makes: shared by the MkDocs plugin
and `clausewise pages --config` (the configuration for a renderer without the plugin)."""

from __future__ import annotations

from typing import Any

from clausewise.site.page import NAV_PAGES


def fit_nav(nav: Any, made: dict[str, str]) -> tuple[Any, list[str], list[str]]:
    """A hand-written `nav` fitted to the generated pages of this build: entries for a
    generated page not made now (no FAQ answers yet, no governance.yml) are left out, and
    each one made but not listed is added at the end under its title, so adding or removing
    content never needs an edit of mkdocs.yml. Returns (nav, dropped, added)."""
    dropped: list[str] = []

    def keep(item: Any) -> Any:
        if isinstance(item, str):
            target = item
        elif isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if isinstance(target, list):
                inner = [x for x in (keep(i) for i in target) if x is not None]
                return {title: inner} if inner else None
        else:
            return item
        if isinstance(target, str) and target in NAV_PAGES and target not in made:
            dropped.append(target)
            return None
        return item

    listed: set[str] = set()

    def walk(items: list[Any]) -> None:
        for item in items:
            values = list(item.values()) if isinstance(item, dict) else [item]
            for value in values:
                if isinstance(value, list):
                    walk(value)
                elif isinstance(value, str):
                    listed.add(value)

    out = [x for x in (keep(i) for i in nav) if x is not None]
    walk(out)
    added = [path for path in NAV_PAGES if path in made and path not in listed]
    return out + [{made[path]: path} for path in added], dropped, added
