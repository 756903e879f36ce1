"""Pre-disclosure list applications (#19): the checklist against every criterion of both
flagship policy versions, the diagnostics, `clausewise new application`, the pages of the
example site, and privacy: a private value planted in every private field never appears in
the built site or the JSON export."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
from helpers import BIN, ROOT, clausewise, copy_fixture, mkdocs_build, run

from clausewise.check.applications import MALFORMED, MISSING, PRESENT, WAIVED, Criteria, check_item, checklist
from clausewise.model import AppDecision, Application, Criterion, Loc
from clausewise.project import load_project


# -- the checklist against every criterion of the flagship's two policy versions ----------
@pytest.fixture(scope="module")
def flagship_criteria() -> dict[str, tuple[Criterion, ...]]:
    project = load_project(ROOT)
    table = Criteria(project.corpus)
    return {"2.x": table.at("2014-11-01")[1], "3.x": table.at("2015-06-01")[1]}


GOOD = {
    "url": "https://hosting.example/xen-cloud",
    "statement": "We agree to the policy.",
    "email": "security@hosting.example",
    "contact": "https://hosting.example/security",
}
BAD = {
    "url": "our brochure",
    "email": "security at hosting",
    "contact": "ask at the front desk",
}

CRITERIA = {
    "2.x": ["category", "genuine", "security-policy-statement", "compliance", "role-alias"],
    "3.x": ["category", "genuine", "domains", "provider-evidence", "production-use", "reporting-invitation", "security-contact", "compliance", "role-alias"],
}


def application(evidence: dict[str, tuple[str, ...]], category: str | None = None, private: dict[str, tuple[str, ...]] | None = None, waived: tuple[str, ...] = ()) -> Application:
    return Application(
        "2015-03-10-example", "Example Hosting (fictional)", "2015-03-10", category, evidence,
        AppDecision("pending", None, None, None, waived), "", 1, Loc("applications/2015-03-10-example.md", 1), True, {}, private or {},
    )


def test_the_flagship_declares_criteria_for_both_versions(flagship_criteria: dict[str, tuple[Criterion, ...]]) -> None:
    assert {v: [c.id for c in crit] for v, crit in flagship_criteria.items()} == CRITERIA
    project = load_project(ROOT)
    assert not project.corpus.applications, "the flagship holds no applications (#19: honest content)"
    for crit in flagship_criteria.values():
        category = next(c for c in crit if c.id == "category")
        assert set(category.rulings) == {f"xsa-108.rejected-categories.{k}" for k in ("research-setups", "ancillary-software", "consultants")}
        assert all(c.clause in project.corpus.clauses for c in crit)
        assert {c.id for c in crit if c.private} >= {"role-alias"}


@pytest.mark.parametrize(("version", "cid"), [(v, c) for v, ids in CRITERIA.items() for c in ids])
def test_checklist_item(flagship_criteria: dict[str, tuple[Criterion, ...]], version: str, cid: str) -> None:
    """Present, missing and (where the kind of evidence can be) malformed, for each criterion."""
    c = next(c for c in flagship_criteria[version] if c.id == cid)
    if c.evidence == "category":
        assert check_item(application({}, c.categories[0]), c).status == PRESENT
        assert check_item(application({}, c.categories[0].upper()), c).status == PRESENT  # case does not matter
        assert check_item(application({}, None), c).status == MISSING
        bad = check_item(application({}, "consultant"), c)
        assert bad.status == MALFORMED and "categor" in bad.detail
        return
    store = (lambda v: application({}, private={f"evidence.{cid}": v})) if c.private else (lambda v: application({cid: v}))
    assert check_item(store((GOOD[c.evidence],)), c).status == PRESENT
    assert check_item(store(()), c).status == MISSING
    assert check_item(application({}), c).status == MISSING
    if c.evidence in BAD:
        assert check_item(store((BAD[c.evidence],)), c).status == MALFORMED
        assert check_item(store((GOOD[c.evidence], BAD[c.evidence])), c).status == MALFORMED  # one bad value is enough
    for host in c.not_hosts:
        item = check_item(store((f"https://www.{host}/watch?v=1",)), c)
        assert item.status == MALFORMED and host in item.detail


def test_waived_items_say_so(flagship_criteria: dict[str, tuple[Criterion, ...]]) -> None:
    crit = flagship_criteria["2.x"]
    items = {i.criterion.id: i.status for i in checklist(application({}, "vendor of Xen-based systems", waived=("security-policy-statement",)), crit)}
    assert items == {"category": PRESENT, "genuine": MISSING, "security-policy-statement": WAIVED, "compliance": MISSING, "role-alias": MISSING}


# -- diagnostics on a real project ---------------------------------------------------------
@pytest.fixture()
def example(tmp_path: Path) -> Path:
    return copy_fixture("applications", tmp_path / "project")


def lines(root: Path, epoch: str | None = None) -> list[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch} if epoch else None
    result = run([str(BIN / "clausewise"), "check"], root, env=env)
    assert "Traceback" not in result.stderr
    return [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text()
    assert old in text, (rel, old)
    (root / rel).write_text(text.replace(old, new, 1))


def test_the_example_checks_clean_but_for_the_pending_note(example: Path) -> None:
    result = clausewise("check", cwd=example)
    assert result.returncode == 0, result.stdout
    assert "1 RFC, 7 applications: 0 errors, 0 warnings, 1 note" in result.stderr
    out = [line for line in lines(example) if "CW8" in line]
    assert len(out) == 1 and "2024-07-01-delta-example-systems.md:4: CW807 note: pending for" in out[0] and "the limit is 60" in out[0]


def test_pending_age_is_counted_to_the_build_date_not_the_clock(example: Path) -> None:
    # 2024-07-20: 19 days after receipt, under the 60-day setting: no note.
    assert not [line for line in lines(example, "1721433600") if "CW807" in line]
    # 2024-10-01: 92 days.
    out = [line for line in lines(example, "1727740800") if "CW807" in line]
    assert out == ["applications/2024-07-01-delta-example-systems.md:4: CW807 note: pending for 92 days (received 2024-07-01, as of 2024-10-01); the limit is 60"]
    edit(example, "mkdocs.yml", "pending_days: 60", "pending_days: 120")
    assert not [line for line in lines(example, "1727740800") if "CW807" in line]


@pytest.mark.parametrize(("value", "message"), [("0", "from 1 to 36500"), ('"sixty"', "whole number of days"), ("true", "whole number")])
def test_pending_days_must_be_a_number_of_days(example: Path, value: str, message: str) -> None:
    edit(example, "mkdocs.yml", "pending_days: 60", f"pending_days: {value}")
    result = clausewise("check", cwd=example)
    assert result.returncode != 0 and "mkdocs.yml:15:" in result.stderr and message in result.stderr and "Traceback" not in result.stderr


def test_applications_must_stay_out_of_the_docs_folder(example: Path) -> None:
    """Inside docs_dir, MkDocs would publish the files themselves, private fields included."""
    edit(example, "mkdocs.yml", "pending_days: 60", "pending_days: 60\n      applications_dir: docs/applications")
    result = clausewise("check", cwd=example)
    assert result.returncode != 0 and "mkdocs.yml:16: `applications_dir` must be outside `docs_dir` (docs)" in result.stderr


def test_a_link_from_the_docs_into_the_applications_is_refused(example: Path, tmp_path: Path) -> None:
    (example / "docs/leak.md").symlink_to("../applications/2024-08-20-eta-example-hosting.md")
    result = clausewise("check", cwd=example)
    assert result.returncode == 1 and "docs/leak.md:1: CW808 symlink into `applications/`" in result.stdout
    built = mkdocs_build(example, tmp_path / "site")
    assert built.returncode != 0 and not (tmp_path / "site/leak").exists()


A = "applications/2024-08-20-eta-example-hosting.md"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # an email address in each public field
        ("applicant: Eta Example Hosting", "applicant: Eta Example Hosting <ops@eta.example>", f"{A}:3: CW808 an email address in the public field `applicant`"),
        ("category: hosting provider", "category: hosting provider (ops@eta.example)", f"{A}:5: CW808 an email address in the public field `category`"),
        ("  compliance: We agree to the policy.", "  compliance: We agree; write to ops@eta.example.", f"{A}:10: CW808 an email address in the public field `evidence.compliance`"),
        ("  by: the fictional security team", "  by: lead@team.example", f"{A}:15: CW808 an email address in the public field `decision.by`"),
        ("  reasons: Every item", "  reasons: Mailed lead@team.example. Every item", f"{A}:16: CW808 an email address in the public field `decision.reasons`"),
        ("included).\n---\n", "included).\n---\nWritten to ops@eta.example.\n", None),  # the body: checked below
        # decisions
        ('  date: "2024-08-27"\n', "", f"{A}:13: CW809 the decision `approved` has no date"),
        ('  date: "2024-08-27"', '  date: "2024-08-01"', f"{A}:14: CW809 decided on 2024-08-01, before the application was received (2024-08-20)"),
        ('  date: "2024-08-27"', '  date: "2024-02-30"', f"{A}:14: CW104 `decision.date` is not a real date: `2024-02-30`"),
        ("  role-alias: xen-list@eta.example", "  role-alias: xen-list at eta", f"{A}:13: CW803 approved, but the checklist has `role-alias` (malformed)"),
        ("  production-use: [https://eta.example/cloud]", "  production-use: [https://video.example/eta]", f"{A}:13: CW803 approved, but the checklist has `production-use` (malformed)"),
        ("  outcome: approved", "  outcome: rejected", None),  # below: the reasons cite a clause, so no CW804
        ("  compliance:", "  complience:", f"{A}:10: CW802 warning: evidence for `complience`, which is not a criterion of version 2.0 (in force on 2024-08-20)"),
        ("([[membership.contact]] included)", "([[membership.contacts]] included)", f"{A}:16: CW201 unknown reference `[[membership.contacts]]`"),
        ("outcome: approved", "outcome: maybe", f"{A}:13: CW104"),
        ('received: "2024-08-20"', 'received: "2014-08-20"', f"{A}:4: CW802 no eligibility criteria are in force on 2014-08-20"),
    ],
)
def test_each_diagnostic(example: Path, old: str, new: str, expected: str | None) -> None:
    edit(example, A, old, new)
    out = lines(example)
    if expected is None and "rejected" in new:
        assert not [line for line in out if "CW804" in line or "CW803" in line], out
        edit(example, A, "([[membership.contact]] included)", "(all included)")
        assert any(line.startswith(f"{A}:13: CW804 rejected although every item of the checklist is present, and the reasons cite no clause or ruling") for line in lines(example))
        return
    if expected is None:
        assert any(line.startswith(f"{A}:18: CW808 an email address in the public field `body`") for line in out), out
        return
    assert any(line.startswith(expected) for line in out), "\n".join(out)
    if " warning:" not in expected:
        assert clausewise("check", cwd=example).returncode == 1


def test_waiving_a_missing_item_allows_the_approval(example: Path) -> None:
    edit(example, A, "  role-alias: xen-list@eta.example\n", "")
    assert any("CW803" in line for line in lines(example))
    edit(example, A, "  outcome: approved\n", "  outcome: approved\n  waived: [role-alias]\n")
    assert not any("CW803" in line for line in lines(example))
    edit(example, A, "  waived: [role-alias]", "  waived: [role-alais]")
    assert any("CW802 waives `role-alais`" in line for line in lines(example))


def test_contradicting_an_earlier_decision(example: Path) -> None:
    """Eta (approved, complete, hosting provider, v2.0) and a twin rejected later."""
    twin = (example / A).read_text().replace("Eta Example Hosting", "Theta Example Hosting").replace('date: "2024-08-27"', 'date: "2024-09-10"')
    twin = twin.replace("outcome: approved", "outcome: rejected").replace('received: "2024-08-20"', 'received: "2024-08-25"')
    twin = twin.replace("reasons: Every item of the checklist is present ([[membership.contact]] included).", 'reasons: "Fails [[membership.production]]."')
    (example / "applications/2024-08-25-theta-example-hosting.md").write_text(twin)
    out = [line for line in lines(example) if "CW805" in line]
    assert out == ["applications/2024-08-25-theta-example-hosting.md:13: CW805 warning: rejected, but [[2024-08-20-eta-example-hosting]] (Eta Example Hosting) was approved on 2024-08-27 with the same category and checklist"]
    edit(example, "applications/2024-08-25-theta-example-hosting.md", "Fails [[membership.production]].", "Fails [[membership.production]], unlike [[2024-08-20-eta-example-hosting]].")
    assert not [line for line in lines(example) if "CW805" in line]


def test_a_waiver_then_a_rejection_for_the_same_gap(example: Path) -> None:
    """Gamma (v1.0, hosting provider) was approved with `production-use` malformed and
    waived; rejecting another for the same gap contradicts it unless the reasons cite it."""
    twin = (example / "applications/2024-03-05-gamma-example-cloud.md").read_text().replace("Gamma Example Cloud", "Kappa Example Cloud")
    twin = twin.replace('received: "2024-03-05"', 'received: "2024-03-20"').replace('date: "2024-04-12"', 'date: "2024-04-30"')
    twin = twin.replace("outcome: approved", "outcome: rejected").replace("  waived: [production-use]\n", "")
    twin = re.sub(r"  reasons: \|\n(    .*\n)+", '  reasons: "No production page: [[membership.production]]."\n', twin)
    (example / "applications/2024-03-20-kappa-example-cloud.md").write_text(twin)
    out = [line for line in lines(example) if "CW805" in line]
    assert out and out[0].startswith("applications/2024-03-20-kappa-example-cloud.md:") and "[[2024-03-05-gamma-example-cloud]] (Gamma Example Cloud) was approved on 2024-04-12" in out[0]


def test_reasons_citing_a_clause_not_yet_in_force(example: Path) -> None:
    rel = "applications/2024-02-01-alpha-example-hosting.md"
    edit(rel_root := example, rel, "under [[membership.eligibility]].", "under [[membership.eligibility]] and [[membership.contact]].")
    out = [line for line in lines(rel_root) if "CW806" in line]
    assert out == [f"{rel}:15: CW806 the reasons cite `membership.contact`, which was not in force on 2024-02-09 (version 1.0)"]


def test_criteria_declarations(example: Path) -> None:
    edit(example, "policy-versions.yml", "        clause: membership.contact\n        title: Public security contact\n        evidence:", "        clause: membership.contacts\n        title: Public security contact\n        evidence:")
    edit(example, "policy-versions.yml", "      - id: compliance\n", "      - id: production-use\n")
    out = [line for line in lines(example) if "CW801" in line]
    assert any("CW801 criterion `security-contact` is declared on clause `membership.contacts`, which is not in force in version 2.0" in line for line in out), out
    assert any("CW801 criterion `production-use` is declared twice in version 1.0" in line for line in out), out


def test_a_criterion_on_a_clause_added_later_is_refused(example: Path) -> None:
    """membership.contact exists today but not in version 1.0."""
    edit(example, "policy-versions.yml", "        clause: membership.production\n", "        clause: membership.contact\n")
    assert any("policy-versions.yml:15: CW801 criterion `production-use` is declared on clause `membership.contact`, which is not in force in version 1.0" in line for line in lines(example))


def test_schema_errors_are_located(example: Path) -> None:
    (example / "applications/Bad_Name.md").write_text("---\napplicant: X\n---\n")
    (example / "applications/2024-09-01-no-evidence.md").write_text('---\napplicant: X\nreceived: "2024-09-01"\nfavourite: yes\n---\n')
    result = clausewise("check", cwd=example)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "applications/Bad_Name.md:1: CW203 application file name `Bad_Name.md`" in result.stdout
    assert "applications/2024-09-01-no-evidence.md:2: CW103" in result.stdout and "evidence" in result.stdout
    assert "applications/2024-09-01-no-evidence.md:4: CW105" in result.stdout


def test_an_application_id_is_a_reference_target(example: Path) -> None:
    project = load_project(example)
    target = project.graph.resolve("2024-02-01-alpha-example-hosting")
    assert target is not None and target.kind == "application" and target.page == "applications/2024-02-01-alpha-example-hosting.md"


# -- clausewise new application ------------------------------------------------------------
def test_new_application_writes_the_form_for_the_criteria_in_force(example: Path) -> None:
    made = clausewise("new", "application", "--applicant", "Theta Example Cloud", "--date", "2024-05-02", "--category", "vendor", cwd=example)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "applications/2024-05-02-theta-example-cloud.md"
    text = (example / rel).read_text()
    assert "policy version 1.0" in text and "security-contact" not in text  # the contact came with 2.0
    later = clausewise("new", "application", "--applicant", "Iota Example", "--date", "2024-06-02", cwd=example)
    assert later.returncode == 0 and "  security-contact: \"\"" in (example / later.stdout.strip()).read_text()
    project = load_project(example, today="2024-06-03")
    app = project.corpus.applications["2024-05-02-theta-example-cloud"]
    assert app.category == "vendor" and app.decision.outcome == "pending"
    _, criteria = Criteria(project.corpus).at(app.received)
    assert [i.status for i in checklist(app, criteria)] == [PRESENT, MISSING, MISSING, MISSING]
    assert not [d for d in project.diagnostics if d.path.startswith("applications/2024-0") and d.is_error]
    again = clausewise("new", "application", "--applicant", "Theta Example Cloud", "--date", "2024-05-02", cwd=example)
    assert again.returncode != 0 and "already exists" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--applicant", "X", "--date", "2023-05-02"], "no eligibility criteria are in force on 2023-05-02"),
        (["--applicant", "X", "--date", "2024-05-02", "--category", "venodr"], "did you mean `vendor`"),
        (["--applicant", "X", "--date", "2024-02-30"], "--date 2024-02-30: write the day"),
        (["--date", "2024-05-02"], "name the applicant"),
        (["--applicant", "X", "--question", "Q?"], "`new application` takes --applicant"),
    ],
)
def test_new_application_refuses_mistakes(example: Path, args: list[str], message: str) -> None:
    made = clausewise("new", "application", *args, cwd=example)
    assert made.returncode != 0 and message in made.stderr and "Traceback" not in made.stderr
    assert not [p for p in (example / "applications").iterdir() if p.name.startswith("2023") or "-x.md" in p.name]


# -- the built example site, and privacy ---------------------------------------------------
PRIVATE_FIELDS = ("contact", "private.note", "role-alias", "security-contact")


def plant(root: Path) -> list[str]:
    """A unique private value in every private field of every application; returns them."""
    tokens = []
    for i, path in enumerate(sorted((root / "applications").glob("*.md"))):
        text = path.read_text()
        front, body = text.split("\n---\n", 1)
        front = re.sub(r"^contact: .*\n", "", front, flags=re.MULTILINE)
        front = re.sub(r"^private:\n(  .*\n)*", "", front + "\n", flags=re.MULTILINE).rstrip("\n")
        front = re.sub(r"^  (role-alias|security-contact): .*\n?", "", front + "\n", flags=re.MULTILINE).rstrip("\n")
        mine = [f"zqxcontact{i}@private-token.example", f"zqxnote{i} kept private", f"zqxalias{i}@private-token.example", f"https://private-token.example/zqxsec{i}"]
        tokens += [mine[0], f"zqxnote{i}", mine[2], f"zqxsec{i}"]
        # The security contact is a criterion from version 2.0 (2024-06-01) on; before, the
        # same value goes under `private:`.
        later = re.search(r'^received: "(2024-0[6-9]|2024-1)', front, re.MULTILINE) is not None
        contact = f"\n  security-contact: {mine[3]}" if later else ""
        extra = "" if later else f"\n  old-contact: {mine[3]}"
        front = front.replace("\nevidence:", f"\ncontact: {mine[0]}\nprivate:\n  note: {mine[1]}{extra}\nevidence:\n  role-alias: {mine[2]}{contact}", 1)
        path.write_text(front + "\n---\n" + body)
    return tokens


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    root = copy_fixture("applications", tmp_path_factory.mktemp("apps") / "project")
    tokens = plant(root)
    assert len(tokens) == 4 * 7
    run(["git", "commit", "-qam", "plant private values"], root, check=True)
    assert load_project(root).errors == []
    out = root.parent / "site"
    result = mkdocs_build(root, out)
    assert result.returncode == 0, result.stderr
    return root, out, tokens


def test_no_private_value_reaches_the_site_or_the_export(built: tuple[Path, Path, list[str]]) -> None:
    root, out, tokens = built
    # The planted values are in the project and checked (the private ones count as present).
    project = load_project(root)
    alpha = project.corpus.applications["2024-02-01-alpha-example-hosting"]
    assert alpha.offered("role-alias") and alpha.private["contact"]
    assert not any("zqx" in v for _, v in alpha.public_values())
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 50 and (out / "export/clausewise.json").is_file() and (out / "search/search_index.json").is_file()
    for p in files:
        data = p.read_bytes()
        for token in tokens:
            assert token.encode() not in data, f"{token} leaked into {p.relative_to(out)}"
    export = json.loads((out / "export/clausewise.json").read_text())
    assert "zqx" not in json.dumps(export)
    # The same for the Markdown pages, feeds and export `clausewise pages` writes for other renderers.
    pages = root.parent / "pages"
    made = clausewise("pages", str(root), "--out", str(pages))
    assert made.returncode == 0, made.stderr
    written = [p for p in pages.rglob("*") if p.is_file()]
    assert (pages / "applications/2024-02-01-alpha-example-hosting.md").is_file() and (pages / "apply/index.md").is_file()
    for p in written:
        data = p.read_bytes()
        assert not [t for t in tokens if t.encode() in data], p.relative_to(pages)
    # ... while public values of the same applications are there (the grep would find them).
    page = (out / "applications/2024-02-01-alpha-example-hosting/index.html").read_text()
    assert "Alpha Example Hosting" in page and "https://alpha-hosting.example/platform" in page and "private" in page


def test_the_pages_of_the_example(built: tuple[Path, Path, list[str]]) -> None:
    _, out, _ = built
    register = (out / "applications/index.html").read_text()
    for name in ("Alpha Example Hosting", "Gamma Example Cloud", "Eta Example Hosting"):
        assert name in register
    for name in ("Beta Example", "Delta Example", "Epsilon Example", "Zeta Example"):  # rejected, pending, removed, withdrawn
        assert name not in register
    assert "Every application on this page is fictional" in register
    pending = (out / "applications/pending/index.html").read_text()
    assert "Delta Example Systems" in pending and "a page on video.example" in pending and "Alpha" not in pending
    decisions = (out / "applications/decisions/index.html").read_text()
    assert decisions.index("Epsilon") < decisions.index("Eta") < decisions.index("Alpha")  # newest first
    figures = (out / "applications/figures/index.html").read_text()
    assert re.search(r"<td>1\.0</td>\s*<td>3</td>\s*<td>2</td>\s*<td>1</td>", figures), figures
    gamma = (out / "applications/2024-03-05-gamma-example-cloud/index.html").read_text()
    assert "A fictional example." in gamma and "waived" in gamma and 'href="../2024-02-01-alpha-example-hosting/"' in gamma
    apply = (out / "apply/index.html").read_text()
    assert "Public security contact" in apply and "Version 1.0" in apply


def test_the_flagship_apply_page(flagship_site: Path) -> None:
    apply = html.unescape(re.sub(r"<[^>]+>", "", (flagship_site / "apply/index.html").read_text()))
    for text in ("Link to a security policy statement", "Public pages showing Xen in production", "Version 2.x", "immediately evident",
                 'clausewise new application --applicant "Example Hosting" --date YYYY-MM-DD --category "public hosting provider"'):
        assert text in apply
    raw = (flagship_site / "apply/index.html").read_text()
    for ruling in ("research-setups", "ancillary-software", "consultants"):
        assert f"xsa-108.rejected-categories.{ruling}" in raw
    # Each version's page says how many criteria were in force, and where they are listed.
    old = (flagship_site / "changelog/2.x/index.html").read_text()
    assert 'Eligibility criteria in force: 5 items, listed on <a href="../../apply/#criteria-2.x">' in old and 'id="criteria-2.x"' in raw
    assert 'Eligibility criteria in force: 9 items, listed on <a href="../../apply/">' in (flagship_site / "changelog/3.7/index.html").read_text()
    # No register: the flagship holds no applications; its guide page has a URL of its own,
    # so a register added later does not take its place.
    assert not (flagship_site / "applications").exists()
    assert "Applications to the pre-disclosure list" in (flagship_site / "membership-applications/index.html").read_text()


def test_a_page_published_where_the_register_is_stops_the_build(example: Path, tmp_path: Path) -> None:
    """docs/applications.md and the generated register (applications/index.md) are both
    published at applications/: MkDocs kept one and dropped the other without a warning, and
    a strict build passed. The plugin and `clausewise pages` refuse it, naming both."""
    (example / "docs/applications.md").write_text("# How to apply\n\nWrite to us.\n", encoding="utf-8")
    says = "docs/applications.md would be published at applications/, where the generated page applications/index.md is"
    result = mkdocs_build(example, tmp_path / "site")
    assert result.returncode != 0 and says in result.stderr, result.stderr
    done = run([str(BIN / "clausewise"), "pages", "--out", str(tmp_path / "tree")], example)
    assert done.returncode != 0 and says in done.stderr and not (tmp_path / "tree").exists(), done.stderr
    # Without directory URLs the two are applications.html and applications/index.html: no clash.
    with (example / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("use_directory_urls: false\nnot_in_nav: /applications.md\n")
    assert mkdocs_build(example, tmp_path / "flat").returncode == 0
    assert (tmp_path / "flat/applications.html").is_file() and (tmp_path / "flat/applications/index.html").is_file()


def test_names_are_shown_as_text(example: Path, tmp_path: Path) -> None:
    """An applicant's name is text wherever it is shown: no HTML, no reference, no Markdown."""
    edit(example, "applications/2024-02-01-alpha-example-hosting.md", "applicant: Alpha Example Hosting",
         'applicant: "Evil ]] [[x|y]] <script>alert(1)</script> | *x*"')
    result = mkdocs_build(example, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for rel in ("applications/index.html", "applications/decisions/index.html", "applications/figures/index.html", "applications/2024-02-01-alpha-example-hosting/index.html"):
        text = (tmp_path / "site" / rel).read_text()
        assert "<script>alert" not in text, rel
    decisions = (tmp_path / "site/applications/decisions/index.html").read_text()
    assert 'href="../2024-02-01-alpha-example-hosting/">Evil ]] [[x|y]] &lt;script&gt;alert(1)&lt;/script&gt; | *x* (fictional)</a>' in decisions
