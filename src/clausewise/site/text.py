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
from clausewise.site import i18n, mdtext
from clausewise.site.sanitize import finished

def rfc_link(number: int, rfc: RFC | None, table: bool = False) -> str:
    """A reference to an RFC shown by its name, which labels a reconstructed or fictional
    RFC (`RFC 1 (reconstruction)`); `table` escapes the pipe for a table cell."""
    name = i18n.rfc_name(rfc) if rfc is not None else f"RFC {number}"
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


#: A paragraph pair whose words match less than this is shown removed and added whole:
#: interleaved fragments of a rewrite cannot be read.
REWRITE_RATIO = 0.5
#: How many paragraphs ahead a changed paragraph looks for its new version.
PAIR_WINDOW = 8
#: Paragraphs longer than this (in words) are not diffed word by word: shown whole when
#: changed, so the work per paragraph stays bounded.
MAX_DIFF_WORDS = 2000
#: Paragraphs aligned by difflib at most, a side, once equal first and last ones are set aside.
MAX_ALIGN = 1000


def redline(old: str, new: str) -> str:
    """`_redline` in the site's language (its labels are words): remembered per language."""
    return _redline(old, new, i18n.current())


#: Where Python-Markdown, given the redline inside a Markdown-in-HTML block, breaks the line
#: (its "prettify" step): after the opening tag and after each paragraph.
_PARAGRAPH_END = re.compile(r"(</(?:p|pre)>)(?=<(?:p|pre)[ >]|</div>$)")
_REDLINE_OPEN = '<div class="cw-redline"><'


def redline_block(old: str, new: str) -> str:
    """The redline as a generated page holds it: laid out line by line exactly as
    Python-Markdown writes it back out of a `markdown` wrapper, and marked as finished HTML
    (`sanitize.finished`), so the Markdown extension stashes it whole instead of having
    md_in_html parse every tag, and the page stays byte for byte the same. The text inside
    is escaped (`_esc`), so every `<` is one of the redline's own tags."""
    out = redline(old, new)
    if out.startswith(_REDLINE_OPEN):  # at least one paragraph
        out = '<div class="cw-redline">\n' + _PARAGRAPH_END.sub("\\1\n", out[len(_REDLINE_OPEN) - 1:])
    return finished(out)


