"""Pages for pre-disclosure list applications: the Apply page, the register of members,
the pending queue, the decisions, the figures per policy version, and one page per
application.

Privacy: these pages are made from an application's public fields only (`applicant`,
`category`, the evidence for criteria that are not private, the decision and the body).
Nothing here reads `Application.private` or calls `Application.offered`; a private
criterion's line of the checklist says only present, missing or malformed.

Only index pages list applications, each once: an application's page names no other
application except the ones its reasons cite.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from statistics import median

from clausewise.check.applications import MALFORMED, MISSING, PRESENT, WAIVED, Criteria, Item, checklist
from clausewise.graph import Graph
from clausewise.model import Application, Criterion, PolicyVersion
from clausewise.model.applications import URL
from clausewise.site.page import Page, banner
from clausewise.site.text import cell, inline, no_html, plural

APPLY_PAGE = "apply/index.md"
REGISTER_PAGE = "applications/index.md"
PENDING_PAGE = "applications/pending.md"
DECISIONS_PAGE = "applications/decisions.md"
FIGURES_PAGE = "applications/figures.md"

EVIDENCE_TEXT = {
    "url": "one or more links to public web pages",
    "statement": "a statement in your own words",
    "category": "one of the categories below",
    "email": "one email address",
    "contact": "an email address or a link to a web page with instructions",
}
STATUS_TEXT = {PRESENT: "present", MISSING: "missing", MALFORMED: "malformed", WAIVED: "waived"}
FICTIONAL = "**A fictional example.** This application was made up to show how clausewise tracks applications: the applicant, dates, evidence and decision are invented."


def _badge(status: str) -> str:
    return f'<span class="cw-badge cw-check-{status}">{STATUS_TEXT[status]}</span>'


def _outcome(outcome: str) -> str:
    return f'<span class="cw-badge cw-outcome-{outcome}">{outcome}</span>'


def _value(criterion: Criterion, value: str) -> str:
    """One public evidence value, in a table cell: a link when it is a web address."""
    text = " ".join(value.split())
    if criterion.evidence in ("url", "contact") and URL.match(text):
        return f"<{text}>"
    return inline(text)


def _apply_link(app_version: PolicyVersion | None) -> str:
    return f"[version {inline(app_version.version)}](../changelog/{app_version.version}.md)" if app_version else "no version"


# -- the Apply page -----------------------------------------------------------------------
def apply_page(graph: Graph) -> Page:
    table = Criteria(graph.corpus)
    version, criteria = table.latest()
    assert version is not None
    out = ["# Apply to join the pre-disclosure list", ""]
    since = next(v for v, c in table.versions if c is criteria)
    out += [
        f"What to send, and how each item will be checked, under the criteria in force since policy "
        f"version {inline(since.version)} ({since.date}). Each item is required by a clause of the policy; "
        "the list is generated from the criteria the policy versions declare, so it changes when the policy does.", "",
        "An application is checked item by item: each is **present**, **missing** or **malformed** "
        "(for example a link that is not a web address, or a page of a kind that does not count as evidence). "
        "Items marked *private* are kept with the application and never published.", "",
    ]
    for n, c in enumerate(criteria, 1):
        out += [f"## {n}. {inline(c.title)}", "", f"Required by [[{c.clause}]]." + (" *Private: never published.*" if c.private else ""), ""]
        out += [f"**What to send** ({EVIDENCE_TEXT[c.evidence]}): {no_html(c.ask.strip())}", ""]
        if c.categories:
            out += [f"- {inline(cat)}" for cat in c.categories] + [""]
        out += [f"**How it is checked:** {no_html(c.check.strip())}", ""]
        if c.not_hosts:
            out += ["The checklist marks links to these sites malformed: " + ", ".join(f"`{h}`" for h in c.not_hosts) + ".", ""]
        if c.rulings:
            rulings = graph.corpus.rulings
            out += ["**Decided before:**", ""]
            out += [f"- [[{r}]]" + (f": {no_html(' '.join(rulings[r].answer.split()))}" if r in rulings else "") for r in c.rulings] + [""]
    cats = [cat.replace('"', "") for c in criteria for cat in c.categories]
    out += [
        "## As a file", "",
        "A team that keeps its applications in git writes each one as a file with",
        "`clausewise new application`, which lists these items for the day the application was received:", "",
        "```sh", 'clausewise new application --applicant "Example Hosting" --date YYYY-MM-DD' + (f' --category "{cats[0]}"' if cats else ""), "```", "",
    ]
    earlier = [(v, c) for v, c in table.versions if c and c is not criteria]
    seen: set[int] = set()
    if earlier:
        out += ["## Criteria in earlier versions", ""]
        for v, crit in earlier:
            if id(crit) in seen:
                continue
            seen.add(id(crit))
            out += [f"### Version {inline(v.version)} ({v.date}) {{#criteria-{v.version}}}", "", "| Item | Required by | Evidence |", "|---|---|---|"]
            out += [f"| {inline(c.title)} | [[{c.clause}]] | {EVIDENCE_TEXT[c.evidence]}{' (private)' if c.private else ''} |" for c in crit]
            out.append("")
    return Page(APPLY_PAGE, "Apply", "\n".join(out) + "\n", in_nav=True)


def version_criteria(graph: Graph, version: PolicyVersion) -> list[str]:
    """For a policy version's page: how many criteria were in force, and where the Apply
    page lists them (its top for the criteria in force now, else their own section)."""
    table = Criteria(graph.corpus)
    mine = next((c for v, c in table.versions if v is version), ())
    if not mine:
        return []
    _, now = table.latest()
    first = next(v for v, c in table.versions if c is mine)
    where = "../apply/index.md" if mine is now else f"../apply/index.md#criteria-{first.version}"
    return [f"Eligibility criteria in force: {plural(len(mine), 'item')}, listed on [the Apply page]({where}).", ""]


# -- applications -------------------------------------------------------------------------
def _checklist_table(app: Application, items: list[Item]) -> list[str]:
    out = ["| Item | Required by | Status | Evidence |", "|---|---|---|---|"]
    for i in items:
        c = i.criterion
        if c.private:
            shown = "*private*"
        elif c.evidence == "category":
            shown = inline(app.category or "")
        else:
            shown = "<br>".join(_value(c, v) for v in app.evidence.get(c.id, ()))
        detail = f" ({cell(i.detail)})" if i.detail and not c.private else (" (private value not shown)" if i.detail else "")
        out.append(f"| {inline(c.title)} | [[{c.clause}]] | {_badge(i.status)}{detail} | {shown} |")
    return out + [""]


def application_page(graph: Graph, app: Application, table: Criteria) -> Page:
    version, criteria = table.at(app.received)
    items = checklist(app, criteria)
    d = app.decision
    title = f"Application: {app.applicant}" + (" (fictional)" if app.fictional else "")
    out = [f"# {inline(title)}", ""]
    if app.fictional:
        out += banner("warning", FICTIONAL)
    out += [
        '<div class="cw-meta" markdown>', "",
        f"- **Applicant** {inline(app.applicant)}",
        f"- **Received** {app.received}, under policy {_apply_link(version)}",
        f"- **Category claimed** {inline(app.category) if app.category else '(none)'}",
        f"- **Decision** {_outcome(d.outcome)}" + (f" on {d.date}" if d.date else "") + (f" by {inline(d.by)}" if d.by else ""),
        f"- **Id** `{app.id}` (cite it as `[[{app.id}]]`)",
        "", "</div>", "",
        "## Checklist", "",
        f"Against the {plural(len(items), 'criterion', 'criteria')} in force on {app.received} (see [Apply](../apply/index.md)).", "",
    ]
    out += _checklist_table(app, items)
    if d.outcome != "pending":
        out += ["## Decision", "", f"{_outcome(d.outcome)}" + (f" on {d.date}" if d.date else "") + (f" by {inline(d.by)}." if d.by else "."), ""]
        if d.waived:
            out += ["Waived: " + ", ".join(f"`{w}`" for w in d.waived) + ".", ""]
        if d.reasons:
            out += [no_html(d.reasons.strip()), ""]
    if app.body.strip():
        out += ["## Notes", "", no_html(app.body.strip()), ""]
    return Page(app.page, title, "\n".join(out) + "\n")


def _members(apps: list[Application]) -> list[Application]:
    return sorted((a for a in apps if a.decision.outcome == "approved"), key=lambda a: (a.applicant.casefold(), a.id))


def _fiction_note(apps: list[Application]) -> list[str]:
    if apps and all(a.fictional for a in apps):
        return banner("warning", "**Every application on this page is fictional**, made up to show how clausewise tracks applications.")
    if any(a.fictional for a in apps):
        return banner("warning", "Applications marked *(fictional)* are made-up examples.")
    return []


def _name(app: Application) -> str:
    """A link to the application from a page of the same folder, named by the applicant."""
    return f"[{inline(app.applicant)}{' (fictional)' if app.fictional else ''}]({app.id}.md)"


def register_page(graph: Graph) -> Page:
    apps = list(graph.corpus.applications.values())
    members = _members(apps)
    out = ["# Register of members", ""] + _fiction_note(apps)
    out += [
        "Organisations whose application was approved and not since removed. Names and categories are public; "
        "their addresses are not. See also the [pending queue](pending.md), the [decisions](decisions.md), "
        "the [figures per policy version](figures.md) and how to [apply](../apply/index.md).", "",
    ]
    if members:
        out += ["| Name | Category | Approved | Application |", "|---|---|---|---|"]
        out += [f"| {inline(a.applicant)}{' (fictional)' if a.fictional else ''} | {inline(a.category or '')} | {a.decision.date or ''} | [[{a.id}\\|{a.id}]] |" for a in members]
    else:
        out.append("No member yet.")
    return Page(REGISTER_PAGE, "Register", "\n".join(out) + "\n", in_nav=True)


def pending_page(graph: Graph, table: Criteria) -> Page:
    apps = sorted((a for a in graph.corpus.applications.values() if a.decision.outcome == "pending"), key=lambda a: (a.received, a.id))
    out = ["# Pending applications", ""] + _fiction_note(apps)
    today = graph.corpus.build_date
    out += [f"Oldest first, each with its checklist{f', as of {today}' if today else ''}.", ""]
    if not apps:
        out.append("No application is pending.")
    for a in apps:
        _, criteria = table.at(a.received)
        items = checklist(a, criteria)
        gaps = sum(i.status in (MISSING, MALFORMED) for i in items)
        out += [f"## {_name(a)}", "", f"Received {a.received}; {plural(gaps, 'item')} missing or malformed.", ""]
        out += _checklist_table(a, items)
    return Page(PENDING_PAGE, "Pending", "\n".join(out) + "\n")


def decisions_page(graph: Graph) -> Page:
    apps = sorted((a for a in graph.corpus.applications.values() if a.decision.outcome != "pending"), key=lambda a: (a.decision.date or "", a.id), reverse=True)
    out = ["# Decisions", ""] + _fiction_note(apps) + ["Newest first, with the reasons given.", ""]
    if not apps:
        out.append("No decision yet.")
    for a in apps:
        d = a.decision
        out += [f"## {_name(a)}", "", f"{_outcome(d.outcome)} on {d.date or '?'} by {inline(d.by or '?')}; received {a.received}.", ""]
        if d.reasons:
            out += [no_html(d.reasons.strip()), ""]
    return Page(DECISIONS_PAGE, "Decisions", "\n".join(out) + "\n")


def _days(a: Application) -> int | None:
    try:
        return (_dt.date.fromisoformat(a.decision.date or "") - _dt.date.fromisoformat(a.received)).days
    except ValueError:
        return None


def figures_page(graph: Graph, table: Criteria) -> Page:
    apps = list(graph.corpus.applications.values())
    by_version: dict[str, list[Application]] = defaultdict(list)
    order: list[str] = [v.version for v in graph.corpus.gov.versions]
    for a in apps:
        v, _ = table.at(a.received)
        by_version[v.version if v else "(before the first version)"].append(a)
    out = ["# Figures per policy version", ""] + _fiction_note(apps)
    out += [
        "Applications counted under the policy version in force on the day they were received, so a community can see "
        "whether a change to the policy made decisions more straightforward. Time to decision is in days, from receipt to decision.", "",
        "| Version | Applications | Approved | Rejected | Withdrawn | Removed | Pending | Median days to decision | Longest |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in [n for n in ["(before the first version)", *order] if n in by_version]:
        group = by_version[name]
        count = Counter(a.decision.outcome for a in group)
        days = [d for d in (_days(a) for a in group if a.decision.outcome != "pending") if d is not None]
        mid = f"{median(days):g}" if days else ""
        out.append(f"| {inline(name)} | {len(group)} | {count['approved']} | {count['rejected']} | {count['withdrawn']} | {count['removed']} | {count['pending']} | {mid} | {max(days) if days else ''} |")
    out += ["", "## Decisions by category", ""]
    for name in [n for n in ["(before the first version)", *order] if n in by_version]:
        cats: dict[str, Counter[str]] = defaultdict(Counter)
        for a in by_version[name]:
            cats[a.category or "(none claimed)"][a.decision.outcome] += 1
        out += [f"### Version {inline(name)}", "", "| Category | Applications | Approved | Rejected |", "|---|---|---|---|"]
        out += [f"| {inline(cat)} | {sum(n.values())} | {n['approved']} | {n['rejected']} |" for cat, n in sorted(cats.items())]
        out.append("")
    return Page(FIGURES_PAGE, "Figures", "\n".join(out) + "\n")


def pages(graph: Graph) -> list[Page]:
    """The Apply page when criteria are declared; the application pages when there are any."""
    c = graph.corpus
    table = Criteria(c)
    out: list[Page] = []
    if any(crit for _, crit in table.versions):
        out.append(apply_page(graph))
    if c.applications:
        out += [register_page(graph), pending_page(graph, table), decisions_page(graph), figures_page(graph, table)]
        out += [application_page(graph, a, table) for a in c.applications.values()]
    return out
