"""The live-preview benchmark runs end to end at CI size and writes its block of the page."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from helpers import ROOT, run


def test_quick_preview_bench_measures_both_servers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Benchmarks\n\n<!-- preview:start -->\nold\n<!-- preview:end -->\n\nafter\n")
    result = run([sys.executable, str(ROOT / "scripts" / "bench-preview"), "--quick", "--out", str(page)], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    text = page.read_text()
    assert "old" not in text and text.endswith("<!-- preview:end -->\n\nafter\n")
    for kind in ("text", "title"):
        dirty = re.search(rf"^\| 60 \| `mkdocs serve --dirty` \(`make serve`\) \| {kind} \| 2 \| ([0-9.]+) \| [0-9.]+ \| [0-9.]+ \| (?:\d+ to )?(\d+) of (\d+) \|$", text, re.M)
        plain = re.search(rf"^\| 60 \| `mkdocs serve` \| {kind} \| 2 \| ([0-9.]+) \| [0-9.]+ \| [0-9.]+ \| all \|$", text, re.M)
        assert dirty and plain, text
        assert float(dirty.group(1)) > 0 and float(plain.group(1)) > 0
        assert 0 < int(dirty.group(2)) < int(dirty.group(3))  # an edit renders a few pages, not all
    # a sentence in an RFC's text changes its page only
    assert re.search(r"\| text \| 2 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| 1 of \d+ \|", text), text
    assert "not judged: the target is set at 1000 RFCs" in text


def test_rebuild_profile_accounts_for_a_whole_rebuild(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("<!-- preview-breakdown:start -->\n<!-- preview-breakdown:end -->\n")
    # a relative --out, as `make bench` passes it
    result = run([sys.executable, str(ROOT / "scripts" / "profile-rebuild"), "--rfcs", "20", "--edits", "1", "--out", page.name], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = dict(re.findall(r"^\| (.+?) \| ([0-9.]+|\*\*[0-9.]+\*\*) \| [0-9.*]+ \|$", page.read_text(), re.M))
    whole = float(rows.pop("**whole rebuild**").strip("*"))
    assert whole > 0 and len(rows) == 11
    # the steps and the remainder add up to the whole
    assert abs(sum(float(v) for v in rows.values()) - whole) < 0.01
