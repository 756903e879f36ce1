"""Generated text follows `theme.language` (site/i18n.py).

- The shipped catalogs: every string translated, placeholders kept, the `.mo` the package
  reads compiled from the `.po` (so a translator's edit is never left uncompiled), the
  template up to date with the code (`scripts/translations --check`).
- A pseudo-locale, made by the test from the template (every translation wrapped in ⟦ ⟧):
  a site built in it, in-process, has no generated text left unwrapped. What is not
  wrapped must be the project's own content (found in its files), ids, numbers, dates or
  punctuation; an English string that was never wrapped for translation fails here.
- A real build of the flagship with `theme.language: fr` under `mkdocs build --strict`,
  in French, with the page text checked for the English it had.
- A language without a catalog: English, and a CW706 note from `clausewise check`.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from clausewise import i18n as core
from clausewise.site import i18n
from helpers import BIN, ROOT, copy_fixture, run

LOCALE = ROOT / "src" / "clausewise" / "locale"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
PSEUDO = "eo"  # a language Material has templates for and clausewise ships no catalog for


def _catalog(lang: str) -> Catalog:
    with open(LOCALE / lang / "LC_MESSAGES" / "clausewise.po", "rb") as fh:
        return read_po(fh, locale=lang, domain="clausewise")


def shipped() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / "clausewise.po").is_file())


# -- the catalogs --------------------------------------------------------------------------
def test_templates_and_catalogs_are_up_to_date() -> None:
    """The .pot lists every string the code marks, each .po has them all, each .mo is the
    .po compiled: `scripts/translations --check` changes nothing."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "translations"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "untranslated" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("lang", shipped())
def test_catalog_is_complete_and_keeps_placeholders(lang: str) -> None:
    with open(LOCALE / "clausewise.pot", "rb") as fh:
        template = read_po(fh, domain="clausewise")
    cat = _catalog(lang)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    have = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in cat if m.id}
    assert wanted <= set(have), sorted(wanted - set(have))[:5]
    assert len(wanted) > 400
    for key in wanted:
        m = have[key]
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert not m.fuzzy, key
        assert all(s.strip() for s in strings), f"untranslated: {key}"
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) == set(PLACEHOLDER.findall(ids[0])), f"placeholders differ: {key} -> {s!r}"
            # Markdown links, references and code survive translation
            for token in ("[[", "`", "](", "**"):
                assert s.count(token) == ids[0].count(token), f"{token!r} count differs: {key} -> {s!r}"
            assert s.startswith(" ") == ids[0].startswith(" ") and s.endswith(" ") == ids[0].endswith(" "), f"edge spaces differ: {key!r} -> {s!r}"


def test_no_string_is_formatted_before_it_is_looked_up() -> None:
    """`_(f"...")` would look up the formatted text, which no catalog holds."""
    bad = [f"{p.relative_to(ROOT)}:{i}" for p in (ROOT / "src" / "clausewise").rglob("*.py")
           for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(r"\b(?:_|N_|gettext|ngettext|pgettext)\((?:[^()]*,\s*)?f[\"']", line)]
    assert bad == []


@pytest.mark.parametrize("lang", shipped())
def test_shipped_mo_is_the_po_compiled(lang: str) -> None:
    buf = io.BytesIO()
    write_mo(buf, _catalog(lang), use_fuzzy=False)
    assert (LOCALE / lang / "LC_MESSAGES" / "clausewise.mo").read_bytes() == buf.getvalue()


def test_french_words_looked_up_at_render_time() -> None:
    """Nothing is translated at import: the same function speaks the language in force."""
    from clausewise.site.text import plural

    assert plural(2, "open ambiguity", "open ambiguities") == "2 open ambiguities"
    with i18n.use("fr"):
        assert plural(2, "open ambiguity", "open ambiguities") == "2 ambiguïtés ouvertes"
        assert plural(1, "open ambiguity", "open ambiguities") == "1 ambiguïté ouverte"
        assert plural(0, "open ambiguity", "open ambiguities") == "0 ambiguïté ouverte"  # French: 0 is singular
        assert i18n.status("accepted") == "acceptée" and i18n.state("open") == "ouverte"
        assert i18n.current() == "fr"
    with i18n.use("fr-CA"):  # a region falls back to its language
        assert i18n.current() == "fr-CA" and i18n.status("accepted") == "acceptée"
    with i18n.use("xx"):  # no catalog: English
        assert i18n.current() == "en" and i18n.status("accepted") == "accepted"
    assert i18n.current() == "en"
    assert "fr" in i18n.available()


