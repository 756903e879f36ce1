"""`clausewise new faq`: the answer it starts checks clean as written, builds, links the
clauses it cites and quotes them as they stood at the answer's policy version."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import clausewise, copy_fixture, mkdocs_build

from clausewise import load_project
from clausewise.author.scaffold_faq import new_faq
from clausewise.errors import ClausewiseError
from clausewise.governance.versions import faq_review
from clausewise.model.syntax import slug

QUESTION = "During an embargo, may we deploy the fixed version on our public cloud?"
SLUG = "during-an-embargo-may-we-deploy-the-fixed-version"


def problems_in(stdout: str, rel: str) -> list[str]:
    """`CODE severity` of each diagnostic on `rel` (the fixture has notes of its own elsewhere)."""
    return [line.split(": ", 1)[1].split(":")[0] for line in stdout.splitlines() if line.startswith(rel + ":")]


@pytest.fixture(scope="module")
def governance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The governance example (policy version 1.0 recorded) in a real git repository, for
    the refusals: none of them writes anything, so one copy serves them all."""
    return copy_fixture("governance", tmp_path_factory.mktemp("faq") / "project")


def test_new_faq_checks_builds_and_links_the_clause(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    made = clausewise("new", "faq", "--question", f"  {QUESTION}\n", "--clause", "embargo.no-deploy", "--cite", "inc-1.deploy.ruling", "--date", "2024-03-01", cwd=root)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == f"faq/{SLUG}.md"

    # as written: no error; the only thing said about the new file is what is still to fill in
    check = clausewise("check", cwd=root)
    assert check.returncode == 0, check.stdout
    assert problems_in(check.stdout, rel) == ["CW501 warning"]
    assert "0 errors, 1 warning" in check.stderr

    # the record holds what was asked, and the quote is the clause's text, line for line
    project = load_project(root)
    answer = project.corpus.gov.faq[SLUG]
    assert (answer.question, answer.policy_version, answer.date, answer.cites) == (QUESTION, "1.0", "2024-03-01", ("embargo.no-deploy", "inc-1.deploy.ruling"))
    text = (root / rel).read_text()
    assert text.splitlines()[1] == "# yaml-language-server: $schema=https://clausewise.dev/schemas/faq.schema.json"
    quote = "\n".join("> " + line for line in project.corpus.clauses["embargo.no-deploy"].text.strip().split("\n"))
    assert f"[[embargo.no-deploy]], at policy version 1.0:\n\n{quote}\n" in text
    assert "[[inc-1.deploy.ruling]] answered (2024-02-10):\n\n> The team said deployment was not allowed.\n" in text

    # strict build: the page exists, links the clause, and the clause and the index link back
    out = tmp_path / "site"
    build = mkdocs_build(root, out)
    assert build.returncode == 0, build.stderr
    page = (out / f"faq/{SLUG}/index.html").read_text()
    assert "No deployment during the embargo</a> (No deployment during the embargo)" not in page  # the title once
    assert "No deployment during the embargo</a>, at policy version 1.0:" in page
    assert 'href="../../policy/#embargo.no-deploy"' in page
    assert 'href="../../ambiguities/inc-1.deploy/#inc-1.deploy.ruling"' in page
    assert "No deployment during the embargo" in page and "The team said deployment was not allowed." in page
    assert f'href="{SLUG}/"' in (out / "faq/index.html").read_text()
    assert f'href="../../faq/{SLUG}/"' in (out / "clauses/embargo.no-deploy/index.html").read_text()

    # answered, the reminder goes away
    answered = "\n".join(line for line in text.split("\n") if "TODO" not in line) + "\nNo: [[embargo.no-deploy]] forbids it.\n"
    (root / rel).write_text(answered)
    again = clausewise("check", cwd=root)
    assert again.returncode == 0 and problems_in(again.stdout, rel) == []

    # and it refuses to overwrite the answer
    twice = clausewise("new", "faq", "--question", QUESTION, "--clause", "embargo.no-deploy", cwd=root)
    assert twice.returncode == 2
    assert twice.stderr.strip() == f"clausewise: error: {rel} already exists; not overwriting it (choose another --slug)"
    assert (root / rel).read_text() == answered


def test_new_faq_quotes_the_clause_as_it_stood_at_an_older_version(tmp_path: Path) -> None:
    """After `apply` changes a clause, an answer written against the old version quotes the old text."""
    root = copy_fixture("governance", tmp_path / "project")
    before = load_project(root).corpus.clauses["embargo.no-deploy"].text
    applied = clausewise("apply", "1", "3", "--project", str(root), "--date", "2024-06-01")
    assert applied.returncode == 0, applied.stderr
    now = load_project(root).corpus.clauses["embargo.no-deploy"].text
    assert now != before
    made = clausewise("new", "faq", "--question", "May we deploy?", "--clause", "embargo.no-deploy", "--policy-version", "1.0", "--slug", "deploy", cwd=root)
    assert made.returncode == 0, made.stderr
    text = (root / "faq/deploy.md").read_text()
    assert "at policy version 1.0:\n\n" + "\n".join("> " + line for line in before.strip().split("\n")) + "\n" in text
    assert "if the team permits it" in now and "if the team permits it" not in text
    check = clausewise("check", cwd=root)
    assert check.returncode == 0 and problems_in(check.stdout, "faq/deploy.md") == ["CW501 warning"]
    # written against the old version, it is flagged for review at once: the clause changed in 1.1
    project = load_project(root)
    review = faq_review(project.graph, project.corpus.gov.faq["deploy"])
    assert [(r.cited, r.version.version, r.rfc, r.kind) for r in review] == [("embargo.no-deploy", "1.1", 1, "changed")]
    # a clause that did not exist yet at that version cannot be quoted from it
    added = clausewise("new", "faq", "--question", "May we announce reboots?", "--clause", "embargo.reboot-notices", "--policy-version", "1.0", cwd=root)
    assert added.returncode == 2
    assert added.stderr.strip() == "clausewise: error: --clause embargo.reboot-notices: the clause was added after policy version 1.0; answer against a later --policy-version"


def test_a_mistyped_clause_names_the_closest_one_and_where_it_is(governance: Path) -> None:
    made = clausewise("new", "faq", "--question", QUESTION, "--clause", "embargo.no-deplyo", cwd=governance)
    assert made.returncode == 2
    assert made.stderr.strip() == (
        "clausewise: error: --clause embargo.no-deplyo: unknown clause `embargo.no-deplyo`; "
        "did you mean `embargo.no-deploy`, at docs/policy/index.md:9?"
    )
    assert (governance / "docs/policy/index.md").read_text().split("\n")[8].startswith('<!-- clause id="embargo.no-deploy"')
    assert not (governance / f"faq/{SLUG}.md").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"clauses": ["inc-1.deploy"]}, "--clause inc-1.deploy: `inc-1.deploy` is an ambiguity, not a clause; cite it with --cite inc-1.deploy"),
        ({"clauses": ["zzz"]}, "--clause zzz: unknown clause `zzz`; known clauses: embargo.no-deploy, embargo.tell-users, membership.alias, membership.review"),
        ({"cites": ["inc-1.deplyo.ruling"]}, "--cite inc-1.deplyo.ruling: nothing in the corpus is called `inc-1.deplyo.ruling`; did you mean `inc-1.deploy.ruling`?"),
        ({}, "name what the answer rests on: --clause CLAUSE-ID (and --cite RULING-ID or 'RFC n' for precedent)"),
        ({"clauses": ["embargo.no-deploy"], "policy_version": "1"}, "--policy-version 1: not recorded in policy-versions.yml; recorded: 1.0"),
        ({"clauses": ["embargo.no-deploy"], "date": "2024-13-01"}, "--date 2024-13-01: write the day the question was asked as YYYY-MM-DD (or YYYY-MM)"),
        ({"clauses": ["embargo.no-deploy"], "slug": "Bad_Slug"}, "--slug Bad_Slug: a FAQ slug is lowercase words joined by hyphens, e.g. deploying-fixes-during-embargo"),
        ({"clauses": ["embargo.no-deploy"], "slug": "deploying-fixes"}, "faq/deploying-fixes.md already exists; not overwriting it (choose another --slug)"),
        ({"question": " \n "}, 'give the question as it was asked: --question "May we ...?"'),
        ({"question": "why " * 80}, "--question is 319 characters; keep it to 300 and put the detail in the answer"),
    ],
)
def test_new_faq_refuses_with_a_message_to_act_on(governance: Path, kwargs: dict, message: str) -> None:
    args = {"question": QUESTION, **kwargs}
    with pytest.raises(ClausewiseError) as caught:
        new_faq(load_project(governance), **args)
    assert str(caught.value) == message


