"""scripts/profile-build times a whole build of a generated corpus, page kind by page kind
and Markdown processor by processor."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from helpers import ROOT, run


def test_build_profile_times_each_kind_of_page_and_each_processor(tmp_path: Path) -> None:
    result = run([sys.executable, str(ROOT / "scripts" / "profile-build"), "--rfcs", "20", "--top", "50"], tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    whole = float(re.search(r"^whole build \(this process, CPU s\): ([0-9.]+)$", out, re.M).group(1))  # type: ignore[union-attr]
    rows = {label: float(seconds) for seconds, label in re.findall(r"^\| ([0-9.]+) \| (.+) \|$", out, re.M)}
    # every kind of generated page is rendered, written and indexed
    for kind in ("rfcs/", "clauses/", "ambiguities/", "postmortems/", "faq/", "changelog/"):
        for step in ("render Markdown", "write HTML (templates, page events)", "search indexing"):
            assert f"{kind}: {step}" in rows, (kind, step, out)
    convert = rows["Markdown: convert (all of the above)"]
    assert 0 < convert < whole
    rendered = sum(s for label, s in rows.items() if label.endswith(": render Markdown"))
    assert convert <= rendered + 0.05  # the conversions are inside the pages' rendering
    # the processors clausewise adds are among those timed
    assert any("clausewise_sanitize" in label for label in rows), out
    assert any(label.startswith("block table ") for label in rows), out