def test_script_strings_follow_the_language() -> None:
    source = (ROOT / "src" / "clausewise" / "assets" / "clausewise.js").read_text(encoding="utf-8")
    assert "var STRINGS = {};" in source
    with i18n.use("fr"):
        out = i18n.localize_js(source)
    table = json.loads(re.search(r"var STRINGS = (\{.*?\});", out).group(1))
    assert table == {
        "Table (scrolls sideways)": "Tableau (défile horizontalement)",
        "This table is wider than the page: scroll it sideways for more columns.": "Ce tableau est plus large que la page\u00a0: faites-le défiler horizontalement pour voir les autres colonnes.",
    }
    assert i18n.localize_js(source) == source.replace("var STRINGS = {};", "var STRINGS = {};")


# -- the pseudo-locale: nothing generated is left unwrapped ----------------------------------
@pytest.fixture()
def pseudo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A catalog for PSEUDO where every translation is its English wrapped in ⟦ ⟧."""
    with open(LOCALE / "clausewise.pot", "rb") as fh:
        template = read_po(fh, domain="clausewise")
    cat = Catalog(locale="en", domain="clausewise")  # English plural rule: two forms
    for m in template:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            cat.add(m.id, tuple(f"⟦{x}⟧" for x in m.id), context=m.context)
        else:
            edge = re.match(r"^(\s*)(.*?)(\s*)$", m.id, re.S)
            cat.add(m.id, f"{edge.group(1)}⟦{edge.group(2)}⟧{edge.group(3)}", context=m.context)
    folder = tmp_path / "locale" / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "clausewise.mo", "wb") as fh:
        write_mo(fh, cat)
    monkeypatch.setattr(core, "LOCALE_DIRS", [tmp_path / "locale", *core.LOCALE_DIRS])
    core._load.cache_clear()
    yield PSEUDO
    core._load.cache_clear()
    i18n.activate("en")


class _Text:
    """The visible text nodes of an HTML page's article (or body), and attribute texts a
    reader sees or hears (title, aria-label)."""

    SKIP = {"script", "style", "code", "pre", "svg"}

    def __init__(self, page: str) -> None:
        from html.parser import HTMLParser

        nodes: list[str] = []
        attributes: list[str] = []
        skip = [0]

        class P(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                if tag in _Text.SKIP:
                    skip[0] += 1
                if ("class", "headerlink") in attrs or any(k == "class" and v and "md-content__button" in v for k, v in attrs):
                    return  # the toc extension's permalink title (the site's setting), the theme's edit button
                for k, v in attrs:
                    if k in ("title", "aria-label") and v:
                        attributes.append(v)

            def handle_endtag(self, tag: str) -> None:
                if tag in _Text.SKIP:
                    skip[0] = max(0, skip[0] - 1)

            def handle_data(self, data: str) -> None:
                if not skip[0] and data.strip():
                    nodes.append(data)

        body = page.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
        P(convert_charrefs=True).feed(body)
        self.attributes = attributes
        # A translated string may hold markup (a link, a code span): its mark opens in one
        # text node and closes in a later one. What stands outside every mark, node by node:
        self.nodes, self.unmarked, depth = nodes, [], 0
        for node in nodes:
            kept = []
            for ch in node:
                if ch == "⟦":
                    depth += 1
                elif ch == "⟧":
                    depth = max(0, depth - 1)
                elif depth == 0:
                    kept.append(ch)
            self.unmarked.append("".join(kept))


#: what may stand unwrapped in generated text: ids, numbers, dates, versions, punctuation
_NEUTRAL = re.compile(r"[\s\d·:;,.()\[\]|/#¶@+\-–—…'\"=<>→×%*_`!?]*")
_ID = re.compile(r"[\w.@/-]*[\d._/-][\w.@/-]*|RFC|RFC\s*\d+|[A-Z]+-\d+|!!!\s*\w+")  # (a site without the admonition extension shows `!!! warning` as it is)


def _unwrapped(text: str, content: str) -> str | None:
    """What remains of a text node once marked text, content and neutral tokens are taken
    out; None when nothing English is left."""
    rest = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    rest = rest.replace("⟦", " ").replace("⟧", " ")  # a mark split across elements
    if _NEUTRAL.fullmatch(rest):
        return None
    for piece in re.split(r"\s{2,}|\s·\s|[()]", rest):
        piece = piece.strip(" ,.;:·()[]|\"'")
        if not piece or _NEUTRAL.fullmatch(piece) or _ID.fullmatch(piece):
            continue
        if " ".join(piece.split()) in content:
            continue
        words = [w for w in re.split(r"[\s,;:()]+", piece) if w and not _NEUTRAL.fullmatch(w) and not _ID.fullmatch(w)]
        if all(w in content for w in words):
            continue
        return piece
    return None


def _outside_marks(text: str) -> str:
    """The text that stands outside every ⟦ ⟧ (marks nest: a placeholder's value may be
    translated text too)."""
    out, depth = [], 0
    for ch in text:
        if ch == "⟦":
            depth += 1
        elif ch == "⟧":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _content(project: Path) -> str:
    """The project's own words: every text file's content, whitespace folded, Markdown
    escapes and entities read as text; plus git's authors and subjects."""
    out = []
    for path in project.rglob("*"):
        if ".git" in path.parts or "site" in path.parts or not path.is_file() or path.suffix not in (".md", ".yml", ".yaml"):
            continue
        text = html.unescape(path.read_text(encoding="utf-8"))
        text = " ".join(text.replace("\\", "").split())
        out += [text, text.replace('"', "'")]  # graph labels write a title's double quotes as single ones
    log = run(["git", "log", "--format=%an%n%s"], project).stdout
    return "\n".join(out) + "\n" + log


