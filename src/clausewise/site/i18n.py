"""Generated text in the site's language (`theme.language` in mkdocs.yml).

Every string clausewise writes into the published site is English in the source, wrapped in
`_()` (or `ngettext()` where a number decides the form, `pgettext()` where one English word
has two meanings) and looked up when a page is made, never when a module is imported. The
translations are GNU gettext catalogs shipped in the package, `clausewise/locale/<lang>/
LC_MESSAGES/clausewise.po`, compiled to the `.mo` the standard library reads (`make
translations` extracts new strings and compiles; docs/translating.md says how to add a
language). Diagnostics, the CLI's own output and the configuration stay English.

The language is chosen for a build: `use(language)` (a context manager) or `activate(language)`
sets it for the process, which is what the faces do once they have read the configuration.
A language without a catalog falls back to English, and `language_notes` says so (CW706).
"""

from __future__ import annotations

import json
import re
from typing import Any

from clausewise.i18n import DOMAIN, SOURCE, N_, _, activate, available, catalog, current, ngettext, pgettext, use  # noqa: F401 (the site's names)
from clausewise.model.diagnostics import Diagnostic, note


def language_notes(language: str, where: tuple[str, int]) -> list[Diagnostic]:
    """CW706 when the site asks for a language clausewise has no catalog for."""
    if catalog(language) is not None:
        return []
    path, line = where
    return [note(path, line, "CW706", f"`theme.language: {language}`: clausewise has no translation for this language; its generated text stays English (translations: {', '.join(available())})",
                 "add a catalog as docs/translating.md says, or leave generated text in English")]


# -- the script's strings ------------------------------------------------------------------
#: `var STRINGS = {};` in clausewise.js: the table of its strings, filled in for the language
_JS_TABLE = "var STRINGS = {};"
_JS_CALL = re.compile(r'\bT\("((?:[^"\\]|\\.)*)"\)')


def localize_js(source: str) -> str:
    """clausewise.js with its strings (each `T("...")`) translated into the current language."""
    if _JS_TABLE not in source:
        return source
    table = {}
    for m in _JS_CALL.finditer(source):
        msgid = json.loads(f'"{m.group(1)}"')
        if _(msgid) != msgid:
            table[msgid] = _(msgid)
    return source.replace(_JS_TABLE, "var STRINGS = " + json.dumps(table, ensure_ascii=False, sort_keys=True) + ";", 1)


# -- words the model stores in English -----------------------------------------------------
def status(value: str) -> str:
    """An RFC status (`accepted`), as shown."""
    return {
        "draft": pgettext("RFC status", "draft"), "discussion": pgettext("RFC status", "discussion"),
        "voting": pgettext("RFC status", "voting"), "accepted": pgettext("RFC status", "accepted"),
        "rejected": pgettext("RFC status", "rejected"), "withdrawn": pgettext("RFC status", "withdrawn"),
        "superseded": pgettext("RFC status", "superseded"),
    }.get(value, value)


def state(value: str) -> str:
    """An ambiguity's state (`ruled in the interim`), as shown."""
    return {
        "open": pgettext("ambiguity state", "open"), "ruled in the interim": pgettext("ambiguity state", "ruled in the interim"),
        "proposed": pgettext("ambiguity state", "proposed"), "resolved": pgettext("ambiguity state", "resolved"),
    }.get(value, value)


def result(value: str) -> str:
    """A vote's result (`passed`), as shown."""
    return {"open": pgettext("vote result", "open"), "passed": pgettext("vote result", "passed"), "failed": pgettext("vote result", "failed")}.get(value, value)


def provenance(label: str | None) -> str | None:
    """The label of an RFC that was no real proposal (`reconstruction`)."""
    if label is None:
        return None
    return {"reconstruction": pgettext("RFC provenance", "reconstruction"), "fictional example": pgettext("RFC provenance", "fictional example")}.get(label, label)


def rfc_name(rfc: object) -> str:
    """`RFC 1 (reconstruction)`, its label in the site's language."""
    number, label = getattr(rfc, "number"), provenance(getattr(rfc, "label"))
    return _("RFC {number} ({label})").format(number=number, label=label) if label else f"RFC {number}"


def cap(text: str) -> str:
    """The first letter capitalised, the rest as it is (`Ruled in the interim`)."""
    return text[:1].upper() + text[1:]


def kind(value: str) -> str:
    """A kind of document (`clause`, `rfc`), as a link's tooltip names it."""
    return {
        "clause": pgettext("kind", "clause"), "ambiguity": pgettext("kind", "ambiguity"), "ruling": pgettext("kind", "ruling"),
        "postmortem": pgettext("kind", "postmortem"), "rfc": pgettext("kind", "rfc"), "application": pgettext("kind", "application"),
    }.get(value, value)


def target_title(graph: Any, target: Any) -> str:
    """A target's full title in the site's language: the graph names rulings and RFCs in
    English (`Interim ruling: ...`, `RFC 1 (reconstruction): ...`)."""
    c = graph.corpus
    if target.kind == "rfc":
        rfc = c.rfcs.get(int(target.key.removeprefix("rfc-"))) if target.key.removeprefix("rfc-").isdigit() else None
        return f"{rfc_name(rfc)}: {rfc.title}" if rfc is not None else target.title
    if target.kind == "ruling":
        ruling = c.rulings.get(target.key)
        amb = c.ambiguities.get(ruling.ambiguity) if ruling is not None else None
        return _("Interim ruling: {title}").format(title=amb.title) if amb is not None else target.title
    return str(target.title)


def target_label(graph: Any, target: Any) -> str:
    """What a reference shows for a target (`XSA-108 post-mortem`), in the site's language."""
    if target.kind == "postmortem" and target.short is not None:
        return _("{id} post-mortem").format(id=target.key.upper())
    if target.short is not None:
        return str(target.short)
    return target_title(graph, target)
