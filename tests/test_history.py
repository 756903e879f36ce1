"""History from git, in real repositories: renames, clause changes, status changes, and
the git faults (no repository, shallow clone, detached HEAD, uncommitted and untracked
files, a repository without commits)."""

from __future__ import annotations

from pathlib import Path

from helpers import copy_fixture, mkdocs_build, run

from clausewise.load.history import load_history

POLICY = "docs/policy/index.md"


def commit(root: Path, message: str, date: str, author: str = "Test Author") -> None:
    run(["git", "add", "-A"], root, check=True)
    env_args = ["-c", f"user.name={author}", "-c", "user.email=a@example.org"]
    run(["git", *env_args, "commit", "-q", "-m", message, f"--date={date}T12:00:00Z", f"--author={author} <a@example.org>"], root, check=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def history_repo(tmp_path: Path) -> Path:
    """basic fixture, then: a clause edit by RFC 1, an RFC renamed, a status change."""
    root = copy_fixture("basic", tmp_path / "project")
    run(["git", "commit", "-q", "--amend", "--no-edit", "--date=2014-10-01T12:00:00Z"], root, check=True)
    edit(root / POLICY, "Members must not deploy fixed software", "Members must not deploy patched software")
    commit(root, "Apply RFC 1 to the policy", "2015-02-11", "Alice Example")
    run(["git", "mv", "rfcs/0001-permit-deployment.md", "rfcs/0001-allow-deployment.md"], root, check=True)
    commit(root, "Rename RFC 1", "2015-03-01", "Bob Example")
    edit(root / "rfcs/0001-allow-deployment.md", "status: discussion", "status: voting")
    # put to the vote with what `apply` will need (CW204 otherwise)
    edit(root / "rfcs/0001-allow-deployment.md", "    clause: embargo.no-deploy\n", "    clause: embargo.no-deploy\n    base: Members must not deploy patched software on public systems before the embargo ends.\n")
    commit(root, "RFC 1 goes to a vote", "2015-03-02", "Carol Example")
    return root


def test_one_pass_history_follows_renames_and_diffs_clauses(tmp_path: Path) -> None:
    root = history_repo(tmp_path)
    h = load_history(root, "docs/policy", "rfcs")
    assert h.available and not h.shallow and not h.detached and h.notices == []
    rfc1 = h.file("rfcs/0001-allow-deployment.md")
    assert rfc1 is not None
    # created before the rename: the rename is followed back to the first commit
    assert (rfc1.created.date, rfc1.last.date) == ("2014-10-01", "2015-03-02")
    assert rfc1.authors == ["Test Author", "Bob Example", "Carol Example"]
    # the clause that changed, and one that did not
    events = h.clauses["embargo.no-deploy"]
    assert [(e.kind, e.commit.date, e.commit.author, e.commit.rfc) for e in events] == [
        ("changed", "2015-02-11", "Alice Example", 1),
        ("added", "2014-10-01", "Test Author", None),
    ]
    assert [e.kind for e in h.clauses["embargo.tell-users"]] == ["added"]
    # status changes seen in git, oldest first
    assert [(e.previous, e.status, e.commit.date) for e in h.rfc_status["rfcs/0001-allow-deployment.md"]] == [
        (None, "discussion", "2014-10-01"),
        ("discussion", "voting", "2015-03-02"),
    ]


def test_history_reaches_the_pages_and_feeds(tmp_path: Path) -> None:
    root = history_repo(tmp_path)
    out = root / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    clause = (out / "clauses/embargo.no-deploy/index.html").read_text()
    source = clause[clause.index('<details class="cw-source-history"'):]
    assert "<summary>Source history: the Markdown file in git</summary>" in source
    assert "Text last edited in git <strong>2015-02-11</strong> by Alice Example." in source
    assert "<td>Text edited (<a" in source
    assert 'href="../../rfcs/0001-allow-deployment/"' in clause
    rfc = (out / "rfcs/0001-allow-deployment/index.html").read_text()
    # one created date and one author list in the header (the front matter's); git's apart
    assert "File last committed <strong>2015-03-02</strong> by Carol Example · first committed 2014-10-01 by Test Author · 3 committers" in rfc
    assert rfc.index("<strong>Created</strong>") < rfc.index('<details class="cw-source-history"')
    assert rfc.count("Created") == 1
    feed = (out / "feeds/rfc-status.xml").read_text()
    assert "Source edited: RFC 1 status discussion -&gt; voting" in feed and "<updated>2015-03-02T12:00:00Z</updated>" in feed
    assert '<category term="source" label="source edited" />' in feed and '<category term="policy" label="policy changed" />' in feed
    policy = (out / "policy/index.html").read_text()
    assert '<a class="cw-count cw-changed" href="../clauses/embargo.no-deploy/#history">changed 2015-02-11</a>' in policy
    home = (out / "index.html").read_text()
    assert home.index("What's new") < home.index("Source edits") < home.index("status edited from discussion to voting")


def test_no_repository_builds_without_history(tmp_path: Path) -> None:
    import shutil

    from helpers import TESTS

    root = tmp_path / "project"
    shutil.copytree(TESTS / "sites/basic", root)
    h = load_history(root, "docs/policy", "rfcs")
    assert not h.available and [n.code for n in h.notices] == ["CW701"]
    result = mkdocs_build(root, root / "site")  # strict: an info notice is not a warning
    assert result.returncode == 0, result.stderr
    assert "not in a git repository: building without history" in result.stderr
    assert "cw-source-history" not in (root / "site/rfcs/0001-permit-deployment/index.html").read_text()


def test_repository_without_commits(tmp_path: Path) -> None:
    import shutil

    from helpers import TESTS

    root = tmp_path / "project"
    shutil.copytree(TESTS / "sites/basic", root)
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    h = load_history(root, "docs/policy", "rfcs")
    assert not h.available and "no commits yet" in h.notices[0].message


def test_shallow_clone_is_named_with_the_fix(tmp_path: Path) -> None:
    origin = history_repo(tmp_path)
    clone = tmp_path / "clone"
    run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], tmp_path, check=True)
    h = load_history(clone, "docs/policy", "rfcs")
    assert h.shallow and h.available
    assert [n.code for n in h.notices] == ["CW702"]
    assert "git fetch --unshallow" in h.notices[0].message and "fetch-depth: 0" in h.notices[0].message
    result = mkdocs_build(clone, clone / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "WARNING" in result.stderr and "shallow git clone" in result.stderr
    # --strict refuses to publish wrong dates
    assert mkdocs_build(clone, clone / "site2").returncode == 1


def test_detached_head_is_history_as_of_that_commit(tmp_path: Path) -> None:
    root = history_repo(tmp_path)
    run(["git", "checkout", "-q", "--detach", "HEAD~2"], root, check=True)  # before the rename
    h = load_history(root, "docs/policy", "rfcs")
    assert h.available and h.detached and h.notices == []
    assert h.file("rfcs/0001-permit-deployment.md") is not None
    assert h.file("rfcs/0001-allow-deployment.md") is None
    assert h.head is not None and h.head.date == "2015-02-11"


def test_uncommitted_and_untracked_files(tmp_path: Path) -> None:
    root = history_repo(tmp_path)
    edit(root / POLICY, "Members must not deploy patched software", "Members must never deploy patched software")
    new = root / "rfcs/0003-new-idea.md"
    new.write_text((root / "rfcs/0001-allow-deployment.md").read_text().replace("rfc: 1", "rfc: 3"))
    h = load_history(root, "docs/policy", "rfcs")
    policy = h.file(POLICY)
    assert policy is not None and policy.dirty and policy.last.date == "2015-02-11"  # dates stay those of the last commit
    assert "rfcs/0003-new-idea.md" in h.untracked and h.file("rfcs/0003-new-idea.md") is None
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    clause = (root / "site/clauses/embargo.no-deploy/index.html").read_text()
    assert "This clause has uncommitted changes; its dates are those of the last commit." in clause
    assert "Not yet committed: no history." in (root / "site/rfcs/0003-new-idea/index.html").read_text()


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    import shutil

    from helpers import TESTS

    repo = tmp_path / "repo"
    shutil.copytree(TESTS / "sites/basic", repo / "site-src")
    (repo / "unrelated.txt").write_text("not part of the project\n")
    run(["git", "init", "-q", "-b", "main"], repo, check=True)
    commit(repo, "everything", "2016-01-02")
    h = load_history(repo / "site-src", "docs/policy", "rfcs")
    assert h.available and "unrelated.txt" not in h.files
    assert h.file("rfcs/0001-permit-deployment.md") is not None  # paths relative to the project
    assert [e.kind for e in h.clauses["embargo.no-deploy"]] == ["added"]


def test_odd_file_names_and_a_rename_chain(tmp_path: Path) -> None:
    """-z output: names with spaces, quotes and non-ASCII letters need no unquoting; a file
    renamed twice keeps its first commit."""
    root = tmp_path / "repo"
    (root / "docs/policy").mkdir(parents=True)
    first = root / "docs/policy/a b.md"
    first.write_text('<!-- clause id="x.one" title="One" -->\nOne.\n<!-- /clause -->\n')
    run(["git", "init", "-q", "-b", "main"], root, check=True)
    commit(root, "add", "2010-01-01", "Zoë Example")
    run(["git", "mv", "docs/policy/a b.md", 'docs/policy/"quoted" é.md'], root, check=True)
    commit(root, "rename once", "2011-01-01")
    run(["git", "mv", 'docs/policy/"quoted" é.md', "docs/policy/final.md"], root, check=True)
    (root / "docs/policy/final.md").write_text('<!-- clause id="x.one" title="One" -->\nOne, changed.\n<!-- /clause -->\n')
    commit(root, "rename again and change", "2012-01-01")
    h = load_history(root, "docs/policy", "rfcs")
    fh = h.file("docs/policy/final.md")
    assert fh is not None and fh.created.date == "2010-01-01" and fh.authors[0] == "Zoë Example"
    assert [(e.kind, e.commit.date) for e in h.clauses["x.one"]] == [("changed", "2012-01-01"), ("added", "2010-01-01")]