def _build_in_process(project: Path, language: str, out: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg_path = project / "mkdocs.yml"
    text = cfg_path.read_text(encoding="utf-8")
    text = re.sub(r"^theme:\n", f"theme:\n  language: {language}\n", text, count=1, flags=re.M)
    cfg_path.write_text(text, encoding="utf-8")
    cfg = load_config(config_file=str(cfg_path), site_dir=str(out), strict=True)
    build(cfg)


@pytest.mark.parametrize("site", ["governance", "applications", "flagship"])
def test_pseudo_locale_leaves_no_generated_english(site: str, pseudo: str, tmp_path: Path) -> None:
    if site == "flagship":
        project = tmp_path / "flagship"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".git", ".venv", "site", "build", "*.egg-info", "__pycache__", "node_modules", "tests", "src"))
        run(["git", "init", "-q", "-b", "main"], project, check=True)
        run(["git", "add", "-A"], project, check=True)
        run(["git", "commit", "-q", "-m", "flagship"], project, check=True)
    else:
        project = copy_fixture(site, tmp_path / site)
    out = tmp_path / "out"
    _build_in_process(project, pseudo, out)
    content = _content(project)
    from clausewise.project import load_project

    generated = [p.path for p in load_project(project).pages()]
    assert len(generated) > 10
    marked, problems = 0, []
    pages = [out / (p[:-3] + "/index.html" if not p.endswith("index.md") else p[:-8] + "index.html") for p in generated]
    pages += [p for p in (out / "policy").rglob("index.html")] + [out / "index.html"]  # [[refs]] and clause heads in hand-written pages
    for page in pages:
        seen = _Text(page.read_text(encoding="utf-8"))
        marked += sum(node.count("⟦") for node in seen.nodes)
        for node, rest in [*zip(seen.nodes, seen.unmarked), *((a, a) for a in seen.attributes)]:
            left = _unwrapped(rest, content)
            if left is not None:
                problems.append(f"{page.relative_to(out)}: {left!r} (in {node.strip()[:120]!r})")
    # the feeds and the permanent links speak the language too
    for feed in (out / "feeds").rglob("*.xml"):
        if feed.name == "sitemap.xml":
            continue
        for title in re.findall(r"<(?:title|summary)>([^<]*)</(?:title|summary)>", feed.read_text(encoding="utf-8")):
            if "urn:" not in title and title != "clausewise":
                left = _unwrapped(_outside_marks(html.unescape(title)), content)
                if left is not None:
                    problems.append(f"{feed.relative_to(out)}: {left!r}")
    redirect = next((out / "r").iterdir()) / "index.html"
    assert "⟦This is a permanent link. Go to" in redirect.read_text(encoding="utf-8")
    assert "⟦Table (scrolls sideways)⟧" in (out / "assets" / "clausewise" / "clausewise.js").read_text(encoding="utf-8")
    assert marked > 100
    assert not problems, "generated text left in English:\n" + "\n".join(sorted(set(problems))[:60])


