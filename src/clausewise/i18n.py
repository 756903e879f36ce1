"""The gettext core of clausewise's translations: which language generated text is in now,
and the lookups. Below every stage, so that the governance stage (rule summaries, vote
outcomes) and the site stage both wrap what they write; `clausewise.site.i18n` adds the
site's helpers and says how it all fits together.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

DOMAIN = "clausewise"
#: the language the source strings are written in
SOURCE = "en"
#: where catalogs are looked up, in order (a test may add a folder with a pseudo-locale)
LOCALE_DIRS: list[Path] = [Path(__file__).resolve().parent / "locale"]


class _State:
    language = SOURCE
    catalog: gettext.NullTranslations = gettext.NullTranslations()


_state = _State()


def _candidates(language: str) -> list[str]:
    """`fr_CA`, `fr-ca` -> [`fr_CA`, `fr`]: the language as written, then without its region."""
    lang = language.strip().replace("-", "_")
    if "_" in lang:
        base, region = lang.split("_", 1)
        return [f"{base.lower()}_{region.upper()}", base.lower()]
    return [lang.lower()]


@lru_cache(maxsize=None)
def _load(language: str, dirs: tuple[Path, ...]) -> gettext.NullTranslations | None:
    for folder in dirs:
        for lang in _candidates(language):
            mo = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
            if mo.is_file():
                with open(mo, "rb") as fh:
                    return gettext.GNUTranslations(fh)
    return None


def catalog(language: str) -> gettext.NullTranslations | None:
    """The translations for `language`; a null catalog for English; None when clausewise
    has no catalog for it."""
    if not language or _candidates(language)[-1] == SOURCE:
        return gettext.NullTranslations()
    return _load(language, tuple(LOCALE_DIRS))


def available() -> list[str]:
    """The languages clausewise ships a catalog for, English first."""
    found = {p.parent.parent.name for d in LOCALE_DIRS if d.is_dir() for p in d.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return [SOURCE, *sorted(found - {SOURCE})]


def activate(language: str) -> None:
    """Generated text from now on is in `language` (English where there is no catalog)."""
    found = catalog(language)
    _state.language = language if found is not None else SOURCE
    _state.catalog = found if found is not None else gettext.NullTranslations()


@contextmanager
def use(language: str) -> Iterator[None]:
    """Generated text in `language` inside the block, then as before."""
    before = (_state.language, _state.catalog)
    activate(language)
    try:
        yield
    finally:
        _state.language, _state.catalog = before


def current() -> str:
    """The language generated text is in now (`en` when a catalog was missing)."""
    return _state.language


def _(message: str) -> str:
    return _state.catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state.catalog.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _state.catalog.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name)
    """Marks a string for extraction where it is defined; `_()` translates it where shown."""
    return message
