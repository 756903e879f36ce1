"""Helpers shared by the tests: real subprocesses, real git repositories."""


import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
BIN = Path(sys.executable).parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(args: list[str], cwd: Path, check: bool = False, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`env`, if given, replaces the inherited environment (the git identity is always added)."""
    full = {**(os.environ if env is None else env), **GIT_ENV}
    return subprocess.run(args, cwd=cwd, env=full, text=True, capture_output=True, check=check)


def clausewise(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "clausewise"), *args], cwd)


def mkdocs_build(site_root: Path, out: Path, strict: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(BIN / "mkdocs"), "build", "--site-dir", str(out)]
    return run(args + (["--strict"] if strict else []), site_root, env=env)


def copy_fixture(name: str, dest: Path) -> Path:
    """Copy a fixture project into `dest` and commit it to a fresh git repository."""
    src = TESTS / "sites" / name if (TESTS / "sites" / name).exists() else TESTS / "fixtures" / name
    if not src.exists():  # the example sites under examples/ are fixtures too
        src = ROOT / "examples" / name
    shutil.copytree(src, dest)
    run(["git", "init", "-q", "-b", "main"], dest, check=True)
    run(["git", "add", "-A"], dest, check=True)
    run(["git", "commit", "-q", "-m", "fixture"], dest, check=True)
    return dest




def first_lines(text: str) -> list[str]:
    """Diagnostics and their hints, without the source excerpt printed under each one."""
    out = []
    for line in text.splitlines():
        if line.lstrip().startswith("= hint: "):
            out.append("  hint: " + line.split("= hint: ", 1)[1])
        elif line and not line.startswith(" "):
            out.append(line)
    return out
