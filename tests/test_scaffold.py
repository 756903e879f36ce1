"""`clausewise new`: what it writes checks clean as written, builds, and carries the policy's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import clausewise, copy_fixture, mkdocs_build

from clausewise import load_project
from clausewise.author.scaffold import yaml_block
from clausewise.model.syntax import slug as slugify


def codes(stdout: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in stdout.splitlines() if line and not line.startswith(" ")]


def test_new_rfc_checks_builds_and_links_from_the_ambiguity(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    made = clausewise("new", "rfc", "--resolves", "inc-1.deploy", "--author", "Alice Example", cwd=root)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "rfcs/0003-deploying-fixes-during-the-embargo.md"

    # as written: no error, only the reminders of what is still to fill in
    check = clausewise("check", cwd=root)
    assert check.returncode == 0, check.stdout
    assert set(codes(check.stdout)) == {"CW501", "CW502"}
    assert "0 errors, 3 warnings" in check.stderr

    # the pre-filled amend carries exactly the policy's current text
    project = load_project(root)
    rfc = project.corpus.rfcs[3]
    assert rfc.status.value == "draft" and rfc.resolves == ("inc-1.deploy",) and rfc.authors == ("Alice Example",)
    assert [(c.op.value, c.clause) for c in rfc.changes] == [("amend", "embargo.no-deploy")]
    assert rfc.changes[0].text == project.corpus.clauses["embargo.no-deploy"].text
    text = (root / rel).read_text()
    assert text.splitlines()[1].startswith("# yaml-language-server: $schema=")
    assert "> May a provider deploy a fixed version on public systems before the embargo ends?" in text

    # strict build: the drafting reminders do not fail it, and the ambiguity links the new RFC
    out = tmp_path / "site"
    build = mkdocs_build(root, out)
    assert build.returncode == 0, build.stderr
    amb = (out / "ambiguities/inc-1.deploy/index.html").read_text()
    assert 'href="../../rfcs/0003-deploying-fixes-during-the-embargo/"' in amb
    assert "Deploying fixes during the embargo" in (out / "rfcs/0003-deploying-fixes-during-the-embargo/index.html").read_text()

    # editing the text in makes the CW502 reminder go away
    head, _, tail = text.partition("    text: |")  # the proposed text, not the `base` before it
    (root / rel).write_text(head + "    text: |" + tail.replace("      Members must not deploy", "      Members may deploy, but must not deploy", 1))
    assert "CW502" not in clausewise("check", cwd=root).stdout


def test_new_rfc_takes_the_next_number_even_past_a_broken_file(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    (root / "rfcs/0007-broken.md").write_text("no front matter\n")
    made = clausewise("new", "rfc", "--resolves", "inc-1.announce", "--title", "Say what a reboot notice may say", cwd=root)
    assert made.stdout.strip() == "rfcs/0008-say-what-a-reboot-notice-may-say.md"


def test_new_rfc_with_an_unknown_ambiguity_says_what_was_meant(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    made = clausewise("new", "rfc", "--resolves", "inc-1.deplyo", cwd=root)
    assert made.returncode == 2
    assert made.stderr.strip() == "clausewise: error: unknown ambiguity `inc-1.deplyo`; did you mean `inc-1.deploy`?"
    assert not list((root / "rfcs").glob("0003-*"))


def test_new_postmortem_checks_clean_and_refuses_to_overwrite(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    made = clausewise("new", "postmortem", "inc-2", "--title", "Incident 2", cwd=root)
    assert made.returncode == 0 and made.stdout.strip() == "postmortems/inc-2.md"
    check = clausewise("check", cwd=root)
    assert check.returncode == 0 and set(codes(check.stdout)) == {"CW501"}
    assert load_project(root).corpus.postmortems["inc-2"].title == "Incident 2"
    again = clausewise("new", "postmortem", "inc-2", cwd=root)
    assert again.returncode == 2 and "already exists" in again.stderr


@pytest.mark.parametrize(
    "text",
    [
        "one line",
        "two\nlines",
        "  starts with spaces\nthen not",
        "ends with a newline\n",
        "ends with two\n\n",
        "a: colon # and a hash\n- a dash\n\n\nafter blank lines",
        "tab\there, quotes \" and '",
        "",
    ],
)
def test_yaml_block_round_trips(text: str) -> None:
    block = yaml_block(text, 4)
    doc = f"k: {block}\n" + ("\n" if block.startswith("|") and block.split("\n")[0].endswith("+") else "")
    assert yaml.safe_load(doc) == {"k": text}, block
    assert block.startswith("|") or json.loads(block) == text


@pytest.mark.parametrize(("title", "slug"), [("Resolve: Sharing among members", "resolve-sharing-among-members"), ("Ünïcode & stuff!", "unicode-stuff"), ("!!!", "proposal"), ("Deploying fixes during an embargo to every affected host", "deploying-fixes-during-an-embargo-to-every")])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title, 48, "proposal") == slug


def test_schemas_are_published_with_the_site(basic_site: Path) -> None:
    from clausewise.load.documents import schema_documents

    docs = schema_documents()
    assert {"config.schema.json", "postmortem.schema.json", "rfc.schema.json"} <= set(docs)
    for name, text in docs.items():
        assert (basic_site / "schemas" / name).read_text(encoding="utf-8") == text
        assert json.loads(text)["$schema"].startswith("https://json-schema.org/")


def test_config_schema_names_every_setting() -> None:
    from dataclasses import fields

    import jsonschema

    from clausewise.load.config import Config
    from clausewise.load.documents import schema_documents

    schema = json.loads(schema_documents()["config.schema.json"])
    # `language` is the theme's setting (theme.language), read with the plugin's, not one of them
    settings = {f.name: f.default for f in fields(Config) if f.name not in ("root", "language", "language_at")}
    assert {k: v["default"] for k, v in schema["properties"].items()} == settings
    check = jsonschema.Draft202012Validator(schema)
    assert check.is_valid({"rfcs_dir": "proposals"})
    assert not check.is_valid({"rfc_dir": "proposals"}) and not check.is_valid({"rfcs_dir": "../elsewhere"})
