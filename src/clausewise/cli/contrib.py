"""The contributor's subcommands (`new`, `init`, `explain`), registered on the main parser.

Kept apart from `cli.py` so that file stays a short list of faces over the core.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from clausewise.errors import ClausewiseError
from clausewise.project import Project, load_project


def _git_user(root: Path) -> str | None:
    """The author name git would use, so a new RFC names its author without a prompt."""
    try:
        out = subprocess.run(["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def cmd_new(args: argparse.Namespace) -> int:
    from clausewise.author import new_postmortem, new_rfc

    project = load_project(args.path)
    if args.kind == "application":
        return _new_application(args, project)
    app_only = [f"--{k}" for k in ("applicant", "category") if getattr(args, k)]
    if app_only:
        raise ClausewiseError(f"{', '.join(app_only)}: only `new application` takes this")
    faq_only = [f"--{k.replace('_', '-')}" for k in ("question", "cite", "slug", "policy_version", "date", "supersedes") if getattr(args, k)]
    if args.kind == "postmortem" and args.clause:
        faq_only.insert(0, "--clause")
    if args.kind != "faq" and faq_only:
        raise ClausewiseError(f"{', '.join(faq_only)}: only `new faq` takes this" + (" (and `new rfc` takes --clause)" if "--clause" in faq_only else ""))
    if args.kind == "faq":
        from clausewise.author import new_faq

        if args.name or args.title or args.resolves:
            raise ClausewiseError('`new faq` takes the question as --question "...", and what it cites as --clause ID / --cite ID')
        new = new_faq(project, args.question or "", args.clause, args.cite, args.slug, args.policy_version, args.date, supersedes=args.supersedes)
    elif args.kind == "rfc":
        if args.name:
            raise ClausewiseError("`new rfc` takes no name; the file is named after the next free number and the title")
        new = new_rfc(project, args.resolves or [], args.title, args.author or _git_user(project.config.root), clauses=args.clause)
    else:
        if not args.name:
            raise ClausewiseError("name the post-mortem: clausewise new postmortem ID, e.g. xsa-200")
        new = new_postmortem(project, args.name, args.title)
    return _written(new, project, args.kind)


def _new_application(args: argparse.Namespace, project: Project) -> int:
    from clausewise.author import new_application

    others = [f"--{k.replace('_', '-')}" for k in ("question", "cite", "slug", "policy_version", "title", "resolves", "author", "clause") if getattr(args, k)]
    if others or args.name:
        raise ClausewiseError(f"{', '.join(others) or args.name}: `new application` takes --applicant, --date (the day received) and --category")
    return _written(new_application(project, args.applicant or "", args.date, args.category), project, "application")


def _written(new: Any, project: Project, kind: str) -> int:
    from clausewise.author import write_new

    rel = project.config.rel(new.path)
    write_new(new, kind=kind, rel=rel)
    for warning in getattr(new, "warnings", ()):
        print(f"clausewise: warning: {warning}", file=sys.stderr)
    print(rel)
    print(f"clausewise: wrote {rel}; edit it, then run `clausewise check`", file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from clausewise.author import init_project

    written = init_project(Path(args.dir), args.name)
    print(f"clausewise: wrote {len(written)} files to {args.dir}; next: cd {args.dir} && clausewise check && mkdocs serve", file=sys.stderr)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from clausewise.check import explain, reference_page

    if args.code is None:
        sys.stdout.write(reference_page())
        return 0
    print(explain(args.code))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    new = sub.add_parser(
        "new", help="start an RFC, post-mortem or FAQ answer from a template",
        description="Write a new document from a template, pre-filled from the corpus. `new rfc --resolves ID` (or `--clause ID`, for a change no ambiguity asked for) takes the next free RFC number and starts one `amend` change per clause the ambiguity concerns (or named), with the clause's current text as both `base` and `text`, so `clausewise apply` accepts it once accepted. `new faq --question TEXT --clause ID` starts an answer that quotes each cited clause as it stood at the answer's policy version (by default the latest recorded). `new application --applicant NAME --date YYYY-MM-DD` writes the form of a pre-disclosure list application for the criteria in force on that day.",
    )
    new.add_argument("kind", choices=["rfc", "postmortem", "faq", "application"], help="what to start")
    new.add_argument("name", nargs="?", help="for a post-mortem: its id, e.g. xsa-200")
    new.add_argument("--resolves", action="append", metavar="AMBIGUITY-ID", help="for an RFC: the ambiguity it resolves (repeat for several)")
    new.add_argument("--title", help="the title (default: from the ambiguity)")
    new.add_argument("--author", help="for an RFC: the author (default: git's user.name)")
    new.add_argument("--question", help="for a FAQ answer: the question, as it was asked (one line)")
    new.add_argument("--clause", action="append", metavar="CLAUSE-ID", help="for an RFC: a clause it changes (an `amend` pre-filled with its text); for a FAQ answer: a clause it rests on, quoted in the template (repeat for several)")
    new.add_argument("--cite", action="append", metavar="ID", help="for a FAQ answer: a ruling, ambiguity or 'RFC n' it also cites (repeat for several)")
    new.add_argument("--slug", help="for a FAQ answer: its file name and link, faq/SLUG.md (default: from the question)")
    new.add_argument("--policy-version", metavar="VERSION", help="for a FAQ answer: the policy version it answers (default: the latest recorded)")
    new.add_argument("--date", help="for a FAQ answer: when it was asked, YYYY-MM-DD or YYYY-MM; for an application: the day it was received, YYYY-MM-DD (default: today)")
    new.add_argument("--applicant", help="for an application: the organisation's name, as the register will show it")
    new.add_argument("--category", help="for an application: the category claimed (one the criteria in force admit)")
    new.add_argument("--supersedes", metavar="FAQ-SLUG", help="for a FAQ answer: the earlier answer it replaces, kept as history (its question and citations are the defaults; the slug is SLUG-vVERSION)")
    new.add_argument("--path", default=".", help="project root (default: current folder)")
    new.set_defaults(func=cmd_new)

    init = sub.add_parser("init", help="start a new policy site in DIR", description="Write a new clausewise project (mkdocs.yml with the settings, a sample policy, post-mortem and RFC) that checks and builds clean.")
    init.add_argument("dir", help="folder to create (must be empty or missing)")
    init.add_argument("--name", default="Our security policy", help="the site's name")
    init.set_defaults(func=cmd_init)

    explain = sub.add_parser("explain", help="explain a diagnostic code, with a bad example and the fix", description="Print what a diagnostic code means, an example that triggers it and how to fix it. Without a code, print the whole reference page as Markdown.")
    explain.add_argument("code", nargs="?", help="e.g. CW201")
    explain.set_defaults(func=cmd_explain)
