"""Under `mkdocs serve`, a content error keeps the last good build served, and MkDocs then
reads the edited pages itself, front matter included, with PyYAML and no limits (and with
its `!ENV` tag, which reads the environment). The plugin hands MkDocs such a page with its
front matter blanked out: MkDocs' loader never sees YAML that clausewise refuses."""

from __future__ import annotations

from pathlib import Path

from test_serve import get, server, wait_for  # noqa: F401 - `server` is a fixture

# 100,000 values once the aliases are followed (clausewise's limit is 20,000); Material's
# search copies `tags` into the index with `str()`, which follows every alias.
BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 5)) + "tags: *a4\ntitle: Bomb\n---\n# Bombed page\n\nBody text.\n"
LIST = "---\ntitle: [Listed, Title]\n---\n# Env page\n\nBody text.\n"  # CW104: a title must be text


def test_front_matter_clausewise_refuses_never_reaches_mkdocs_loader(server: tuple[Path, str, Path]) -> None:  # noqa: F811
    root, base, log = server
    (root / "docs/bomb.md").write_text(BOMB, encoding="utf-8")
    (root / "docs/env.md").write_text(LIST, encoding="utf-8")
    wait_for("the error message", lambda: "still serving the last good build" in log.read_text())
    wait_for("the pages", lambda: get(f"{base}/env/")[0] == 200 and get(f"{base}/bomb/")[0] == 200)
    text = log.read_text()
    assert "docs/bomb.md" in text and "CW107" in text, text[-3000:]
    assert "Traceback" not in text
    status, page = get(f"{base}/env/")
    assert "Env page" in page
    assert "Listed" not in page  # MkDocs never read the front matter clausewise refused
    status, page = get(f"{base}/bomb/")
    assert "Bombed page" in page and "Body text." in page
    wait_for("the search index", lambda: "Bombed page" in get(f"{base}/search/search_index.json")[1])
    index = get(f"{base}/search/search_index.json")[1]
    assert "'x', 'x'" not in index and len(index) < 1_000_000, len(index)
