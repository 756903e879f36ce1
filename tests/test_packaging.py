"""The package as it would be published: a wheel and an sdist that `twine check` accepts,
holding everything the plugin reads at run time, and a wheel that works on its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
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
                   "clausewise/site/__init__.py", "clausewise/mkdocs/host.py",
                   "clausewise/locale/fr/LC_MESSAGES/clausewise.mo", "clausewise/locale/clausewise.pot"):
        assert needed in names, needed
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    assert "Classifier: Framework :: MkDocs" in text and "Project-URL: Source, " in text
    entry = zipfile.ZipFile(wheel).read(meta.replace("METADATA", "entry_points.txt")).decode()
    assert "clausewise = clausewise.mkdocs:ClausewisePlugin" in entry
    assert "clausewise = clausewise.markdown:ClausewiseExtension" in entry
    assert not any(n.startswith(("tests/", "scripts/")) for n in names)


# -- the sdist is the whole source, and its tests run --------------------------------------
def test_the_sdist_holds_the_tests_with_their_helpers_and_fixtures(dist: Path) -> None:
    sdist = next(dist.glob("*.tar.gz"))
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    for needed in ("tests/conftest.py", "tests/helpers.py", "tests/linkcheck.py", "tests/sites/basic/mkdocs.yml",
                   "tests/hostile_cases.py", "mkdocs.yml", "docs/index.md", "MANIFEST.in", "src/clausewise/py.typed"):
        assert needed in names, needed
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_tests_run_from_the_unpacked_sdist(dist: Path, tmp_path: Path) -> None:
    """A packager runs the tests from the sdist: they find their helpers and fixtures there,
    and test the sdist's own code (a sample: these need no git history of the flagship)."""
    with tarfile.open(next(dist.glob("*.tar.gz"))) as tar:
        tar.extractall(tmp_path, filter="data")
    top = next(tmp_path.iterdir())
    env = {**os.environ, "PYTHONPATH": str(top / "src")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fastschema.py", "tests/test_text.py",
                           "tests/test_architecture.py"], cwd=top, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"\d+ passed", done.stdout)


# -- links that work where the README is read: on the package index -------------------------
def test_readme_links_are_absolute_and_point_at_files_that_exist() -> None:
    """The package index shows the README away from the repository, where relative links
    break; links into the repository use the project's Source URL and name real files."""
    found = re.search(r'^Source = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert found, "pyproject.toml names no Source URL"
    source = found.group(1)
    for target in re.findall(r"\]\(([^)\s]+)\)", (ROOT / "README.md").read_text(encoding="utf-8")):
        assert re.match(r"https?://|#", target), f"README links to {target!r}: relative links break on the package index"
        if target.startswith(source + "/"):
            kind, branch, path = target[len(source) + 1:].split("/", 2)
            path = path.split("#")[0].rstrip("/")
            assert (kind, branch) in (("blob", "main"), ("tree", "main")), target
            assert (ROOT / path).is_file() if kind == "blob" else (ROOT / path).is_dir(), target


# -- a fresh virtualenv with only the wheel --------------------------------------------------
def _venv(tmp_path: Path, name: str, requirement: str) -> Path:
    env_dir = tmp_path / name
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    done = subprocess.run([str(env_dir / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return env_dir / "bin"


def _init(bin_dir: Path, where: Path) -> Path:
    site = where / "policy-site"
    done = subprocess.run([str(bin_dir / "clausewise"), "init", str(site), "--name", "Example Project"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=site, check=True)
    subprocess.run(["git", "add", "-A"], cwd=site, check=True)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "init"], cwd=site, check=True)
    return site


def test_the_wheel_alone_gives_the_cli_without_mkdocs(dist: Path, tmp_path: Path) -> None:
    """`pip install clausewise`: check, new and pages work; MkDocs is not pulled in."""
    bin_dir = _venv(tmp_path, "cli", str(next(dist.glob("*.whl"))))
    assert subprocess.run([str(bin_dir / "python"), "-c", "import mkdocs"], capture_output=True).returncode != 0
    site = _init(bin_dir, tmp_path)
    for args in (["check", "--strict"], ["pages", "--out", str(tmp_path / "pages")]):
        done = subprocess.run([str(bin_dir / "clausewise"), *args], cwd=site, capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stdout + done.stderr)
    assert any((tmp_path / "pages/rfcs").glob("*.md"))


def test_the_wheel_with_the_mkdocs_extra_builds_an_init_site_strict(dist: Path, tmp_path: Path) -> None:
    """`pip install 'clausewise[mkdocs]'` in a fresh virtualenv: init, then a strict build."""
    bin_dir = _venv(tmp_path, "mkdocs", f"{next(dist.glob('*.whl'))}[mkdocs]")
    site = _init(bin_dir, tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run([str(bin_dir / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "out")], cwd=site, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert (tmp_path / "out/rfcs/index.html").is_file()


def test_the_wheel_with_the_zensical_extra_builds_an_init_site_strict_without_mkdocs(dist: Path, tmp_path: Path) -> None:
    """`pip install 'clausewise[zensical]'` in a fresh virtualenv: no MkDocs, yet init, the
    pages tree and a strict Zensical build, with every reference resolved."""
    bin_dir = _venv(tmp_path, "zensical", f"{next(dist.glob('*.whl'))}[zensical]")
    assert subprocess.run([str(bin_dir / "python"), "-c", "import mkdocs"], capture_output=True).returncode != 0
    site = _init(bin_dir, tmp_path)
    build = site / "build" / "zensical"
    done = subprocess.run([str(bin_dir / "clausewise"), "pages", "--out", str(build / "docs"), "--config", str(build / "mkdocs.yml"),
                           "--site-dir", str(build / "site")], cwd=site, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run([str(bin_dir / "zensical"), "build", "--clean", "--strict", "-f", str(build / "mkdocs.yml")], cwd=site, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    rfc = next((build / "site" / "rfcs").glob("0001-*/index.html")).read_text(encoding="utf-8")
    assert 'class="cw-ref ' in rfc and "cw-broken" not in rfc and "[[" not in rfc
