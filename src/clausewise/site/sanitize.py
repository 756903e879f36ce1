"""What raw HTML in contributed Markdown may do: the `raw_html` policy.

RFCs, post-mortems and policy pages come from strangers' pull requests, and Markdown lets
an author write any HTML, or a link to `javascript:`. With the default policy, `strip`,
every rendered page goes through nh3 (Rust's ammonia, a well-kept allow-list sanitiser)
after Python-Markdown has produced it: what Markdown and its usual extensions emit stays
(headings, tables, code, admonitions, details, footnotes, task lists, clause blocks), while
scripts, event handlers, `javascript:` and `data:` URLs, iframes, forms, embedded objects
and styles are removed. `allow` keeps raw HTML as written, for a site whose every
contributor is trusted.

Sanitising the finished HTML, rather than the Markdown, is deliberate: it also catches
what Markdown itself produces from hostile input (`[x](javascript:...)`), and works in any
renderer that loads the extension.
"""

from __future__ import annotations

import enum
import re
import secrets
from typing import Any

import nh3


class RawHtml(enum.Enum):
    STRIP = "strip"
    ALLOW = "allow"

    @classmethod
    def parse(cls, value: str) -> RawHtml:
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"raw_html must be one of {', '.join(m.value for m in cls)}, not `{value}`") from None


# What Python-Markdown, its bundled extensions, pymdownx and clausewise emit.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
_CELL = {"align", "colspan", "rowspan", "scope", "style"}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "data-cw-state"},  # data-cw-state: the register filter
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "name", "checked", "disabled"},  # task lists, pymdownx.tabbed
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": _CELL,
    "th": _CELL,
    "col": {"span"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"datetime", "cite"},
    "ins": {"datetime", "cite"},
}
# The graphs clausewise draws are inline SVG of shapes and text only: these tags and
# attributes cannot run script (no <script>, <foreignObject>, <use>, handlers or styles).
SVG_TAGS = {"svg", "g", "rect", "path", "text", "title", "defs", "marker"}
_SVG_ATTRS = {"d", "fill", "stroke", "stroke-width", "x", "y", "rx", "width", "height", "font-size",
              "marker-end", "orient", "role", "aria-label", "viewbox", "viewBox", "xmlns", "refx", "refX",
              "refy", "refY", "markerwidth", "markerWidth", "markerheight", "markerHeight", "text-anchor",
              "dominant-baseline", "transform"}
TAGS |= SVG_TAGS
ATTRIBUTES.update({tag: set(_SVG_ATTRS) for tag in SVG_TAGS})
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with their content, not unwrapped: their text is code or styling, never prose.
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "textarea", "select", "iframe", "object", "embed", "math"}


# Ids, and the `for` and `name` values that point at them. A contributed id is printed by
# the theme's table of contents into an attribute (the toc never passes through nh3), and an
# element whose id the theme looks up (`__config`, Material's configuration, which names
# the search worker script) comes first in the page and wins. So an id is a slug: a letter
# or digit, then letters, digits, `_`, `.`, `:` and `-`; never `__` at the start, except the
# ids the usual extensions number themselves (pymdownx.tabbed, pymdownx.highlight).
_PLAIN_ID = re.compile(r"[^\W_][\w.:-]*")
_EXTENSION_ID = re.compile(r"__(?:tabbed_[0-9]+(?:_[0-9]+)*|codelineno-[0-9]+(?:-[0-9]+)*|span-[0-9]+(?:-[0-9]+)*)")
_NOT_ID = re.compile(r"[^\w.:-]+")
#: attributes whose value is, or names, an id
ID_ATTRIBUTES = ("id", "for", "name")
#: the longest id kept whole; longer ones are cut (an id is a fragment in every toc link)
MAX_ID = 200


def safe_id(value: str) -> str | None:
    """`value` if it is a safe id, else the nearest slug (None when nothing is left)."""
    if len(value) <= MAX_ID and (_PLAIN_ID.fullmatch(value) or _EXTENSION_ID.fullmatch(value)):
        return value
    slug = _NOT_ID.sub("-", value[: MAX_ID * 4]).strip("-_.:")[:MAX_ID].rstrip("-_.:")
    return slug or None


#: Material's search leaves out an element with this attribute (and its content). Only the
#: wrappers clausewise generates may carry it (a page's permalink line, an RFC's facts, git's
#: source history), never contributed HTML: hiding text from search is not a contributor's
#: to decide. Generated Markdown writes it with a key drawn anew in each process
#: (`SEARCH_EXCLUDE`), which no contributor can know in advance; the sanitiser keeps the
#: attribute only with that key, and writes it with an empty value, so the key never
#: reaches a page and output stays the same from build to build.
SEARCH_EXCLUDE_ATTRIBUTE = "data-search-exclude"
_SEARCH_KEY = secrets.token_hex(16)
SEARCH_EXCLUDE = f'{SEARCH_EXCLUDE_ATTRIBUTE}="{_SEARCH_KEY}"'


