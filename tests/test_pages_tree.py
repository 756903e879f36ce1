"""`clausewise pages`: the whole docs tree for a renderer without the plugin, written whole
or not at all, with the feeds' absolute links from --site-url."""

from __future__ import annotations

from pathlib import Path

from helpers import BIN, run

from clausewise.author.init import init_project
from clausewise.load import yamlsafe


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    run(["git", "add", "-A"], root, check=True)
    run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-q", "-m", "init"], root, check=True)
    return root


def _pages(root: Path, *args: str) -> tuple[int, str]:
    done = run([str(BIN / "clausewise"), "pages", *args], root)
    return done.returncode, done.stdout + done.stderr


def test_the_tree_holds_everything_the_plugin_adds(tmp_path: Path) -> None:
    root = _project(tmp_path)
    with (root / "docs/index.md").open("a", encoding="utf-8") as f:
        f.write("\n<!-- clausewise:home -->\n")
    code, log = _pages(root, "--out", "build/docs", "--site-url", "https://policy.example.net/sub/", "--config", "build.yml")
    assert code == 0, log
    tree = root / "build/docs"
    for rel in ("index.md", "policy/index.md", "rfcs/index.md", "rfcs/0001-allow-deployment.md", "ambiguities/index.md",
                "clauses/disclosure.deployment.md", "assets/clausewise/clausewise.css", "assets/clausewise/clausewise.js",
                "schemas/rfc.schema.json", "feeds/rfcs.xml", "r/disclosure.deployment/index.html"):
        assert (tree / rel).is_file(), rel
    home = (tree / "index.md").read_text(encoding="utf-8")
    assert not home.rstrip().endswith("<!-- clausewise:home -->") and "{#whats-new}" in home
    assert "https://policy.example.net/sub/rfcs/0001-allow-deployment/" in (tree / "feeds/rfcs.xml").read_text(encoding="utf-8")
    config = yamlsafe.load((root / "build.yml").read_text(encoding="utf-8"), tags=True).value
    assert config["docs_dir"] == "build/docs" and config["site_url"] == "https://policy.example.net/sub/"
    assert "clausewise" not in str(config["plugins"])
    options = next(e["clausewise"] for e in config["markdown_extensions"] if isinstance(e, dict) and "clausewise" in e)
    assert options == {"project": str(root.resolve()), "tree": str(root.resolve() / "build/docs"), "directory_urls": True,
                       "titles": {"index.md": "Home", "policy/index.md": "Policy", "postmortems/index.md": "Post-mortems", "ambiguities/index.md": "Ambiguities",
                                  "rfcs/index.md": "RFCs", "faq/index.md": "FAQ", "changelog/index.md": "Changelog", "roster.md": "Roster"}}
    assert "assets/clausewise/clausewise.css" in config["extra_css"]


def test_nothing_is_written_for_content_with_errors(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert _pages(root, "--out", "build/docs")[0] == 0
    before = sorted(p.relative_to(root / "build/docs").as_posix() for p in (root / "build/docs").rglob("*"))
    rfc = root / "rfcs/0001-allow-deployment.md"
    rfc.write_text(rfc.read_text(encoding="utf-8") + "\nSee [[incident-1.nowhere]].\n", encoding="utf-8")
    code, log = _pages(root, "--out", "build/docs")
    assert code == 1 and "CW201" in log and "not writing pages" in log
    assert sorted(p.relative_to(root / "build/docs").as_posix() for p in (root / "build/docs").rglob("*")) == before


def test_a_page_clashing_with_a_generated_one_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "docs/rfcs").mkdir()
    (root / "docs/rfcs/index.md").write_text("# Mine\n", encoding="utf-8")
    code, log = _pages(root, "--out", "build/docs")
    assert code == 2 and "docs/rfcs/index.md clashes with a generated page" in log and "Traceback" not in log
    assert not (root / "build/docs").exists()


def test_the_tree_is_not_the_docs_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    code, log = _pages(root, "--out", "docs")
    assert code == 2 and "must be a folder of its own" in log


