"""Redlines people can read: the rendered text diffed paragraph by paragraph, rewrites
shown removed and added whole, no Markdown syntax, no source line breaks.

Golden files under tests/fixtures/redlines/ hold the redlines of the flagship's real
rewrites (RFC 3, every change of policy version 3.0) and of small edits; one `<p>` a line.
After a deliberate change of output, regenerate them with
`CLAUSEWISE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_redlines.py` and read the
diff before committing it.
"""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from clausewise.site import mdtext
from clausewise.site.text import redline

GOLDEN = Path(__file__).parent / "fixtures" / "redlines"


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))


def _v30() -> dict[str, tuple[str, str]]:
    versions = yaml.safe_load((ROOT / "policy-versions.yml").read_text(encoding="utf-8"))["versions"]
    v = next(v for v in versions if v["version"] == "3.0")
    return {f"v3.0-rfc{c['rfc']}-{c['clause']}": (c.get("before") or "", c.get("text") or "") for c in v["changes"]}


def _rfc3() -> tuple[str, str]:
    change = _front_matter(ROOT / "rfcs/0003-service-announcements.md")["changes"][0]
    return change["base"], change["text"]


SMALL = {
    "one-word": ("Members must not deploy fixes during an embargo.", "Members may not deploy fixes during an embargo."),
    "one-word-in-long-text": (
        "The Security Team decides.\n\nList members may share fixes for embargoed issues, and analysis, with\nthe security teams of other list members.\n\nNothing else changes.",
        "The Security Team decides.\n\nList members may share patches for embargoed issues, and analysis, with\nthe security teams of other list members.\n\nNothing else changes.",
    ),
    "rewrapped-only": ("Members may\ndeploy fixes\nduring the embargo.", "Members may deploy fixes during\nthe embargo."),
    "quote-and-list": ("> Members may tell users:\n>\n> * that an issue exists\n> * its number", "> Members may tell users:\n>\n> * that an issue exists\n> * its XSA number"),
    "paragraph-added": ("First paragraph.", "First paragraph.\n\nA second paragraph."),
    "markdown-emphasis-and-links": ("See **the [policy](https://example.org/)** and [[RFC 2]].", "See *the [policy](https://example.org/)* and [[RFC 3]]."),
}


def _cases() -> dict[str, tuple[str, str]]:
    return {"rfc3-embargo.user-communications": _rfc3(), **_v30(), **{f"small-{k}": v for k, v in SMALL.items()}}


def _pretty(out: str) -> str:
    return re.sub(r"(</p>|</pre>|<div class=\"cw-redline\">)", r"\1\n", out)


