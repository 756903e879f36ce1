"""Live preview: a real `mkdocs serve` on 127.0.0.1 picks up new RFCs, and a content error is
a clear message in the terminal while the last good build stays served."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

import pytest
from helpers import BIN, clausewise, copy_fixture


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, condition: Callable[[], bool], limit: float = 60.0) -> None:
    """Poll until `condition` holds; the limit only stops a broken server hanging the suite."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


@pytest.fixture()
def server(tmp_path: Path):
    root = copy_fixture("basic", tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w") as out:
        proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                                cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for("the server to start", lambda: "Serving on" in log.read_text())
        yield root, f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_picks_up_changes_and_survives_a_content_error(server: tuple[Path, str, Path]) -> None:
    root, base, log = server
    status, html = get(f"{base}/rfcs/0001-permit-deployment/")
    assert status == 200 and "Permit deployment" in html

    # a content error: a clear message, no traceback, and the last good build still served
    rfc = root / "rfcs/0001-permit-deployment.md"
    good = rfc.read_text()
    rfc.write_text(good.replace("status: discussion", "status: aproved"))
    wait_for("the error message", lambda: "still serving the last good build" in log.read_text())
    text = log.read_text()
    assert "rfcs/0001-permit-deployment.md:4: CW106 status must be one of" in text
    assert "4 | status: aproved" in text
    assert "Traceback" not in text and "The server will appear stuck" not in text
    status, html = get(f"{base}/rfcs/0001-permit-deployment/")
    assert status == 200 and "Permit deployment" in html

    # fixed, plus a new RFC from `clausewise new`: both show up without a restart
    rfc.write_text(good)
    made = clausewise("new", "rfc", "--resolves", "inc-1.deploy", "--title", "Deploy after notice", cwd=root)
    assert made.returncode == 0
    wait_for("the new RFC page", lambda: get(f"{base}/rfcs/0003-deploy-after-notice/")[0] == 200)
    assert "Deploy after notice" in get(f"{base}/rfcs/0003-deploy-after-notice/")[1]
    assert "0003-deploy-after-notice" in get(f"{base}/ambiguities/inc-1.deploy/")[1]
