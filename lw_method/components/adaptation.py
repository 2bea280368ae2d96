"""``lw:adaptation``: a site's version of a method, beside the method it adapts.

Living Well's way is to adopt and adapt: a site takes a method of the core handbook
and changes it for local reality.  The panel shows the method as the core handbook
has it (title and summary, from the core's export, linked to its page) beside what
the site kept, changed and why.  The core's side is filled when the page is written,
so a changed core method rewrites the panel without a word of it copied here.
"""

from __future__ import annotations

import re

from docutils import nodes

from ..nodes import block
from ..records import ADAPTATION_STATUSES, Adaptation, Method
from ..resolve import RenderContext, renderer
from .base import LwDirective, field_row
from ..translations import _

#: ``:since:`` as a year or a month
SINCE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")
STATUS_LABELS = {"planned": _("Planned"), "trying": _("Trying it"), "adopted": _("Adopted"), "dropped": _("Dropped")}


class AdaptationDirective(LwDirective):
    object_type = "adaptation"
    required_options = ("adapts", "site")
    optional_options = ("status", "since", "kept", "changed", "why", "evidence")
    id_list_options = {"adapts": "method", "evidence": "quote"}

    def render(self, adaptation_id: str) -> list[nodes.Node]:
        adapts = self.id_lists["adapts"]
        if len(adapts) > 1:
            self.warn(":adapts: takes one method id", "bad-value")
        record = Adaptation(adaptation_id, self.env.docname, self.lineno,
                            adapts=adapts[0] if adapts else "", site=self.option("site"),
                            status=self.status(), since=self.since(), kept=self.option("kept"),
                            changed=self.option("changed"), why=self.option("why"),
                            evidence=self.id_lists["evidence"])
        self.domain.add_record(record)

        label = f"{record.site or 'A site'}'s version of a method" if record.site else "A site's version"
        panel = block("adaptation", anchor=record.anchor, tag="section", label=label)
        if record.adapts:
            panel += self.placeholder("adaptation-method", method=record.adapts)
        local = block("adaptation-local")
        heading = nodes.paragraph(classes=["lw-adaptation-heading"])
        heading += nodes.Text(_("In {site}").format(site=record.site) if record.site else _("Here"))
        local += heading
        if record.status or record.since:
            text = STATUS_LABELS.get(record.status, "")
            if record.since:
                text = (_("{status}, since {since}").format(status=text, since=record.since) if text
                        else _("Since {since}").format(since=record.since))
            local += field_row(_("Status"), nodes.Text(text), class_="status")
        for name, label_text in (("kept", _("Kept")), ("changed", _("Changed")), ("why", _("Why"))):
            value = getattr(record, name)
            if value:
                local += field_row(label_text, nodes.Text(value), class_=name)
        if record.evidence:
            local += field_row(_("Evidence"), *self.xref_list("quote", record.evidence), class_="evidence")
        panel += local
        panel.extend(self.parse_body())
        return [panel]

    def status(self) -> str:
        value = self.option("status").lower()
        if value and value not in ADAPTATION_STATUSES:
            self.warn(f":status: must be one of {', '.join(ADAPTATION_STATUSES)}, not {value!r}; "
                      "it was left out", "bad-value")
            return ""
        return value

    def since(self) -> str:
        value = self.option("since")
        if value and not SINCE.match(value):
            self.warn(f":since: must be a year or a month (YYYY or YYYY-MM), not {value!r}; "
                      "it was left out", "bad-value")
            return ""
        return value


def the_method_adapted(derived, params) -> tuple[Method | None, str]:
    """The method, and the name of the handbook it is in ("" for this one)."""
    found = derived.get("method", params["method"])
    if not isinstance(found, Method):
        return None, ""
    return found, found.handbook


@renderer("adaptation-method", reads=the_method_adapted)
def adaptation_method(context: RenderContext, found, params) -> list[nodes.Node]:
    """The method as its own handbook has it: the side of the panel the site did not write."""
    method, handbook = found
    side = block("adaptation-core")
    heading = nodes.paragraph(classes=["lw-adaptation-heading"])
    heading += nodes.Text(_("In the {handbook} handbook").format(handbook=handbook) if handbook
                          else _("In this handbook"))
    side += heading
    if method is None:  # reported as an unknown id; the page still says what it adapts
        side += nodes.paragraph(text=_("Adapts {method} (not found).").format(method=params["method"]))
        return [side]
    title = nodes.paragraph(classes=["lw-adaptation-method-title"])
    title += context.link(method)
    side += title
    if method.summary:
        side += nodes.paragraph(text=method.summary, classes=["lw-adaptation-method-summary"])
    return [side]


def adaptations_of(derived, params) -> list[Adaptation]:
    return list(derived.adaptations_of_method.get(params["method"], []))


@renderer("method-adaptations", reads=adaptations_of)
def method_adaptations(context: RenderContext, adaptations, params) -> list[nodes.Node]:
    """On a method's page: how each site adapted it, with a link to the site's account."""
    if not adaptations:
        return []
    heading = field_row(_("How sites adapted this"), class_="adaptations")
    items = nodes.bullet_list(classes=["lw-method-adaptations"])
    for adaptation in adaptations:
        paragraph = nodes.paragraph()
        paragraph += nodes.strong(text=adaptation.site or adaptation.handbook or "A site")
        status = STATUS_LABELS.get(adaptation.status, "")
        detail = ", ".join(part for part in (status.lower() if status else "",
                                             f"since {adaptation.since}" if adaptation.since else "") if part)
        paragraph += nodes.Text(f" ({detail}): " if detail else ": ")
        paragraph += context.link(adaptation, text="how they did it")
        items += nodes.list_item("", paragraph)
    return [heading, items]