@lru_cache(maxsize=8192)
def _redline(old: str, new: str, language: str) -> str:
    """A redline of the rendered text as one raw HTML block: deletions struck, insertions
    marked, paragraph by paragraph.

    Both texts are read as a reader sees them (`mdtext.blocks`: no Markdown syntax, lines
    reflowed to the column), paragraphs are aligned (difflib over whole paragraphs), and a
    changed paragraph is paired with its new version only when at least half its words
    survive (`REWRITE_RATIO`) or the two differ by one run of words: then its words are
    diffed; otherwise it is shown removed whole and the new one added whole. Within a paragraph each word carries the space after
    it, so a change of several words reads as one deletion and one insertion; a lone short
    word left equal between two changes joins them. Pure and the costliest part of
    generating pages, so it is remembered: a rebuild under `mkdocs serve` redoes only the
    redlines whose texts changed."""
    a, b = mdtext.blocks(old), mdtext.blocks(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in _align(a, b):
        if op == "equal":
            out += [_block(y, _esc(y.text)) for y in b[j1:j2]]
        elif op == "delete":
            out += [_whole(x, "del") for x in a[i1:i2]]
        elif op == "insert":
            out += [_whole(y, "ins") for y in b[j1:j2]]
        else:
            out += _pair_up(a[i1:i2], b[j1:j2])
    if not a or not b:  # all added or all removed: a label on every paragraph says nothing
        out = [re.sub(r'<span class="cw-rl-tag">[^<]*</span> ', "", o, count=1) for o in out]
    return '<div class="cw-redline">' + "".join(out) + "</div>"


def _align(a: list[mdtext.Block], b: list[mdtext.Block]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes over whole paragraphs. The paragraphs both texts start and end with
    are matched first, in one pass; difflib aligns the rest only when it is at most
    `MAX_ALIGN` paragraphs a side (many equal paragraphs make it quadratic), else the rest
    is one replacement."""
    n = min(len(a), len(b))
    head = next((i for i in range(n) if _key(a[i]) != _key(b[i])), n)
    tail = next((i for i in range(n - head) if _key(a[-1 - i]) != _key(b[-1 - i])), n - head)
    ops: list[tuple[str, int, int, int, int]] = [("equal", 0, head, 0, head)] if head else []
    ma, mb = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(ma) <= MAX_ALIGN and len(mb) <= MAX_ALIGN:
        matcher = difflib.SequenceMatcher(None, [_key(x) for x in ma], [_key(x) for x in mb], autojunk=False)
        ops += [(op, i1 + head, i2 + head, j1 + head, j2 + head) for op, i1, i2, j1, j2 in matcher.get_opcodes() if (i1, i2, j1, j2) != (0, 0, 0, 0)]
    elif ma or mb:
        ops.append(("replace" if ma and mb else "delete" if ma else "insert", head, len(a) - tail, head, len(b) - tail))
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def _key(x: mdtext.Block) -> tuple[str, str, int, int]:
    return (x.kind, x.text, x.quote, x.level)


def _pair_up(olds: list[mdtext.Block], news: list[mdtext.Block]) -> list[str]:
    """Old paragraphs in order, each paired with the first of the next `PAIR_WINDOW` new
    ones that keeps enough of its words, or shown removed; new ones left over, added."""
    out: list[str] = []
    words = [_words(y.text) for y in news]
    matchers: dict[int, difflib.SequenceMatcher[str]] = {}  # one per new paragraph: its index is built once
    j = 0
    for x in olds:
        xw = _words(x.text)
        hit = None
        for k in range(j, min(len(news), j + PAIR_WINDOW)):
            yw = words[k]
            if x.kind == "code" or news[k].kind == "code" or len(xw[0]) > MAX_DIFF_WORDS or len(yw[0]) > MAX_DIFF_WORDS:
                continue
            if k not in matchers:
                matchers[k] = difflib.SequenceMatcher(None, autojunk=False)
                matchers[k].set_seq2(yw[1])  # type: ignore[arg-type]
            m = matchers[k]
            m.set_seq1(xw[1])  # type: ignore[arg-type]
            # One run of changed words reads well whatever its length; several need half
            # the words kept, or the paragraph is a rewrite.
            if _one_run(xw[1], yw[1]) or (m.real_quick_ratio() >= REWRITE_RATIO and m.quick_ratio() >= REWRITE_RATIO and m.ratio() >= REWRITE_RATIO):
                hit = (k, yw, m.get_opcodes())
                break
        if hit is None:
            out.append(_whole(x, "del"))
            continue
        k, yw, ops = hit
        out += [_whole(y, "ins") for y in news[j:k]]
        out.append(_block(news[k], _word_diff(xw[0], yw[0], ops)))
        j = k + 1
    out += [_whole(y, "ins") for y in news[j:]]
    return out


def _one_run(a: list[str], b: list[str]) -> bool:
    """Whether the two differ by one run of words: they share a start or an end, and the
    words in between have nothing in common."""
    n = min(len(a), len(b))
    head = next((i for i in range(n) if a[i] != b[i]), n)
    tail = next((i for i in range(n - head) if a[-1 - i] != b[-1 - i]), n - head)
    if head + tail == 0:
        return False
    return not set(a[head:len(a) - tail]) & set(b[head:len(b) - tail])


def _word_diff(a: list[str], b: list[str], ops: list[tuple[str, int, int, int, int]]) -> str:
    # A short equal run (one word of at most three letters, or a mark) between two changes
    # is folded into them: "Quotation of the policy" -> "Before the embargo date" reads as
    # one change, not two around "the".
    merged: list[list] = []  # [kind, i1, i2, j1, j2]; opcodes are contiguous, so runs extend
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        kind = "equal" if op == "equal" else "change"
        if kind == "equal" and 0 < n < len(ops) - 1 and i2 - i1 == 1 and len(a[i1].strip()) <= 3:
            kind = "change"
        if kind == "change" and merged and merged[-1][0] == "change":
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([kind, i1, i2, j1, j2])
    out: list[str] = []
    for op, i1, i2, j1, j2 in merged:
        if op == "equal":
            out.append(_esc("".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(f"<del>{_esc(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{_esc(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _block(x: mdtext.Block, inner: str) -> str:
    """One paragraph of the redline: a quote is indented and ruled, a list item bulleted
    (or numbered), a heading bold; code keeps its lines."""
    classes = [f"cw-rl-{x.kind}"] + ([f"cw-rl-q{min(x.quote, 3)}"] if x.quote else []) + ([f"cw-rl-l{min(x.level, 3)}"] if x.level > 1 else [])
    number = f'<span class="cw-rl-n">{_esc(x.marker)}</span> ' if x.marker else ""
    tag = "pre" if x.kind == "code" else "p"
    return f'<{tag} class="{" ".join(classes)}">{number}{inner}</{tag}>'


def _whole(x: mdtext.Block, how: str) -> str:
    """A paragraph removed or added whole, labelled in words (not by colour alone)."""
    label = i18n.pgettext("redline", "Removed") if how == "del" else i18n.pgettext("redline", "Added")
    inner = f'<span class="cw-rl-tag">{label}</span> <{how}>{_esc(x.text)}</{how}>'
    return _block(x, inner).replace('class="', f'class="cw-rl-{how}-whole ', 1)


def _words(text: str) -> tuple[list[str], list[str]]:
    """The text's tokens (a word or punctuation mark with the space after it) and the keys
    they are compared by."""
    tokens = [t for t in _TOKENS.findall(text) if not t.isspace()]
    if tokens:  # the last word too ends in a space, so whatever follows it is apart from it
        tokens[-1] = tokens[-1].rstrip() + " "
    return tokens, [t.rstrip() for t in tokens]


def _esc(s: str) -> str:
    # Newlines (only code keeps them) become entities so the raw HTML block never holds a
    # blank line.
    return html.escape(s, quote=False).replace("\n", "&#10;")


def plural(n: int, word: str, words: str | None = None) -> str:
    """`3 open ambiguities`, in the site's language (the words are a gettext plural)."""
    return f"{n} {i18n.ngettext(word, words or word + 's', n)}"
