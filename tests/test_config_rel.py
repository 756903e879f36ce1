"""`Config.rel`'s shortcut gives what `os.path.relpath` gives, for any path."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from clausewise.load.config import Config

PART = st.sampled_from(["rfcs", "docs", "policy", "a.md", ".", "..", "", "x y", "é", "main", "mainx"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(PART, max_size=6), absolute=st.booleans())
def test_rel_matches_relpath(parts: list[str], absolute: bool) -> None:
    config = Config(root=Path("/work/main"))
    text = ("/work/main/" if absolute else "") + "/".join(parts)
    if not text:
        return
    assert config.rel(Path(text) if "//" not in text else text) == Path(os.path.relpath(text, config.root)).as_posix()  # type: ignore[arg-type]
