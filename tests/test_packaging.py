"""The package as it would be published: a wheel and an sdist that `twine check` accepts,
holding everything the plugin reads at run time, and a wheel that works on its own."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "clausewise"
    # Built from the files git knows, as a release would be (not from a work tree's leftovers).
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes((ROOT / rel).read_bytes())
    done = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(src)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def test_twine_accepts_the_distributions(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    assert any(f.endswith(".whl") for f in files) and any(f.endswith(".tar.gz") for f in files)
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_wheel_holds_what_the_plugin_reads_at_run_time(dist: Path) -> None:
    wheel = next(dist.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("clausewise/py.typed", "clausewise/assets/clausewise.css", "clausewise/assets/clausewise.js",
                   "clausewise/schemas/rfc.schema.json", "clausewise/templates/init/mkdocs.yml",
                   "clausewise/site/__init__.py", "clausewise/mkdocs/host.py"):
        assert needed in names, needed
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "Classifier: Framework :: MkDocs" in text and "Project-URL: Source, " in text
    entry = zipfile.ZipFile(wheel).read(meta.replace("METADATA", "entry_points.txt")).decode()
    assert "clausewise = clausewise.mkdocs:ClausewisePlugin" in entry
    assert "clausewise = clausewise.markdown:ClausewiseExtension" in entry
    assert not any(n.startswith(("tests/", "scripts/")) for n in names)
