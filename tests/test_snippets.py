"""No reads outside the content: pymdownx.snippets must be confined, and every escape fails.

A page that includes `mkdocs.yml`, `/etc/passwd`, `../` or a symlink must fail the build
with a `path:line` error, and the secret must appear nowhere in the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import copy_fixture, mkdocs_build, run
from mkdocs.config import load_config as load_mkdocs_config
from mkdocs.exceptions import PluginError

SECRET = "TOP-SECRET-7f3a"
SAFE = """
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
      restrict_base_path: true
"""


def snippets_project(tmp_path: Path, settings: str = SAFE) -> Path:
    root = copy_fixture("basic", tmp_path / "project")
    text = (root / "mkdocs.yml").read_text().replace("markdown_extensions:\n", "markdown_extensions:" + settings, 1)
    (root / "mkdocs.yml").write_text(text)
    (root / "snippets").mkdir()
    (root / "snippets/ok.txt").write_text("SNIPPET-OK\n")
    (root / "secret.txt").write_text(SECRET + "\n")
    (tmp_path / "secret.txt").write_text(SECRET + "\n")
    (root / ".env").write_text(f"TOKEN={SECRET}\n")
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-q", "-m", "snippets"], root, check=True)
    return root


def refusal(root: Path) -> str:
    config = load_mkdocs_config(str(root / "mkdocs.yml"))
    cwd = os.getcwd()
    os.chdir(root)  # snippets resolves base_path against the current folder, as MkDocs runs it
    try:
        with pytest.raises(PluginError) as exc:
            config.plugins.on_config(config)  # every plugin, as MkDocs runs them
    finally:
        os.chdir(cwd)
    return str(exc.value)


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        ("\n  - pymdownx.snippets\n", "reads from the current folder by default"),
        ("\n  - pymdownx.snippets:\n      base_path: [.]\n      check_paths: true\n", "holds the whole project"),
        ("\n  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n      restrict_base_path: false\n", "`restrict_base_path` must be true"),
        ("\n  - pymdownx.snippets:\n      base_path: [snippets]\n", "`check_paths` must be true"),
        ("\n  - pymdownx.snippets:\n      base_path: [snippets]\n      check_paths: true\n      url_download: true\n", "`url_download` must be false"),
        ("\n  - pymdownx.snippets:\n      base_path: [/etc]\n      check_paths: true\n", "is outside the project"),
    ],
)
def test_an_unsafe_snippets_setup_is_refused(tmp_path: Path, settings: str, problem: str) -> None:
    message = refusal(snippets_project(tmp_path, settings))
    assert message.startswith("clausewise: unsafe snippets setup (")
    lines = message.splitlines()[1:]
    assert any(line.startswith("mkdocs.yml:9: CW603 ") and problem in line for line in lines), lines


def test_a_symlink_in_the_snippets_folder_is_refused(tmp_path: Path) -> None:
    root = snippets_project(tmp_path)
    os.symlink("/etc/passwd", root / "snippets/passwd.txt")
    assert refusal(root).splitlines()[1] == "snippets/passwd.txt:1: CW602 symlink points outside the content folders (to `/etc/passwd`); its target would be read and published"


def test_a_confined_snippet_is_included(tmp_path: Path) -> None:
    root = snippets_project(tmp_path)
    (root / "docs/index.md").write_text("# Home\n\n--8<-- \"ok.txt\"\n")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert "SNIPPET-OK" in (root / "site/index.html").read_text()


ESCAPES = [
    ('--8<-- "mkdocs.yml"', "docs/index.md:5: CW603 snippet `mkdocs.yml` is not a file in the snippets folder"),
    ('--8<-- "/etc/passwd"', "docs/index.md:5: CW603 snippet `/etc/passwd`"),
    ('--8<-- "../secret.txt"', "docs/index.md:5: CW603 snippet `../secret.txt`"),
    ('--8<-- "../../secret.txt:1:3"', "docs/index.md:5: CW603 snippet `../../secret.txt:1:3`"),
    ("--8<--\n../.env\n--8<--", "docs/index.md:6: CW603 snippet `../.env`"),
    ('--8<-- "link.txt"', "snippets/link.txt:1: CW602 symlink points outside the content folders (to `../secret.txt`)"),
]


@pytest.mark.parametrize(("escape", "error"), ESCAPES)
def test_every_escape_fails_the_build_and_leaks_nothing(tmp_path: Path, escape: str, error: str) -> None:
    root = snippets_project(tmp_path)
    if "link.txt" in escape:
        os.symlink("../secret.txt", root / "snippets/link.txt")
    (root / "docs/index.md").write_text(f"# Home\n\nBefore.\n\n{escape}\n")
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert error in out
    assert SECRET not in out and "root:x:0:0" not in out
    written = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert [p for p in written if SECRET in p.read_text(errors="ignore") or "root:x:0:0" in p.read_text(errors="ignore")] == []


def test_an_escape_in_an_rfc_body_fails_too(tmp_path: Path) -> None:
    root = snippets_project(tmp_path)
    rfc = root / "rfcs/0001-permit-deployment.md"
    rfc.write_text(rfc.read_text() + '\n--8<-- "mkdocs.yml"\n')
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 1
    assert "generated page rfcs/0001-permit-deployment.md:" in result.stderr and "CW603 snippet `mkdocs.yml`" in result.stderr
    assert "Traceback" not in result.stderr


NESTED = [
    ('--8<-- "missing.txt"', "docs/index.md:5: CW603 snippet `outer.txt` includes `missing.txt`, which is not a file in the snippets folder"),
    ('--8<-- "../secret.txt"', "docs/index.md:5: CW603 snippet `outer.txt` includes `../secret.txt`, which is not a file in the snippets folder"),
    ('--8<-- "middle.txt"', "docs/index.md:5: CW603 snippet `middle.txt` includes `/etc/passwd`, which is not a file in the snippets folder"),
]


@pytest.mark.parametrize(("inner", "error"), NESTED)
def test_a_snippet_that_includes_another_is_followed(tmp_path: Path, inner: str, error: str) -> None:
    """snippets includes snippets from snippets; a missing or escaping one deep in the chain
    was a SnippetMissingError traceback."""
    root = snippets_project(tmp_path)
    (root / "snippets/outer.txt").write_text(f"OUTER\n{inner}\n")
    (root / "snippets/middle.txt").write_text('MIDDLE\n--8<-- "/etc/passwd"\n')
    (root / "docs/index.md").write_text('# Home\n\nBefore.\n\n--8<-- "outer.txt"\n')
    result = mkdocs_build(root, root / "site")
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert error in out
    assert SECRET not in out and "root:x:0:0" not in out


def test_nested_confined_snippets_build(tmp_path: Path) -> None:
    root = snippets_project(tmp_path)
    (root / "snippets/a.txt").write_text('A-PART\n--8<-- "ok.txt"\n')
    (root / "docs/index.md").write_text('# Home\n\n--8<-- "a.txt"\n')
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert "A-PART" in (root / "site/index.html").read_text() and "SNIPPET-OK" in (root / "site/index.html").read_text()
