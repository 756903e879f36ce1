"""The pre-commit hook through the real `pre-commit` tool, and the files other projects adopt."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml
from helpers import BIN, GIT_ENV, ROOT, TESTS, copy_fixture


def sh(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=True)


def test_pre_commit_hook_blocks_a_commit_with_a_bad_rfc(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    home = tmp_path / "pre-commit-home"
    # The local-hook variant the docs offer where clausewise is already installed: the
    # published hook's settings on the installed clausewise, with no environment to build
    # (the published hook itself is tested below, as adopters run it).
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    hook = {**manifest, "language": "system", "entry": f"{BIN / 'clausewise'} check"}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
    assert sh([str(BIN / "pre-commit"), "install"], root, home).returncode == 0
    assert sh(["git", "add", "-A"], root, home).returncode == 0
    assert sh(["git", "commit", "-q", "-m", "add the hook"], root, home).returncode == 0

    shutil.copy(TESTS / "fixtures/broken/rfc-fields.md", root / "rfcs/0003-fields.md")
    sh(["git", "add", "-A"], root, home)
    blocked = sh(["git", "commit", "-m", "a bad RFC"], root, home)
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert "clausewise check" in out and "Failed" in out
    assert "rfcs/0003-fields.md:4: CW106 status must be one of" in out
    assert "= hint: did you mean `title`?" in out
    assert sh(["git", "log", "--format=%s", "-1"], root, home).stdout == "add the hook\n"  # nothing was committed

    # fixed, the same commit goes through
    shutil.copy(root / "rfcs/0001-permit-deployment.md", root / "rfcs/0003-fields.md")
    text = (root / "rfcs/0003-fields.md").read_text().replace("rfc: 1", "rfc: 3")
    (root / "rfcs/0003-fields.md").write_text(text)
    sh(["git", "add", "-A"], root, home)
    passed = sh(["git", "commit", "-m", "a good RFC"], root, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def snapshot_of_this_checkout(dest: Path) -> str:
    """This checkout's files as they are now (committed or not), committed to a fresh
    repository: what an adopter's `rev:` points at, without waiting for a push."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for rel in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / rel).is_file():  # a tracked file deleted in the work tree is left out
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    for args in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(args, cwd=dest, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=dest, capture_output=True, text=True, check=True).stdout.strip()


def test_published_hook_installs_from_the_repo_and_blocks_a_bad_rfc(tmp_path: Path) -> None:
    """The hook exactly as adopters use it: `repo:` and `rev:` in their config, and pre-commit
    building the hook's own virtualenv by pip-installing clausewise and its dependencies
    from PyPI: 16 to 32 s of this test's time on a 2-core machine, downloads included."""
    hook_repo = tmp_path / "clausewise"
    rev = snapshot_of_this_checkout(hook_repo)
    root = copy_fixture("basic", tmp_path / "project")
    home = tmp_path / "pre-commit-home"
    # As docs/contributing.md says: `rev: main`, then `pre-commit autoupdate` pins it.
    config = {"repos": [{"repo": str(hook_repo), "rev": "main", "hooks": [{"id": "clausewise-check"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    # Off PATH: the hook must run the clausewise of its own environment, not this test's.
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if Path(p) != BIN)
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": path}

    def git_or_hook(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(args), cwd=root, env=env, text=True, capture_output=True)

    updated = git_or_hook(str(BIN / "pre-commit"), "autoupdate")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert yaml.safe_load((root / ".pre-commit-config.yaml").read_text())["repos"][0]["rev"] == rev  # no tag yet: the commit
    installed = git_or_hook(str(BIN / "pre-commit"), "install", "--install-hooks")
    log = home / "pre-commit.log"
    assert installed.returncode == 0, installed.stdout + installed.stderr + (log.read_text() if log.exists() else "")
    assert list(home.glob("repo*/py_env-*/bin/clausewise")), "pre-commit built no environment holding clausewise"

    shutil.copy(TESTS / "fixtures/broken/rfc-fields.md", root / "rfcs/0003-fields.md")
    git_or_hook("git", "add", "-A")
    blocked = git_or_hook("git", "commit", "-m", "the hook and a bad RFC")
    assert blocked.returncode != 0
    out = blocked.stdout + blocked.stderr
    assert "clausewise check" in out and "Failed" in out
    assert "rfcs/0003-fields.md:4: CW106 status must be one of" in out
    assert "= hint: did you mean `title`?" in out
    assert git_or_hook("git", "log", "--format=%s").stdout == "fixture\n"  # nothing was committed

    (root / "rfcs/0003-fields.md").unlink()
    git_or_hook("git", "add", "-A")
    passed = git_or_hook("git", "commit", "-m", "the hook")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def test_hook_manifest_and_config_are_valid_for_pre_commit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for what, name in (("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")):
        result = sh([str(BIN / "pre-commit"), what, name], ROOT, home)
        assert result.returncode == 0, result.stdout + result.stderr
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    assert (hook["id"], hook["language"], hook["entry"], hook["pass_filenames"]) == ("clausewise-check", "python", "clausewise check", False)


def test_workflows_run_the_checks_with_full_history() -> None:
    pr = yaml.safe_load((ROOT / ".github/workflows/pr.yml").read_text())
    steps = [s for job in pr["jobs"].values() for s in job["steps"]]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "clausewise check --since" in commands and "mkdocs build --strict" in commands and "make test" in commands
    # Issue 17: CI builds under every renderer, and checks the package as the index would.
    assert "make site RENDERER=properdocs" in commands and "make site RENDERER=zensical" in commands
    assert "-m build" in commands and "twine check --strict" in commands
    deploy = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    # YAML reads the bare key `on` as True
    assert deploy[True]["push"]["branches"] == ["main"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for job in deploy["jobs"].values() for s in job["steps"])
