""""Propose a change" from a clause's page (issue 18): on a site with a GitHub or GitLab
`repo_url`, a link to the host's new-file page with the next RFC written; the file it
carries passes `clausewise check` as the next free RFC. Without a repository, or for a
clause too long for a link, the same file as text to copy; the policy page's edit button
opens the proposing guide."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from helpers import clausewise, mkdocs_build
from test_browser import browser  # noqa: F401 (shared fixture)
from helpers import ROOT
from test_incremental import flagship_copy

from clausewise.project import load_project
from clausewise.site import propose

CLAUSE = "embargo.deployment-during-embargo"


def _built(tmp: Path, lines: str) -> Path:
    root = flagship_copy(tmp / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url: https://clausewise.example.org/\n", "site_url: https://clausewise.example.org/\n" + lines, 1), encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("gh"), "repo_url: https://github.com/example-org/xen-policy\nedit_uri: edit/trunk/docs/\n")


def _link(site: Path, clause: str) -> str:
    page = (site / "clauses" / clause / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<a class="md-button cw-propose-link" href="([^"]+)"', page)
    assert len(found) == 1, page[page.find('id="propose"'):][:800]
    return html.unescape(found[0])


def _next_number(root: Path) -> int:
    return max(int(p.name[:4]) for p in (root / "rfcs").glob("*.md")) + 1


@pytest.fixture(scope="module")
def gitlab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("gl"), "repo_url: https://gitlab.example.org/policy/xen\nedit_uri: -/edit/stable/docs/\n")


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_the_link_writes_an_rfc_that_check_accepts(host: str, request: pytest.FixtureRequest) -> None:
    root: Path = request.getfixturevalue(host)
    url = _link(root / "site", CLAUSE)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if host == "github":
        assert (parts.scheme, parts.netloc) == ("https", "github.com")
        assert parts.path == "/example-org/xen-policy/new/trunk/rfcs"  # the branch from edit_uri
        name, text = query["filename"][0], query["value"][0]
    else:
        assert (parts.scheme, parts.netloc) == ("https", "gitlab.example.org")
        assert parts.path == "/policy/xen/-/new/stable/rfcs"
        name, text = query["file_name"][0], query["content"][0]
    number = _next_number(root)
    assert re.fullmatch(rf"{number:04d}-[a-z0-9-]+\.md", name)
    assert f"rfc: {number}\n" in text and f"clause: {CLAUSE}\n" in text
    (root / "rfcs" / name).write_text(text, encoding="utf-8")
    checked = clausewise("check", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    project = load_project(root)
    rfc = project.corpus.rfcs[number]
    assert rfc.changes[0].base == project.corpus.clauses[CLAUSE].text == rfc.changes[0].text
    assert not [d for d in project.diagnostics if d.severity.name == "ERROR"]


def test_every_clause_page_has_a_propose_link(github: Path) -> None:
    pages = list((github / "site" / "clauses").glob("*/index.html"))
    assert len(pages) == len(load_project(github).corpus.clauses) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert 'class="md-button cw-propose-link"' in text or 'class="cw-propose-text"' in text, page


def test_the_policy_page_edit_button_opens_the_proposing_guide(github: Path) -> None:
    policy = (github / "site" / "policy" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)" title="Edit this page"', policy) == ["../contributing/"]
    # and on the policy page, every clause links to its page's proposal
    assert len(re.findall(r'class="cw-count cw-propose" href="../clauses/[^"/]+/#propose"', policy)) == len(load_project(github).corpus.clauses)


def test_gitlab_and_other_hosts() -> None:
    gl = propose.repository("https://gitlab.com/group/sub/policy/", "-/edit/stable/docs/")
    assert gl == propose.Repository("gitlab", "https://gitlab.com/group/sub/policy", "stable", "")
    url = gl.new_file_url("rfcs", "0010-x.md", "rfc: 10\ntext: a & b\n")
    parts = urlsplit(url)
    assert parts.path == "/group/sub/policy/-/new/stable/rfcs"
    assert parse_qs(parts.query) == {"file_name": ["0010-x.md"], "content": ["rfc: 10\ntext: a & b\n"]}
    assert propose.repository("https://git.example.org/policy", "edit/main/docs/") is None
    assert propose.repository(None, None) is None
    sub = propose.repository("https://github.com/o/r", None, "site")
    assert sub is not None and unquote(urlsplit(sub.new_file_url("rfcs", "n.md", "")).path) == "/o/r/new/main/site/rfcs"


def test_without_a_repository_or_for_a_long_clause_the_file_is_text_to_copy(flagship_site: Path, tmp_path: Path) -> None:
    # The flagship names no repository (it has none in public): the RFC file is shown to copy.
    page = (flagship_site / "clauses" / CLAUSE / "index.html").read_text(encoding="utf-8")
    assert 'class="cw-propose-text"' in page and "cw-propose-link" not in page
    assert re.search(r"Or copy the RFC file to start from: rfcs/\d{4}-[a-z0-9-]+\.md", page)
    # A clause longer than a link can carry degrades the same way, saying why.
    project = load_project(ROOT)
    clause = project.corpus.clauses[CLAUSE]
    long = dataclasses.replace(clause, text="word " * 3000)
    repo = propose.repository("https://github.com/o/r", "edit/main/docs/")
    text = propose.section(project.graph, long, 10, repo)
    assert "too long for a link" in text and "github.com" not in text
    short = propose.section(project.graph, clause, 10, repo)
    assert "https://github.com/o/r/new/main/rfcs?filename=0010-" in short and len(short) < propose.MAX_URL + 500


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (390, "light"), (390, "dark")])
def test_the_button_meets_wcag_aa(github: Path, browser, width: int, scheme: str) -> None:  # noqa: ANN001, F811
    from test_accessibility import _serve, violations

    httpd, url = _serve(github / "site")
    try:
        assert violations(browser, url, [f"clauses/{CLAUSE}/", "policy/"], width, scheme) == []
    finally:
        httpd.shutdown()
        httpd.server_close()
