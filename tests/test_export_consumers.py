"""What leaves the site for other programs: the JSON export and the Atom feeds, read by
consumers we do not control. Titles are text as their authors wrote them; the export is
valid JSON that can be put inside a `<script>` element or an HTML comment as it is, and the
feeds are well-formed XML whatever a title holds."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import copy_fixture

from clausewise import load_project
from clausewise.site import export, feeds

TITLE = "Deploy </script><script>alert(1)</script> & <!-- --> ]]> after notice"


def _project(tmp_path: Path) -> object:
    root = copy_fixture("basic", tmp_path / "project")
    rfc = root / "rfcs/0001-permit-deployment.md"
    text = rfc.read_text(encoding="utf-8")
    start = text.index("title:")
    end = text.index("\n", start)
    rfc.write_text(text[:start] + "title: " + json.dumps(TITLE) + text[end:], encoding="utf-8")
    project = load_project(root, history=False)
    assert not project.errors, project.diagnostics
    return project


def test_the_export_can_be_embedded_in_html_and_decodes_to_the_authors_text(tmp_path: Path) -> None:
    project = _project(tmp_path)
    text = export.assets(project.graph, None)[0].content  # type: ignore[attr-defined]
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    data = json.loads(text)
    assert any(r["title"] == TITLE for r in data["rfcs"])


def test_the_feeds_are_well_formed_xml_and_carry_the_title_as_text(tmp_path: Path) -> None:
    project = _project(tmp_path)
    found = False
    for asset in feeds.feeds(project.graph, None):  # type: ignore[attr-defined]
        content = asset.content if isinstance(asset.content, str) else asset.content.decode("utf-8")
        root = ET.fromstring(content)  # a reader refuses a feed that is not well-formed
        found = found or any(el.text == TITLE or (el.text or "").endswith(TITLE) for el in root.iter())
        assert "<script>" not in content
    assert found
