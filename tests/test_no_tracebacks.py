"""Crashes without a diagnostic, and holes in validation, that the red team found: ids too
long for the file system, deep nesting (RecursionError), schema patterns that let a value
end in a newline, control characters from YAML escapes. Each is now a `path:line` error
from `clausewise check` and a failed build without a traceback."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import BIN, copy_fixture, mkdocs_build, run

from clausewise.load.documents import schema_dict, schema_documents
from clausewise.load.fastschema import is_valid, whole
from clausewise.model.syntax import ID, MAX_ID, MAX_NESTING, nesting_problem


def _check(root: Path) -> tuple[int, str]:
    proc = run([str(BIN / "clausewise"), "check", str(root)], root)
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout


def _commit(root: Path) -> None:
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-qm", "hostile"], root, check=True)


# -- ids: a documented maximum ---------------------------------------------------------------
def test_ids_have_a_maximum_length() -> None:
    assert ID.match("a" * MAX_ID) and not ID.match("a" * (MAX_ID + 1))
    for kind in ("postmortem", "rfc"):
        assert schema_dict(kind)["$defs"]["id"]["maxLength"] == MAX_ID


@pytest.mark.parametrize("length", [MAX_ID + 1, 300, 5000])
def test_new_postmortem_with_a_long_id_says_so(length: int, tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    proc = run([str(BIN / "clausewise"), "new", "postmortem", "a" * length, "--path", str(root)], root)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"is {length} characters long; ids are at most {MAX_ID}" in proc.stderr + proc.stdout
    assert sorted(p.name for p in (root / "postmortems").iterdir()) == ["inc-1.md"]


def test_a_clause_id_at_the_maximum_builds(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    long_id = "more." + "a" * (MAX_ID - 5)
    (root / "docs/policy/more.md").write_text(f'# More\n\n<!-- clause id="{long_id}" title="Long" aliases="{"b" * MAX_ID}" -->\nText.\n<!-- /clause -->\n')
    _commit(root)
    assert _check(root)[0] == 0
    build = mkdocs_build(root, tmp_path / "site", strict=False)  # (the new page is not in the nav)
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "r" / long_id / "index.html").is_file()


def test_a_clause_id_over_the_maximum_fails_the_build_cleanly(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    (root / "docs/policy/more.md").write_text(f'# More\n\n<!-- clause id="more.x" title="Long" aliases="{"b" * 300}" -->\nText.\n<!-- /clause -->\n')
    _commit(root)
    code, out = _check(root)
    assert code == 1 and f"docs/policy/more.md:3: CW301 clause alias `{'b' * 40}...` is 300 characters long" in out
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 1 and "Traceback" not in build.stderr and "CW301" in build.stderr


# -- nesting -------------------------------------------------------------------------------
def _nest(kind: str, depth: int) -> str:
    return {
        "div": "<div markdown>\n" * depth + "x\n" + "</div>\n" * depth,
        "list": "".join("    " * i + "- x\n" for i in range(depth)),
        "quote": "> " * depth + "x\n",
        "admonition": "".join("    " * i + "!!! note\n" for i in range(depth)) + "    " * depth + "x\n",
    }[kind]


@pytest.mark.parametrize("kind", ["div", "list", "quote", "admonition"])
def test_nesting_limit(kind: str) -> None:
    assert nesting_problem(_nest(kind, MAX_NESTING - 1)) is None
    assert nesting_problem(_nest(kind, 400)) is not None


def _indent(text: str, by: str) -> str:
    return "".join(by + line + "\n" for line in text.splitlines())


@pytest.mark.parametrize("where", ["rfc", "faq", "postmortem", "question", "governance-note", "docs", "policy"])
def test_deep_nesting_is_a_diagnostic_in_every_kind(where: str, tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    deep = _nest("div", 400)
    if where == "rfc":
        path = root / "rfcs/0001-permit-deployment.md"
        path.write_text(path.read_text() + deep)
    elif where == "faq":
        path = root / "faq/deploying-fixes.md"
        path.write_text(path.read_text() + deep)
    elif where == "postmortem":
        path = root / "postmortems/inc-1.md"
        path.write_text(path.read_text() + deep)
    elif where == "question":
        path = root / "postmortems/inc-1.md"
        old = "    question: May a provider deploy a fixed version on public systems before the embargo ends?\n"
        path.write_text(path.read_text().replace(old, "    question: |\n" + _indent(deep, "      ")))
    elif where == "governance-note":
        path = root / "governance.yml"
        path.write_text(path.read_text() + "note: |\n" + _indent(deep, "  "))
    elif where == "docs":
        path = root / "docs/deep.md"
        path.write_text("# Deep\n\n" + deep)
    else:
        path = root / "docs/policy/index.md"
        path.write_text(path.read_text() + "\n" + deep)
    _commit(root)
    code, out = _check(root)
    rel = path.relative_to(root).as_posix()
    assert code == 1 and re.search(rf"^{re.escape(rel)}:[0-9]+: CW109 ", out, re.M), out
    build = mkdocs_build(root, tmp_path / "site")
    assert build.returncode == 1 and "RecursionError" not in build.stderr and "Traceback" not in build.stderr


def test_nesting_just_under_the_limit_renders(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    (root / "docs/deep.md").write_text("# Deep\n\n" + _nest("div", MAX_NESTING - 1) + "\n" + _nest("list", MAX_NESTING - 1))
    _commit(root)
    build = mkdocs_build(root, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.stderr


# -- schema patterns are whole-string ------------------------------------------------------------
def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "pattern" and isinstance(v, str)] + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


SAMPLES = ["inc-1", "https://example.org/x", "2024-01-02", "2024-01", "1.0", "1/2", "a line", "0123456789abcdef0123456789abcdef01234567", "1.2.3", "docs"]


def test_every_schema_pattern_is_matched_whole() -> None:
    """The schemas are ECMA-262 (editors read them as published); Python's `$` also matches
    before a final newline. Every pattern, as clausewise applies it, refuses "value\\n"."""
    checked = 0
    for name, text in schema_documents().items():
        for pattern in set(_patterns(json.loads(text))):
            python = re.compile(whole(pattern))
            assert "$" not in re.sub(r"\\.|\[[^\]]*\]", "", whole(pattern)), pattern
            for sample in SAMPLES:
                if python.search(sample):
                    checked += 1
                    assert python.search(sample + "\n") is None, (name, pattern, sample)
        kind = name.removesuffix(".schema.json")
        applied = {k: v for k, v in schema_dict(kind).items() if k != "$defs"}  # $defs are inlined where used
        assert all("$" not in re.sub(r"\\.|\[[^\]]*\]", "", p) for p in _patterns(applied)), kind
    assert checked >= 10


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "inc-1\n"), ("source", "https://example.org/inc-1\n"), ("date", "2024-03-05\n")],
)
def test_a_value_ending_in_a_newline_is_refused_by_both_validators(field: str, value: str) -> None:
    data = {"id": "inc-1", "title": "T", "date": "2024-03-05", "source": "https://example.org/x", "ambiguities": []}
    assert is_valid(schema_dict("postmortem"), data)
    data[field] = value
    assert not is_valid(schema_dict("postmortem"), data)
    from clausewise.load.documents import schema

    assert list(schema("postmortem").iter_errors(data)), field


def test_versions_and_urls_ending_in_a_newline_are_diagnostics(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    versions = root / "policy-versions.yml"
    versions.write_text(versions.read_text().replace('version: "1.0"', 'version: "1.0\\n"', 1))
    rfc = root / "rfcs/0001-permit-deployment.md"
    rfc.write_text(re.sub(r"(?m)^discussion: (\S+)$", r'discussion: "\1\\n"', rfc.read_text(), count=1))
    _commit(root)
    code, out = _check(root)
    assert code == 1
    assert re.search(r"^policy-versions.yml:[0-9]+: CW104 `versions\[0\]\.version`", out, re.M), out
    assert re.search(r"^rfcs/0001-permit-deployment.md:[0-9]+: CW104 `discussion` must be an http\(s\) URL", out, re.M), out


# -- control characters ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        ("rfcs/0001-permit-deployment.md", "title", '"clear \\e[2J screen"'),
        ("postmortems/inc-1.md", "title", '"csi \\x9b"'),
        ("faq/deploying-fixes.md", "question", '"right-to-left \\u202e override?"'),
        ("governance.yml", "note", '"bell \\a"'),
        ("votes/0001.yml", "call", '"line \\u2028 separator"'),
    ],
)
def test_control_characters_from_yaml_escapes_are_diagnostics(path: str, key: str, value: str, tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    target = root / path
    text = target.read_text()
    if re.search(rf"(?m)^{key}:", text):
        text = re.sub(rf"(?m)^{key}:.*$", lambda m: f"{key}: {value}", text, count=1)
    else:
        text = text.replace("\nrfc: ", f"\n{key}: {value}\nrfc: ", 1) if path.startswith("votes") else text.rstrip("\n") + f"\n{key}: {value}\n"
    target.write_text(text)
    _commit(root)
    code, out = _check(root)
    assert code == 1 and re.search(rf"^{re.escape(path)}:[0-9]+: CW104 text contains the control character U\+", out, re.M), out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


def test_feeds_stay_well_formed_xml_with_control_characters_in_git_and_markdown(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    policy = root / "docs/policy/index.md"
    # A control character in Markdown is refused since (CW114); one in a commit subject,
    # which is not content, still reaches the feeds.
    policy.write_text(policy.read_text().replace('title="No deployment during the embargo"', 'title="No deployment \x01 during the embargo"'))
    refused = mkdocs_build(root, tmp_path / "refused", strict=False)
    assert refused.returncode == 1 and "docs/policy/index.md:5: CW114 the file holds the control character U+0001" in refused.stderr
    policy.write_text(policy.read_text().replace("\x01", "during"))
    run(["git", "add", "-A"], root, check=True)
    run(["git", "commit", "-qm", "subject with \x1b[31m escape \x02"], root, check=True)
    build = mkdocs_build(root, tmp_path / "site", strict=False)
    assert build.returncode == 0, build.stderr
    feeds = list((tmp_path / "site" / "feeds").rglob("*.xml"))
    assert feeds
    for feed in feeds:
        ET.parse(feed)  # raises on a character XML cannot carry


def test_nesting_inside_a_closed_code_fence_is_only_code() -> None:
    deep = _nest("div", 40)
    assert nesting_problem("```html\n" + deep + "```\n") is None
    assert nesting_problem("~~~~\n" + deep + "~~~~\n") is None
    # A fence Python-Markdown would not close is no code block: what follows is Markdown.
    assert nesting_problem("```\n" + deep) is not None
    assert nesting_problem("````\n" + deep + "`````\n") is not None
    assert nesting_problem("  ```\n" + deep + "  ```\n") is not None


def test_new_faq_with_a_long_slug_says_so(tmp_path: Path) -> None:
    """Found by red-teaming the result: `new faq --slug` of 300 characters was an OSError."""
    root = copy_fixture("governance", tmp_path / "project")
    proc = run([str(BIN / "clausewise"), "new", "faq", "--question", "Why?", "--clause", "embargo.no-deploy", "--slug", "a" * 300, "--path", str(root)], root)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"--slug is 300 characters long; slugs, like ids, are at most {MAX_ID}" in proc.stderr
    assert sorted(p.name for p in (root / "faq").iterdir()) == ["deploying-fixes.md"]