def test_the_tree_stamp_is_the_one_the_extension_reads(tmp_path: Path) -> None:
    """The CLI may not import the Markdown face, so both name the stamp file; they agree, and
    the tree holds it (a digest that changes with any file of the tree)."""
    from clausewise.cli.pages import TREE_STAMP
    from clausewise.markdown.extension import TREE_STAMP as READ

    assert TREE_STAMP == READ
    root = _project(tmp_path)
    code, log = _pages(root, "--out", "build/docs")
    assert code == 0, log
    first = (root / "build/docs" / TREE_STAMP).read_text(encoding="ascii")
    (root / "faq" / "deploying-fixes.md").write_text((root / "faq" / "deploying-fixes.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    code, log = _pages(root, "--out", "build/docs")
    assert code == 0, log
    assert len(first) == 32 and (root / "build/docs" / TREE_STAMP).read_text(encoding="ascii") != first


def test_edit_urls_follow_mkdocs_rules() -> None:
    """The edit URL a generated page gets in the tree is the one MkDocs computes for the
    same settings (mkdocs.structure.pages.Page._set_edit_url), including its defaults."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from clausewise.cli import theme

    cases = [
        {"repo_url": "https://github.com/o/r"},
        {"repo_url": "https://gitlab.com/o/r/", "edit_uri": "-/edit/main/docs"},
        {"repo_url": "https://bitbucket.org/o/r"},
        {"repo_url": "https://git.example.org/o/r", "edit_uri": "src/branch/main/docs/"},
        {"repo_url": "https://github.com/o/r", "edit_uri_template": "blob/main/docs/{path!q}?plain=1"},
        {"repo_url": "https://github.com/o/r", "edit_uri_template": "edit/main/{path_noext}.md"},
        {"edit_uri": "https://forge.example.org/edit/docs/"},
        {"repo_url": "https://git.example.org/o/r"},
        {},
    ]
    for settings in cases:
        config = MkDocsConfig()
        config.load_dict({"site_name": "x", **settings})
        assert config.validate() == ([], []), settings
        for src in ("../rfcs/0001-x.md", "index.md", "policy/a b.md"):
            file = File("rfcs/0001-x.md", "/tmp/docs", "/tmp/site", True)
            file.edit_uri = src
            page = Page(None, file, config)
            page._set_edit_url(config.repo_url, config.edit_uri, config.edit_uri_template)
            assert theme.edit_url(theme.edit_settings(settings), src) == page.edit_url, (settings, src)


def test_hand_written_pages_keep_their_lines(tmp_path: Path) -> None:
    """A renderer reports problems by the tree file's lines (Zensical: `broken.md:3:15 page
    does not exist`): a hand-written page is copied line for line, what it is rendered from
    appended as a comment, not put in front matter above its text."""
    root = _project(tmp_path)
    (root / "docs/broken.md").write_text("---\ntitle: Broken\n---\n\nSee [nowhere](nowhere.md).\n", encoding="utf-8")
    code, log = _pages(root, "--out", "build/docs")
    assert code == 0, log
    checked = 0
    for source in (root / "docs").rglob("*.md"):
        rel = source.relative_to(root / "docs").as_posix()
        text = source.read_text(encoding="utf-8")
        if "clausewise:home" in text:
            continue  # the home section is filled in where the marker is
        written = (root / "build/docs" / rel).read_text(encoding="utf-8")
        assert written.startswith(text) and written[len(text):].strip().startswith("<!-- clausewise-inputs "), rel
        checked += 1
    assert checked >= 2


def test_the_theme_folder_beside_the_tree_never_replaces_the_docs(tmp_path: Path) -> None:
    """--config writes the theme overrides to <out>-theme, replaced whole: an --out whose
    <out>-theme is docs_dir is refused before anything is written."""
    root = _project(tmp_path)
    (root / "docs").rename(root / "pages-theme")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("policy_dir: docs/policy", "policy_dir: pages-theme/policy")
    (root / "mkdocs.yml").write_text("docs_dir: pages-theme\n" + text, encoding="utf-8")
    before = sorted(p.relative_to(root).as_posix() for p in (root / "pages-theme").rglob("*"))
    code, log = _pages(root, "--out", "pages", "--config", "build.yml")
    assert code != 0 and "the theme overrides' folder pages-theme: the tree must be a folder of its own" in log, log
    assert sorted(p.relative_to(root).as_posix() for p in (root / "pages-theme").rglob("*")) == before
    assert not (root / "pages").exists() and not (root / "build.yml").exists()
    code, log = _pages(root, "--out", "build/tree", "--config", "build.yml")
    assert code == 0 and (root / "build/tree-theme/main.html").is_file(), log
