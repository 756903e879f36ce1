"""The flagship says only what its sources say, and labels what is not real first.

Sources: copies in tests/fixtures/sources/ (see its README); nothing outside the
repository is read. Conventions: docs/writing-content.md, "Sources and quotations".
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from helpers import ROOT

from clausewise import load_project

SOURCES = Path(__file__).parent / "fixtures" / "sources"


def _normalise(text: str) -> str:
    """Compare ignoring line breaks and indentation, Markdown escapes and `[sic]`."""
    text = text.replace("\\`", "`").replace(" [sic]", "")
    return " ".join(text.split())


POSTMORTEM = _normalise((SOURCES / "xsa-108-postmortem.txt").read_text(encoding="utf-8"))
NOTES = _normalise((SOURCES / "xen-domain-facts.md").read_text(encoding="utf-8").replace("**", ""))

#: Quotations that are not the post-mortem's: the words (found in the research notes,
#: which cite the official page) and what the paragraph quoting them must name as
#: their source, so that they are never passed off as the post-mortem's.
OTHER_SOURCES = {
    "in accordance with Xen Project governance": "announcement",
    "Xen Security Problem Response Process": "research notes",
    "Advisory pre-release": "policy",
    "Embargo and disclosure schedule": "policy",
    "Pre-disclosure list": "policy",
    "Handling of embargoed information": "policy",
    "Information-sharing amongst predisclosure list members": "policy",
    "What members may and may not do during an embargo": "research notes",
    "Deployment during embargo": "research notes",
    "DEPLOYMENT DURING EMBARGO": "announcement",
    "public": "research notes",
    "large": "research notes",
    "genuine": "research notes",
}

#: The flagship's content: hand-written Markdown with front matter, and YAML data.
MARKDOWN = ["docs/index.md", "docs/policy/*.md", "postmortems/*.md", "rfcs/*.md", "faq/*.md"]
YAML = ["governance.yml", "votes/*.yml", "policy-versions.yml"]

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>\n]+>")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s.*$", re.M)
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?) .*$", re.M)
_QUOTED = re.compile(r'"([^"]+)"')


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _documents() -> Iterator[tuple[str, str]]:
    """(file, Markdown text) for every body and every string of front matter or data."""
    for pattern in MARKDOWN:
        for path in sorted(ROOT.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            rel = str(path.relative_to(ROOT))
            if text.startswith("---\n"):
                front, _, text = text[4:].partition("\n---\n")
                for s in _strings(yaml.safe_load(front)):
                    yield rel, s
            yield rel, text
    for pattern in YAML:
        for path in sorted(ROOT.glob(pattern)):
            for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                yield str(path.relative_to(ROOT)), s


def quotations(markdown: str) -> Iterator[tuple[str, str]]:
    """(quotation, the paragraph it stands in) in a piece of Markdown: every block
    quotation, and every passage in double quotes outside code, HTML, link definitions
    and admonition titles."""
    text = _FENCE.sub("", markdown)
    text = text.replace("\\`", "\x00")  # an escaped backtick opens no code span
    text = _CODE.sub("", text).replace("\x00", "\\`")
    text = _LINK_DEFINITION.sub("", _ADMONITION.sub("", _TAG.sub("", _COMMENT.sub("", text))))
    for paragraph in re.split(r"\n\s*\n", text):
        lines = paragraph.split("\n")
        quoted = [line.strip()[1:] for line in lines if line.strip().startswith(">")]
        if quoted and len(quoted) == len([x for x in lines if x.strip()]):
            yield " ".join(quoted), paragraph
            continue
        for m in _QUOTED.finditer(paragraph):
            yield m.group(1), paragraph


def test_the_source_copies_are_the_sources() -> None:
    assert "XSA-108 process post-mortem" in POSTMORTEM and "The existance of an issue" in POSTMORTEM
    assert "Xen Security Problem Response Process" in NOTES


def test_the_extractor_finds_quotations_and_skips_code() -> None:
    md = 'A "quoted phrase" and `"code"`, then \\`yes\'.\n\n> a block\n> quotation\n\n[pm]: https://e.org "a title"\n'
    assert [q for q, _ in quotations(md)] == ["quoted phrase", " a block  quotation"]


def test_every_quotation_is_verbatim_from_its_source() -> None:
    problems: list[str] = []
    seen_postmortem = 0
    for rel, markdown in _documents():
        for quote, paragraph in quotations(markdown):
            q = _normalise(quote)
            if not q or q.startswith("This RFC is a reconstruction"):
                continue
            if q in POSTMORTEM:
                seen_postmortem += 1
                continue
            where = OTHER_SOURCES.get(q)
            if where is None:
                problems.append(f"{rel}: {q!r} is not in the post-mortem, nor a known quotation of another source")
            elif q not in NOTES:
                problems.append(f"{rel}: {q!r} is not in the research notes either")
            elif where not in _normalise(paragraph):
                problems.append(f"{rel}: {q!r} is quoted without naming its source ({where}): {_normalise(paragraph)[:120]!r}")
    assert not problems, "\n".join(problems)
    assert seen_postmortem >= 20  # the check is not vacuous: the flagship quotes the post-mortem often


def test_a_misquotation_is_caught() -> None:
    """The same check, on text that drifts from the post-mortem, fails."""
    drifted = ['the team "should probably say yes again"', 'its role is "to implement policy, not to set it"']
    for md in drifted:
        (quote, _), = quotations(md)
        assert _normalise(quote) not in POSTMORTEM


def test_the_announcements_words_are_never_the_postmortems() -> None:
    assert "in accordance with Xen Project governance" not in POSTMORTEM
    for rel, markdown in _documents():
        for quote, paragraph in quotations(markdown):
            if _normalise(quote) == "in accordance with Xen Project governance":
                assert "announcement" in paragraph, (rel, paragraph)


def test_no_unsourced_claims_the_audit_found() -> None:
    """The sentences issue 20's audit found contradicted or unsourced do not come back."""
    banned = [
        "did not publish a separate proposal", "the community had meant", "The community meant to fix",
        "gave no ruling", "the policy allows nothing more", "often came in an inconvenient form",
        "very likely", "the interim ruling the team gave", "as it stood at XSA-108.",
        "Xen Project community", "Xen Project Security Problem Response Process",
    ]
    for rel, markdown in _documents():
        flat = _normalise(markdown)
        for phrase in banned:
            assert phrase not in flat, f"{rel}: {phrase!r}"


