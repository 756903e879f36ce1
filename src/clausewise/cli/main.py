"""The `clausewise` command: subcommands that only compose core calls."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence

from clausewise.cli import contrib as cli_contrib
from clausewise.errors import ClausewiseError
from clausewise.load import confine
from clausewise.model import Severity, format_github, format_json, format_text, sort_key, summary
from clausewise.project import load_project
from clausewise.version import __version__

FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clausewise", description="Keep a community's policy, post-mortems and RFCs in git, checked and cross-linked.")
    p.add_argument("--version", action="version", version=f"clausewise {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the whole corpus; exit 1 on any error", description="Load and validate every clause, post-mortem and RFC. Prints one `path:line: CODE message` per problem.")
    check.add_argument("path", nargs="?", default=".", help="project root (the folder with clausewise.yml); default: current folder")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--since", metavar="REF", help="also review the changes since git REF (e.g. origin/main): skipped status steps, removed ids, RFCs that edit the policy")
    check.set_defaults(func=cmd_check)

    pages = sub.add_parser("pages", help="write the generated pages as Markdown into a folder", description="Write every generated page (RFCs, ambiguities, post-mortems, clauses, indexes) as Markdown, for another renderer, with the feeds, the JSON export and the permalink redirects.")
    pages.add_argument("path", nargs="?", default=".", help="project root")
    pages.add_argument("--out", required=True, help="folder to write into (created if missing)")
    pages.set_defaults(func=cmd_pages)
    cli_contrib.register(sub)

    tally = sub.add_parser("tally", help="print an RFC's votes and the outcome its rule gives", description="Print an RFC's votes (binding or not, from the roster on the day of each vote), the decision rule, the voting period and time left, and the computed outcome with its reason. The day is SOURCE_DATE_EPOCH if set, else today.")
    tally.add_argument("rfc", type=int, help="the RFC number")
    tally.add_argument("path", nargs="?", default=".", help="project root")
    tally.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    tally.set_defaults(func=cmd_tally)

    apply = sub.add_parser("apply", help="apply accepted RFCs to the policy, recording the next policy version", description="Write the clause operations of accepted RFCs into the policy Markdown and append the next version to the versions file, for review with `git diff`. Refuses, writing nothing, an RFC that is not accepted, already applied, or stale (its `base` no longer matches the clause).")
    apply.add_argument("rfcs", type=int, nargs="+", metavar="RFC", help="RFC numbers, applied in this order as one version")
    apply.add_argument("--project", default=".", help="project root (default: current folder)")
    apply.add_argument("--version", dest="policy_version", help="the new version number (default: the last one plus 0.1)")
    apply.add_argument("--major", action="store_true", help="bump the major number (3.7 -> 4.0)")
    apply.add_argument("--date", help="the version's date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today)")
    apply.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    apply.set_defaults(func=cmd_apply)

    record = sub.add_parser("record", help="write a closed vote's outcome into the RFC's status", description="Set `status: accepted` or `status: rejected` on RFCs whose voting period has closed while their status still says `voting`, from the tally of their votes, for review with `git diff`. Refuses, writing nothing, while a vote is open or has not opened yet. The day is as_of in governance.yml, else SOURCE_DATE_EPOCH, else today.")
    record.add_argument("rfcs", type=int, nargs="*", metavar="RFC", help="RFC numbers to record")
    record.add_argument("--all", action="store_true", help="record every RFC whose vote has closed unrecorded (nothing to do is not an error)")
    record.add_argument("--project", default=".", help="project root (default: current folder)")
    record.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    record.set_defaults(func=cmd_record)
    return p


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _no_project(path: str) -> None:
    """An empty folder (or a typo in PATH) is not a project whose policy is missing."""
    root = Path(path)
    if root.is_dir() and not any((root / name).exists() for name in ("clausewise.yml", "mkdocs.yml", "docs")):
        raise ClausewiseError(f"no clausewise project in `{path}`: it has no clausewise.yml, mkdocs.yml or docs folder; run this in the project's folder, or start one with `clausewise init DIR`")


def cmd_check(args: argparse.Namespace) -> int:
    _no_project(args.path)
    project = load_project(args.path)
    diags = project.diagnostics
    if args.since:
        from clausewise.project import review_since

        diags = sorted(set(diags + review_since(project, args.since)), key=sort_key)
    errors = [d for d in diags if d.is_error]
    if args.format == "text":
        if diags:
            print(format_text(diags, project.config.root, confine.readable(project.config)))
        c = project.corpus
        counts = ", ".join(_count(n, one, many) for n, one, many in (
            (len(c.clauses), "clause", "clauses"), (len(c.ambiguities), "ambiguity", "ambiguities"),
            (len(c.rulings), "ruling", "rulings"), (len(c.rfcs), "RFC", "RFCs")))
        print(f"clausewise: {counts}: {summary(diags)}", file=sys.stderr)
        if diags:
            print("clausewise: `clausewise explain CODE` shows an example of each problem and its fix", file=sys.stderr)
    elif diags or args.format == "json":
        print(FORMATS[args.format](diags))
    failed = bool(errors) or (args.strict and any(d.severity is Severity.WARNING for d in diags))
    return 1 if failed else 0


def cmd_pages(args: argparse.Namespace) -> int:
    from clausewise.site import sanitize

    project = load_project(args.path, history=True)
    if project.errors:
        print(format_text(project.diagnostics))
        print(f"clausewise: not writing pages: {summary(project.diagnostics)}", file=sys.stderr)
        return 1
    out = Path(args.out)
    for page in project.pages():
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sanitize.unkeyed(page.markdown), encoding="utf-8")  # the same on every run
    for asset in project.assets():  # feeds, the JSON export, permalink redirects
        target = out / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(asset.content, encoding="utf-8")
    print(f"clausewise: wrote {len(project.pages())} pages to {out}", file=sys.stderr)
    return 0


def cmd_tally(args: argparse.Namespace) -> int:
    from clausewise.governance import format_tally
    from clausewise.site import rfc_tally

    project = load_project(args.path)
    rfc = project.corpus.rfcs.get(args.rfc)
    if rfc is None:
        print(f"clausewise: there is no RFC {args.rfc}", file=sys.stderr)
        return 1
    title = f"{rfc.full_title} [{rfc.status.value}]"
    t = rfc_tally(project.graph, rfc)
    if t is not None:
        if args.format == "json":
            import json

            from clausewise.governance import tally_json

            print(json.dumps(tally_json(t, rfc.number, rfc.status.value), indent=2, ensure_ascii=False))
        else:
            print(format_tally(t, title))
        return 0
    if rfc.decision is not None:
        d = rfc.decision
        print(f"{title}\ndecision: {d.outcome} on {d.date} by {d.by}, recorded by reference (no individual votes): {d.source}")
        return 0
    votes_dir = project.config.abs(project.config.votes_dir)
    on_disk = [p for p in (votes_dir / f"{rfc.number:04d}.yml", votes_dir / f"{rfc.number:04d}.yaml") if p.is_file()]
    if rfc.number in project.corpus.gov.votes or on_disk:
        # Say what stops the tally: the errors of the vote record and of governance.yml.
        files = {project.config.rel(p) for p in on_disk} | {project.config.governance_file}
        record = project.corpus.gov.votes.get(rfc.number)
        if record is not None:
            files.add(record.loc.path)
        errors = [d for d in project.diagnostics if d.is_error and d.path in files]
        print(f"{title}\ncannot tally: " + (", ".join(sorted({d.path for d in errors})) + " has errors" if errors else "the vote record cannot be read") + "; run `clausewise check`", file=sys.stderr)
        if errors:
            print(format_text(errors), file=sys.stderr)
    else:
        print(f"{title}\nno vote record ({project.config.votes_dir}/{rfc.number:04d}.yml) and no decision", file=sys.stderr)
    return 1


def cmd_apply(args: argparse.Namespace) -> int:
    import re

    from clausewise.author import ApplyRefused, plan, write

    if args.date and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", args.date):
        print("clausewise: --date must be written YYYY-MM-DD", file=sys.stderr)
        return 2
    project = load_project(args.project)
    try:
        result = plan(project, args.rfcs, args.policy_version, args.date, args.major)
    except ApplyRefused as exc:
        print(f"clausewise: refused: {exc}", file=sys.stderr)
        return 1
    return _wrote(project, result, write, args.dry_run, f"policy version {result.version} ({result.date}); ")


def cmd_record(args: argparse.Namespace) -> int:
    from clausewise.author import RecordRefused, plan_record, write_record

    if bool(args.rfcs) == args.all:
        print("clausewise: name the RFCs to record, or give --all", file=sys.stderr)
        return 2
    project = load_project(args.project)
    try:
        result = plan_record(project, None if args.all else args.rfcs)
    except RecordRefused as exc:
        print(f"clausewise: refused: {exc}", file=sys.stderr)
        return 1
    if not result.files:
        print("clausewise: no vote has closed unrecorded; nothing to do", file=sys.stderr)
        return 0
    return _wrote(project, result, write_record, args.dry_run)


def _wrote(project: Any, result: Any, write: Any, dry_run: bool, what: str = "") -> int:
    """Write a planned change (unless --dry-run), print what it did, and say which files it
    wrote: what `apply` and `record` end with."""
    if not dry_run:
        write(result)
    for line in result.done:
        print(line)
    verb = "would write" if dry_run else "wrote"
    files = ", ".join(project.config.rel(p) for p in result.files)
    print(f"clausewise: {what}{verb} {files}. Review with `git diff`, then commit.", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # The reader went away (`clausewise explain | head`): nothing is wrong with the
        # content, and Python must not try to flush into the closed pipe again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except ClausewiseError as exc:
        print(f"clausewise: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
