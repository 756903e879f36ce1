"""`clausewise new faq`: start a FAQ answer that cites clauses, pre-filled from the corpus.

The security team writes these in a hurry, often to paste a link into an email, so the
template carries what the answer must rest on: the current text of each cited clause and
the words of each cited ruling, quoted for reference, under the policy version they were
taken from. What is left to write is marked TODO, which `clausewise check` reports as a
warning (CW501) until it is gone; everything else checks clean as written.
"""

from __future__ import annotations

import datetime as _dt
import json
import re

from clausewise.author.scaffold import TODO, NewFile, schema_url
from clausewise.errors import ClausewiseError
from clausewise.governance.asat import current_answer
from clausewise.governance.versions import ClauseState, state_at
from clausewise.load.loader import FAQ_FILE
from clausewise.model import FaqAnswer, syntax
from clausewise.model.diagnostics import did_you_mean
from clausewise.project import Project

#: What the FAQ schema allows for `question` (one line, at most 300 characters).
QUESTION_LIMIT = 300
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9.\-]*\Z")


def _clause_error(project: Project, given: str) -> ClausewiseError:
    """Unknown clause id: name the closest one and where it is defined, so the person can look."""
    graph, clauses = project.graph, project.corpus.clauses
    target = graph.resolve(given)
    if target is not None:  # a real key, but not a clause
        return ClausewiseError(f"--clause {given}: `{given}` is {'an' if target.kind[0] in 'aeiou' else 'a'} {target.kind}, not a clause; cite it with --cite {given}")
    hint = did_you_mean(given, clauses)
    if hint:
        close = hint.split("`")[1]
        loc = clauses[close].loc
        return ClausewiseError(f"--clause {given}: unknown clause `{given}`; did you mean `{close}`, at {loc.path}:{loc.line}?")
    known = ", ".join(list(clauses)[:8]) + (", ..." if len(clauses) > 8 else "")
    return ClausewiseError(f"--clause {given}: unknown clause `{given}`; known clauses: {known}")


def _cites(project: Project, clauses: list[str], cites: list[str]) -> list[str]:
    graph = project.graph
    out: list[str] = []
    for given in clauses:
        target = graph.resolve(given)
        if target is None or target.kind != "clause":
            raise _clause_error(project, given)
        out.append(target.key)  # an alias cites the clause under its id
    for given in cites:
        if graph.resolve(given) is None:
            hint = did_you_mean(given, graph.known_keys())
            raise ClausewiseError(f"--cite {given}: nothing in the corpus is called `{given}`" + (f"; {hint}" if hint else "; cite a clause id, a ruling id or `RFC n`"))
        out.append(given.strip())
    if not out:
        raise ClausewiseError("name what the answer rests on: --clause CLAUSE-ID (and --cite RULING-ID or 'RFC n' for precedent)")
    return list(dict.fromkeys(out))


def _policy_version(project: Project, wanted: str | None) -> str:
    versions = [v.version for v in project.corpus.gov.versions]
    if not versions:
        raise ClausewiseError(
            f"an FAQ answer names the policy version it was written against, and {project.config.versions_file} records none; "
            'record the current one first, e.g. `versions: [{version: "1.0", date: "2024-01-01"}]` (see the governance docs page)'
        )
    if wanted is None:
        return versions[-1]
    if wanted not in versions:
        hint = did_you_mean(wanted, versions)
        raise ClausewiseError(f"--policy-version {wanted}: not recorded in {project.config.versions_file}; " + (hint or f"recorded: {', '.join(versions)}"))
    return wanted


def _date(given: str | None, today: _dt.date | None) -> str:
    if given is None:
        return (today or _dt.date.today()).isoformat()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?", given):
            raise ValueError
        _dt.date.fromisoformat(given if len(given) == 10 else given + "-01")
    except ValueError:
        raise ClausewiseError(f"--date {given}: write the day the question was asked as YYYY-MM-DD (or YYYY-MM)") from None
    return given


def _reference(project: Project, cite: str, version: str, at: dict[str, ClauseState]) -> list[str]:
    """The quoted words a cited clause (as it stood at `version`), ruling or ambiguity
    stands for, or nothing."""
    target = project.graph.resolve(cite)
    corpus = project.corpus
    if target is None:
        return []
    if target.kind == "clause":
        clause = at[target.key]
        words, lead = clause.text, f"[[{cite}]], at policy version {version}:"
    elif target.kind == "ruling":
        ruling = corpus.rulings[target.key]
        words, lead = ruling.answer, f"[[{cite}]] answered" + (f" ({ruling.date}):" if ruling.date else ":")
    elif target.kind == "ambiguity":
        words, lead = corpus.ambiguities[target.key].question, f"[[{cite}]] asks:"
    else:
        return []
    quote = [("> " + line).rstrip() for line in words.strip().split("\n")]
    return [lead, "", *quote, ""]


