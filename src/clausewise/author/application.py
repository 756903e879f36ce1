"""`clausewise new application`: the form for one pre-disclosure list application, listing
the criteria in force on the day it was received.

Each criterion becomes an `evidence:` entry, empty, under a comment saying what to send,
how it is checked and which clause requires it, so the new file checks clean and its
checklist shows every item missing until the evidence is filled in. The contact address
and the evidence for private criteria are never published (see docs/security.md).
"""

from __future__ import annotations

import datetime as _dt
import json
import re

from clausewise.author.scaffold import NewFile, schema_url
from clausewise.check.applications import Criteria
from clausewise.errors import ClausewiseError
from clausewise.load.loader import APPLICATION_FILE
from clausewise.model import syntax
from clausewise.model.diagnostics import did_you_mean
from clausewise.project import Project

_KIND_VALUE = {"url": "[]", "statement": '""', "category": None, "email": '""', "contact": '""'}


def _comment(text: str, width: int = 84) -> list[str]:
    """`text` as YAML comment lines of at most `width` characters."""
    out, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width and line != "#":
            out.append(line)
            line = "#"
        line += " " + word
    return out + [line] if line != "#" else out


def new_application(project: Project, applicant: str, received: str | None, category: str | None = None, today: _dt.date | None = None) -> NewFile:
    applicant = " ".join((applicant or "").split())
    if not applicant:
        raise ClausewiseError('name the applicant: clausewise new application --applicant "Example Hosting Ltd"')
    if len(applicant) > 200:
        raise ClausewiseError(f"--applicant is {len(applicant)} characters; keep the organisation's name to 200")
    day = received or (today or _dt.date.today()).isoformat()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
            raise ValueError
        _dt.date.fromisoformat(day)
    except ValueError:
        raise ClausewiseError(f"--date {day}: write the day the application was received as YYYY-MM-DD") from None
    version, criteria = Criteria(project.corpus).at(day)
    if version is None or not criteria:
        raise ClausewiseError(
            f"no eligibility criteria are in force on {day}; declare `criteria:` under a policy version in "
            f"{project.config.versions_file} (see the Applications docs page)"
        )
    cats = [c for crit in criteria if crit.evidence == "category" for c in crit.categories]
    if category is not None:
        category = " ".join(category.split())
        if cats and category.casefold() not in {c.casefold() for c in cats}:
            hint = did_you_mean(category, cats)
            raise ClausewiseError(f"--category {category}: not a category of version {version.version}; " + (hint or "one of: " + ", ".join(cats)))
    slug = f"{day}-{syntax.slug(applicant, limit=60, fallback='applicant')}"
    if not APPLICATION_FILE.match(f"{slug}.md") or len(slug) > syntax.MAX_ID:
        raise ClausewiseError(f"cannot make a file name from --applicant {applicant!r}")
    path = project.config.abs(project.config.applications_dir) / f"{slug}.md"
    if path.exists():
        raise ClausewiseError(f"{project.config.rel(path)} already exists; not overwriting it")
    fm = [
        "---",
        f"# yaml-language-server: $schema={schema_url(project, 'application')}",
        f"# Criteria of policy version {version.version}, in force on {day}. `clausewise check`",
        "# prints the checklist problems; the site shows each item as present, missing or malformed.",
        f"applicant: {json.dumps(applicant, ensure_ascii=False)}",
        f'received: "{day}"',
    ]
    if category is not None or cats:
        fm += _comment("The category claimed, one of: " + "; ".join(cats) + ".") if cats else []
        fm.append(f"category: {json.dumps(category or '', ensure_ascii=False)}" if category else "# category: ")
    fm += [
        "# Who to write to about the application. Private: never published.",
        'contact: ""',
        "# Anything the team keeps to itself (notes, addresses). Never published.",
        "private: {}",
        "evidence:",
    ]
    for c in criteria:
        value = _KIND_VALUE[c.evidence]
        if value is None:
            continue  # the category is the `category` field
        lines = _comment(f"{c.title} (required by {c.clause}){' PRIVATE: never published' if c.private else ''}. Send: {c.ask} Checked: {c.check}", 82)
        fm += ["  " + line for line in lines]
        fm.append(f"  {c.id}: {value}")
    fm += [
        "decision:",
        "  # pending, approved, rejected, withdrawn or removed; a decision needs date and by,",
        "  # and reasons citing clauses, rulings and earlier applications as [[id]].",
        "  outcome: pending",
        "---",
        "",
    ]
    return NewFile(path, "\n".join(fm))
