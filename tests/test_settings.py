"""One configuration: the clausewise plugin's settings in mkdocs.yml, read by the plugin and
by every command; clausewise.yml still read for older projects; a conflict between the two,
or a docs_dir clausewise would read that MkDocs does not render, is CW704 with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import clausewise, mkdocs_build

from clausewise.author.init import init_project
from clausewise.errors import ConfigError
from clausewise.load import load_config, yamlsafe


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    init_project(root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_init_keeps_every_setting_in_mkdocs_yml(project: Path) -> None:
    assert not (project / "clausewise.yml").exists()
    config = load_config(project)
    assert (config.docs_dir, config.policy_dir, config.rfcs_dir) == ("docs", "docs/policy", "rfcs")


def test_the_command_reads_the_plugin_block(project: Path) -> None:
    (project / "proposals").mkdir()
    for rfc in (project / "rfcs").iterdir():
        rfc.rename(project / "proposals" / rfc.name)
    (project / "rfcs").rmdir()
    _edit(project / "mkdocs.yml", "      rfcs_dir: rfcs\n", "      rfcs_dir: proposals\n")
    assert load_config(project).rfcs_dir == "proposals"
    check = clausewise("check", cwd=project)
    assert check.returncode == 0 and "1 RFC" in check.stderr, check.stdout + check.stderr
    assert mkdocs_build(project, project / "site").returncode == 0
    assert (project / "site/rfcs/0001-allow-deployment/index.html").is_file()


def test_docs_dir_is_mkdocs_own_and_the_policy_follows_it(project: Path) -> None:
    """`docs_dir: docs2` in mkdocs.yml alone: clausewise reads docs2 too (it used to read
    docs/ while MkDocs rendered docs2)."""
    (project / "docs").rename(project / "docs2")
    _edit(project / "mkdocs.yml", "      policy_dir: docs/policy\n", "")
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8") + "docs_dir: docs2\n", encoding="utf-8")
    config = load_config(project)
    assert (config.docs_dir, config.policy_dir) == ("docs2", "docs2/policy")
    assert clausewise("check", cwd=project).returncode == 0
    build = mkdocs_build(project, project / "site")
    assert build.returncode == 0, build.stderr
    assert "cw-clause-title" in (project / "site/policy/index.html").read_text(encoding="utf-8")


def test_a_docs_dir_conflict_is_an_error_naming_both_places(project: Path) -> None:
    (project / "docs").rename(project / "docs2")
    _edit(project / "mkdocs.yml", "      policy_dir: docs/policy\n", "")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text + "docs_dir: docs2\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    (project / "clausewise.yml").write_text("# older project\ndocs_dir: docs\n", encoding="utf-8")
    check = clausewise("check", cwd=project)
    assert check.returncode == 2
    assert f"clausewise.yml:2: CW704 `docs_dir: docs` conflicts with mkdocs.yml:{line} (`docs_dir: docs2`)" in check.stderr
    assert "Traceback" not in check.stderr
    build = mkdocs_build(project, project / "site")
    assert build.returncode != 0 and "clausewise.yml:2: CW704" in build.stderr
    assert not (project / "site").exists()


def test_a_setting_given_twice_differently_is_an_error(project: Path) -> None:
    (project / "clausewise.yml").write_text("rfcs_dir: proposals\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"clausewise.yml:1: CW704 `rfcs_dir: proposals` conflicts with mkdocs.yml:\d+ \(`rfcs_dir: rfcs`\)"):
        load_config(project)
    # The same value twice is not a conflict: an older project keeps working.
    (project / "clausewise.yml").write_text("rfcs_dir: rfcs\npostmortems_dir: postmortems\n", encoding="utf-8")
    assert load_config(project).rfcs_dir == "rfcs"


def test_an_older_project_with_only_clausewise_yml(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    start = text.index("  - clausewise:\n")
    end = text.index("markdown_extensions:")
    (project / "mkdocs.yml").write_text(text[:start] + "  - clausewise\n" + text[end:], encoding="utf-8")
    (project / "clausewise.yml").write_text("docs_dir: docs\npolicy_dir: docs/policy\nrfcs_dir: rfcs\n", encoding="utf-8")
    assert load_config(project).policy_dir == "docs/policy"
    assert clausewise("check", cwd=project).returncode == 0
    assert mkdocs_build(project, project / "site").returncode == 0


def test_mkdocs_tags_are_read_safely(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`!ENV` and `!relative` as MkDocs reads them; Material's `!!python/name:` left alone,
    never imported."""
    _edit(project / "mkdocs.yml", "      rfcs_dir: rfcs\n", "      rfcs_dir: !ENV [CW_RFCS, rfcs]\n")
    _edit(project / "mkdocs.yml", "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:os.system\n")
    assert load_config(project).rfcs_dir == "rfcs"
    monkeypatch.setenv("CW_RFCS", "proposals")
    assert load_config(project).rfcs_dir == "proposals"
    located = yamlsafe.load((project / "mkdocs.yml").read_text(encoding="utf-8"), tags=True)
    emoji = next(e for e in located.value["markdown_extensions"] if isinstance(e, dict) and "pymdownx.emoji" in e)
    assert emoji["pymdownx.emoji"]["emoji_index"] == yamlsafe.Tagged("tag:yaml.org,2002:python/name:os.system", "")
    with pytest.raises(yamlsafe.YamlProblem):  # content never takes tags
        yamlsafe.load("a: !ENV X\n")


@pytest.mark.parametrize(("setting", "message"), [
    ("      docs_dir: pages\n", "CW704 `docs_dir` is MkDocs' own setting"),
    ("      rfc_dir: rfcs\n", "unknown setting `rfc_dir` of the clausewise plugin; did you mean `rfcs_dir`?"),
    ("      votes_dir: ../elsewhere\n", "`votes_dir` must stay inside the project"),
])
def test_bad_plugin_settings_are_located(project: Path, setting: str, message: str) -> None:
    _edit(project / "mkdocs.yml", "      votes_dir: votes\n", "")
    _edit(project / "mkdocs.yml", "      rfcs_dir: rfcs\n", "      rfcs_dir: rfcs\n" + setting)
    line = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index(setting.rstrip("\n")) + 1
    with pytest.raises(ConfigError) as err:
        load_config(project)
    assert str(err.value).startswith(f"mkdocs.yml:{line}: ") and message in str(err.value)


def test_anchors_and_merge_keys_in_mkdocs_yml(project: Path) -> None:
    """MkDocs reads `<<: *anchor`; so does the settings reader (content still may not)."""
    _edit(project / "mkdocs.yml", "  - clausewise:\n      policy_dir: docs/policy\n", "  - clausewise:\n      <<: &paths {rfcs_dir: proposals, faq_dir: faq}\n      policy_dir: docs/policy\n")
    _edit(project / "mkdocs.yml", "      rfcs_dir: rfcs\n", "")
    config = load_config(project)
    assert (config.rfcs_dir, config.faq_dir) == ("proposals", "faq")
    with pytest.raises(yamlsafe.YamlProblem, match="merge keys"):
        yamlsafe.load("a: &x {b: 1}\nc:\n  <<: *x\n")
