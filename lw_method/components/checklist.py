"""``lw:checklist``: every check in the project, gathered by area wherever it is defined.

Rendered as a worksheet: each check with tick boxes for its status (not yet,
emerging, in place) and room for notes.  In print and PDF that is what a site
fills in by hand; in HTML ``lw-checklist.js`` turns the same markup into a
self-assessment kept in the reader's browser.
"""

from __future__ import annotations

from docutils import nodes

from ..nodes import block, lw_data
from ..records import Problem
from ..resolve import RenderContext, renderer
from .base import LwDirective, separated
from ..translations import _


class ChecklistDirective(LwDirective):
    object_type = "checklist"
    takes_id = False
    optional_options = ("area", "handbooks")
    takes_body = False

    def render(self, _id: None) -> list[nodes.Node]:
        node = self.placeholder("checklist", area=self.option("area"), handbooks=list(self.ids("handbooks")))
        storage = f"lw-readiness:{self.config.project}"
        return [block("checklist", node, label=_("Readiness checklist"),
                      attributes={"data-storage-key": storage})]


#: the statuses a site gives a check, as stored and exported, and as shown
STATUSES = {"not-yet": _("Not yet"), "emerging": _("Emerging"), "in-place": _("In place")}


def checklist_words() -> dict[str, str]:
    """The self-assessment script's words, in the project's language (lw-checklist.js reads
    them from the page; ``{name}`` marks a number or name it fills in)."""
    return {
        "status-not-yet": _("Not yet"), "status-emerging": _("Emerging"), "status-in-place": _("In place"),
        "not-answered": _("Not answered"), "toolbar": _("Your self-assessment"),
        "import-file": _("Import answers from a CSV or JSON file"),
        "compare-file": _("Compare with partners' exported answers files (CSV or JSON)"),
        "respondent": _("Answering for (your organisation, shown to partners you share with): "),
        "privacy": _("Your answers are kept in this browser only and are never sent anywhere. Export "
                     "them to share or keep a copy."),
        "progress": _("{inplace} of {n} in place · {emerging} emerging · {notyet} not yet · "
                      "{none} not answered"),
        "overall": _("Overall: {inplace} of {all} in place, {emerging} emerging, {notyet} not yet, "
                     "{none} not answered."),
        "compare-caption": _("Where you and your partners differ, furthest apart first"),
        "check": _("Check"), "you": _("You"), "stop-compare": _("Stop comparing"),
        "stopped": _("Stopped comparing; your partners' files are gone from this page."),
        "compare-region": _("Where you and your partners differ"),
        "no-difference": _("You and your partners give every check the same status."),
        "partners": _("Partners: "), "status-legend": _("Status: "), "notes": _("Notes"),
        "export-csv": _("Export CSV"), "exported-csv": _("Exported your answers as CSV."),
        "export-json": _("Export JSON"), "exported-json": _("Exported your answers as JSON."),
        "import": _("Import…"), "compare": _("Compare…"), "clear": _("Clear answers"),
        "cleared": _("Cleared all answers in this browser."), "print": _("Print"),
        "imported": _("Imported {count} answers from {file}."),
        "not-imported": _("Could not import {file}: {reason}"),
    }


def worksheet_fields() -> list[nodes.Node]:
    """Tick boxes for the status and a space for notes, for print; the script makes them live."""
    boxes = nodes.paragraph()
    for position, label in enumerate(STATUSES.values()):
        if position:
            boxes += nodes.Text("    ")
        boxes += nodes.inline(text=f"☐ {label}", classes=["lw-checklist-box"])
    notes = nodes.paragraph(text=_("Notes:"))
    return [block("checklist-status", boxes), block("checklist-notes", notes)]


def checks_by_area(derived, handbooks) -> dict[str, list]:
    """Every check to list, by area: each named handbook's (in its export's order), then this
    handbook's; areas in the order they first appear."""
    areas: dict[str, list] = {}
    for name in handbooks:
        book = derived.handbooks.books.get(name)
        for check in book.of_type("check") if book else ():
            areas.setdefault(check.area, []).append(check)
    for area, ids in derived.checks_by_area.items():
        areas.setdefault(area, []).extend(derived.get("check", i) for i in ids)
    return areas


