from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOT, copy_fixture, mkdocs_build


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic fixture site, in a real git repository, built once with --strict."""
    root = copy_fixture("basic", tmp_path_factory.mktemp("basic") / "project")
    out = root / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built with --strict."""
    out = tmp_path_factory.mktemp("flagship") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out
