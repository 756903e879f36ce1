"""Escaping and diffing for generated Markdown.

Values from front matter (titles, names, questions) reach generated pages; they are
escaped here so no field can inject HTML or break the surrounding Markdown.
"""

from __future__ import annotations

import difflib
import html
import re
from functools import lru_cache

from clausewise.model import RFC

def rfc_link(number: int, rfc: RFC | None, table: bool = False) -> str:
    """A reference to an RFC shown by its name, which labels a reconstructed or fictional
    RFC (`RFC 1 (reconstruction)`); `table` escapes the pipe for a table cell."""
    name = rfc.name if rfc is not None else f"RFC {number}"
    return f"[[RFC {number}{chr(92) if table else ''}|{name}]]"


# Python-Markdown removes a backslash only before its own escapable characters; before any
# other (`:`, `=`, `|`...) the backslash is printed. Those become numeric entities instead.
_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")
_INLINE_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "|~^=:"})
_TOKENS = re.compile(r"(?:[\w'’-]+|[^\w\s])\s*|\s+")


def no_html(s: str) -> str:
    """Markdown prose with raw HTML disabled: `<` and `&` become entities."""
    return s.replace("&", "&amp;").replace("<", "&lt;")


@lru_cache(maxsize=65536)
def inline(s: str) -> str:
    """One line of literal text, safe in a heading, list item or table cell. Remembered:
    a title is written on every page that lists it, on every build."""
    s = " ".join(s.split())
    s = _INLINE_SPECIAL.sub(r"\\\1", no_html(s)).replace(">", "&gt;")
    return s.translate(_INLINE_ENTITIES)


def cell(s: str) -> str:
    """Markdown prose squeezed into one table cell."""
    return no_html(" ".join(s.split())).replace("|", "\\|")


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def quote_block(markdown: str) -> str:
    """Nest Markdown inside a blockquote."""
    return "\n".join(("> " + line) if line else ">" for line in markdown.split("\n"))


@lru_cache(maxsize=8192)
def redline(old: str, new: str) -> str:
    """Word-level redline as one raw HTML block: deletions struck, insertions marked.

    Each word or punctuation mark carries the whitespace after it, and two words compare
    equal when their text matches and both or neither end a paragraph. So a change of
    several words reads as one deletion and one insertion instead of word-by-word
    confetti, re-wrapping a line is not a change, and difflib matches half as many
    tokens, without the one token (a space) that matched everywhere: about 3x faster.
    Unchanged runs are shown as the new text wraps them. Pure and the costliest part of generating pages, so it is remembered: a rebuild
    under `mkdocs serve` redoes only the redlines whose texts changed."""
    a, a_keys = _words(old)
    b, b_keys = _words(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_keys, b_keys, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{_esc(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_esc(''.join(b[j1:j2]))}</ins>")
        if op == "equal":
            out.append(_esc("".join(b[j1:j2])))
    return '<div class="cw-redline">' + "".join(out) + "</div>"


def _words(text: str) -> tuple[list[str], list[str]]:
    """The text's tokens (a word or punctuation mark with the whitespace after it, or
    leading whitespace) and the keys they are compared by."""
    tokens = _TOKENS.findall(text)
    keys = [t.rstrip() + ("\n\n" if t.count("\n") > 1 else "") for t in tokens]
    return tokens, keys


def _esc(s: str) -> str:
    # Newlines become entities so the raw HTML block never contains a blank line.
    return html.escape(s, quote=False).replace("\n", "&#10;")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
