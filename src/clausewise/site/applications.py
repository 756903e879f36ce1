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
from clausewise.site import i18n
from clausewise.site.i18n import N_, ngettext
from clausewise.site.page import Page, banner
from clausewise.site.text import cell, inline, no_html, plural

APPLY_PAGE = "apply/index.md"
REGISTER_PAGE = "applications/index.md"
PENDING_PAGE = "applications/pending.md"
DECISIONS_PAGE = "applications/decisions.md"
FIGURES_PAGE = "applications/figures.md"

EVIDENCE_TEXT = {
    "url": N_("one or more links to public web pages"),
    "statement": N_("a statement in your own words"),
    "category": N_("one of the categories below"),
    "email": N_("one email address"),
    "contact": N_("an email address or a link to a web page with instructions"),
}
STATUS_TEXT = {PRESENT: N_("present"), MISSING: N_("missing"), MALFORMED: N_("malformed"), WAIVED: N_("waived")}
FICTIONAL = N_("**A fictional example.** This application was made up to show how clausewise tracks applications: the applicant, dates, evidence and decision are invented.")
#: an application's decision, as shown
def _outcome_word(outcome: str) -> str:
    return {
        "approved": i18n.pgettext("application outcome", "approved"), "rejected": i18n.pgettext("application outcome", "rejected"),
        "withdrawn": i18n.pgettext("application outcome", "withdrawn"), "removed": i18n.pgettext("application outcome", "removed"),
        "pending": i18n.pgettext("application outcome", "pending"),
    }.get(outcome, outcome)


def _t(message: str) -> str:
    return i18n._(message)


#: the row of applications received before the first policy version
BEFORE = N_("(before the first version)")


def _when_by(date: str | None, by: str | None) -> str:
    """` on DATE by WHOM` after a decision's outcome, each part where known."""
    if date and by:
        return " " + i18n._("on {date} by {by}").format(date=date, by=inline(by))
    if date:
        return " " + i18n._("on {date}").format(date=date)
    return " " + i18n._("by {by}").format(by=inline(by)) if by else ""


def _badge(status: str) -> str:
    return f'<span class="cw-badge cw-check-{status}">{_t(STATUS_TEXT[status])}</span>'


def _outcome(outcome: str) -> str:
    return f'<span class="cw-badge cw-outcome-{outcome}">{_outcome_word(outcome)}</span>'


def _value(criterion: Criterion, value: str) -> str:
    """One public evidence value, in a table cell: a link when it is a web address."""
    text = " ".join(value.split())
    if criterion.evidence in ("url", "contact") and URL.match(text):
        return f"<{text}>"
    return inline(text)


def _apply_link(app_version: PolicyVersion | None) -> str:
    return i18n._("[version {version}]({link})").format(version=inline(app_version.version), link=f"../changelog/{app_version.version}.md") if app_version else i18n._("no version")


# -- the Apply page -----------------------------------------------------------------------
def apply_page(graph: Graph) -> Page:
    table = Criteria(graph.corpus)
    version, criteria = table.latest()
    assert version is not None
    out = ["# " + i18n._("Apply to join the pre-disclosure list"), ""]
    since = next(v for v, c in table.versions if c is criteria)
    out += [
        i18n._("What to send, and how each item will be checked, under the criteria in force since policy "
               "version {version} ({date}). Each item is required by a clause of the policy; "
               "the list is generated from the criteria the policy versions declare, so it changes when the policy does.").format(version=inline(since.version), date=since.date), "",
        i18n._("An application is checked item by item: each is **present**, **missing** or **malformed** "
               "(for example a link that is not a web address, or a page of a kind that does not count as evidence). "
               "Items marked *private* are kept with the application and never published."), "",
    ]
    for n, c in enumerate(criteria, 1):
        out += [f"## {n}. {inline(c.title)}", "", i18n._("Required by [[{clause}]].").format(clause=c.clause) + (" " + i18n._("*Private: never published.*") if c.private else ""), ""]
        out += [i18n._("**What to send** ({evidence}): {ask}").format(evidence=_t(EVIDENCE_TEXT[c.evidence]), ask=no_html(c.ask.strip())), ""]
        if c.categories:
            out += [f"- {inline(cat)}" for cat in c.categories] + [""]
        out += [i18n._("**How it is checked:** {check}").format(check=no_html(c.check.strip())), ""]
        if c.not_hosts:
            out += [i18n._("The checklist marks links to these sites malformed: {hosts}.").format(hosts=", ".join(f"`{h}`" for h in c.not_hosts)), ""]
        if c.rulings:
            rulings = graph.corpus.rulings
            out += [i18n._("**Decided before:**"), ""]
            out += [f"- [[{r}]]" + (f": {no_html(' '.join(rulings[r].answer.split()))}" if r in rulings else "") for r in c.rulings] + [""]
    cats = [cat.replace('"', "") for c in criteria for cat in c.categories]
    out += [
        "## " + i18n._("As a file") + " {#as-a-file}", "",
        i18n._("A team that keeps its applications in git writes each one as a file with\n`{command}`, which lists these items for the day the application was received:").format(command="clausewise new application"), "",
        "```sh", 'clausewise new application --applicant "Example Hosting" --date YYYY-MM-DD' + (f' --category "{cats[0]}"' if cats else ""), "```", "",
    ]
    earlier = [(v, c) for v, c in table.versions if c and c is not criteria]
    seen: set[int] = set()
    if earlier:
        out += ["## " + i18n._("Criteria in earlier versions") + " {#criteria-in-earlier-versions}", ""]
        for v, crit in earlier:
            if id(crit) in seen:
                continue
            seen.add(id(crit))
            out += ["### " + i18n._("Version {version} ({date})").format(version=inline(v.version), date=v.date) + f" {{#criteria-{v.version}}}", "", "| " + " | ".join((i18n._("Item"), i18n._("Required by"), i18n._("Evidence"))) + " |", "|---|---|---|"]
            private = " " + i18n._("(private)")
            out += [f"| {inline(c.title)} | [[{c.clause}]] | {_t(EVIDENCE_TEXT[c.evidence])}{private if c.private else ''} |" for c in crit]
            out.append("")
    return Page(APPLY_PAGE, i18n._("Apply"), "\n".join(out) + "\n", in_nav=True)


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
    return [i18n._("Eligibility criteria in force: {items}, listed on [the Apply page]({link}).").format(items=plural(len(mine), 'item', 'items'), link=where), ""]


