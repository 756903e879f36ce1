#!/usr/bin/env python3
"""Generate a deterministic synthetic clausewise corpus, committed with realistic git history.

    scripts/gen_corpus.py OUT --rfcs 1000 [--clauses M] [--postmortems P] [--commits K] [--seed S]

The corpus is a complete clausewise project (clausewise.yml, mkdocs.yml, docs/index.md, a policy
of M clauses over a few policy pages, P post-mortems declaring ambiguities and interim rulings,
N RFCs that resolve ambiguities by amending or adding clauses, a vote record for each RFC in
its vote, a fictional roster and decision rule, a policy version and P FAQ answers citing
clauses) in a git repository of K commits.

Same arguments, same corpus, byte for byte: all randomness comes from one seeded RNG and the
commits carry fixed authors and dates. History is written with one `git fast-import` stream (one
git process whatever K is), which is what keeps generating a 3,000-RFC corpus a matter of seconds.

Every name in the corpus is fictional ("Alice Example"); nothing is attributed to real people.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS = ["scope", "embargo", "disclosure", "membership", "advisories", "deployment", "credits", "process"]
WORDS = (
    "advisory embargo member list patch deploy disclose vendor provider user notice reboot date team "
    "vulnerability fix release public private predisclosure request review publish withhold share "
    "coordinate schedule window period security issue report version backport credit researcher"
).split()
VERBS = ["must", "may", "should", "must not", "need not"]
AUTHORS = ["Alice Example", "Bob Example", "Carol Example", "Dan Example", "Erin Example", "Frank Example", "Grace Example"]
STATUSES = ["draft"] * 15 + ["discussion"] * 30 + ["voting"] * 10 + ["accepted"] * 25 + ["rejected"] * 12 + ["withdrawn"] * 8
EPOCH = 1_420_070_400  # 2015-01-01T00:00:00Z: history runs from here over ten years
TEN_YEARS = 10 * 365 * 86400


def default_sizes(rfcs: int) -> tuple[int, int]:
    """(clauses, post-mortems) in proportion to the RFCs, so every size is the same corpus shape."""
    return max(12, rfcs // 10), max(2, rfcs // 20)


@dataclass
class Corpus:
    files: dict[str, str] = field(default_factory=dict)  # final content, path -> text
    # (order key, path, text): every version of every file, in the order history adds it
    events: list[tuple[float, str, str]] = field(default_factory=list)


class Generator:
    def __init__(self, rfcs: int, clauses: int, postmortems: int, seed: int) -> None:
        self.n, self.m, self.p = rfcs, clauses, postmortems
        self.rng = random.Random(seed)
        self.out = Corpus()
        self.clauses: list[tuple[str, str, str]] = []  # (id, title, text)
        self.ambiguities: list[tuple[str, tuple[str, ...]]] = []  # (id, clause ids)
        self.rulings: list[str] = []
        self.statuses: dict[int, tuple[str, str]] = {}  # RFC number -> (status, created)

    # -- text -------------------------------------------------------------------------
    def sentence(self, lo: int = 8, hi: int = 16) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(lo, hi))
        words.insert(2, self.rng.choice(VERBS))
        return " ".join(words).capitalize() + "."

    def prose(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self, k: int = 4) -> str:
        return " ".join(self.rng.choices(WORDS, k=k)).capitalize()

    def add(self, path: str, text: str, when: float) -> None:
        self.out.files[path] = text
        self.out.events.append((when, path, text))

    # -- policy -----------------------------------------------------------------------
    def policy(self) -> None:
        pages = min(len(SECTIONS), max(2, self.m // 10))
        per_page = [self.m // pages + (1 if i < self.m % pages else 0) for i in range(pages)]
        k = 0
        for page, count in enumerate(per_page):
            section = SECTIONS[page]
            lines = [f"# {section.capitalize()}", "", self.prose(2), ""]
            for j in range(count):
                if j % 5 == 0:
                    lines += [f"## {self.title(2)}", ""]
                cid = f"{section}.{self.rng.choice(WORDS)}-{k + 1}"
                title = self.title(3)
                text = self.prose(self.rng.randint(1, 3))
                if self.rng.random() < 0.2:
                    text += "\n\n" + "\n".join(f"* {self.sentence(4, 8)}" for _ in range(3))
                self.clauses.append((cid, title, text))
                lines += [f'<!-- clause id="{cid}" title="{title}" -->', text, "<!-- /clause -->", ""]
                k += 1
            self.add(f"docs/policy/{page + 1:02d}-{section}.md", "\n".join(lines), -1)

    # -- post-mortems -----------------------------------------------------------------
    def postmortems(self) -> None:
        for i in range(1, self.p + 1):
            pm = f"inc-{i:04d}"
            when = (i - 1) * self.n / self.p  # spread among the RFCs in history
            lines = ["---", f"id: {pm}", f"title: Incident {i} post-mortem", f"date: {2015 + i * 10 // self.p:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}"]
            lines += [f"source: https://example.org/postmortems/{pm}", "ambiguities:"]
            ambs = []
            for a in range(1, 4):
                aid = f"{pm}.q{a}"
                cids = tuple(dict.fromkeys(c[0] for c in self.rng.sample(self.clauses, k=self.rng.randint(1, 2))))
                ambs.append(aid)
                self.ambiguities.append((aid, cids))
                lines += [f"  - id: {aid}", f"    title: {self.title(4)}", f"    question: {self.sentence()[:-1]}?", f"    clauses: [{', '.join(cids)}]"]
            lines.append("rulings:")
            for aid in ambs[: self.rng.randint(1, 2)]:
                rid = f"{aid}.ruling"
                lines += [f"  - id: {rid}", f"    ambiguity: {aid}", f"    answer: {self.sentence()}", f"    date: {2015 + i * 10 // self.p:04d}-{1 + i % 12:02d}-01"]
                lines += [f"    during: the incident {i} embargo", f"    rationale: {self.sentence()}"]
                if self.rulings and self.rng.random() < 0.4:
                    lines += ["    precedent:", f"      - {self.rng.choice(self.rulings)}"]
                self.rulings.append(rid)
            body = [f"The embargo of incident {i} raised questions: " + ", ".join(f"[[{a}]]" for a in ambs) + ".", "", self.prose(4), ""]
            self.add(f"postmortems/{pm}.md", "\n".join(lines + ["---"] + body), when)

    # -- RFCs -------------------------------------------------------------------------
    def rfcs(self) -> None:
        statuses = [self.rng.choice(STATUSES) for _ in range(self.n + 1)]
        supersedes: dict[int, int] = {}
        for i in range(2, self.n + 1):
            if statuses[i - 1] in ("draft", "discussion") and self.rng.random() < 0.1:
                statuses[i - 1] = "superseded"
                supersedes[i] = i - 1
        for i in range(1, self.n + 1):
            # An RFC follows its post-mortem: it resolves an ambiguity already published.
            limit = max(1, min(len(self.ambiguities), 3 * (1 + (i - 1) * self.p // self.n)))
            aid, cids = self.ambiguities[self.rng.randrange(limit)]
            resolves = [aid]
            if self.rng.random() < 0.15:
                other = self.ambiguities[self.rng.randrange(limit)][0]
                if other != aid:
                    resolves.append(other)
            title = self.title(5)
            slug = "-".join(title.lower().split()[:4])
            path = f"rfcs/{i:04d}-{slug}.md"
            final = self.rfc_text(i, title, statuses[i], resolves, cids, supersedes.get(i))
            self.statuses[i] = (statuses[i], f"{2015 + i * 10 // self.n:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}")
            if statuses[i] == "draft":
                self.add(path, final, i)
            else:
                # First committed as a draft, then (a little later in history) its final state.
                self.out.events.append((i, path, as_draft(final, statuses[i])))
                self.add(path, final, i + self.rng.uniform(3, 60))

    def rfc_text(self, i: int, title: str, status: str, resolves: list[str], cids: tuple[str, ...], supersedes: int | None) -> str:
        fm = ["---", f"rfc: {i}", f"title: {title}", f"status: {status}"]
        fm += [f"authors: [{', '.join(self.rng.sample(AUTHORS, k=self.rng.randint(1, 2)))}]"]
        fm += [f"created: {2015 + i * 10 // self.n:04d}-{1 + i % 12:02d}-{1 + i % 28:02d}", f"discussion: https://example.org/lists/rfc-{i}"]
        fm.append(f"resolves: [{', '.join(resolves)}]")
        if supersedes:
            fm.append(f"supersedes: [{supersedes}]")
        fm.append("changes:")
        texts = {c[0]: c[2] for c in self.clauses}
        for cid in cids:
            # `base`: the text drafted against, as `clausewise new rfc` writes it (and as
            # `check` requires of an RFC put to the vote); no draw from the generator.
            fm += ["  - op: amend", f"    clause: {cid}", "    base: |"] + [f"      {line}" if line else "" for line in texts[cid].split("\n")]
            fm += ["    text: |"] + [f"      {line}" for line in self.prose(2).split("\n")]
        if self.rng.random() < 0.1:
            fm += ["  - op: add", f"    clause: rfc{i}.new-clause", f"    title: {self.title(3)}", f"    after: {cids[0]}", "    text: |", f"      {self.prose(1)}"]
        if status in ("accepted", "rejected"):
            # Every decided RFC records its decision (`check` warns of an outcome nothing
            # backs); the draw that once chose half of them is kept, so the rest of the
            # corpus stays as it was.
            self.rng.random()
            fm += ["decision:", f"  outcome: {status}", f"  date: {2016 + i * 10 // self.n:04d}-02-11", "  by: the Example Community Board", f"  source: https://example.org/decisions/rfc-{i}"]
        body = ["## Summary", "", f"Resolve [[{resolves[0]}]] by changing " + ", ".join(f"[[{c}]]" for c in cids) + ".", ""]
        body += ["## Motivation", "", self.prose(self.rng.randint(3, 8)), ""]
        if i > 1 and self.rng.random() < 0.3:
            body += [f"This builds on [[RFC {self.rng.randint(1, i - 1)}]].", ""]
        body += ["## Proposal", "", self.prose(self.rng.randint(2, 6)), ""]
        return "\n".join(fm + ["---"] + body)

    # -- governance -------------------------------------------------------------------
    def governance(self) -> None:
        """A fictional roster and rule, a vote record for every RFC in its vote (the tally
        is computed on the pages), one policy version, and FAQ answers citing clauses."""
        roster = "\n".join(f'  - {{name: {a}, role: committer, from: "2015-01-01"}}' for a in AUTHORS)
        self.add("governance.yml", "# Every person on this roster is fictional.\ndefault_rule: majority\nas_of: \"2025-12-31\"\n"
                 f"allowed_rules: [majority, apache]\nmajority_quorum: \"1/2\"\nroster:\n{roster}\n", -2)
        self.add("policy-versions.yml", 'versions:\n  - version: "1.0"\n    date: "2015-01-01"\n    note: The policy as first published.\n', -2)
        for i, (status, created) in self.statuses.items():
            if status != "voting":
                continue
            voters = self.rng.sample(AUTHORS, k=self.rng.randint(3, len(AUTHORS)))
            votes = "\n".join(f'  - {{voter: {v}, value: {self.rng.choice(["+1", "+1", "+1", "0", "-1"])}, date: "2025-12-2{k % 8}", ref: "https://example.org/lists/rfc-{i}-vote-{k + 1}"}}'
                              for k, v in enumerate(voters))
            text = f'# Fictional votes.\nrfc: {i}\nrule: majority\nvoting: {{opens: "2025-12-20", closes: "2026-01-10"}}\nvotes:\n{votes}\n'
            self.add(f"votes/{i:04d}.yml", text, i + 60)
        for k in range(1, self.p + 1):
            cids = [c[0] for c in self.rng.sample(self.clauses, k=self.rng.randint(1, 2))]
            lines = ["---", f"question: {self.sentence()[:-1]}?", 'policy_version: "1.0"', f'date: "{2015 + k * 10 // self.p:04d}-{1 + k % 12:02d}"', f"cites: [{', '.join(cids)}]", "---"]
            lines += [f"**{self.sentence()}**", "", f"{self.prose(2)} See [[{cids[0]}]].", ""]
            self.add(f"faq/question-{k:04d}.md", "\n".join(lines), k * self.n / self.p)

    # -- site -------------------------------------------------------------------------
    def site(self) -> None:
        policy = sorted(p for p in self.out.files if p.startswith("docs/policy/"))
        self.add("clausewise.yml", "docs_dir: docs\npolicy_dir: docs/policy\npostmortems_dir: postmortems\nrfcs_dir: rfcs\n", -2)
        self.add("docs/index.md", f"# Synthetic corpus\n\nA generated corpus of {self.n} RFCs, {len(self.clauses)} clauses and {self.p} post-mortems, "
                 "for benchmarking clausewise. See the [[RFC 1]] and the [RFC index](rfcs/index.md).\n", -2)
        nav = "\n".join(f"      - {Path(p).stem.split('-', 1)[1].capitalize()}: {p[len('docs/'):]}" for p in policy)
        self.add("mkdocs.yml", MKDOCS_YML.format(n=self.n, policy_nav=nav), -2)

    def build(self) -> Corpus:
        self.policy()
        self.postmortems()
        self.rfcs()
        self.governance()
        self.site()
        return self.out


def as_draft(text: str, status: str) -> str:
    """The first version of an RFC: status draft, no decision block."""
    out, skipping = [], False
    for line in text.replace(f"status: {status}\n", "status: draft\n", 1).split("\n"):
        if line == "decision:":
            skipping = True
        elif skipping and not line.startswith("  "):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out)


MKDOCS_YML = """\
site_name: Synthetic corpus ({n} RFCs)
theme:
  name: material
  font: false
  features:
    - navigation.sections
    - navigation.prune
