"""`INHERIT:` in mkdocs.yml: the CLI and the pages face read the settings MkDocs reads, the
parent's merged under the inheriting file's, and a chain that cannot be followed is refused
at the line that says so, never followed blindly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import BIN, mkdocs_build, run

from clausewise.author.init import init_project
from clausewise.errors import ConfigError
from clausewise.load import load_config, siteconfig


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    init_project(root)
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    return root


def _commit(root: Path) -> None:
    run(["git", "add", "-A"], root, check=True)
    run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-q", "-m", "site"], root, check=True)


def test_the_cli_mkdocs_and_zensical_read_the_inherited_settings(tmp_path: Path) -> None:
    """The parent holds the theme, the plugin and its settings (RFCs in `proposals/`); the
    site's mkdocs.yml inherits it and sets its own name. `check`, a strict MkDocs build and
    the Zensical tree all find the RFCs where the parent says."""
    root = _site(tmp_path)
    (root / "rfcs").rename(root / "proposals")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "shared").mkdir()
    (root / "shared" / "base.yml").write_text(text.replace("rfcs_dir: rfcs", "rfcs_dir: proposals"), encoding="utf-8")
    (root / "mkdocs.yml").write_text('INHERIT: shared/base.yml\nsite_name: "Inheriting site"\n', encoding="utf-8")
    _commit(root)
    config = load_config(root)
    assert config.rfcs_dir == "proposals" and config.docs_dir == "docs"  # docs_dir: relative to mkdocs.yml, as MkDocs reads it
    check = run([str(BIN / "clausewise"), "check", "--strict"], root)
    assert check.returncode == 0 and "1 RFC" in check.stdout + check.stderr, check.stdout + check.stderr
    built = mkdocs_build(root, tmp_path / "mkdocs")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "mkdocs" / "rfcs" / "0001-allow-deployment" / "index.html").is_file()
    build = root / "build" / "zensical"
    pages = run([str(BIN / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"), "--site-dir", str(build / "site")], root)
    assert pages.returncode == 0, pages.stderr
    written = (build / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in written and "site_name: Inheriting site" in written and "name: material" in written
    zen = run([str(BIN / "zensical"), "build", "--clean", "--strict", "--config-file", str(build / "mkdocs.yml")], root)
    assert zen.returncode == 0, zen.stdout + zen.stderr
    assert "<title>RFC 1" in (build / "site" / "rfcs" / "0001-allow-deployment" / "index.html").read_text(encoding="utf-8")


def test_mappings_merge_key_by_key_and_problems_name_the_file_that_says_it(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "base.yml").write_text(
        "site_name: Base\nplugins:\n  search: {}\n  clausewise:\n    rfcs_dir: proposals\n    faq_dir: answers\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nplugins:\n  clausewise:\n    faq_dir: questions\n", encoding="utf-8")
    site = siteconfig.read_site_config(root / "mkdocs.yml")
    assert site.plugin == {"rfcs_dir": "proposals", "faq_dir": "questions"}
    assert site.data["site_name"] == "Base" and "INHERIT" not in site.data and set(site.data["plugins"]) == {"search", "clausewise"}
    assert site.where(*site.plugin_at, "rfcs_dir") == "base.yml:5"
    assert site.where(*site.plugin_at, "faq_dir") == "mkdocs.yml:4"
    config = load_config(root)
    assert (config.rfcs_dir, config.faq_dir) == ("proposals", "questions")
    # A list is replaced, as MkDocs does: this site lists no clausewise plugin.
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nplugins:\n  - search\n", encoding="utf-8")
    assert siteconfig.read_site_config(root / "mkdocs.yml").plugin is None
    # A mistake in the parent's block is reported at the parent's line.
    (root / "base.yml").write_text("plugins:\n  - search\n  - clausewise:\n      rfc_dir: proposals\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Site\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^base\.yml:4: unknown setting `rfc_dir`"):
        load_config(root)


def _chain(root: Path, n: int) -> None:
    for i in range(1, n):
        (root / f"c{i}.yml").write_text(f"INHERIT: c{i + 1}.yml\n", encoding="utf-8")
    (root / f"c{n}.yml").write_text("site_name: Deep\n", encoding="utf-8")


REFUSED = {
    "itself": ({"mkdocs.yml": "site_name: S\nINHERIT: mkdocs.yml\n"}, "mkdocs.yml:2: CW710 `INHERIT: mkdocs.yml` makes a cycle (mkdocs.yml → mkdocs.yml)"),
    "cycle": ({"mkdocs.yml": "INHERIT: a.yml\n", "a.yml": "INHERIT: sub/b.yml\n", "sub/b.yml": "x: 1\nINHERIT: ../a.yml\n"},
              "sub/b.yml:2: CW710 `INHERIT: ../a.yml` makes a cycle (mkdocs.yml → a.yml → sub/b.yml → a.yml)"),
    "missing": ({"mkdocs.yml": "site_name: S\n\nINHERIT: base.yml\n"}, "mkdocs.yml:3: CW710 `INHERIT: base.yml`: there is no file base.yml"),
    "not a path": ({"mkdocs.yml": "INHERIT: [a.yml]\n"}, "mkdocs.yml:1: CW710 `INHERIT` must name a configuration file"),
    "too deep": ({"mkdocs.yml": "INHERIT: c1.yml\n"}, "c7.yml:1: CW710 `INHERIT: c8.yml` makes a chain longer than 8 files"),
    "a folder": ({"mkdocs.yml": "INHERIT: shared\n", "shared/x": ""}, "shared:1: not a regular file"),
    "not a mapping": ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "- a\n- b\n"}, "base.yml:1: must be a mapping of settings"),
    "bad yaml": ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "site_name: a\ntheme: [\n"}, "base.yml:3: malformed YAML"),
    "alias bomb": ({"mkdocs.yml": "INHERIT: base.yml\n", "base.yml": "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(6))}, "base.yml:1: YAML expands to more than"),
    "symlink": ({"mkdocs.yml": "INHERIT: base.yml\n", "real.yml": "site_name: S\n"}, "mkdocs.yml:1: CW602 `INHERIT: base.yml` is a symlink"),
    "device": ({"mkdocs.yml": "INHERIT: /dev/zero\n"}, "/dev/zero:1: not a regular file"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_chain_that_cannot_be_followed_is_refused_at_its_line(case: str, tmp_path: Path) -> None:
    files, says = REFUSED[case]
    root = tmp_path / "p"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    if case == "too deep":
        _chain(root, 9)
    if case == "symlink":
        (root / "base.yml").symlink_to(root / "real.yml")
    if case == "device":
        says = f"{os.path.relpath('/dev/zero', root)}:1: not a regular file"
    with pytest.raises(ConfigError) as raised:
        load_config(root)
    assert str(raised.value).startswith(says), str(raised.value)
    done = run([str(BIN / "clausewise"), "check"], root)
    assert done.returncode != 0 and says in done.stdout + done.stderr and "Traceback" not in done.stdout + done.stderr


def test_a_chain_of_eight_files_is_followed(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "mkdocs.yml").write_text("INHERIT: c1.yml\n", encoding="utf-8")
    _chain(root, 7)
    site = siteconfig.read_site_config(root / "mkdocs.yml")
    assert site.data == {"site_name": "Deep"} and site.where("site_name") == "c7.yml:1"


def test_every_option_of_the_plugin_is_one_the_cli_reads(tmp_path: Path) -> None:
    """One configuration: whatever the plugin accepts in its block, `clausewise check` accepts
    too (`proposing_guide` used to stop the CLI with "unknown setting")."""
    from clausewise.mkdocs.plugin import ClausewiseConfig

    root = _site(tmp_path)
    (root / "docs" / "contributing.md").write_text("# Proposing\n", encoding="utf-8")
    samples = {"proposing_guide": "contributing.md", "raw_html": "strip", "pending_days": 30, "project": "."}
    for key, option in ClausewiseConfig._schema:
        value = samples.get(key, option.default)
        if value is None:
            continue
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
        edited = text.replace("  - clausewise:\n", f"  - clausewise:\n      {key}: {value if not isinstance(value, bool) else str(value).lower()}\n", 1)
        (root / "mkdocs.yml").write_text(edited, encoding="utf-8")
        try:
            load_config(root)
        finally:
            (root / "mkdocs.yml").write_text(text, encoding="utf-8")


def test_pages_watch_looks_at_the_inherited_files_and_the_theme_overrides(tmp_path: Path) -> None:
    from clausewise.cli.pageswatch import _snapshot

    root = _site(tmp_path)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "shared").mkdir()
    (root / "shared" / "base.yml").write_text(text, encoding="utf-8")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "footer.html").write_text("<footer></footer>\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("INHERIT: shared/base.yml\ntheme:\n  custom_dir: overrides\n", encoding="utf-8")
    seen = _snapshot(root)
    for rel in ("mkdocs.yml", "shared/base.yml", "overrides/partials/footer.html", "rfcs/0001-allow-deployment.md", "docs/policy/index.md"):
        assert str(root / rel) in seen, rel
