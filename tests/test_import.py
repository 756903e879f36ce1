"""`clausewise import FILE` (issue 16, deliverable 7): an existing Markdown policy made into
clause-marked policy. Each shape of document in tests/fixtures/import/ is imported through
the real command into a site `clausewise init` wrote, which must then check clean and
build `--strict`; every line of the source must be in the page; importing again after the
source changed must keep the ids of the clauses that stayed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import TESTS, clausewise, mkdocs_build, run
from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.author.importer import ATX, convert
from clausewise.model import syntax

FIXTURES = TESTS / "fixtures" / "import"
SHAPES = ["security", "governance", "quotes", "messy"]
SAMPLES = ("postmortems/incident-1.md", "rfcs/0001-allow-deployment.md", "faq/deploying-fixes.md")

#: the ids each shape gets, in order: from its headings, numbering and the title left out
IDS = {
    "security": ["security-policy-of-example-db", "supported-versions", "reporting-a-vulnerability", "disclosure", "disclosure.exceptions", "credits"],
    "governance": ["example-db-governance", "roles.maintainers", "roles.committers", "decisions.lazy-consensus", "decisions.votes", "changes-to-this-document"],
    "quotes": ["example-db-code-of-conduct-enforcement", "scope", "reporting", "outcomes"],
    "messy": ["part-one-members.scope", "part-one-members.scope-2", "part-one-members.commands", "part-two-members.scope"],
}
#: what each shape could not map, as `path:line: start of the message`
NOTES = {
    "security": ["security.md:1: text before the first heading", "security.md:25: list item indented 2 spaces: Python-Markdown"],
    "governance": ["governance.md:13: list item indented 3 spaces"],
    "quotes": [],
    "messy": [
        "messy.md:1: text before the first heading",
        "messy.md:1: raw HTML `<p align=\"center\">` is kept as it is, outside any clause",
        "messy.md:11: heading `Scope` repeats the heading on line 7",
        "messy.md:15: raw HTML `<details>` is kept as it is, inside clause `part-one-members.scope-2`",
        "messy.md:16: raw HTML `<summary>`",
        "messy.md:20: raw HTML `</details>`",
        "messy.md:22: heading `Empty heading` has no text under it; no clause",
        "messy.md:35: raw HTML `<br>` is kept as it is, inside clause `part-two-members.scope`",
    ],
}
MARKER = re.compile(r"^<!-- (?:clause id=\"[^\"]*\" title=\"[^\"]*\"|/clause) -->$")


def without_markers(page: str) -> list[str]:
    """The page without what the import adds: its front matter record and the markers."""
    lines = page.rstrip("\n").split("\n")
    assert lines[0] == "---" and lines[1].startswith("clausewise_import: {source: ") and lines[2] == "---", lines[:3]
    return [line for line in lines[3:] if not MARKER.match(line)]


def assert_every_line_kept(source: str, page: str) -> None:
    """Every line of the source is in the page, in order, and nothing else but the markers;
    the only lines left out are headings folded into their clause (with the blank lines
    after them), whose text is the clause's title, which the clause shows as its heading.
    So every word of the source is in the page's text, or in a folded heading's title."""
    result = convert(source, "p.md")
    bare = re.compile(r"^<!-- clause .*-->$", re.M)  # ids aside (kept ones differ): the same page
    assert bare.sub("", result.text.split("\n", 3)[3]) == bare.sub("", page.split("\n", 3)[3])
    lines = source.replace("\r\n", "\n").rstrip("\n").split("\n")
    folded = set(result.folded)
    assert [line for i, line in enumerate(lines) if i not in folded] == without_markers(page)
    titles = [m.group(1) for m in re.finditer(r'^<!-- clause id="[^"]*" title="([^"]*)" -->$', page, re.M)]
    heads = []
    for i in sorted(folded):
        if not lines[i].strip() or re.fullmatch(r"[=-]+ *", lines[i]):
            continue  # a blank line, a setext underline
        m = ATX.match(lines[i])
        heads.append(m.group("text").strip() if m else lines[i].strip())
        assert heads[-1] in titles, (heads[-1], titles)
    word = re.compile(r"\w+")
    assert Counter(word.findall(source)) == Counter(word.findall("\n".join(without_markers(page)))) + Counter(word.findall(" ".join(heads)))


def clause_ids(page: str) -> list[str]:
    return [b.attrs["id"] for b in syntax.find_clauses(page)[0]]


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    assert clausewise("init", str(root)).returncode == 0
    for rel in SAMPLES:  # the samples cite the sample policy's clauses
        (root / rel).unlink()
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", "init"], root, check=True)
    return root


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_imports_keeps_every_word_checks_and_builds_strict(tmp_path: Path, shape: str) -> None:
    root = new_site(tmp_path)
    source = FIXTURES / f"{shape}.md"
    (root / f"{shape}.md").write_text(source.read_text())
    done = clausewise("import", f"{shape}.md", cwd=root)
    assert done.returncode == 0, done.stderr
    page = (root / "docs/policy/index.md").read_text()
    # Every line of the source, in order, and nothing else but the markers.
    assert_every_line_kept(source.read_text(), page)
    # Ids from the headings, unique, valid, within the limit.
    ids = clause_ids(page)
    assert ids == IDS[shape]
    assert len(set(ids)) == len(ids) and all(syntax.ID.match(i) and len(i) <= syntax.MAX_ID for i in ids)
    # The report: what could not be mapped, path:line, in the source's order.
    notes = [line for line in done.stderr.splitlines() if line.startswith(f"{shape}.md:")]
    assert len(notes) == len(NOTES[shape]), done.stderr
    for note, expected in zip(notes, NOTES[shape]):
        assert note.startswith(expected), (note, expected)
    assert "docs/policy/index.md:1: replaces the sample policy `clausewise init` wrote\n" in done.stderr
    assert f"wrote docs/policy/index.md: {len(ids)} clauses (0 kept, {len(ids)} new, 0 removed)" in done.stderr
    check = clausewise("check", cwd=root)
    assert check.returncode == 0 and "0 errors, 0 warnings" in check.stderr, check.stdout + check.stderr
    build = mkdocs_build(root, tmp_path / "out")
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "out/policy/index.html").read_text()
    assert html.count('class="cw-clause"') == len(ids)
    for cid in ids:
        assert (tmp_path / f"out/r/{cid}/index.html").exists() or f'"{cid}"' in html
    if shape == "security":
        assert "<table>" in html and "<ul>" in html
        # A heading folded into its clause shows once, as the clause's heading, at its level.
        assert re.findall(r"<h[1-6][^>]*>Supported Versions\b", html) == ['<h2 class="cw-clause-title" id="supported-versions">Supported Versions']
        assert len(re.findall(r"<h[1-6][^>]*>Credits\b", html)) == 2  # kept: folded, it would sit under Disclosure
    if shape == "governance":  # the nested numbered lists stay nested, inside their clause
        clause = html[html.index('id="roles.maintainers"'):html.index('id="roles.committers"')]
        assert "<li>nominate new maintainers, who must then be confirmed:<ol>\n<li>by a vote of the maintainers;</li>" in clause
    if shape == "quotes":
        assert html.count("<blockquote>") >= 3


def test_importing_again_after_edits_keeps_the_ids(tmp_path: Path) -> None:
    """Reworded, renamed, moved, added and removed sections of the SECURITY.md."""
    root = new_site(tmp_path)
    source = root / "SECURITY.md"
    source.write_text((FIXTURES / "security.md").read_text())
    assert clausewise("import", "SECURITY.md", cwd=root).returncode == 0
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", "import"], root, check=True)
    text = source.read_text()
    text = text.replace("You will get an answer within three working days.", "You will get an answer within two working days.")  # reworded
    text = text.replace("## Reporting a Vulnerability", "## How to report a vulnerability")  # renamed, text kept
    text = text.replace("## Credits\n\nWe thank reporters by name in the advisory, unless they ask us not to.\n\n", "")  # removed
    text = text.replace("### Exceptions", "## Bug bounty\n\nThere is no bug bounty.\n\n### Exceptions")  # added; Exceptions moves under it
    source.write_text(text)
    dry = clausewise("import", "SECURITY.md", "--dry-run", cwd=root)
    assert dry.returncode == 0, dry.stderr
    assert '+<!-- clause id="reporting-a-vulnerability" title="How to report a vulnerability" -->' in dry.stdout and "-<!-- clause id=\"credits\"" in dry.stdout
    assert run(["git", "status", "--porcelain"], root).stdout.strip() == "?? SECURITY.md" or "docs/" not in run(["git", "status", "--porcelain"], root).stdout
    again = clausewise("import", "SECURITY.md", cwd=root)
    assert again.returncode == 0, again.stderr
    page = (root / "docs/policy/index.md").read_text()
    ids = dict((b.attrs["title"], b.attrs["id"]) for b in syntax.find_clauses(page)[0])
    assert ids == {
        "Security Policy of Example DB": "security-policy-of-example-db",
        "Supported Versions": "supported-versions",
        "How to report a vulnerability": "reporting-a-vulnerability",  # matched by its text
        "Disclosure": "disclosure",
        "Bug bounty": "bug-bounty",
        "Exceptions": "disclosure.exceptions",  # matched by its own heading and text
    }
    assert "docs/policy/index.md:" in again.stderr and "clause `credits` (Credits) is not in SECURITY.md any more" in again.stderr
    assert "6 clauses (5 kept, 1 new, 1 removed)" in again.stderr
    assert_every_line_kept(text, page)
    # Unchanged source: nothing to write.
    same = clausewise("import", "SECURITY.md", cwd=root)
    assert same.returncode == 0 and "left unchanged" in same.stderr
    check = clausewise("check", "--since", "HEAD", cwd=root)
    assert check.returncode == 0, check.stdout


def test_a_removed_id_is_never_given_to_a_new_section(tmp_path: Path) -> None:
    first = convert("# T\n\n## Scope\n\nOld scope text about members.\n", "p.md")
    second = convert("# T\n\n## Scope\n\nOld scope text about members.\n\n## Scope\n\nAnother.\n", "p.md", first.text)
    assert clause_ids(second.text) == ["scope", "scope-2"]
    # Scope goes, a differently worded Scope comes: it must not take the old id.
    third = convert("# T\n\n## Range\n\nSomething entirely different is written here now.\n", "p.md", first.text, taken={"range"})
    assert clause_ids(third.text) == ["range-2"] and third.removed == [("scope", "Scope")]


def test_long_and_deep_headings_give_ids_within_the_limit() -> None:
    heads = "".join(f"{'#' * (level + 1)} {'Very long heading words ' * 4}{level}\n\n" for level in range(1, 6))
    r = convert(f"# Title\n\n{heads}Text under the deepest heading.\n", "deep.md")
    ids = clause_ids(r.text)
    assert len(ids) == 1 and len(ids[0]) <= syntax.MAX_ID and syntax.ID.match(ids[0])
    assert ids[0].endswith("very-long-heading-words-very-long-heading-5"[:40].rstrip("-")) or ids[0].split(".")[-1].startswith("very-long")
    odd = convert('# T\n\n## "Quoted" <b>bold</b> `code` [link](https://x) -->\n\nText.\n\n## 日本語\n\nMore.\n', "odd.md")
    blocks = syntax.find_clauses(odd.text)[0]
    assert [b.attrs for b in blocks] == [
        {"id": "quoted-bold-code-link", "title": "'Quoted' bold code link -"},
        {"id": "clause", "title": "日本語"},
    ]


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(st.data())
def test_light_edits_keep_every_id(data: st.DataObject) -> None:
    """Any light edit of any section of any shape (a word changed, added or removed; a
    heading's case or numbering changed) keeps every clause's id."""
    shape = data.draw(st.sampled_from(SHAPES))
    source = (FIXTURES / f"{shape}.md").read_text()
    first = convert(source, "p.md")
    lines = source.split("\n")
    secs = syntax.find_clauses(first.text)[0]
    edited = list(lines)
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from([k for k, line in enumerate(lines) if len(line.split()) >= 4 and not line.startswith(("#", "=", "-", "|", "<", "["))]))
        ws = edited[i].split(" ")
        j = data.draw(st.integers(0, len(ws) - 1))
        how = data.draw(st.sampled_from(["change", "add", "drop"]))
        if how == "change":
            ws[j] = "edited"
        elif how == "add":
            ws.insert(j, "newly")
        elif len(ws) > 3:
            del ws[j]
        edited[i] = " ".join(ws)
    k = data.draw(st.sampled_from([k for k, line in enumerate(lines) if line.startswith("#")]))
    edited[k] = edited[k].upper() if data.draw(st.booleans()) else edited[k]
    second = convert("\n".join(edited), "p.md", first.text)
    assert clause_ids(second.text) == [b.attrs["id"] for b in secs]
    assert not second.new and not second.removed


def test_it_refuses_to_lose_edits_and_writes_nothing(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    page = root / "docs/policy/index.md"
    (root / "p.md").write_text("# Policy\n\n## Scope\n\nAll members.\n")
    # A policy page written by hand: not replaced without --force.
    page.write_text("# Ours\n\n<!-- clause id=\"scope.members\" title=\"Scope\" -->\nAll our members.\n<!-- /clause -->\n")
    refused = clausewise("import", "p.md", cwd=root)
    assert refused.returncode == 1 and "docs/policy/index.md: this page was not written by `clausewise import`" in refused.stderr
    assert "All our members." in page.read_text()
    forced = clausewise("import", "p.md", "--force", cwd=root)
    assert forced.returncode == 0, forced.stderr
    assert clause_ids(page.read_text()) == ["scope.members"]  # the hand-given id is kept
    # Edited since the import (by hand, or by `clausewise apply`): refused, the page untouched.
    edited = page.read_text().replace("All members.", "All members, and guests.")
    page.write_text(edited)
    refused = clausewise("import", "p.md", cwd=root)
    assert refused.returncode == 1 and "edited since it was imported from p.md" in refused.stderr
    assert page.read_text() == edited
    assert clausewise("import", "p.md", "--force", cwd=root).returncode == 0
    assert "and guests" not in page.read_text()
    # Sources it cannot use, and pages outside the policy folder.
    (root / "marked.md").write_text(edited)
    (root / "flat.md").write_text("No heading at all.\n")
    (root / "latin1.md").write_bytes("# Politique\n\nS\xe9curit\xe9\n".encode("latin-1"))
    for args, says in (
        (["marked.md"], "marked.md:6: it already has clause markers"),
        (["flat.md"], "flat.md:1: no heading found"),
        (["latin1.md"], "latin1.md:3: not UTF-8 text"),
        (["missing.md"], "missing.md: no such file"),
        (["p.md", "--to", "docs/index.md"], "must be a .md file in the policy folder (docs/policy/)"),
    ):
        result = clausewise("import", *args, cwd=root)
        assert result.returncode == 1 and says in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert page.read_text().count("All members.") == 1
    assert not list(root.glob("docs/policy/.*.tmp"))


def test_import_into_a_second_page_keeps_ids_unique_across_the_project(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "a.md").write_text("# A\n\n## Scope\n\nMembers.\n")
    (root / "b.md").write_text("# B\n\n## Scope\n\nGuests.\n")
    assert clausewise("import", "a.md", cwd=root).returncode == 0
    made = clausewise("import", "b.md", "--to", "docs/policy/guests.md", cwd=root)
    assert made.returncode == 0, made.stderr
    assert clause_ids((root / "docs/policy/guests.md").read_text()) == ["scope-2"]
    assert "docs/policy/guests.md:1: a new page: if mkdocs.yml has a `nav`, list `policy/guests.md` in it" in made.stderr
    check = clausewise("check", cwd=root)
    assert check.returncode == 0, check.stdout


def test_front_matter_and_crlf_sources() -> None:
    src = "---\ntitle: Our policy\n---\r\n# Policy\r\n\r\n## Scope\r\n\r\nAll.\r\n"
    r = convert(src, "p.md")
    assert r.text.startswith("---\ntitle: Our policy\nclausewise_import: {source: \"p.md\", sha256: \"")
    assert "\r" not in r.text and clause_ids(r.text) == ["scope"]
    assert str(r.notes[0]) == "p.md:1: the front matter is kept as the page's front matter"


def test_a_heading_is_folded_into_its_clause_only_where_nothing_changes() -> None:
    """The clause shows its title as a heading one level below the heading before it: a
    heading is left out only when that is its own level, and no link points at it."""
    r = convert("# T\n\nSee [the votes](#votes).\n\n## Scope\n\nAll.\n\n## Votes\n\nText.\n\n## A *b*\n\nC.\n\n## D\n\nE.\n", "p.md")
    page = r.text
    assert "## Votes\n" in page  # linked to: its anchor stays
    assert "## Scope" not in page and '<!-- clause id="scope" title="Scope" -->\nAll.' in page
    assert "## A *b*\n" in convert("# T\n\n## A *b*\n\nC.\n", "p.md").text  # the title would lose the emphasis
    assert "## D\n" in page  # after a kept `##`, a folded one would show as its child


LINES = st.sampled_from([
    "# Title", "## Sec", "### Sub", "#### Deep", "#", "##Nospace", "Text para.", "more text", "", "===", "---",
    "- item", "  - nested", "1. one", "   1. sub", "> quote", "> # quoted", "| a | b |", "| - | - |", "```", "~~~",
    "    code", "<div>", "</div>", "<!-- c -->", "[ref]: https://example.org", "## 1. Numbered", "## Section 3: Thing",
    '## "Q" <b>x</b> -->', "## <b></b>", "## 日本", "text with <br> tag", "title: x",
])


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.lists(LINES, max_size=30), st.lists(LINES, max_size=30))
def test_any_document_gives_a_well_formed_page_or_a_refusal(first: list[str], second: list[str]) -> None:
    """Whatever the source (unclosed fences, headings without text, HTML, markers in
    headings): a page whose markers parse, with valid unique ids and every line kept, or
    a refusal; importing something else then the first document again gives the first ids."""
    from clausewise.author.importer import ImportRefused

    src = "\n".join(first) + "\n"
    try:
        r = convert(src, "p.md")
    except ImportRefused as exc:
        assert re.match(r"p\.md:[0-9]+: ", str(exc))
        return
    blocks, problems = syntax.find_clauses(r.text)
    assert not problems and not any(b.problems for b in blocks)
    ids = [b.attrs["id"] for b in blocks]
    assert len(set(ids)) == len(ids) and all(syntax.ID.match(i) for i in ids)
    if not any("front matter" in n.message for n in r.notes):  # (that is test_front_matter_and_crlf_sources)
        assert_every_line_kept(src, r.text)
    try:
        other = convert("\n".join(second) + "\n", "p.md", r.text)
    except ImportRefused:
        return
    assert len(set(clause_ids(other.text))) == len(clause_ids(other.text))
    assert clause_ids(convert(src, "p.md", r.text).text) == ids


def test_a_removed_clause_names_what_still_concerns_it(tmp_path: Path) -> None:
    root = new_site(tmp_path)
    (root / "p.md").write_text("# P\n\n## Scope\n\nAll members.\n\n## Incident 9\n\nA heading that looks like a post-mortem id.\n")
    (root / "postmortems/incident-9.md").write_text(
        '---\nid: incident-9\ntitle: Incident 9\ndate: "2026-01-01"\nambiguities:\n'
        "  - {id: incident-9.scope, title: Scope, question: 'Who is a member?', clauses: [scope]}\n---\nText.\n")
    made = clausewise("import", "p.md", cwd=root)
    assert made.returncode == 0, made.stderr
    page = root / "docs/policy/index.md"
    assert clause_ids(page.read_text()) == ["scope", "incident-9-2"]  # ids are one namespace with post-mortems
    assert 'clausewise_import: {source: "p.md", ' in page.read_text()
    (root / "p.md").write_text("# P\n\n## Incident 9\n\nA heading that looks like a post-mortem id.\n")
    again = clausewise("import", "p.md", cwd=root)
    assert "docs/policy/index.md:6: clause `scope` (Scope) is not in p.md any more and is left out; ambiguity incident-9.scope still concerns it" in again.stderr, again.stderr
    check = clausewise("check", cwd=root)
    assert check.returncode == 1 and "unknown clause `scope`" in check.stdout
