"""The README's commands work as written on a fresh clone (issue 18): they are read out of
README.md, and the safe ones (setup, check, new rfc, the site build) run in a full clone of
this repository, in the order a newcomer runs them. Serving, the whole test suite and
installing elsewhere are left out: they do not end, run this test, or leave the clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT

README = ROOT / "README.md"
#: What a newcomer runs from the README, in order; each must be written there as it is here.
SAFE = ["make setup", ".venv/bin/clausewise new rfc --resolves xsa-108.deployment-during-embargo", ".venv/bin/clausewise check", "make check", "make site"]


def commands(text: str) -> list[str]:
    """Every command the README shows: lines of its sh blocks and code spans that start
    with `make`, `.venv/bin/` or `clausewise`, comments dropped."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        found += [line.split("  #")[0].strip() for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    found += re.findall(r"`((?:make|\.venv/bin/|clausewise )[^`]*)`", text)
    return [c for c in found if c.startswith(("make", ".venv/bin/", "clausewise "))]


def test_the_readme_shows_each_step_with_the_path_that_works() -> None:
    text = README.read_text(encoding="utf-8")
    shown = commands(text)
    for command in SAFE:
        assert command in shown, command
    steps = text[text.index("## Write an RFC"):text.index("## Safe with strangers")]
    # in the steps a newcomer follows, the command is the one in .venv (not on PATH before activation)
    assert not re.search(r"Run `clausewise ", steps), "a step runs `clausewise` without .venv/bin/"
    assert "HOST=" in text and "Python 3.10" in text and "venv" in text and "full clone" in text
    assert "pip install clausewise" not in text  # not on PyPI


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("make") is None:
        pytest.fail("make is a documented prerequisite")
    dest = tmp_path_factory.mktemp("readme") / "clausewise"
    result = subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(dest)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return dest


def test_the_readme_commands_run_on_a_fresh_clone(clone: Path) -> None:
    setup = _run("make setup", clone)
    if setup.returncode != 0 and re.search(r"(?i)could not find a version|connection|network|temporary failure", setup.stdout + setup.stderr):
        pytest.skip("make setup needs PyPI, which is not reachable here")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    before = set((clone / "rfcs").glob("*.md"))
    new = _run(SAFE[1], clone)
    assert new.returncode == 0, new.stdout + new.stderr
    written = set((clone / "rfcs").glob("*.md")) - before
    assert len(written) == 1 and next(iter(written)).name.startswith("0010-"), written
    for command in SAFE[2:]:
        result = _run(command, clone)
        assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    assert (clone / "site" / "rfcs" / next(iter(written)).stem / "index.html").is_file()


def test_the_readme_front_matter_is_a_valid_next_rfc(tmp_path: Path) -> None:
    """The example of step 2, saved as the next RFC of a copy of the flagship, passes check."""
    from test_incremental import flagship_copy

    text = README.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(   ---\n.*?)   ```", text, re.S)
    assert example is not None
    body = "\n".join(line[3:] for line in example.group(1).splitlines()) + "\n"
    number = int(re.search(r"^rfc: (\d+)", body, re.M).group(1))  # type: ignore[union-attr]
    root = flagship_copy(tmp_path / "project")
    highest = max(int(p.name[:4]) for p in (root / "rfcs").glob("*.md"))
    assert number == highest + 1
    (root / "rfcs" / f"{number:04d}-deployment-section.md").write_text(body, encoding="utf-8")
    from helpers import clausewise

    checked = clausewise("check", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