def test_new_faq_needs_a_recorded_policy_version(tmp_path: Path) -> None:
    root = copy_fixture("basic", tmp_path / "project")
    made = clausewise("new", "faq", "--question", QUESTION, "--clause", "embargo.no-deploy", cwd=root)
    assert made.returncode == 2
    assert "policy-versions.yml records none; record the current one first" in made.stderr
    assert not (root / "faq").exists()


def test_faq_options_belong_to_new_faq_only(governance: Path) -> None:
    made = clausewise("new", "rfc", "--resolves", "inc-1.deploy", "--cite", "inc-1.deploy.ruling", cwd=governance)
    assert made.returncode == 2 and made.stderr.strip() == "clausewise: error: --cite: only `new faq` takes this"
    made = clausewise("new", "postmortem", "inc-9", "--clause", "embargo.no-deploy", cwd=governance)
    assert made.returncode == 2 and made.stderr.strip() == "clausewise: error: --clause: only `new faq` takes this (and `new rfc` takes --clause)"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("May we deploy?", "may-we-deploy"),
        ("During an embargo, may we tell our users that their VMs will be rebooted?", "during-an-embargo-may-we-tell-our-users-that-their"),
        ("What counts as a \"security policy statement\"?", "what-counts-as-a-security-policy-statement"),
        ("Ünïcode only ??", "unicode-only"),
        ("?!", "answer"),
        ("x" * 70, "x" * 50),
    ],
)
def test_faq_slug_keeps_whole_words(question: str, expected: str) -> None:
    assert slug(question, fallback="answer") == expected


def test_a_misnamed_faq_file_is_reported_where_it_is(tmp_path: Path) -> None:
    root = copy_fixture("governance", tmp_path / "project")
    (root / "faq").mkdir(exist_ok=True)
    (root / "faq/Bad Name.md").write_text("---\nquestion: Why?\npolicy_version: '1.0'\ncites: []\n---\nBecause.\n")
    check = clausewise("check", cwd=root)
    assert check.returncode == 1
    assert "faq/Bad Name.md:1: CW203 FAQ file name `Bad Name.md` must be a slug of lowercase words joined by hyphens" in check.stdout