# -- a real build of the flagship in French --------------------------------------------------
def test_flagship_builds_strict_in_french(tmp_path: Path) -> None:
    """`theme.language: fr` in a copy of the flagship's mkdocs.yml (beside it, reading the same
    content), `mkdocs build --strict`: the generated pages are in French."""
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("theme:\n  name: material\n", f"docs_dir: {ROOT / 'docs'}\ntheme:\n  name: material\n  language: fr\n", 1)
    cfg = cfg.replace("  - clausewise:\n", f"  - clausewise:\n      project: {ROOT}\n", 1)
    assert "language: fr" in cfg and f"project: {ROOT}" in cfg
    (tmp_path / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    out = tmp_path / "site"
    proc = run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "--site-dir", str(out)], tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rfcs = (out / "rfcs" / "index.html").read_text(encoding="utf-8")
    assert "Toutes les propositions de modification de la politique, regroupées par statut." in rfcs
    assert "Every proposal to change the policy" not in rfcs
    assert "RFC 9 (exemple fictif)" in rfcs and "fictional example)" not in rfcs
    clause = next((out / "clauses").iterdir()) / "index.html"
    page = clause.read_text(encoding="utf-8")
    assert "Proposer une modification" in page and "Propose a change" not in page
    assert 'lang="fr"' in page  # Material's own text follows theme.language too
    policy = (out / "policy" / "index.html").read_text(encoding="utf-8")
    assert "proposer une modification" in policy and "propose a change" not in policy
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Nouveautés" in home and "What's new" not in home
    feed = (out / "feeds" / "rfcs.xml").read_text(encoding="utf-8")
    assert "<title>Nouvelles RFC</title>" in feed
    graph = (out / "postmortems" / "xsa-108" / "index.html").read_text(encoding="utf-8")
    assert '<div class="cw-graph-list"><p>Les ambiguïtés de' in graph  # the list view's caption, "Graphe\u00a0: " taken off
    js = (out / "assets" / "clausewise" / "clausewise.js").read_text(encoding="utf-8")
    assert "Tableau (défile horizontalement)" in js


# -- a language without a catalog ---------------------------------------------------------------
def test_language_without_catalog_is_english_with_a_note(tmp_path: Path) -> None:
    project = copy_fixture("governance", tmp_path / "gov")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  language: eo\n", 1), encoding="utf-8")
    check = run([str(BIN / "clausewise"), "check", str(project)], project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "mkdocs.yml:3: CW706 note: `theme.language: eo`: clausewise has no translation for this language; its generated text stays English" in check.stdout
    proc = run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")], project)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "CW706" in proc.stderr
    assert "Every proposal to change the policy, grouped by status." in (tmp_path / "site" / "rfcs" / "index.html").read_text(encoding="utf-8")


# -- the same language without the plugin: `clausewise pages` and Zensical -------------------
def test_zensical_tree_follows_the_language(tmp_path: Path) -> None:
    """`clausewise pages --config` keeps `theme:`; the Markdown extension, which Zensical
    runs without the plugin, reads the language from the project's mkdocs.yml: the pages,
    the [[refs]]' words and the script are French."""
    project = copy_fixture("governance", tmp_path / "gov")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  language: fr\n", 1), encoding="utf-8")
    build = tmp_path / "z"
    pages = run([str(BIN / "clausewise"), "pages", str(project), "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], project)
    assert pages.returncode == 0, pages.stderr
    assert "language: fr" in (build / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Toutes les propositions de modification de la politique" in (build / "docs" / "rfcs" / "index.md").read_text(encoding="utf-8")
    assert "Tableau (défile horizontalement)" in (build / "docs" / "assets" / "clausewise" / "clausewise.js").read_text(encoding="utf-8")
    done = run([str(BIN / "zensical"), "build", "--clean", "--config-file", str(build / "mkdocs.yml")], project)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    policy = (build / "site" / "policy" / "index.html").read_text(encoding="utf-8")
    assert "proposer une modification" in policy and "propose a change" not in policy
    assert "ambiguïté ouverte" in policy or "ambiguïtés ouvertes" in policy


def test_language_is_read_from_the_theme(tmp_path: Path) -> None:
    """`theme.language` (Material, Zensical), or `theme.locale` (MkDocs' own themes), with its line."""
    from clausewise.load.config import load_config

    cases = {
        "site_name: x\ntheme:\n  name: material\n  language: fr\n": ("fr", 4),
        "site_name: x\ntheme:\n  name: mkdocs\n  locale: fr_CA\n": ("fr_CA", 4),
        "site_name: x\ntheme: readthedocs\n": ("en", 1),
        "site_name: x\n": ("en", 1),
    }
    for text, (language, line) in cases.items():
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        root.mkdir()
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        config = load_config(root)
        assert (config.language, config.language_at) == (language, ("mkdocs.yml", line)), text
