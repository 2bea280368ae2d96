"""``lw:readiness-report``: partners' answers files kept in the project, as a report on a page.

::

    :::{lw:readiness-report}
    :answers: readiness/2026-03-north.csv, readiness/2026-03-south.json
    :baseline: readiness/2025-09-north.csv
    :labels: North Borough, South Trust
    :::

The same report as ``lw-method readiness`` writes (:mod:`lw_method.readiness_render`):
where partners disagree, each area's standing per partner with a picture (SVG in HTML,
``\\rule`` bars in the PDF) and a table, what moved since the baseline, the gaps and the
checks left unanswered, linked to the handbook's own pages.  The files are read when the
page is read and noted as its dependencies, so the page is read again when one changes; a
file that cannot be read, or that names a check no page defines, is a located
``lw.readiness`` warning, and the report is made from the other files.

The report's words are in the project's language (the ``lw_method`` catalogue, as the rest
of the extension's); the warnings to the page's author stay English.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

from ..nodes import block, lw_picture
from ..labels import insight_title
from ..readiness import (AnswersError, Answer, Handbook, Response, check_handbooks, compare,
                         parse_answers, partners_of, response)
from ..readiness_chart import latex as chart_latex, svg as chart_svg
from ..readiness_render import (Bullets, Code, Figure, Group, Heading, Link, Para, Quotes, Table,
                                report_blocks)
from ..records import Problem
from ..resolve import RenderContext, renderer
from .base import LwDirective
from .checklist import checks_by_area
from ..translations import _

#: a list of files in an option: separated by commas or line breaks
_LIST = re.compile(r"[,\n]")


class ReadinessReportDirective(LwDirective):
    object_type = "readiness-report"
    takes_id = False
    takes_body = False
    required_options = ("answers",)
    optional_options = ("baseline", "labels", "handbooks")

    def files(self, name: str) -> list[str]:
        return [item.strip() for item in _LIST.split(str(self.options.get(name) or "")) if item.strip()]

    def read(self, name: str) -> tuple[str, object] | None:
        """One answers file, relative to the page's file: its text parsed, or None (warned)."""
        relative, absolute = self.env.relfn2path(name, self.env.docname)
        path, srcdir = Path(absolute).resolve(), Path(self.env.srcdir).resolve()
        line = self.option_lines().get("answers", [self.lineno])[-1]
        if not path.is_relative_to(srcdir):
            self.warn(f"{name}: is outside the project's source folder; keep answers files in the "
                      "project, beside the page or under it", "readiness", line)
            return None
        self.env.note_dependency(str(path))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.warn(f"{name}: no such file (looked for {relative})", "readiness", line)
            return None
        except OSError as error:
            self.warn(f"{name}: cannot be read: {error.strerror or error}", "readiness", line)
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            at = data.count(b"\n", 0, error.start) + 1
            self.warn(f"{name}: line {at}: not a CSV or JSON text file: byte 0x{data[error.start]:02x} "
                      "is not UTF-8 text", "readiness", line)
            return None
        try:
            return name, parse_answers(text)
        except AnswersError as error:
            self.warn(f"{name}: {error}", "readiness", line)
            return None

    def render(self, _id: None) -> list[nodes.Node]:
        answers, baselines = self.files("answers"), self.files("baseline")
        labels = [label.strip() for label in str(self.option("labels")).split(",") if label.strip()]
        if labels and len(labels) != len(answers):
            self.warn(f":labels: gives {len(labels)} label{'s' if len(labels) != 1 else ''} for "
                      f"{len(answers)} answers file{'s' if len(answers) != 1 else ''}: give one label "
                      "per file, in the order of :answers:; the labels were ignored", "readiness",
                      self.option_lines().get("labels", [self.lineno])[-1])
            labels = []
        responses: list[Response] = []
        for n, name in enumerate(answers):
            found = self.read(name)
            if found:
                responses.append(response(found[0], found[1], labels[n] if labels else None))
        for name in baselines:
            found = self.read(name)
            if found:
                responses.append(response(found[0], found[1], baseline=True))
        try:
            check_handbooks(responses, Handbook(self.config.project, {}, [], (self.config.project,)),
                            "report here only answers to this handbook's checklist")
            if responses:
                partners_of(responses)
        except AnswersError as error:
            self.warn(str(error), "readiness")
            responses = []
        level = max(1, int(getattr(self.state.memo, "section_level", 1) or 1))
        node = self.placeholder("readiness-report", files=[_frozen(r) for r in responses],
                                handbooks=list(self.ids("handbooks")), level=level,
                                serial=self.env.new_serialno("lw-readiness-report") + 1)
        return [block("readiness-report", node, label=str(_("Readiness report")))]