# -- applications -------------------------------------------------------------------------
def _checklist_table(app: Application, items: list[Item]) -> list[str]:
    out = ["| " + " | ".join((i18n._("Item"), i18n._("Required by"), i18n._("Status"), i18n._("Evidence"))) + " |", "|---|---|---|---|"]
    for i in items:
        c = i.criterion
        if c.private:
            shown = i18n._("*private*")
        elif c.evidence == "category":
            shown = inline(app.category or "")
        else:
            shown = "<br>".join(_value(c, v) for v in app.evidence.get(c.id, ()))
        detail = f" ({cell(i.detail)})" if i.detail and not c.private else (" " + i18n._("(private value not shown)") if i.detail else "")
        out.append(f"| {inline(c.title)} | [[{c.clause}]] | {_badge(i.status)}{detail} | {shown} |")
    return out + [""]


def application_page(graph: Graph, app: Application, table: Criteria) -> Page:
    version, criteria = table.at(app.received)
    items = checklist(app, criteria)
    d = app.decision
    title = i18n._("Application: {applicant}").format(applicant=app.applicant) + (" " + i18n._("(fictional)") if app.fictional else "")
    out = [f"# {inline(title)}", ""]
    if app.fictional:
        out += banner("warning", _t(FICTIONAL))
    out += [
        '<div class="cw-meta" markdown>', "",
        i18n._("- **Applicant** {name}").format(name=inline(app.applicant)),
        i18n._("- **Received** {date}, under policy {version}").format(date=app.received, version=_apply_link(version)),
        i18n._("- **Category claimed** {category}").format(category=inline(app.category) if app.category else i18n._("(none)")),
        i18n._("- **Decision** {outcome}").format(outcome=_outcome(d.outcome)) + _when_by(d.date, d.by),
        i18n._("- **Id** `{id}` (cite it as `[[{id}]]`)").format(id=app.id),
        "", "</div>", "",
        "## " + i18n._("Checklist") + " {#checklist}", "",
        i18n._("Against the {criteria} in force on {date} (see [Apply]({link})).").format(criteria=plural(len(items), 'criterion', 'criteria'), date=app.received, link="../apply/index.md"), "",
    ]
    out += _checklist_table(app, items)
    if d.outcome != "pending":
        out += ["## " + i18n._("Decision") + " {#decision}", "", f"{_outcome(d.outcome)}" + _when_by(d.date, d.by) + ".", ""]
        if d.waived:
            out += [i18n._("Waived: {items}.").format(items=", ".join(f"`{w}`" for w in d.waived)), ""]
        if d.reasons:
            out += [no_html(d.reasons.strip()), ""]
    if app.body.strip():
        out += ["## " + i18n._("Notes") + " {#notes}", "", no_html(app.body.strip()), ""]
    return Page(app.page, title, "\n".join(out) + "\n")


def _members(apps: list[Application]) -> list[Application]:
    return sorted((a for a in apps if a.decision.outcome == "approved"), key=lambda a: (a.applicant.casefold(), a.id))


def _fiction_note(apps: list[Application]) -> list[str]:
    if apps and all(a.fictional for a in apps):
        return banner("warning", i18n._("**Every application on this page is fictional**, made up to show how clausewise tracks applications."))
    if any(a.fictional for a in apps):
        return banner("warning", i18n._("Applications marked *(fictional)* are made-up examples."))
    return []


def _name(app: Application) -> str:
    """A link to the application from a page of the same folder, named by the applicant."""
    fictional = " " + i18n._("(fictional)") if app.fictional else ""
    return f"[{inline(app.applicant)}{fictional}]({app.id}.md)"