def test_every_policy_clause_names_its_source() -> None:
    text = (ROOT / "docs/policy/index.md").read_text(encoding="utf-8")
    after_each_clause = re.split(r"<!-- /clause -->", text)[1:]
    assert after_each_clause
    for following in after_each_clause:
        assert following.lstrip().startswith("*Source:*"), following[:80]


# -- labels ----------------------------------------------------------------------------------
def _labelled() -> dict[int, Any]:
    rfcs = load_project(ROOT).corpus.rfcs
    return {n: r for n, r in rfcs.items() if r.provenance}


def test_every_reconstruction_and_fiction_is_marked_in_its_data() -> None:
    rfcs = load_project(ROOT).corpus.rfcs
    assert {n: r.provenance for n, r in rfcs.items()} == {**{n: "reconstruction" for n in range(1, 9)}, 9: "fiction"}
    assert rfcs[9].name == "RFC 9 (fictional example)" and rfcs[1].name == "RFC 1 (reconstruction)"


def _article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article"): page.index("</article>")]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_labelled_first_on_their_own_pages(flagship_site: Path) -> None:
    for n, rfc in _labelled().items():
        article = _article(flagship_site / rfc.page.replace(".md", "/index.html"))
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)
        assert h1 and _text(h1.group(1)).startswith(f"RFC {n} ({rfc.label}):"), n
        box = article.index('class="admonition')
        assert rfc.label.capitalize() in _text(article[box: box + 400])
        for later in ('id="status"', "<strong>Status</strong>", 'id="decision"', 'id="votes"', 'id="summary"'):
            if later in article:
                assert box < article.index(later), (n, later)
    roster = _text(_article(flagship_site / "roster/index.html"))
    assert roster.index("Every member listed here is fictional") < roster.index("Alice Example")


def test_every_link_to_them_names_the_label(flagship_site: Path) -> None:
    """Lists, tables, What's new, changelog, cross-references: a link to a reconstructed
    or fictional RFC's page always says so in its text."""
    pages = {rfc.page.replace(".md", "/"): rfc for rfc in _labelled().values()}
    links = 0
    for page in flagship_site.rglob("*.html"):
        base = "/" + str(page.parent.relative_to(flagship_site)) + "/"
        body = page.read_text(encoding="utf-8")
        if "<article" not in body:
            continue
        for href, text in re.findall(r'<a [^>]*href="([^"#]+)"[^>]*>(.*?)</a>', _article(page), re.S):
            target = urljoin(base, href).lstrip("/")
            rfc = pages.get(target)
            if rfc is None:
                continue
            links += 1
            assert f"({rfc.label})" in _text(text), f"{page.relative_to(flagship_site)}: link to {target} reads {_text(text)!r}"
    assert links > 50  # the check saw the lists, not nothing
    home = _text(_article(flagship_site / "index.html"))
    whats_new = home[home.index("What's new"): home.index("Open ambiguities")]
    assert "RFC 1 (reconstruction)" in whats_new and "RFC 9 (fictional example)" in whats_new


