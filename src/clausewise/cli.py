"""The `clausewise` command: subcommands that only compose core calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .diagnostics import Severity, format_github, format_json, format_text, summary
from .errors import ClausewiseError
from .project import load_project

FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clausewise", description="Keep a community's policy, post-mortems and RFCs in git, checked and cross-linked.")
    p.add_argument("--version", action="version", version=f"clausewise {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the whole corpus; exit 1 on any error", description="Load and validate every clause, post-mortem and RFC. Prints one `path:line: CODE message` per problem.")
    check.add_argument("path", nargs="?", default=".", help="project root (the folder with clausewise.yml); default: current folder")
    check.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.set_defaults(func=cmd_check)

    pages = sub.add_parser("pages", help="write the generated pages as Markdown into a folder", description="Write every generated page (RFCs, ambiguities, post-mortems, clauses, indexes) as Markdown, for another renderer.")
    pages.add_argument("path", nargs="?", default=".", help="project root")
    pages.add_argument("--out", required=True, help="folder to write into (created if missing)")
    pages.set_defaults(func=cmd_pages)
    return p


def cmd_check(args: argparse.Namespace) -> int:
    project = load_project(args.path)
    diags = project.diagnostics
    if args.format == "text":
        if diags:
            print(format_text(diags))
        c = project.corpus
        print(f"clausewise: {len(c.clauses)} clauses, {len(c.ambiguities)} ambiguities, {len(c.rulings)} rulings, {len(c.rfcs)} RFCs: {summary(diags)}", file=sys.stderr)
    elif diags or args.format == "json":
        print(FORMATS[args.format](diags))
    failed = bool(project.errors) or (args.strict and any(d.severity is Severity.WARNING for d in diags))
    return 1 if failed else 0


def cmd_pages(args: argparse.Namespace) -> int:
    project = load_project(args.path)
    if project.errors:
        print(format_text(project.diagnostics))
        print(f"clausewise: not writing pages: {summary(project.diagnostics)}", file=sys.stderr)
        return 1
    out = Path(args.out)
    for page in project.pages():
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"clausewise: wrote {len(project.pages())} pages to {out}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except ClausewiseError as exc:
        print(f"clausewise: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