def _frozen(item: Response) -> tuple:
    """A response as plain nested tuples, for the placeholder's parameters."""
    answers = tuple((a.check, a.status, a.notes, a.line) for a in item.answers.values())
    return (item.source, item.label, item.date, item.baseline, item.handbook, answers,
            tuple(sorted(item.names)))


def _thawed(frozen: tuple) -> Response:
    source, label, date, baseline, handbook, answers, names = frozen
    return Response(source, label, {c: Answer(c, s, n, line) for c, s, n, line in answers}, date,
                    baseline, handbook, names=frozenset(names))


# -- what the report reads: the checks, and what each links to ------------------------------------

def _checks(derived, params) -> list:
    """The checks to report on: the handbooks named in :handbooks: and this one's, as the
    checklist lists them, and any other handbook's check an answer names."""
    found = [check for checks in checks_by_area(derived, params.get("handbooks", ())).values()
             for check in checks]
    keys = {check.key for check in found}
    for frozen in params["files"]:
        for check_id, *_rest in frozen[5]:
            record = derived.get("check", check_id) if ":" in check_id else None
            if record is not None and record.key not in keys and record.key == check_id:
                found.append(record)
                keys.add(record.key)
    return found


def report_inputs(derived, params) -> list[tuple]:
    """Each check with the methods, quotes (and their stories) and insights it names, as
    (check, [methods], [(quote, story or None)], [insights])."""
    inputs = []
    for check in _checks(derived, params):
        methods = [m for m in (derived.get("method", i) for i in check.methods) if m]
        quotes = []
        for quote_id in derived.visible("quote", check.evidence):
            quote = derived.get("quote", quote_id)
            if quote is not None:
                story = derived.story_for_quote(quote_id)
                quotes.append((quote, story))
        insights = [i for i in (derived.get("insight", x) for x in derived.insights_of_check(check)) if i]
        inputs.append((check, methods, quotes, insights))
    return inputs


def _handbook(inputs, project: str) -> Handbook:
    """The checks and their links as the report reads them, each entry holding its record."""
    objects: dict[tuple[str, str], dict] = {}

    def add(type_: str, record, **fields) -> str:
        objects.setdefault((type_, record.key), {"type": type_, "key": record.key, "id": record.id,
                                                 "record": record, **fields})
        return record.key

    checks = []
    for check, methods, quotes, insights in inputs:
        entry = {"type": "check", "key": check.key, "id": check.id, "record": check, "area": check.area,
                 "text": check.text or check.id,
                 "methods": [add("method", m, title=m.title or m.id) for m in methods],
                 "evidence": [], "insights": []}
        for quote, story in quotes:
            fields = {"text": quote.text, "speaker": getattr(quote, "speaker", ""), "site": getattr(quote, "site", "")}
            if story is not None:
                fields["story"] = add("story", story, name=story.name, role=story.role, site=story.site)
            entry["evidence"].append(add("quote", quote, **fields))
        for insight in insights:
            entry["insights"].append(add("insight", insight, title=insight_title(insight)))
        objects[("check", check.key)] = entry
        checks.append(entry)
    return Handbook(project, objects, checks, (project,))


def unknown_checks(derived, placeholder) -> list[Problem]:
    """An answer for a check no page (and no handbook named) defines, at the directive's line."""
    params = placeholder.parameters
    known = {check.key for check in _checks(derived, params)}
    problems = []
    for frozen in params["files"]:
        for check_id, _status, _notes, line in frozen[5]:
            if check_id not in known:
                problems.append(Problem(f"lw:readiness-report: {frozen[0]}: line {line}: no check has the id "
                                        f"{check_id!r} in this handbook; that answer is left out",
                                        (placeholder.docname, placeholder.lineno), "readiness"))
    problems += [Problem(f"lw:readiness-report: :handbooks: names {name!r}, which lw_handbooks does not "
                         f"declare (declared: {', '.join(derived.handbooks.names) or 'none'})",
                         (placeholder.docname, placeholder.lineno), "unknown-handbook")
                 for name in params.get("handbooks", ()) if name not in derived.handbooks.names]
    return problems


