"""docs/adopting.md, followed to the letter (issue 16, deliverable 8): every `sh` block of
the page runs, in order, in one shell, in an empty folder that becomes a new git
repository, with this environment's clausewise and mkdocs on PATH. Every command must
succeed and the site must build --strict, so the page cannot drift from the product."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from helpers import BIN, GIT_ENV, ROOT

PAGE = ROOT / "docs/adopting.md"
FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<body>.*?)^```$", re.M | re.S)
#: the first block installs clausewise; the test uses the package it is testing instead
INSTALL = "python3 -m venv .venv\n. .venv/bin/activate\npip install '../clausewise[mkdocs]'\n"


def blocks() -> list[tuple[int, str]]:
    text = PAGE.read_text(encoding="utf-8")
    return [(text[: m.start()].count("\n") + 1, m.group("body")) for m in FENCE.finditer(text) if m.group("lang") == "sh"]


def test_the_page_marks_its_commands() -> None:
    found = blocks()
    assert found[0][1] == INSTALL, "the install block changed: update INSTALL in this test"
    assert len(found) >= 10
    commands = "\n".join(body for _, body in found)
    for needed in ("clausewise init", "clausewise import", "clausewise check", "clausewise new postmortem", "clausewise new rfc --clause",
                   "governance.yml", "votes/0001.yml", "clausewise tally", "clausewise record", "clausewise apply", "mkdocs build --strict"):
        assert needed in commands, needed
    assert "/docs/adopting.md" not in commands
    # The page is in the navigation and the README links it.
    assert "adopting.md" in (ROOT / "mkdocs.yml").read_text() and "docs/adopting.md" in (ROOT / "README.md").read_text()


def test_following_the_page_gives_a_published_site_with_governance(tmp_path: Path) -> None:
    script = ["set -euo pipefail"]
    for line, body in blocks()[1:]:
        script += [f"echo '>>> docs/adopting.md:{line}' >&2", body]
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "SOURCE_DATE_EPOCH")},
        **GIT_ENV,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),  # no global git configuration of the machine
        "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
    }
    done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env, text=True, capture_output=True, timeout=600)
    where = [line for line in done.stderr.splitlines() if line.startswith(">>> ")]
    assert done.returncode == 0, f"failed in the block at {where[-1] if where else '?'}:\n{done.stderr[-3000:]}"
    # What the page shows the commands print is what they printed (blocks `text` without a
    # `$ ` prompt; those with one show commands that are not part of the walkthrough).
    printed = done.stdout + done.stderr
    shown_blocks = [m.group("body") for m in FENCE.finditer(PAGE.read_text(encoding="utf-8")) if m.group("lang") == "text"]
    outputs = [b for b in shown_blocks if not b.startswith("$ ")]
    assert len(outputs) == 3
    for block in outputs:
        for line in block.splitlines():
            assert line in printed, line
    root = tmp_path / "example-db-policy"
    # A real repository, with a commit per step and nothing left uncommitted.
    log = subprocess.run(["git", "log", "--format=%s"], cwd=root, text=True, capture_output=True, check=True).stdout.splitlines()
    assert log[-1] == "Import the security policy from SECURITY.md" and log[0].startswith("Record RFC 1's vote and apply it")
    assert len(log) == 6
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, text=True, capture_output=True, check=True).stdout
    assert status == "", status
    # The imported ids survived the second import; the RFC is applied; version 1.1 recorded.
    policy = (root / "docs/policy/index.md").read_text()
    for cid in ("example-db-security-policy", "reporting-a-vulnerability", "disclosure.embargo", "disclosure.distributors"):
        assert f'<!-- clause id="{cid}"' in policy
    assert "unless the reporter agrees to more." in policy and "own test systems, if nobody outside" in policy
    assert "status: accepted" in (root / "rfcs/0001-distributors-may-test-fixes-on-their-own-systems.md").read_text()
    assert 'version: "1.1"' in (root / "policy-versions.yml").read_text() or "version: '1.1'" in (root / "policy-versions.yml").read_text()
    # The published site: policy, post-mortem, ambiguity, RFC with its tally, roster, changelog.
    site = root / "site"
    for page in ("policy/index.html", "postmortems/incident-2026-03/index.html", "ambiguities/incident-2026-03.test-systems/index.html",
                 "rfcs/0001-distributors-may-test-fixes-on-their-own-systems/index.html", "roster/index.html", "changelog/index.html"):
        assert (site / page).is_file(), page
    rfc = (site / "rfcs/0001-distributors-may-test-fixes-on-their-own-systems/index.html").read_text()
    assert "Maintainer vote (GOVERNANCE.md, section 2)" in rfc and "Xen" not in rfc
    # The tally the page shows is the one the command prints.
    tally = subprocess.run([str(BIN / "clausewise"), "tally", "1"], cwd=root, env=env, text=True, capture_output=True)
    shown = PAGE.read_text(encoding="utf-8")
    body = "\n".join(tally.stdout.strip().splitlines()[1:])  # past the title line, whose status has moved on
    assert body in shown, tally.stdout
    # As the page says: after apply, importing again is refused and writes nothing.
    again = subprocess.run([str(BIN / "clausewise"), "import", "SECURITY.md"], cwd=root, env=env, text=True, capture_output=True)
    assert again.returncode == 1 and again.stderr.strip() in shown, again.stderr
    assert (root / "docs/policy/index.md").read_text() == policy