def _superseded(project: Project, slug: str) -> FaqAnswer:
    """The answer `--supersedes` names, if it exists and nothing supersedes it yet."""
    faq = project.corpus.gov.faq
    old = faq.get(slug)
    if old is None:
        hint = did_you_mean(slug, faq)
        raise ClausewiseError(f"--supersedes {slug}: no FAQ answer `{slug}`" + (f"; {hint}" if hint else ""))
    newer = next((a.slug for a in faq.values() if a.supersedes == slug), None)
    if newer is not None:
        raise ClausewiseError(f"--supersedes {slug}: `{newer}` already supersedes it; supersede `{current_answer(project.corpus, slug)}` instead")
    return old


def new_faq(
    project: Project, question: str, clauses: list[str] | None = None, cites: list[str] | None = None,
    slug: str | None = None, policy_version: str | None = None, date: str | None = None, today: _dt.date | None = None,
    supersedes: str | None = None,
) -> NewFile:
    """`supersedes` answers an earlier answer's question again: its question and what it
    cites (the clauses that stand at the new version) are the defaults."""
    old = _superseded(project, supersedes) if supersedes else None
    if old is not None:
        question = question or old.question
        if not clauses and not cites:
            version_now = _policy_version(project, policy_version)
            standing = {c.id for c in state_at(project.corpus, version_now)}
            targets = [(c, project.graph.resolve(c)) for c in old.cites]
            clauses = [t.key for c, t in targets if t is not None and t.kind == "clause" and t.key in standing]
            cites = [c for c, t in targets if t is not None and t.kind != "clause"]
        slug = slug or f"{old.slug}-v{_policy_version(project, policy_version).replace('.', '-')}"
    question = " ".join((question or "").split())
    if not question:
        raise ClausewiseError('give the question as it was asked: --question "May we ...?"')
    if len(question) > QUESTION_LIMIT:
        raise ClausewiseError(f"--question is {len(question)} characters; keep it to {QUESTION_LIMIT} and put the detail in the answer")
    slug = slug or syntax.slug(question, fallback="answer")
    if len(slug) > syntax.MAX_ID:  # it names a file and a folder of the site
        raise ClausewiseError(f"--slug is {len(slug)} characters long; slugs, like ids, are at most {syntax.MAX_ID}")
    if not FAQ_FILE.match(f"{slug}.md"):
        raise ClausewiseError(f"--slug {slug}: a FAQ slug is lowercase words joined by hyphens, e.g. deploying-fixes-during-embargo")
    path = project.config.abs(project.config.faq_dir) / f"{slug}.md"
    if path.exists():
        raise ClausewiseError(f"{project.config.rel(path)} already exists; not overwriting it (choose another --slug)")
    cited = _cites(project, clauses or [], cites or [])
    version = _policy_version(project, policy_version)
    # Quote each clause as it stood at that version, which is not today's text for an older one.
    at = {c.id: c for c in state_at(project.corpus, version)}
    for cid in cited:
        if cid in project.corpus.clauses and cid not in at:
            raise ClausewiseError(f"--clause {cid}: the clause was added after policy version {version}; answer against a later --policy-version")
    items = ", ".join(c if _PLAIN.match(c) else json.dumps(c, ensure_ascii=False) for c in cited)
    fm = [
        "---",
        f"# yaml-language-server: $schema={schema_url(project, 'faq')}",
        f"question: {json.dumps(question, ensure_ascii=False)}",
        f"policy_version: {json.dumps(version)}",
        *([f"supersedes: {old.slug}  # the earlier answer, kept as history"] if old is not None else []),
        f'date: "{_date(date, today)}"',
        "# What the answer rests on: clause ids, ruling ids or `RFC n`. The site flags the",
        "# answer for review when one of these clauses changes in a later policy version.",
        f"cites: [{items}]",
        "---",
    ]
    first = next((c for c in cited if (t := project.graph.resolve(c)) is not None and t.kind == "clause"), cited[0])
    body = ["", f"<!-- {TODO}: replace every TODO below, then run `clausewise check`. -->", ""]
    body += [f"**{TODO}: the answer in one sentence.**", ""]
    body += [f"{TODO}: why, citing the policy as [[{first}]] and any ruling the answer follows.", ""]
    quoted = [line for cite in cited for line in _reference(project, cite, version, at)]
    if quoted:
        body += ["## What the policy says", "", f"<!-- {TODO}: quoted for reference when this answer was started; keep what the answer relies on, delete the rest. -->", ""]
        body += quoted
    return NewFile(path, "\n".join(fm + body))
