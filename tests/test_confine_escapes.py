"""Files published or leaked: a content folder or file that is a symlink, a link to a device
or to /proc, and the source lines diagnostics print. Every content folder and file kind,
absolute and relative links, every diagnostics format, the CLI and the MkDocs build."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from helpers import BIN, mkdocs_build, run
from hostile_cases import hostile_project

from clausewise.load import confine, load_config
from clausewise.load.documents import ReadProblem, read_text
from clausewise.model import error, format_github, format_json, format_text

SECRET = "SECRET-7f3a9c"
FORMATS = ("text", "json", "github")


def _outside(tmp: Path) -> Path:
    """A folder outside the project holding well-formed content that names the secret."""
    out = tmp / "outside"
    out.mkdir()
    (out / "0009-leak.md").write_text(f"---\nrfc: 9\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    (out / "leak.md").write_text(f"---\nid: leak\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    (out / "0009.yml").write_text(f"rfc: 9\nnote: {SECRET}\n", encoding="utf-8")
    (out / "secret.yml").write_text(f"{SECRET}: [unclosed\n", encoding="utf-8")
    return out


def _check_all_formats(root: Path, env: dict[str, str] | None = None) -> list[str]:
    outs = []
    for fmt in FORMATS:
        proc = run([str(BIN / "clausewise"), "check", "--format", fmt, str(root)], root, env=env)
        assert proc.returncode == 1, (fmt, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
        outs.append(proc.stdout + proc.stderr)
    return outs


def _basic(tmp: Path) -> Path:
    root = tmp / "project"
    hostile_project("symlink-loop", root)  # any case: a committed copy of the basic site
    (root / "docs/loop.md").unlink()
    return root


@pytest.mark.parametrize("folder", ["rfcs", "postmortems", "faq", "votes", "docs"])
@pytest.mark.parametrize("how", ["absolute", "relative", "into-git"])
def test_a_content_folder_that_is_a_symlink_is_no_root(folder: str, how: str, tmp_path: Path) -> None:
    root = _basic(tmp_path)
    outside = _outside(tmp_path)
    target = root / folder
    if target.exists():
        os.rename(target, root / f"{folder}-real")
    link = {"absolute": str(outside), "relative": "../outside", "into-git": ".git"}[how]
    os.symlink(link, target)
    config = load_config(root)
    roots = confine.content_roots(config)
    assert outside.resolve() not in roots and (root / ".git").resolve() not in roots
    assert all(r.name != folder for r in roots)
    outs = _check_all_formats(root)
    for out in outs:
        assert SECRET not in out
    assert f"{folder}:1: CW602 symlink points outside the content folders (to `{link}`)" in outs[0]
    site = tmp_path / "site"
    build = mkdocs_build(root, site)
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert SECRET not in build.stdout + build.stderr
    assert not site.exists() or SECRET not in "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_content_folder_linked_to_the_root_is_not_walked(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    os.symlink("/", root / "faq")
    started = time.monotonic()
    (out,) = _check_all_formats(root)[:1]
    assert time.monotonic() - started < 20  # walking / would take minutes
    assert "faq:1: CW602" in out


@pytest.mark.parametrize("name", ["governance.yml", "policy-versions.yml"])
@pytest.mark.parametrize("how", ["absolute", "relative", "into-git", "dev-zero", "environ"])
def test_a_single_content_file_that_is_a_symlink_is_never_read(name: str, how: str, tmp_path: Path) -> None:
    root = _basic(tmp_path)
    outside = _outside(tmp_path)
    (root / ".git" / "secret.yml").write_text(f"{SECRET}: [\n", encoding="utf-8")
    link = {
        "absolute": str(outside / "secret.yml"), "relative": "../outside/secret.yml", "into-git": ".git/secret.yml",
        "dev-zero": "/dev/zero", "environ": "/proc/self/environ",
    }[how]
    os.symlink(link, root / name)
    env = {**os.environ, "CW_TEST_TOKEN": SECRET}
    started = time.monotonic()
    outs = _check_all_formats(root, env)
    assert time.monotonic() - started < 60
    for out in outs:
        assert SECRET not in out
        assert "CW104" not in out and "CW101" not in out  # never parsed
    assert f"{name}:1: CW602" in outs[0]


def test_a_symlinked_vote_record_is_reported_and_not_parsed(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    outside = _outside(tmp_path)
    (root / "votes").mkdir()
    os.symlink(outside / "0009.yml", root / "votes/0009.yml")
    outs = _check_all_formats(root)
    assert "votes/0009.yml:1: CW602" in outs[0]
    for out in outs:
        assert SECRET not in out and "CW104" not in out and "CW106" not in out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["docs/environ.md", "rfcs/0009-environ.md", "postmortems/environ.md"])
def test_diagnostics_never_print_the_environment(fmt: str, where: str, tmp_path: Path) -> None:
    """The red team's finding: CW602's source line was the first line of /proc/self/environ."""
    root = _basic(tmp_path)
    os.symlink("/proc/self/environ", root / where)
    proc = run([str(BIN / "clausewise"), "check", "--format", fmt, str(root)], root, env={**os.environ, "CW_TEST_TOKEN": SECRET})
    assert proc.returncode == 1
    assert SECRET not in proc.stdout + proc.stderr
    assert "CW602" in proc.stdout
    build = mkdocs_build(root, tmp_path / "site", env={**os.environ, "CW_TEST_TOKEN": SECRET})
    assert build.returncode == 1 and SECRET not in build.stdout + build.stderr


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def test_format_text_reads_only_regular_files_in_place_inside_the_content(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    outside = _outside(tmp_path)
    (root / ".git" / "config").write_text(f"[core]\n\ttoken = {SECRET}\n", encoding="utf-8")
    os.symlink(outside / "leak.md", root / "postmortems/linked.md")
    os.symlink("../outside/leak.md", root / "docs/relative.md")
    os.symlink(str(outside), root / "docs/folder")
    os.symlink("/dev/zero", root / "rfcs/0009-zero.md")
    _fifo(root / "rfcs/0010-fifo.md")
    config = load_config(root)
    readable = confine.readable(config)
    paths = ["postmortems/linked.md", "docs/relative.md", "docs/folder/leak.md", ".git/config", "rfcs/0009-zero.md", "rfcs/0010-fifo.md", "../outside/leak.md", str(outside / "leak.md")]
    diags = [error(p, 1, "CW602", "x") for p in paths]
    started = time.monotonic()
    text = format_text(diags, root, readable)
    assert time.monotonic() - started < 5
    assert SECRET not in text and " | " not in text
    # ... while a real content file still shows its line, and the configuration too.
    shown = format_text([error("rfcs/0001-permit-deployment.md", 2, "CW104", "x")], root, readable)
    assert " 2 | " in shown
    # Without the list of what is readable, nothing is read.
    assert " | " not in format_text([error("rfcs/0001-permit-deployment.md", 2, "CW104", "x")], root)


def test_read_text_reads_only_regular_files_and_a_bounded_amount(tmp_path: Path) -> None:
    started = time.monotonic()
    for path in (Path("/dev/zero"), _fifo(tmp_path / "fifo.md"), tmp_path):
        with pytest.raises(ReadProblem) as exc:
            read_text(path)
        assert exc.value.code == "CW100" and "not a regular file" in exc.value.message
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (3 * 1024 * 1024))
    with pytest.raises(ReadProblem, match="larger than 2 MiB"):
        read_text(big)
    assert time.monotonic() - started < 5


def test_a_symlinked_configuration_is_refused_without_being_read(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    for target in ("/proc/self/environ", "/dev/zero", str(_outside(tmp_path) / "secret.yml")):
        if (root / "clausewise.yml").is_symlink():
            (root / "clausewise.yml").unlink()
        os.symlink(target, root / "clausewise.yml")
        proc = run([str(BIN / "clausewise"), "check", str(root)], root, env={**os.environ, "CW_TEST_TOKEN": SECRET})
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        assert "clausewise.yml:1: CW602 is a symlink" in proc.stdout + proc.stderr
        assert SECRET not in proc.stdout + proc.stderr


def test_a_link_target_cannot_drive_the_terminal(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    os.symlink("/nowhere/\x1b]0;owned\x07\x1b[2J", root / "docs/escape.md")
    for fmt in FORMATS:
        proc = run([str(BIN / "clausewise"), "check", "--format", fmt, str(root)], root)
        assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
        assert "docs/escape.md" in proc.stdout


def test_every_format_escapes_control_characters() -> None:
    d = error("docs/a.md", 1, "CW104", "title `\x1b[31mred\x9b` is odd")
    for out in (format_text([d]), format_github([d]), format_json([d])):
        assert "\x1b" not in out and "\x9b" not in out


def test_build_warnings_cannot_drive_the_terminal(tmp_path: Path) -> None:
    root = _basic(tmp_path)
    (root / "docs/index.md").write_text("# Home\n\nSee [[nowhere\x1b[31m red\x07]].\n", encoding="utf-8")
    build = mkdocs_build(root, tmp_path / "site", strict=False)
    # refused as a file (CW114, since), and the line it quotes is escaped
    assert "docs/index.md:3: CW114 the file holds the control character U+001B" in build.stderr
    assert "\x1b[31m" not in build.stderr and "\x07" not in build.stderr
