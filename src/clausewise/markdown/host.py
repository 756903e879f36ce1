"""Every private detail of Python-Markdown the extension relies on, in one place, each with
a fallback.

The shortcuts in `extension` (prose kept out of the inline pass, tables written straight
to HTML) are only safe when every processor on the page is one they were checked against,
and Python-Markdown lists a registry's names only privately. Where a detail is missing,
the shortcut is off and the ordinary path renders the same page, only slower. `probe()`
names every detail and says whether the installed Python-Markdown still has it;
`tests/test_hosts.py` fails on the first one that is gone.
"""

from __future__ import annotations

from typing import Any


def registry_names(registry: Any) -> list[str] | None:
    """The names of a registry's items (`Registry._priority`), or None where unknown."""
    items = getattr(registry, "_priority", None)
    if items is None:
        return None
    try:
        return [item.name for item in items]
    except (AttributeError, TypeError):
        return None


def table_row_cells(processor: Any, line: str) -> list[str] | None:
    """A table row split into cells as `TableProcessor._split_row` splits it (escaped pipes
    and code spans kept), or None where that method is missing."""
    split = getattr(processor, "_split_row", None)
    return split(line) if callable(split) else None


def table_separator(processor: Any) -> list[str] | None:
    """The alignment row `TableProcessor.test` keeps (`separator`), or None."""
    separator = getattr(processor, "separator", None)
    return list(separator) if isinstance(separator, (list, tuple)) else None


def probe() -> dict[str, bool]:
    """Each private detail relied on above, and whether the installed Python-Markdown has it."""
    from markdown import Markdown
    from markdown.extensions.tables import TableProcessor

    md = Markdown(extensions=["tables"])
    tables = md.parser.blockprocessors["table"]
    # The processor keeps what `test` found about the table it said yes to.
    said_yes = isinstance(tables, TableProcessor) and tables.test(md.parser.parseDocument([""]).getroot(), "| a | b |\n| - | - |\n| c | d |")
    cells = table_row_cells(tables, "| c | d |") if said_yes else None
    return {
        "markdown.util.Registry._priority (names of processors)": registry_names(md.inlinePatterns) is not None,
        "TableProcessor.separator (alignment row)": said_yes and table_separator(tables) == [" - ", " - "],
        "TableProcessor._split_row (table cells)": cells is not None and [c.strip() for c in cells] == ["c", "d"],
    }