def _text(out: str) -> str:
    """What the reader sees: tags gone, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", out))


@pytest.mark.parametrize("name", sorted(_cases()))
def test_golden(name: str) -> None:
    old, new = _cases()[name]
    got = _pretty(redline(old, new))
    path = GOLDEN / f"{name}.html"
    if os.environ.get("CLAUSEWISE_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with CLAUSEWISE_UPDATE_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(_cases()))
def test_no_markdown_syntax_and_no_source_line_breaks(name: str) -> None:
    old, new = _cases()[name]
    out = redline(old, new)
    assert "\n" not in out and "&#10;" not in out  # reflowed: the column wraps it
    seen = _text(out)
    for syntax in ("> ", "* ", "**", "[sic]", "[[", "](", "`"):
        assert syntax not in seen, (syntax, seen)
    # every word of both texts is there, once Markdown is read
    for side in (old, new):
        for block in mdtext.blocks(side):
            for word in re.findall(r"\w+", block.text):
                assert word in seen, word


def test_rfc3_rewrite_is_removed_and_added_whole() -> None:
    old, new = _rfc3()
    out = redline(old, new)
    # The example of fragments: "Until version 2date. 2 (June 2014)..."
    assert "2date" not in _text(out).replace(" ", "") and "2</del>" not in out
    paras = re.findall(r"<p class=\"([^\"]*)\">(.*?)</p>", out)
    assert [c.split()[0] for c, _ in paras] == ["cw-rl-del-whole"] * 6 + ["cw-rl-ins-whole"] * 2
    # the quotation keeps its shape: quoted paragraph and items, reflowed, no `>`
    assert ("cw-rl-del-whole cw-rl-li cw-rl-q1", '<span class="cw-rl-tag">Removed</span> <del>The existance of an issue</del>') in paras
    assert "Before the embargo date, list members may tell their users only three things: that an issue exists" in out


def test_changelog_v30_amendments_read_as_whole_or_small_changes() -> None:
    """Each v3.0 amendment is either a word-level diff of a paragraph that kept at least
    half its words, or whole paragraphs; never a paragraph of interleaved fragments."""
    for name, (old, new) in _v30().items():
        out = redline(old, new)
        for cls, inner in re.findall(r"<p class=\"([^\"]*)\">(.*?)</p>", out):
            if "whole" in cls:
                assert inner.count("<del>") + inner.count("<ins>") == 1, (name, inner)
            else:
                kept = len(_text(re.sub(r"<(del|ins)>.*?</\1>", "", inner)).split())
                total = len(_text(re.sub(r"<del>.*?</del>", "", inner)).split())
                changes = inner.count("<del>") + inner.count("<ins>")
                assert changes <= 2 or kept >= total / 2, (name, inner)


@pytest.mark.parametrize("name", ["one-word", "one-word-in-long-text", "quote-and-list"])
def test_a_one_word_change_stays_a_one_word_redline(name: str) -> None:
    old, new = SMALL[name]
    out = redline(old, new)
    changed = re.findall(r"<(del|ins)>(.*?)</\1>", out)
    assert len(changed) <= 2 and all(len(text.split()) == 1 for _, text in changed), changed
    assert "whole" not in out


def test_rewrapping_is_no_change() -> None:
    assert "<del>" not in redline(*SMALL["rewrapped-only"]) and "<ins>" not in redline(*SMALL["rewrapped-only"])


def test_hostile_text_stays_text() -> None:
    out = redline('<script>alert(1)</script> "x" & y', '<img src=x onerror=alert(1)> "x" & z <b')
    assert "<script" not in out and "<img" not in out and "onerror" not in out
    assert "&amp; <del>y </del><ins>z &lt;b </ins>" in out


def test_work_per_paragraph_is_bounded() -> None:
    """A huge rewritten paragraph, and many changed paragraphs, stay fast: paragraphs over
    MAX_DIFF_WORDS are shown whole, and each one looks at most PAIR_WINDOW ahead."""
    rng = __import__("random").Random(18)
    words = [f"w{rng.randrange(5000)}" for _ in range(60_000)]
    started = time.monotonic()
    redline(" ".join(words), " ".join(reversed(words)))
    many_old = "\n\n".join(" ".join(rng.choice(words) for _ in range(40)) for _ in range(2000))
    many_new = "\n\n".join(" ".join(rng.choice(words) for _ in range(40)) for _ in range(2000))
    redline(many_old, many_new)
    assert time.monotonic() - started < 20


def test_hostile_markdown_is_read_in_linear_time() -> None:
    """Runs of openers with no closer (each one a pattern could rescan the text from),
    quotes thousands deep, and thousands of equal paragraphs or list items (which make
    difflib quadratic unless the equal start and end are set aside)."""
    for opener in ("<!--", "[", "[[", "<a ", "*", "**", "`", "![", "\\", "&", "_", "> ", ">\n", "- ", "- x\n  ", "x\n\n"):
        payload = opener * 20_000
        started = time.monotonic()
        redline(payload, payload + " x")
        redline("a\n\n" + payload, "b\n\n" + payload.replace(opener[0], "y", 1))
        assert time.monotonic() - started < 10, opener
