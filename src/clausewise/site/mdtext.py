"""Markdown as a reader sees it: a text's blocks (paragraphs, quoted paragraphs, list
items, headings) with their inline syntax gone and their lines reflowed, for redlines.

A redline over the Markdown source showed `> *`, `**` and the source's hard line breaks,
and matched words across paragraphs. `blocks()` reads the small part of Markdown that
policy clauses use (paragraphs, `>` quotes, `*`/`-`/`1.` lists, `#` headings, fenced code,
emphasis, code spans, links, images, `[[references]]`, escapes, inline HTML, entities)
without a renderer, since the core imports none. Anything it does not know stays as text.

Each block is one line of plain text (entities decoded; the caller escapes it). The
editors' `[sic]` after a quoted misspelling is dropped: the quoted words are shown as the
source has them. Linear in the text: every pattern below stops at the next delimiter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Block", "blocks", "plain"]


@dataclass(frozen=True)
class Block:
    kind: str  # "p" | "li" | "h" | "code"
    text: str  # plain text, one line (code keeps its lines)
    quote: int = 0  # blockquote depth
    marker: str = ""  # a list item's number ("3."), or "" for a bullet or a non-item
    level: int = 0  # a list item's nesting: 1 for a top-level item, 2 inside it...


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^(?P<ind>[ \t]*)(?P<m>[*+-]|[0-9]{1,9}[.)])(?:[ \t]+|$)(?P<rest>.*)$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(?P<rest>.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_QUOTES = re.compile(r"^(?: {0,3}> ?)+")
MAX_QUOTE = 8
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")

#: What can start a block other than a paragraph (a line starting `>`, `#`, a list marker
#: or a fence; `_`, `*` and `-` also make rules); without any, blocks are paragraphs.
_BLOCK_SYNTAX = re.compile(r"^[ \t]*(?:[>#*+_~`-]|[0-9]{1,9}[.)])", re.MULTILINE)
_BLANK = re.compile(r"\n[ \t]*\n")

# Inline syntax, each pattern bounded by the next delimiter (no backtracking across the text).
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_CODE = re.compile(r"(?<!`)(`+)(?!`)([^`]+?)(?<!`)\1(?!`)")  # starts only at a run's start: linear
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_REF = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_IMAGE = re.compile(r"!\[([^\[\]]*)\](?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])")
_LINK = re.compile(r"\[([^\[\]]*)\](?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[[^\[\]]*\])")
_SIC = re.compile(r"\s*\[sic\]", re.IGNORECASE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)([^*_]+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_]+?)(?<=\S)\1(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)([^~]+?)(?<=\S)~~")
_PROTECT = 0xE000  # escaped characters ride in the private use area until the end


def _protect(m: re.Match[str]) -> str:
    return chr(_PROTECT + ord(m.group(1)))


def _restore(s: str) -> str:
    return re.sub("[\ue000-\ue07f]", lambda m: chr(ord(m.group(0)) - _PROTECT), s)


_INLINE = re.compile(r"[\\`<\[*_~&]")


def _no_comments(s: str) -> str:
    """HTML comments removed in one pass (a pattern would rescan the rest of the text from
    each unclosed `<!--`)."""
    out, i = [], 0
    while (start := s.find("<!--", i)) >= 0:
        end = s.find("-->", start + 4)
        if end < 0:
            break
        out.append(s[i:start])
        i = end + 3
    out.append(s[i:])
    return "".join(out)


def plain(text: str) -> str:
    """One block's inline Markdown as the words a reader sees, on one line."""
    if _INLINE.search(text) is None:  # most clause text: nothing to read but words
        return " ".join(text.split())
    s = _ESCAPE.sub(_protect, text)
    # Code spans are literal: protect their characters from the patterns after this one.
    s = _CODE.sub(lambda m: "".join(chr(_PROTECT + ord(c)) if ord(c) < 128 else c for c in m.group(2).strip()), s)
    s = _no_comments(s)
    s = _AUTOLINK.sub(r"\1", s)
    s = _TAG.sub("", s)
    s = _REF.sub(lambda m: (m.group(2) or m.group(1)).strip(), s)
    s = _IMAGE.sub(r"\1", s)
    s = _LINK.sub(r"\1", s)
    s = _SIC.sub("", s)
    for _ in range(2):  # nested emphasis: ***x***, **_x_**
        s = _STRONG.sub(r"\2", s)
        s = _EM.sub(r"\2", s)
    s = _STRIKE.sub(r"\1", s)
    return " ".join(html.unescape(_restore(s)).split())


def blocks(text: str, quote: int = 0) -> list[Block]:
    """The text's blocks in order; `quote` is the depth of the blockquote it sits in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _BLOCK_SYNTAX.search(text) is None:  # paragraphs only: most clause text
        return [Block("p", words, quote) for para in _BLANK.split(text) if (words := plain(para))]
    lines = text.split("\n")
    out: list[Block] = []
    para: list[str] = []
    kind, marker, level = "p", "", 0
    indents: list[int] = []  # the indentation of each open list level

    def flush() -> None:
        nonlocal para, kind, marker, level
        words = plain(" ".join(para))
        if words:
            out.append(Block(kind, words, quote, marker, level))
        para, kind, marker, level = [], "p", "", 0

    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            flush()
            i += 1
            continue
        if _QUOTE.match(line):
            flush()
            # Quotes deeper than MAX_QUOTE are read as that deep: their `>`s go at once, so
            # a run of thousands costs one pass, not one per level.
            strip = _QUOTES if quote + 1 >= MAX_QUOTE else _QUOTE
            inner: list[str] = []
            while i < n and lines[i].strip():  # lazy lines continue the quote; a blank line ends it
                inner.append(strip.sub("", lines[i], count=1))
                i += 1
            out.extend(blocks("\n".join(inner), quote + 1))
            continue
        if fence := _FENCE.match(line):
            flush()
            body: list[str] = []
            i += 1
            while i < n and not lines[i].lstrip().startswith(fence.group(1)):
                body.append(lines[i])
                i += 1
            i += 1
            if any(b.strip() for b in body):
                out.append(Block("code", "\n".join(body).strip("\n"), quote))
            continue
        if _RULE.match(line):
            flush()
        elif m := _HEADING.match(line):
            flush()
            para, kind = [m.group("rest")], "h"
            flush()
        elif (m := _ITEM.match(line)) and (len(m.group("ind").expandtabs(4)) < 4 or indents):
            flush()
            mark, indent = m.group("m"), len(m.group("ind").expandtabs(4))
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            para, kind, marker, level = [m.group("rest")], "li", ("" if mark in "*+-" else mark), len(indents)
        else:
            if not para:
                indents.clear()  # a paragraph after a blank line ends the list (near enough)
            para.append(line.strip())
        i += 1
    flush()
    return out