def search_exclude_key() -> str:
    """The value of `SEARCH_EXCLUDE`, for an element a Markdown extension makes itself."""
    return _SEARCH_KEY
ATTRIBUTES["*"].add(SEARCH_EXCLUDE_ATTRIBUTE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == SEARCH_EXCLUDE_ATTRIBUTE:
        return "" if value == _SEARCH_KEY else None
    return safe_id(value) if attribute in ID_ATTRIBUTES else value


#: Finished HTML in generated Markdown (a redline: escaped text in clausewise's own tags,
#: nothing left for Markdown to do) is written between these marks, with a key drawn anew
#: in each process like the search key. The Markdown extension hands what is between them
#: to Python-Markdown's stash of raw HTML as it is, so md_in_html and MkDocs' raw-HTML
#: scan do not parse it tag by tag; the page comes out byte for byte as without the marks.
#: Contributed text cannot know the key, so it cannot have its own HTML skip that way (it
#: would still meet the sanitiser, which runs on the finished page). `unkeyed` drops the
#: marks, so Markdown written out for another renderer holds the bare HTML.
_FINISHED_KEY = secrets.token_hex(16)
FINISHED_OPEN = f"{{cw-finished-html {_FINISHED_KEY}}}"
FINISHED_CLOSE = f"{{/cw-finished-html {_FINISHED_KEY}}}"
FINISHED = re.compile(re.escape(FINISHED_OPEN) + "(.*?)" + re.escape(FINISHED_CLOSE), re.S)


def finished(html: str) -> str:
    """`html`, a whole block clausewise generated, marked as needing no Markdown processing."""
    return FINISHED_OPEN + html + FINISHED_CLOSE


def unkeyed(html_or_markdown: str) -> str:
    """Generated text with the search key written as the bare attribute: for `raw_html:
    allow` (no sanitiser runs) and for Markdown written out for another renderer. The
    marks of finished HTML (`finished`) are dropped."""
    text = html_or_markdown.replace(SEARCH_EXCLUDE, f'{SEARCH_EXCLUDE_ATTRIBUTE}=""')
    if FINISHED_OPEN in text:
        text = text.replace(FINISHED_OPEN, "").replace(FINISHED_CLOSE, "")
    return text


_OPTIONS = dict(
    tags=TAGS,
    attribute_filter=_filter_attribute,
    clean_content_tags=DROP_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # leave links as written: a rel on every internal link changes nothing but bytes
    strip_comments=True,
    filter_style_properties={"text-align"},
)
# `nh3.clean` converts these sets into a new ammonia builder on every call: about 60 us,
# which outweighed the sanitising itself, because the table-of-contents extension runs the
# postprocessors once more for every heading (13,560 calls for 1,312 pages at 1,000 RFCs).
# nh3 >= 0.3 builds the configuration once in a `Cleaner`; older versions fall back.
_CLEANER = nh3.Cleaner(**_OPTIONS) if hasattr(nh3, "Cleaner") else None
# Text without `<` holds no markup, and nh3 returns it unchanged unless it has one of these
# (it escapes `&` and `>`, drops NUL and a leading BOM, normalises CR and no-break spaces);
# most table-of-contents headings are such text (a test checks the claim against nh3).
_NEEDS_NH3 = re.compile("[<>&\x00\r\xa0\ufeff]")


def sanitize(html: str) -> str:
    """Keep what Markdown writes; drop scripts, handlers, dangerous URLs, frames and styles
    (table cells keep `text-align`, which Markdown tables use for column alignment)."""
    if _NEEDS_NH3.search(html) is None:
        return html
    if _CLEANER is not None:
        return _CLEANER.clean(html)
    return nh3.clean(html, **_OPTIONS)  # type: ignore[arg-type]


def safe_ids(root: Any) -> None:
    """Every id (and `for` and `name`) in an element tree made a `safe_id`, in place: run on
    a page's tree after attr_list has set ids and before the table of contents reads them."""
    for el in root.iter():
        for attribute in ID_ATTRIBUTES:
            value = el.get(attribute)
            if value is not None:
                safe = safe_id(value)
                if safe is None:
                    del el.attrib[attribute]
                elif safe != value:
                    el.set(attribute, safe)