# -- the report as docutils nodes ------------------------------------------------------------------

def _inline(context: RenderContext, content: list) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in content:
        if isinstance(item, Link):
            out.append(context.link(item.target["record"], text=item.text))
        elif isinstance(item, Code):
            out.append(nodes.literal(text=item.text))
        elif item:
            out.append(nodes.Text(item))
    return out


def _paragraph(context: RenderContext, content: list, classes: tuple[str, ...] = ()) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=list(classes))
    paragraph.extend(_inline(context, content))
    return paragraph


def _table(context: RenderContext, table: Table) -> nodes.table:
    node = nodes.table(classes=[f"lw-{table.kind}"] if table.kind else [])
    group = nodes.tgroup(cols=len(table.head))
    node += group
    for n in range(len(table.head)):
        group += nodes.colspec(colwidth=3 if n == 0 else 2, **({"stub": 1} if n == 0 else {}))
    head = nodes.thead()
    row = nodes.row()
    for title in table.head:
        row += nodes.entry("", nodes.paragraph(text=title))
    head += row
    body = nodes.tbody()
    for cells in table.rows:
        row = nodes.row()
        for n, cell in enumerate(cells):
            classes = ["lw-readiness-n"] if n in table.numeric else []
            row += nodes.entry("", _paragraph(context, cell), classes=classes)
        body += row
    group += head
    group += body
    return node


def _nodes(context: RenderContext, blocks: list, shift: int) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in blocks:
        if isinstance(item, Heading):
            rubric = nodes.rubric(classes=["lw-readiness-heading"])
            rubric.extend(_inline(context, item.content))
            rubric["heading-level"] = min(6, item.level + shift)
            out.append(rubric)
        elif isinstance(item, Para):
            out.append(_paragraph(context, item.content, (f"lw-{item.kind}",) if item.kind else ()))
        elif isinstance(item, Bullets):
            items = nodes.bullet_list()
            for content in item.items:
                items += nodes.list_item("", _paragraph(context, content))
            out.append(items)
        elif isinstance(item, Quotes):
            for text, speaker, link in item.items:
                quote = nodes.block_quote(classes=["lw-readiness-quote"])
                quote += nodes.paragraph(text=text)
                quote += _paragraph(context, [f"— {speaker} (", link, ")"], ("lw-readiness-speaker",))
                out.append(quote)
        elif isinstance(item, Table):
            out.append(_table(context, item))
        elif isinstance(item, Figure):
            caption = block("readiness-caption", nodes.paragraph(text=item.title), tag="figcaption")
            picture = lw_picture("", svg=chart_svg(item.bars, item.ident, item.title, item.intro),
                                 latex=chart_latex(item.bars))
            out.append(block("readiness-figure", caption, block("readiness-picture", picture),
                             _table(context, item.table), tag="figure"))
        elif isinstance(item, Group):
            out.append(block(item.kind, *_nodes(context, item.children, shift)))
    return out


@renderer("readiness-report", reads=report_inputs, check=unknown_checks)
def readiness_report(context: RenderContext, inputs, params) -> list[nodes.Node]:
    responses = [_thawed(frozen) for frozen in params["files"]]
    if not any(not r.baseline for r in responses):
        return [nodes.paragraph(text=str(_("No answers to report yet: the answers files given could "
                                           "not be read (the build's warnings say why).")))]
    handbook = _handbook(inputs, context.config.project)
    # an answer for a check no page defines is warned about (unknown_checks) and shows nowhere:
    # the comparison goes through the handbook's checks only
    comparison = compare(handbook, partners_of(responses))
    blocks = report_blocks(comparison, serial=f"lw-readiness-{params['serial']}", title=False)
    return _nodes(context, blocks, params["level"] - 1)