def areas_wanted(derived, params) -> dict[str, list]:
    wanted = params["area"]
    return {area: checks for area, checks in checks_by_area(derived, params.get("handbooks", ())).items()
            if not wanted or area.casefold() == wanted.casefold()}


def checks_and_methods(derived, params) -> list[tuple[str, list[tuple]]]:
    """Each area wanted, with each of its checks, the methods it names, and the checks that
    refine it (a site's sharper version of a core check sits under it)."""
    def with_methods(check):
        return check, [m for m in (derived.get("method", i) for i in check.methods) if m]

    areas = areas_wanted(derived, params)
    listed = {check.key for checks in areas.values() for check in checks}
    refining: dict[str, list] = {}
    for checks in areas.values():
        for check in checks:
            if check.refines in listed and check.refines != check.key:
                refining.setdefault(check.refines, []).append(check)
    nested = {check.key for found in refining.values() for check in found}
    return [(area, [(*with_methods(check), [with_methods(r) for r in refining.get(check.key, [])])
                    for check in checks if check.key not in nested])
            for area, checks in areas.items()]


def unknown_area(derived, placeholder) -> list[Problem]:
    params = placeholder.parameters
    where = (placeholder.docname, placeholder.lineno)
    problems = [Problem(f"lw:checklist: :handbooks: names {name!r}, which lw_handbooks does not declare "
                        f"(declared: {', '.join(derived.handbooks.names) or 'none'})", where, "unknown-handbook")
                for name in params.get("handbooks", ()) if name not in derived.handbooks.names]
    wanted = params["area"]
    if not wanted or areas_wanted(derived, params):
        return problems
    known = ", ".join(repr(a) for a in checks_by_area(derived, params.get("handbooks", ()))) or "none yet"
    return problems + [Problem(f"lw:checklist: no check has :area: {wanted!r} (areas: {known})",
                               where, "bad-value")]


@renderer("checklist", reads=checks_and_methods, check=unknown_area)
def checklist(context: RenderContext, areas, params) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for area, checks in areas:
        group = block("checklist-area", attributes={"data-area": area})
        group += nodes.rubric(text=area)
        items = nodes.bullet_list(classes=["lw-checklist-items"])
        for check, methods, refined_by in checks:
            item = nodes.list_item(classes=["lw-checklist-item"])
            item += checklist_entry(context, check, methods, area)
            if refined_by:
                sharper = nodes.bullet_list(classes=["lw-checklist-items", "lw-checklist-refinements"])
                for refinement, its_methods in refined_by:
                    entry = block("checklist-refinement", checklist_entry(context, refinement, its_methods, area))
                    sharper += nodes.list_item("", entry, classes=["lw-checklist-item"])
                item += sharper
            items += item
        group += items
        result.append(group)
    if context.html:
        result.append(lw_data("", data=checklist_words(), classes=["lw-checklist-words"]))
    return result


def checklist_entry(context: RenderContext, check, methods, area: str) -> nodes.Element:
    """One check to assess: its statement, where it comes from, what to read, the boxes."""
    entry = block("checklist-entry", attributes={"data-check": check.key, "data-area": area})
    statement = nodes.paragraph(classes=["lw-checklist-statement"])
    statement += nodes.Text(f"{check.text or check.id} ")
    statement += context.link(check, text=_("(why this matters)"))
    entry += statement
    if check.handbook:
        entry += nodes.paragraph(text=_("From the {handbook} handbook").format(handbook=check.handbook), classes=["lw-checklist-source"])
    elif check.refines:
        entry += nodes.paragraph(text=_("This handbook's sharper version of the check above"),
                                 classes=["lw-checklist-source"])
    if methods:
        line = nodes.paragraph(classes=["lw-checklist-methods"])
        line += nodes.Text(_("Read: "))
        line.extend(separated(context.link(method) for method in methods))
        entry += line
    entry.extend(worksheet_fields())
    return entry