plugins:
  - search
  - clausewise
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
nav:
  - Home: index.md
  - Policy:
{policy_nav}
  - Post-mortems: postmortems/index.md
  - Ambiguities: ambiguities/index.md
  - RFCs: rfcs/index.md
  - FAQ: faq/index.md
  - Changelog: changelog/index.md
  - Roster: roster.md
"""


def write_history(root: Path, corpus: Corpus, commits: int) -> None:
    """Write the files and a history of `commits` commits through one `git fast-import`."""
    for path, text in corpus.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    events = sorted(corpus.events, key=lambda e: e[0])
    commits = max(1, min(commits, len(events)))
    chunks = [events[len(events) * c // commits : len(events) * (c + 1) // commits] for c in range(commits)]
    stream: list[bytes] = []
    for c, chunk in enumerate(chunks):
        who = AUTHORS[c % len(AUTHORS)]
        email = who.split()[0].lower() + "@example.org"
        names = sorted({Path(p).stem for _, p, _ in chunk})
        msg = f"Update {', '.join(names[:3])}" + (f" and {len(names) - 3} more" if len(names) > 3 else "") + "\n"
        when = EPOCH + c * (TEN_YEARS // commits)
        ident = f"{who} <{email}> {when} +0000"
        stream.append(f"commit refs/heads/main\nauthor {ident}\ncommitter {ident}\n".encode())
        stream.append(f"data {len(msg.encode())}\n{msg}".encode())
        for _, path, text in chunk:
            data = text.encode("utf-8")
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        stream.append(b"\n")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "reset", "-q"], cwd=root, check=True, env=env)


def generate(out: Path, rfcs: int, clauses: int | None = None, postmortems: int | None = None, commits: int | None = None, seed: int = 7) -> Path:
    m, p = default_sizes(rfcs)
    corpus = Generator(rfcs, clauses or m, postmortems or p, seed).build()
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"gen_corpus: {out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    write_history(out, corpus, commits if commits is not None else max(10, rfcs))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder to create (must be empty or missing)")
    ap.add_argument("--rfcs", type=int, default=100, help="number of RFCs (default 100)")
    ap.add_argument("--clauses", type=int, help="number of policy clauses (default: RFCs / 10, at least 12)")
    ap.add_argument("--postmortems", type=int, help="number of post-mortems, 3 ambiguities each (default: RFCs / 20, at least 2)")
    ap.add_argument("--commits", type=int, help="number of commits (default: one per RFC, at least 10)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    generate(args.out, args.rfcs, args.clauses, args.postmortems, args.commits, args.seed)
    print(f"gen_corpus: {args.rfcs} RFCs written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