def test_feeds_search_and_export_name_the_label(flagship_site: Path) -> None:
    labelled = _labelled()
    by_url = {rfc.page.replace(".md", "/"): rfc for rfc in labelled.values()}
    feeds = list((flagship_site / "feeds").rglob("*.xml"))
    entries = 0
    for feed in feeds:
        xml = feed.read_text(encoding="utf-8")
        for entry in re.findall(r"<entry>(.*?)</entry>", xml, re.S):
            link = re.search(r'<link[^>]*href="([^"]+)"', entry)
            rfc = next((r for url, r in by_url.items() if link and link.group(1).endswith(url)), None)
            if rfc is None:
                continue
            entries += 1
            title = re.search(r"<title>(.*?)</title>", entry, re.S)
            assert title and f"RFC {rfc.number} ({rfc.label})" in html.unescape(title.group(1)), (feed.name, entry[:200])
            assert "reconstruction" in entry or "fictional" in entry
    assert entries >= 2 * len(labelled)
    index = json.loads((flagship_site / "search/search_index.json").read_text(encoding="utf-8"))
    for url, rfc in by_url.items():
        doc = next(d for d in index["docs"] if d["location"] == url)
        assert doc["title"].startswith(f"RFC {rfc.number} ({rfc.label}):"), doc["title"]
    export = json.loads((flagship_site / "export/clausewise.json").read_text(encoding="utf-8"))
    for entry in export["rfcs"]:
        rfc = labelled.get(entry["number"])
        assert (entry["provenance"], entry["label"]) == ((rfc.provenance, rfc.label) if rfc else (None, None))


def test_answers_not_given_by_the_security_team_are_labelled(flagship_site: Path) -> None:
    """The FAQ answers under version 3.x were written by the site's maintainers from the
    policy text: marked in their data, labelled first on their pages, and every link to
    them says so."""
    faq = load_project(ROOT).corpus.gov.faq
    editors = {slug: a for slug, a in faq.items() if a.provenance}
    assert {a.provenance for a in editors.values()} == {"editors"} and len(editors) == 4
    assert all(a.policy_version == "2.x" and a.provenance is None for slug, a in faq.items() if slug not in editors)
    links = 0
    for page in flagship_site.rglob("*.html"):
        body = page.read_text(encoding="utf-8")
        if "<article" not in body:
            continue
        base = "/" + str(page.parent.relative_to(flagship_site)) + "/"
        for href, text in re.findall(r'<a [^>]*href="([^"#]+)"[^>]*>(.*?)</a>', _article(page), re.S):
            slug = urljoin(base, href).strip("/").removeprefix("faq/")
            if slug in editors and "/" not in slug:
                links += 1
                assert "(editors' answer)" in _text(text), f"{page.relative_to(flagship_site)}: link to {slug} reads {_text(text)!r}"
    assert links >= 8  # the FAQ index, the superseded answers, the clause pages
    for slug in editors:
        article = _text(_article(flagship_site / f"faq/{slug}/index.html"))
        assert article.index("(editors' answer)") < article.index("Written by this site's editors") < article.index("not given by the team")
        assert article.index("not given by the team") < article.index(f"Answer {slug}")


@pytest.mark.parametrize("value", ["reconstructed", "fictional", ""])
def test_an_unknown_provenance_is_refused(tmp_path: Path, value: str) -> None:
    from helpers import clausewise

    project = tmp_path / "p"
    (project / "rfcs").mkdir(parents=True)
    (project / "docs" / "policy").mkdir(parents=True)
    (project / "docs" / "policy" / "index.md").write_text('---\ntitle: P\n---\n\n<!-- clause id="a.b" title="A" -->\nText.\n<!-- /clause -->\n', encoding="utf-8")
    (project / "rfcs" / "0001-x.md").write_text(
        f'---\nrfc: 1\ntitle: X\nstatus: draft\nprovenance: "{value}"\nauthors: [A]\ncreated: "2024-01-01"\n'
        "discussion: https://example.org/1\nresolves: []\nchanges: []\n---\n\nBody.\n",
        encoding="utf-8",
    )
    result = clausewise("check", str(project))
    assert result.returncode != 0
    assert "rfcs/0001-x.md:5:" in result.stdout + result.stderr
