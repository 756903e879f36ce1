"""The benchmark runs end to end at CI size and computes every figure and ratio."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from helpers import ROOT, run

sys.path.insert(0, str(ROOT / "scripts"))
import gen_corpus  # noqa: E402


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    heads = []
    for name in ("a", "b"):
        root = gen_corpus.generate(tmp_path / name, 20, commits=12)
        heads.append(run(["git", "rev-parse", "HEAD"], root, check=True).stdout)
        assert run(["git", "status", "--porcelain"], root, check=True).stdout == ""
        assert run(["git", "rev-list", "--count", "HEAD"], root, check=True).stdout.strip() == "12"
    assert heads[0] == heads[1]
    result = run([sys.executable, "-m", "clausewise", "check", str(tmp_path / "a")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "20 RFCs: 0 errors, 0 warnings" in result.stderr
    # governance data too: votes for the RFCs in their vote, a roster, a version, FAQ answers
    root = tmp_path / "a"
    voting = [p for p in (root / "rfcs").glob("*.md") if "\nstatus: voting\n" in p.read_text()]
    assert voting and sorted(p.name for p in (root / "votes").glob("*.yml")) == sorted(f"{p.name[:4]}.yml" for p in voting)
    assert (root / "governance.yml").is_file() and (root / "policy-versions.yml").is_file()
    assert len(list((root / "faq").glob("*.md"))) == 2


def test_quick_bench_reports_ratios(tmp_path: Path) -> None:
    out, raw = tmp_path / "bench.md", tmp_path / "bench.json"
    result = run([sys.executable, str(ROOT / "scripts" / "bench"), "--quick", "--repeat", "1", "--out", str(out), "--json", str(raw)], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(raw.read_text())
    assert [r["rfcs"] for r in data["rows"]] == [20, 60]
    for row in data["rows"]:
        assert row["pages"] > row["rfcs"]
        for setup in ("baseline", "clausewise", "naive", "check", "history", "git_history"):
            m = row[setup]
            assert m["seconds"] > 0 and m["peak_mb"] > 0, (setup, m)
        for setup in ("baseline", "clausewise", "naive"):
            assert row[setup]["output_mb"] > 0
        # The sidebar listing every page makes the naive site larger than the pruned one.
        assert row["naive"]["output_mb"] > row["baseline"]["output_mb"]
        # the targets' ratios, measured with the builds side by side: one round each at --repeat 1
        side = row["side_by_side"]
        assert len(side["baseline"]) == len(side["naive"]) == 1, side
        assert all(0 < r < 10 for r in side["baseline"] + side["naive"]), side
    # The history step reads git in a constant number of processes, whatever the size.
    assert len({row["git_processes"] for row in data["rows"]}) == 1
    names = [t["name"] for t in data["targets"]]
    assert any("1.15x baseline" in n for n in names) and any("linear" in n for n in names)
    assert all("side by side" in t["measured"] for t in data["targets"] if "full build" in t["name"] or "time linear" in t["name"])
    assert len(data["rows"][-1]["growth_side_by_side"]) == 1 and 0.5 < data["rows"][-1]["growth_side_by_side"][0] < 10
    assert all(isinstance(t["met"], bool) for t in data["targets"])
    page = out.read_text()
    assert "<!-- bench:start -->" in page and "× baseline" in page and "Machine:" in page
    ratios = [float(cell) for line in page.splitlines() if line.startswith("| 60 |") for cell in line.split("|")[5:6] if cell.strip()]
    assert ratios and all(r > 0 and not math.isnan(r) for r in ratios)