def register_page(graph: Graph) -> Page:
    apps = list(graph.corpus.applications.values())
    members = _members(apps)
    out = ["# " + i18n._("Register of members"), ""] + _fiction_note(apps)
    out += [
        i18n._("Organisations whose application was approved and not since removed. Names and categories are public; "
               "their addresses are not. See also the [pending queue]({pending}), the [decisions]({decisions}), "
               "the [figures per policy version]({figures}) and how to [apply]({apply}).").format(pending="pending.md", decisions="decisions.md", figures="figures.md", apply="../apply/index.md"), "",
    ]
    if members:
        out += ["| " + " | ".join((i18n._("Name"), i18n._("Category"), i18n._("Approved"), i18n._("Application"))) + " |", "|---|---|---|---|"]
        fictional = " " + i18n._("(fictional)")
        out += [f"| {inline(a.applicant)}{fictional if a.fictional else ''} | {inline(a.category or '')} | {a.decision.date or ''} | [[{a.id}\\|{a.id}]] |" for a in members]
    else:
        out.append(i18n._("No member yet."))
    return Page(REGISTER_PAGE, i18n._("Register"), "\n".join(out) + "\n", in_nav=True)


def pending_page(graph: Graph, table: Criteria) -> Page:
    apps = sorted((a for a in graph.corpus.applications.values() if a.decision.outcome == "pending"), key=lambda a: (a.received, a.id))
    out = ["# " + i18n._("Pending applications"), ""] + _fiction_note(apps)
    today = graph.corpus.build_date
    out += [(i18n._("Oldest first, each with its checklist, as of {date}.") if today else i18n._("Oldest first, each with its checklist.")).format(date=today), ""]
    if not apps:
        out.append(i18n._("No application is pending."))
    for a in apps:
        _, criteria = table.at(a.received)
        items = checklist(a, criteria)
        gaps = sum(i.status in (MISSING, MALFORMED) for i in items)
        out += [f"## {_name(a)}", "", ngettext("Received {date}; {count} item missing or malformed.", "Received {date}; {count} items missing or malformed.", gaps).format(date=a.received, count=gaps), ""]
        out += _checklist_table(a, items)
    return Page(PENDING_PAGE, i18n._("Pending"), "\n".join(out) + "\n")


def decisions_page(graph: Graph) -> Page:
    apps = sorted((a for a in graph.corpus.applications.values() if a.decision.outcome != "pending"), key=lambda a: (a.decision.date or "", a.id), reverse=True)
    out = ["# " + i18n._("Decisions"), ""] + _fiction_note(apps) + [i18n._("Newest first, with the reasons given."), ""]
    if not apps:
        out.append(i18n._("No decision yet."))
    for a in apps:
        d = a.decision
        out += [f"## {_name(a)}", "", i18n._("{outcome} on {date} by {by}; received {received}.").format(outcome=_outcome(d.outcome), date=d.date or '?', by=inline(d.by or '?'), received=a.received), ""]
        if d.reasons:
            out += [no_html(d.reasons.strip()), ""]
    return Page(DECISIONS_PAGE, i18n._("Decisions"), "\n".join(out) + "\n")


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
        by_version[v.version if v else BEFORE].append(a)
    out = ["# " + i18n._("Figures per policy version"), ""] + _fiction_note(apps)
    out += [
        i18n._("Applications counted under the policy version in force on the day they were received, so a community can see "
               "whether a change to the policy made decisions more straightforward. Time to decision is in days, from receipt to decision."), "",
        "| " + " | ".join((i18n._("Version"), i18n._("Applications"), i18n._("Approved"), i18n._("Rejected"), i18n._("Withdrawn"), i18n.pgettext("applications", "Removed"), i18n._("Pending"), i18n._("Median days to decision"), i18n._("Longest"))) + " |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in [n for n in [BEFORE, *order] if n in by_version]:
        group = by_version[name]
        count = Counter(a.decision.outcome for a in group)
        days = [d for d in (_days(a) for a in group if a.decision.outcome != "pending") if d is not None]
        mid = f"{median(days):g}" if days else ""
        out.append(f"| {inline(_t(name) if name == BEFORE else name)} | {len(group)} | {count['approved']} | {count['rejected']} | {count['withdrawn']} | {count['removed']} | {count['pending']} | {mid} | {max(days) if days else ''} |")
    out += ["", "## " + i18n._("Decisions by category") + " {#decisions-by-category}", ""]
    for name in [n for n in [BEFORE, *order] if n in by_version]:
        cats: dict[str, Counter[str]] = defaultdict(Counter)
        for a in by_version[name]:
            cats[a.category or i18n._("(none claimed)")][a.decision.outcome] += 1
        out += ["### " + i18n._("Version {version}").format(version=inline(_t(name) if name == BEFORE else name)), "", "| " + " | ".join((i18n._("Category"), i18n._("Applications"), i18n._("Approved"), i18n._("Rejected"))) + " |", "|---|---|---|---|"]
        out += [f"| {inline(cat)} | {sum(n.values())} | {n['approved']} | {n['rejected']} |" for cat, n in sorted(cats.items())]
        out.append("")
    return Page(FIGURES_PAGE, i18n._("Figures"), "\n".join(out) + "\n")


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
