"""Synthetic Living Well handbooks for the build benchmark, in three flavours.

``generate(outdir, scale)`` writes three Sphinx projects with the same pages and the
same text:

* ``outdir/lw``: written with the ``lw`` directives and roles, like ``docs/``;
* ``outdir/baseline``: the same content in plain MyST, without ``lw_method``: block
  quotes (``>``), bold lines and lists for the panels, explicit targets, and
  ``[text](page.md#anchor)`` / ``{ref}`` links.  Everything ``lw_method`` derives
  from other pages (attributions, "Cited in", story navigation, the checks of a
  method, the checklist) is written out statically, with the same link text and the
  same number of links, so the two builds differ only in how the content is made.
* ``outdir/needs``: the same content for sphinx-needs, the established extension for
  typed, linked objects: a need type for stories, quotes, insights, excerpts, methods
  and checks, their links as link options (``needs_links``: a quote links to its story,
  an excerpt to its quote and insight, a method to its insights and related methods, a
  check to its methods, evidence and insights, a story to the one before it), shown on
  each need with the incoming links (backlinks) that stand for what lw_method derives
  ("Cited in", a method's checks, the next story), and a ``needtable`` of the checks
  on the readiness page.

Sizes follow the issue's numbers.  At 1× (the real handbook): 8 stories, 60 quotes
(7–8 per story), 7 insights with 29 excerpts, 7 methods, 20 readiness checks and one
readiness page with the checklist.  At 100×: 800 stories, 6,000 quotes, 700 insights,
2,900 excerpts, 700 methods, 2,000 checks.  Like a real large handbook the pages are
grouped into parts the size of the real book (8 stories, 7 insights, 7 methods and one
page of checks per part), so that no toctree lists hundreds of pages.

The text is pseudo-random English-like words from a fixed seed: the same scale always
gives the same handbook.  Run ``python benchmarks/generate.py --scale 10 --out DIR``.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# -- sizes ----------------------------------------------------------------------------------------

#: Objects in the 1× handbook (the issue's numbers / 100).
PER_SCALE = {"stories": 8, "quotes": 60, "insights": 7, "excerpts": 29, "methods": 7, "checks": 20}
#: Pages per part: one "book" of stories, insights and methods, and one page of checks.
PART = {"stories": 8, "insights": 7, "methods": 7, "checks": 20}

AREAS = (
    "Partnerships and the voluntary sector",
    "Leadership and governance",
    "Commissioning and funding",
    "Lived experience",
    "Workforce and roles",
    "Equity and diversity",
    "Operations: data, IT and information governance",
)

#: The PDF's file name (without .tex/.pdf), the same in every flavour.
LATEX_NAME = "handbook"

#: Sphinx's default theme: both flavours share it, so theme costs cancel out of the overhead.
DEFAULT_THEME = "alabaster"

QUOTE_SOURCE = "Working Towards Something Better (Living Well UK, 2021)"
# lw_method's built-in support text, written out by hand in the baseline.
SUPPORT_TEXT = (
    "If this brings up difficult feelings, support is there: in the UK and Ireland you can call "
    "Samaritans free, day or night, on 116 123; in England, call NHS 111 and choose option 2 "
    "for urgent mental health help."
)

FIRST_NAMES = (
    "Asha Ben Cara Dev Ella Femi Gita Hal Iris Jon Kemi Leo Maya Nat Omar Pia Quinn Rosa Sam "
    "Tara Uma Vic Wes Xan Yara Zed Alba Bram Cleo Dara Esme Finn Gus Hana Ivo Jade Kit Lola "
    "Milo Nia Otto Pearl Remy Sian Theo Una Vera Will"
).split()
ROLES = ("Peer Support Worker", "Commissioner", "Team Coordinator", "Chief Executive",
         "Strategic Programme Manager", "Transformation Lead", "Social Worker", "Clinical Lead")
SITES = ("Edinburgh", "Luton", "Salford", "Tameside & Glossop", "Lambeth", "Leeds", "Bristol")
THEMES = ("peer support", "lived experience", "trust", "co-design", "prototyping", "leadership",
          "commissioning", "voluntary sector", "equality", "wellbeing", "culture", "mindsets")
NOTES = ("suicide", "bereavement", "self-harm", "mental health crisis", "trauma")

WORDS = (
    "people team service support work design local mental health community system change "
    "together trust time voice partner place practice learning story care help need made "
    "talk listen group lead build share value know feel think idea plan week month year day "
    "meeting room hub front door voluntary sector council trust nurse worker peer carer "
    "family friend home city street money budget cost risk safe open clear honest hard easy "
    "slow quick small large early late first last new old good better best real whole every "
    "each many some other own same different equal fair kind brave careful patient steady "
    "we they it our their this that these those what when where how why which who with "
    "from into over under about around through between after before during without "
    "and but so because while if then also still just only even again always never often "
    "is was are were be been have had do did can could would should will might must "
    "started tried found learned said asked felt knew saw made took gave kept brought "
    "wanted needed helped shared listened changed moved built tested opened joined met"
).split()

# -- the model ------------------------------------------------------------------------------------


@dataclass(eq=False)
class Quote:
    id: str
    story: "Story"
    paragraphs: list[str]
    themes: list[str]
    cited_by: list["Excerpt"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(eq=False)
class Story:
    id: str
    docname: str
    name: str
    role: str
    site: str
    consent: str
    content_notes: str
    summary: str
    #: the page after the story header: ("h2"|"h3", title), ("p", text) or ("quote", Quote)
    blocks: list[tuple] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(eq=False)
class Excerpt:
    quote: Quote
    insight: "Insight"
    serial: int
    #: the excerpt's own body; empty means "the whole quote"
    paragraphs: list[str]
    editorial_note: str

    @property
    def anchor(self) -> str:
        return f"lw-excerpt-{self.serial}-{self.quote.id}"


@dataclass(eq=False)
class Insight:
    id: str
    docname: str
    number: int
    title: str
    content_notes: str
    #: paragraphs: lists of strings and ("ref", object) links
    essay: list[list]
    questions: str
    excerpts: list[Excerpt] = field(default_factory=list)
    closing: list = field(default_factory=list)


@dataclass(eq=False)
class Method:
    id: str
    docname: str
    title: str
    summary: str
    when: str
    who: str
    time: str
    insights: list[Insight]
    related: list["Method"]
    #: ("h2", title), ("p", text), ("li", text) or ("ol", text)
    blocks: list[tuple] = field(default_factory=list)
    checks: list["Check"] = field(default_factory=list)


@dataclass(eq=False)
class Check:
    id: str
    docname: str
    area: str
    text: str
    methods: list[Method]
    evidence: list[Quote]


@dataclass(eq=False)
class Handbook:
    scale: float
    parts: int
    stories: list[Story]
    quotes: list[Quote]
    insights: list[Insight]
    excerpts: list[Excerpt]
    methods: list[Method]
    checks: list[Check]
    check_pages: list[str]

    def counts(self) -> dict[str, int]:
        return {"stories": len(self.stories), "quotes": len(self.quotes),
                "insights": len(self.insights), "excerpts": len(self.excerpts),
                "methods": len(self.methods), "checks": len(self.checks)}


def sizes(scale: float) -> dict[str, int]:
    """Object counts at ``scale`` (at least one of each)."""
    counts = {kind: max(1, round(n * scale)) for kind, n in PER_SCALE.items()}
    counts["quotes"] = max(counts["quotes"], counts["stories"])
    counts["excerpts"] = min(max(counts["excerpts"], counts["insights"]), counts["quotes"])
    return counts


# -- text -----------------------------------------------------------------------------------------

# Links in prose are markers that each flavour renders its own way.
# ("ref", type, object) inside a paragraph list: see _Writer.inline().


class Text:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, low: int = 8, high: int = 20) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        words[0] = words[0].capitalize()
        if len(words) > 9 and self.rng.random() < 0.4:
            words[self.rng.randint(3, len(words) - 4)] += ","
        return " ".join(words) + self.rng.choice("....?")

    def paragraph(self, words: int) -> str:
        sentences, count = [], 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def title(self, low: int = 3, high: int = 7) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return " ".join(words).capitalize()


def build_model(scale: float, seed: int = 8) -> Handbook:
    rng = random.Random(f"lw-bench-{seed}")
    text = Text(rng)
    n = sizes(scale)
    parts = max(1, math.ceil(n["stories"] / PART["stories"]))

    def part_of(index: int, kind: str) -> int:
        return index // PART[kind] + 1

    # stories and their quotes: quotes spread evenly, 7–8 per story at 1×
    stories: list[Story] = []
    quotes: list[Quote] = []
    for i in range(n["stories"]):
        sid = f"person-{i + 1:04d}"
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {i + 1}"
        story = Story(
            id=sid, docname=f"stories/part-{part_of(i, 'stories'):03d}/{sid}", name=name,
            role=ROLES[i % len(ROLES)], site=SITES[i % len(SITES)],
            consent="Shared with consent; final words co-crafted with the storyteller",
            content_notes=", ".join(rng.sample(NOTES, 2)) if i % 3 == 0 else "",
            summary=text.paragraph(45))
        stories.append(story)
    for q in range(n["quotes"]):
        story = stories[q * n["stories"] // n["quotes"]]
        quote = Quote(id=f"{story.id}-q{len(story.quotes) + 1}", story=story,
                      paragraphs=[text.paragraph(rng.randint(35, 70))
                                  for _ in range(1 if rng.random() < 0.8 else 2)],
                      themes=rng.sample(THEMES, rng.randint(1, 3)))
        story.quotes.append(quote)
        quotes.append(quote)

    insights = [Insight(id=f"insight-{i + 1:04d}",
                        docname=f"insights/part-{part_of(i, 'insights'):03d}/insight-{i + 1:04d}",
                        number=i + 1, title=text.sentence(10, 16).rstrip(".?"),
                        content_notes=rng.choice(NOTES) if i % 3 == 1 else "",
                        essay=[], questions=text.paragraph(50))
                for i in range(n["insights"])]
    methods = [Method(id=f"method-{i + 1:04d}",
                      docname=f"approach/part-{part_of(i, 'methods'):03d}/method-{i + 1:04d}",
                      title=text.title(4, 8), summary=text.paragraph(35), when=text.sentence(),
                      who=text.sentence(), time=text.sentence(), insights=[], related=[])
               for i in range(n["methods"])]

    # excerpts: each quote is excerpted at most once, picked from the whole handbook
    excerpts: list[Excerpt] = []
    free = list(quotes)
    rng.shuffle(free)
    for e in range(n["excerpts"]):
        insight = insights[e * n["insights"] // n["excerpts"]]
        quote = free.pop()
        body: list[str] = []
        if rng.random() < 0.5:  # a cut of the quote, else the whole quote
            words = quote.paragraphs[0].split()
            body = [" ".join(words[: max(8, len(words) * 2 // 3)]) + " …"]
        excerpt = Excerpt(quote=quote, insight=insight, serial=len(insight.excerpts) + 1,
                          paragraphs=body,
                          editorial_note=text.sentence() if rng.random() < 0.2 else "")
        insight.excerpts.append(excerpt)
        quote.cited_by.append(excerpt)
        excerpts.append(excerpt)

    def near(items: list, index: int, count: int, exclude=None) -> list:
        """``count`` distinct items picked near position ``index`` (same part, mostly)."""
        chosen: list = []
        pool = [x for x in items[max(0, index - 12): index + 12] if x is not exclude]
        while pool and len(chosen) < min(count, len(pool)):
            item = rng.choice(pool)
            if item not in chosen:
                chosen.append(item)
        return chosen

    def quote_near(position: float, count: int) -> list[Quote]:
        return near(quotes, int(position * len(quotes)), count)

    for i, method in enumerate(methods):
        position = i / len(methods)
        method.insights = near(insights, int(position * len(insights)), 3)
        method.related = near(methods, i, 2, exclude=method)
        method.blocks = method_blocks(text, rng, position, quote_near, stories, insights, methods)

    for i, insight in enumerate(insights):
        position = i / len(insights)
        essay_links = [stories[int(position * len(stories))], methods[int(position * len(methods))]]
        insight.essay = [linked_paragraph(text, rng, rng.randint(90, 130),
                                          [essay_links.pop()] if p % 2 else [])
                         for p in range(4)]
        insight.closing = linked_paragraph(text, rng, 40, near(methods, int(position * len(methods)), 2))

    checks: list[Check] = []
    check_pages: list[str] = []
    for c in range(n["checks"]):
        docname = f"readiness/checks-{part_of(c, 'checks'):03d}"
        if not check_pages or check_pages[-1] != docname:
            check_pages.append(docname)
        position = c / n["checks"]
        check = Check(id=f"check-{c + 1:04d}", docname=docname,
                      area=AREAS[(c % PART["checks"]) * len(AREAS) // PART["checks"]],
                      text=text.paragraph(rng.randint(25, 40)),
                      methods=near(methods, int(position * len(methods)), 2),
                      evidence=quote_near(position, rng.randint(2, 3)))
        for method in check.methods:
            method.checks.append(check)
        checks.append(check)

    for i, story in enumerate(stories):
        story.blocks = story_blocks(text, rng, story, i / len(stories), stories, methods, insights,
                                   quotes)

    return Handbook(scale=scale, parts=parts, stories=stories, quotes=quotes, insights=insights,
                    excerpts=excerpts, methods=methods, checks=checks, check_pages=check_pages)


def linked_paragraph(text: Text, rng: random.Random, words: int, links: list) -> list:
    """A paragraph as a list of strings and ("ref", object) links, links spread through it."""
    sentences = text.paragraph(words).split(". ")
    result: list = []
    for position, sentence in enumerate(sentences):
        result.append(sentence + (". " if position + 1 < len(sentences) else " "))
        if links and (rng.random() < 0.5 or position + 1 == len(sentences)):
            result += ["(see ", ("ref", links.pop(0)), "). "]
    for link in links:
        result += ["See also ", ("ref", link), ". "]
    return result


def story_blocks(text, rng, story, position, stories, methods, insights, quotes) -> list[tuple]:
    """Prose around the story's quotes: 14 paragraphs with 4 links, under a few headings."""
    def pick(items):
        return items[min(len(items) - 1, int(position * len(items)) + rng.randint(0, 2))]

    first = story.name.split()[0]
    links = [pick(stories), pick(methods), pick(insights), pick(quotes)]
    links = [link for link in links if link is not story and link not in story.quotes]
    blocks: list[tuple] = [("h2", f"A little about {first}")]
    quotes = list(story.quotes)
    paragraphs = 14
    for p in range(paragraphs):
        if p in (4, 8, 11):
            blocks.append(("h2" if p == 8 else "h3", text.title()))
        paragraph_links = [links.pop()] if links and p % 4 == 1 else []
        blocks.append(("p", linked_paragraph(text, rng, rng.randint(70, 120), paragraph_links)))
        share = len(quotes) // (paragraphs - p) if p < paragraphs - 1 else len(quotes)
        for _ in range(share):
            blocks.append(("quote", quotes.pop(0)))
    return blocks


def method_blocks(text, rng, position, quote_near, stories, insights, methods) -> list[tuple]:
    """A method page: sections of prose and lists, ~10 quote, 5 story and 2 insight links."""
    def near_items(items, count):
        start = int(position * len(items))
        return [items[min(len(items) - 1, start + k)] for k in range(count)]

    blocks: list[tuple] = []
    story_links = near_items(stories, 5)
    insight_links = near_items(insights, 2)
    for heading in ("Summary", "Why it matters", "When to use it", "Who takes part",
                    "How to run it", "Watch out for"):
        blocks.append(("h2", heading))
        if heading in ("When to use it", "Who takes part"):
            blocks += [("li", [text.sentence(10, 18)]) for _ in range(4)]
        elif heading == "How to run it":
            blocks += [("ol", linked_paragraph(text, rng, 40, story_links[-1:] and [story_links.pop()]))
                       for _ in range(3)]
        else:
            for _ in range(2):
                links = [story_links.pop()] if story_links else []
                if insight_links and heading == "Why it matters":
                    links.append(insight_links.pop())
                blocks.append(("p", linked_paragraph(text, rng, rng.randint(80, 120), links)))
    blocks.append(("h2", "In the stories"))
    for _ in range(4):
        blocks.append(("li", [text.title(2, 4) + ": "] + _commas(quote_near(position, 2) + quote_near(position, 1))))
    return blocks


def _commas(objects: list) -> list:
    result: list = []
    for position, obj in enumerate(dict.fromkeys(objects)):
        if position:
            result.append(", ")
        result.append(("ref", obj))
    return result


# -- titles, as lw_method shows them ----------------------------------------------------------------

def opening_words(text: str, count: int = 8) -> str:
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    return " ".join(words[:count]).rstrip(".,;:!?-–—") + "…"


def title(obj, short: bool = False) -> str:
    if isinstance(obj, Story):
        return obj.name
    if isinstance(obj, Quote):
        return f"{obj.story.name}: “{opening_words(obj.text)}”"
    if isinstance(obj, Insight):
        return f"Insight {obj.number}" if short else f"Insight {obj.number}: {obj.title}"
    if isinstance(obj, Method):
        return obj.title
    if isinstance(obj, Check):
        first = re.split(r"(?<=[.?!])\s", obj.text.strip(), maxsplit=1)[0]
        return first if len(first) <= 90 else opening_words(first, 12)
    raise TypeError(obj)


def kind(obj) -> str:
    return {Story: "story", Quote: "quote", Insight: "insight", Method: "method",
            Check: "check"}[type(obj)]


def anchor(obj) -> str:
    return f"lw-{kind(obj)}-{obj.id}"


def docname_of(obj) -> str:
    return obj.story.docname if isinstance(obj, Quote) else obj.docname


# -- writing ---------------------------------------------------------------------------------------

class Writer:
    """Writes one flavour of the handbook; subclasses render the objects and links."""

    flavour = ""

    def __init__(self, book: Handbook, root: Path, theme: str = "alabaster"):
        self.book = book
        self.theme = theme
        self.root = root
        self.docs = root / "docs"
        self.docname = ""

    # -- shared page structure ----------------------------------------------------------------

    def write(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root)
        (self.root / "conf").mkdir(parents=True)
        (self.root / "conf" / "conf.py").write_text(self.conf(), encoding="utf-8")
        book = self.book
        self.page("index", self.index_page())
        for section, title_, objects, size in (
                ("stories", "The storytellers", book.stories, PART["stories"]),
                ("insights", "Insights", book.insights, PART["insights"]),
                ("approach", "The approach", book.methods, PART["methods"])):
            chunks = [objects[i:i + size] for i in range(0, len(objects), size)]
            self.page(f"{section}/index", self.section_index(title_, section, len(chunks)))
            for number, chunk in enumerate(chunks, 1):
                self.page(f"{section}/part-{number:03d}/index",
                          self.part_index(f"{title_}, part {number}", chunk))
        for story in book.stories:
            self.page(story.docname, self.story_page(story))
        for insight in book.insights:
            self.page(insight.docname, self.insight_page(insight))
        for method in book.methods:
            self.page(method.docname, self.method_page(method))
        self.page("readiness/index", self.readiness_page())
        for docname in book.check_pages:
            self.page(docname, self.checks_page(docname))

    def page(self, docname: str, text: str) -> None:
        path = self.docs / f"{docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def conf(self) -> str:
        return "\n".join([
            '"""A synthetic handbook for the lw-method build benchmark (generated)."""',
            f'project = "Synthetic handbook ({self.flavour}, {self.book.scale:g}x)"',
            'extensions = ' + repr(self.extensions()),
            'myst_enable_extensions = ["colon_fence"]',
            'myst_heading_anchors = 3',
            f'html_theme = "{self.theme}"',
            # the PDF (run.py --pdf): xelatex, as the real handbook's
            'latex_engine = "xelatex"',
            f'latex_documents = [("index", "{LATEX_NAME}.tex", "Synthetic handbook", '
            '"lw-method benchmark", "manual")]',
            *self.extra_conf(), ""])

    def extensions(self) -> list[str]:
        return ["myst_parser"]

    def extra_conf(self) -> list[str]:
        return []

    def index_page(self) -> str:
        n = self.book.counts()
        return (f"# Synthetic practice handbook\n\nA generated handbook at {self.book.scale:g} times "
                f"the size of the real one: {n['stories']} stories, {n['quotes']} quotes, "
                f"{n['insights']} insights, {n['excerpts']} excerpts, {n['methods']} methods and "
                f"{n['checks']} readiness checks.\n\n"
                "```{toctree}\n:caption: Contents\n:maxdepth: 2\n\n"
                "approach/index\nstories/index\ninsights/index\nreadiness/index\n```\n")

    def section_index(self, title_: str, section: str, parts: int) -> str:
        entries = "\n".join(f"part-{i:03d}/index" for i in range(1, parts + 1))
        return (f"# {title_}\n\nThis section is in {parts} part{'s' * (parts != 1)}.\n\n"
                f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n")

    def part_index(self, title_: str, objects: list) -> str:
        self.docname = docname_of(objects[0]).rsplit("/", 1)[0] + "/index"
        lines = [f"# {title_}", ""]
        for obj in objects:
            extra = f", {obj.role} in {obj.site}" if isinstance(obj, Story) else ""
            lines.append("- " + self.link(obj) + extra)
        lines += ["", "```{toctree}", ":hidden:", ""]
        lines += [docname_of(obj).rsplit("/", 1)[1] for obj in objects]
        return "\n".join(lines) + "\n```\n"

    def prose(self, items: list) -> str:
        return "".join(item if isinstance(item, str) else self.link(item[1]) for item in items).strip()

    def blocks(self, blocks: list[tuple]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            what, value = block
            if what == "h2":
                out.append(f"## {value}")
            elif what == "h3":
                out.append(f"### {value}")
            elif what == "p":
                out.append(self.prose(value))
            elif what == "li":
                out.append("- " + self.prose(value))
            elif what == "ol":
                out.append("1. " + self.prose(value))
            elif what == "quote":
                out.append(self.quote(value))
        return out

    def story_page(self, story: Story) -> str:
        self.docname = story.docname
        parts = [f"# {story.name}: {story.role}, {story.site}", self.story(story)]
        parts += self.blocks(story.blocks)
        return "\n\n".join(parts) + "\n"

    def insight_page(self, insight: Insight) -> str:
        self.docname = insight.docname
        parts = [f"# Insight {insight.number}: {opening_words(insight.title, 5)}",
                 self.insight(insight),
                 "## Questions for reflection",
                 f"> {insight.questions}",
                 "## What the storytellers said",
                 "The excerpts below each link to the passage in the storyteller's own story."]
        parts += [self.excerpt(excerpt) for excerpt in insight.excerpts]
        parts += ["## Methods", self.prose(insight.closing)]
        return "\n\n".join(parts) + "\n"

    def method_page(self, method: Method) -> str:
        self.docname = method.docname
        parts = [f"# {method.title}", self.method(method)] + self.blocks(method.blocks)
        return "\n\n".join(parts) + "\n"

    def readiness_page(self) -> str:
        self.docname = "readiness/index"
        pages = "\n".join(d.rsplit("/", 1)[1] for d in self.book.check_pages)
        return ("# Readiness: what the soil needs to look like\n\n"
                "Work through the checks as a partnership and rate each one honestly. The checks "
                "are defined on the pages below and gathered here by area.\n\n"
                f"{self.checklist()}\n\n```{{toctree}}\n:maxdepth: 1\n\n{pages}\n```\n")

    def checks_page(self, docname: str) -> str:
        self.docname = docname
        number = int(docname.rsplit("-", 1)[1])
        parts = [f"# Readiness checks, part {number}",
                 "Each check names the methods that build it and the quotes that show why it matters."]
        area = None
        for check in (c for c in self.book.checks if c.docname == docname):
            if check.area != area:
                area = check.area
                parts.append(f"## {area}")
            parts.append(self.check(check))
        return "\n\n".join(parts) + "\n"

    # -- per flavour ------------------------------------------------------------------------------

    def link(self, obj) -> str:
        raise NotImplementedError

    def story(self, story: Story) -> str:
        raise NotImplementedError

    def quote(self, quote: Quote) -> str:
        raise NotImplementedError

    def insight(self, insight: Insight) -> str:
        raise NotImplementedError

    def excerpt(self, excerpt: Excerpt) -> str:
        raise NotImplementedError

    def method(self, method: Method) -> str:
        raise NotImplementedError

    def check(self, check: Check) -> str:
        raise NotImplementedError

    def checklist(self) -> str:
        raise NotImplementedError


def directive(name: str, argument: str, options: dict[str, str], body: str = "") -> str:
    lines = [f":::{{lw:{name}}} {argument}".rstrip()]
    lines += [f":{key}: {value}" for key, value in options.items() if value]
    if body:
        lines.append(body)
    return "\n".join(lines + [":::"])


class LwWriter(Writer):
    """The handbook as an author writes it with lw_method."""

    flavour = "lw"

    def extensions(self) -> list[str]:
        return ["myst_parser", "lw_method", "lw_method.navigation"]

    def extra_conf(self) -> list[str]:
        return [f'lw_quote_source = "{QUOTE_SOURCE}"']

    def link(self, obj) -> str:
        return f"{{lw:{kind(obj)}}}`{obj.id}`"

    def story(self, story: Story) -> str:
        return directive("story", story.id, {
            "name": story.name, "role": story.role, "site": story.site, "consent": story.consent,
            "content-notes": story.content_notes}, story.summary)

    def quote(self, quote: Quote) -> str:
        return directive("quote", quote.id, {"themes": ", ".join(quote.themes)}, quote.text)

    def insight(self, insight: Insight) -> str:
        return directive("insight", insight.id, {
            "number": str(insight.number), "title": insight.title,
            "content-notes": insight.content_notes}, "\n\n".join(self.prose(p) for p in insight.essay))

    def excerpt(self, excerpt: Excerpt) -> str:
        return directive("excerpt", excerpt.quote.id, {"editorial-note": excerpt.editorial_note},
                         "\n\n".join(excerpt.paragraphs))

    def method(self, method: Method) -> str:
        return directive("method", method.id, {
            "title": method.title, "summary": method.summary, "when": method.when,
            "who": method.who, "time": method.time,
            "insights": ", ".join(i.id for i in method.insights),
            "related": ", ".join(m.id for m in method.related)})

    def check(self, check: Check) -> str:
        return directive("check", check.id, {
            "area": check.area, "methods": ", ".join(m.id for m in check.methods),
            "evidence": ", ".join(q.id for q in check.evidence)}, check.text)

    def checklist(self) -> str:
        return ":::{lw:checklist}\n:::"


class BaselineWriter(Writer):
    """The same pages in plain MyST: what lw_method derives is written out by hand."""

    flavour = "baseline"

    def relative(self, docname: str) -> str:
        here = self.docname.split("/")[:-1]
        there = docname.split("/")
        common = 0
        while common < min(len(here), len(there) - 1) and here[common] == there[common]:
            common += 1
        return "/".join([".."] * (len(here) - common) + there[common:]) + ".md"

    def link(self, obj, text: str | None = None, short: bool = False) -> str:
        text = text or title(obj, short)
        if isinstance(obj, (Quote, Check)):
            return f"{{ref}}`{_escape_ref(text)} <{anchor(obj)}>`"
        return f"[{_escape_md(text)}]({self.relative(docname_of(obj))}#{anchor(obj)})"

    def links(self, objects: list, short: bool = False) -> str:
        return ", ".join(self.link(obj, short=short) for obj in objects)

    @staticmethod
    def target(name: str) -> str:
        return f"({name})="

    def content_note(self, notes: str) -> list[str]:
        if not notes:
            return []
        return [f"**Content note:** this part discusses {notes}.", SUPPORT_TEXT]

    def story(self, story: Story) -> str:
        stories = self.book.stories
        position = stories.index(story)
        before = stories[position - 1] if position > 0 else None
        after = stories[position + 1] if position + 1 < len(stories) else None
        nav = " · ".join(f"{label} story: {self.link(s)}"
                         for label, s in (("Previous", before), ("Next", after)) if s)
        parts = [self.target(anchor(story)) + f"\n**{story.name}**", f"{story.role} · {story.site}",
                 *self.content_note(story.content_notes), story.summary, story.consent]
        if nav:
            parts.append(nav)
        return "\n\n".join(parts)

    def quote(self, quote: Quote) -> str:
        story = quote.story
        lines = [self.target(anchor(quote))]
        lines += ["\n>\n".join(f"> {p}" for p in quote.paragraphs), ">",
                  f"> — {story.name}, {story.role}, {story.site} · {QUOTE_SOURCE}"]
        text = "\n".join(lines)
        cited = sorted(quote.cited_by, key=lambda e: e.insight.number)
        if cited:
            text += "\n\n**Cited in:** " + "; ".join(
                f"[{_escape_md(title(e.insight))}]({self.relative(e.insight.docname)}#{e.anchor})"
                for e in cited)
        return text

    def insight(self, insight: Insight) -> str:
        return "\n\n".join([self.target(anchor(insight)) + f"\nInsight {insight.number}",
                            f"**{insight.title}**", *self.content_note(insight.content_notes),
                            *(self.prose(p) for p in insight.essay)])

    def excerpt(self, excerpt: Excerpt) -> str:
        paragraphs = excerpt.paragraphs or excerpt.quote.paragraphs
        text = "\n".join([self.target(excerpt.anchor), "\n>\n".join(f"> {p}" for p in paragraphs),
                          ">", f"> — {excerpt.quote.story.name} · "
                          + self.link(excerpt.quote, text="read the full story")])
        if excerpt.editorial_note:
            text += f"\n\n**Editor’s note:** {excerpt.editorial_note}"
        return text

    def method(self, method: Method) -> str:
        parts = [self.target(anchor(method)) + f"\n**{method.title}**", method.summary,
                 f"**When:** {method.when}", f"**Who:** {method.who}", f"**Time:** {method.time}"]
        if method.insights:
            parts.append("**Evidence:** " + self.links(method.insights, short=True))
        if method.related:
            parts.append("**Related methods:** " + self.links(method.related, short=True))
        if method.checks:
            parts.append("**Readiness checks that build on this method:**")
            parts.append("\n".join(f"- {self.link(check)}" for check in method.checks))
        return "\n\n".join(parts)

    def check(self, check: Check) -> str:
        parts = [self.target(anchor(check)) + f"\n{check.text}", f"**Area:** {check.area}"]
        if check.methods:
            parts.append("**Built by:** " + self.links(check.methods, short=True))
        if check.evidence:
            parts.append("**Evidence:** " + self.links(check.evidence, short=True))
        insights = insights_of_check(check)
        if insights:
            parts.append("**Insights:** " + self.links(insights, short=True))
        return "\n\n".join(parts)

    def checklist(self) -> str:
        areas: dict[str, list[Check]] = {}
        for check in self.book.checks:
            areas.setdefault(check.area, []).append(check)
        parts = []
        for area, checks in areas.items():
            parts.append(f"**{area}**")
            parts.append("\n".join(
                f"- {check.text} {self.link(check, text='(why this matters)')}\n\n"
                f"  Read: {self.links(check.methods)}\n\n"
                f"  {WORKSHEET_BOXES}\n\n  Notes:\n"
                for check in checks))
        return "\n\n".join(parts)


#: sphinx-needs' types for the handbook's objects: (directive, title).  IDs are the lw IDs.
#: ``method`` would be the Python domain's directive (the default domain), so methods are
#: ``practice`` needs.
NEED_TYPES = (("story", "Story"), ("quote", "Quote"), ("insight", "Insight"),
              ("excerpt", "Excerpt"), ("practice", "Method"), ("check", "Readiness check"))

#: sphinx-needs' link types (``needs_links``): each need shows its outgoing links and, as
#: backlinks, the incoming ones, under these labels.
NEED_LINKS = {
    "story": {"outgoing": "From the story of", "incoming": "Quotes"},             # quote -> story
    "previous": {"outgoing": "Previous story", "incoming": "Next story"},          # story -> story
    "quote": {"outgoing": "Excerpt of", "incoming": "Cited in"},                  # excerpt -> quote
    "insight": {"outgoing": "Excerpted in", "incoming": "Excerpts"},              # excerpt -> insight
    "insights": {"outgoing": "Evidence", "incoming": "Drawn on by"},  # method, check -> insight
    "related": {"outgoing": "Related methods", "incoming": "Related from"},       # method -> method
    "methods": {"outgoing": "Built by",
                "incoming": "Readiness checks that build on this method"},        # check -> method
    "evidence": {"outgoing": "Evidence", "incoming": "Evidence for"},             # check -> quote
}

#: fields of the needs (``needs_fields``), shown in each need's meta area.
NEED_FIELDS = ("role", "site", "consent", "themes", "source", "when", "who", "time", "area",
               "editorial_note")


def need(type_: str, title_: str, options: dict[str, str], body: str = "") -> str:
    """A sphinx-needs directive in MyST's colon fence."""
    lines = [f":::{{{type_}}} {title_}".rstrip()]
    lines += [f":{key}: {value}" for key, value in options.items() if value]
    if body:
        lines += ["", body]
    return "\n".join(lines + [":::"])


class NeedsWriter(Writer):
    """The same handbook written for sphinx-needs, the established extension for typed,
    linked objects: each object is a need of its own type, its links are link options
    (``needs_links``), and what lw_method derives from other pages (a quote's "Cited in",
    a method's checks, the next story) is what sphinx-needs shows as incoming links; the
    checklist is a ``needtable``.  Text lw_method adds that sphinx-needs has no equivalent
    for (content notes' support text, an excerpt that is the whole quote, a quote's
    attribution) is written out by hand, as in the baseline."""

    flavour = "needs"

    def extensions(self) -> list[str]:
        return ["myst_parser", "sphinx_needs"]

    def extra_conf(self) -> list[str]:
        types = [{"directive": d, "title": t, "prefix": "", "color": "", "style": "node"}
                 for d, t in NEED_TYPES]
        fields = {name: {"nullable": True} for name in NEED_FIELDS}
        fields["source"]["predicates"] = [("type == 'quote'", QUOTE_SOURCE)]
        return [
            f"needs_types = {types!r}",
            f"needs_fields = {fields!r}",
            f"needs_links = {NEED_LINKS!r}",
            # the lw IDs (person-0001-q3, check-0007, ...) rather than the default ^[A-Z0-9_]{5,}
            'needs_id_regex = r"^[a-z0-9][a-z0-9-]*$"',
            "needs_id_required = True",
            # links show the linked need's title, as lw_method's do, not "title (ID)"
            'needs_role_need_template = "{{ title }}"',
            "needs_role_need_max_title_length = -1",
            "needs_show_link_title = True",
            "needs_show_link_id = False",
            # the built-in layout: type, title and ID, the fields, outgoing and incoming links
            'needs_default_layout = "clean"',
            # the checklist as a static table, like lw:checklist (no DataTables scripts)
            'needs_table_style = "TABLE"',
        ]

    def link(self, obj) -> str:
        return f"{{need}}`{obj.id}`"

    @staticmethod
    def content_note(notes: str) -> list[str]:
        return [f"**Content note:** this part discusses {notes}.", SUPPORT_TEXT] if notes else []

    def story(self, story: Story) -> str:
        position = self.book.stories.index(story)
        previous = self.book.stories[position - 1].id if position else ""
        return need("story", story.name, {
            "id": story.id, "role": story.role, "site": story.site, "consent": story.consent,
            "previous": previous}, "\n\n".join([*self.content_note(story.content_notes),
                                                story.summary]))

    def quote(self, quote: Quote) -> str:
        story = quote.story
        body = "\n\n".join([*quote.paragraphs, f"— {story.name}, {story.role}, {story.site}"])
        return need("quote", title(quote), {"id": quote.id, "story": story.id,
                                            "themes": ", ".join(quote.themes)}, body)

    def insight(self, insight: Insight) -> str:
        return need("insight", title(insight), {"id": insight.id}, "\n\n".join(
            [*self.content_note(insight.content_notes), *(self.prose(p) for p in insight.essay)]))

    def excerpt(self, excerpt: Excerpt) -> str:
        quote = excerpt.quote
        body = "\n\n".join([*(excerpt.paragraphs or quote.paragraphs), f"— {quote.story.name}"])
        return need("excerpt", f"{quote.story.name}, in insight {excerpt.insight.number}", {
            "id": f"{quote.id}-excerpt-{excerpt.serial}", "quote": quote.id,
            "insight": excerpt.insight.id, "editorial_note": excerpt.editorial_note}, body)

    def method(self, method: Method) -> str:
        return need("practice", method.title, {
            "id": method.id, "when": method.when, "who": method.who, "time": method.time,
            "insights": ", ".join(i.id for i in method.insights),
            "related": ", ".join(m.id for m in method.related)}, method.summary)

    def check(self, check: Check) -> str:
        return need("check", title(check), {
            "id": check.id, "area": check.area, "methods": ", ".join(m.id for m in check.methods),
            "evidence": ", ".join(q.id for q in check.evidence),
            "insights": ", ".join(i.id for i in insights_of_check(check))}, check.text)

    def checklist(self) -> str:
        return ("```{needtable}\n:types: check\n:columns: id as \"Check\"; title as \"What\"; area as \"Area\"; "
                "methods as \"Read\"\n:style: table\n:sort: area\n```")


#: what lw:checklist shows under each check for a site to fill in
WORKSHEET_BOXES = "☐ Not yet    ☐ Emerging    ☐ In place"


def insights_of_check(check: Check) -> list[Insight]:
    """As lw_method shows them: insights excerpting the evidence, then the methods' insights."""
    found: dict[Insight, None] = {}
    for quote in check.evidence:
        found.update(dict.fromkeys(e.insight for e in quote.cited_by))
    for method in check.methods:
        found.update(dict.fromkeys(method.insights))
    return sorted(found, key=lambda insight: insight.number)


def _escape_md(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _escape_ref(text: str) -> str:
    return text.replace("<", "\\<").replace("`", "")


def generate(outdir: Path | str, scale: float, seed: int = 8, theme: str = DEFAULT_THEME) -> Handbook:
    """Write ``outdir/lw`` and ``outdir/baseline`` for ``scale``; return the model."""
    outdir = Path(outdir)
    book = build_model(scale, seed)
    LwWriter(book, outdir / "lw", theme).write()
    BaselineWriter(book, outdir / "baseline", theme).write()
    NeedsWriter(book, outdir / "needs", theme).write()
    return book


def edit_story(docs: Path | str, book: Handbook) -> Path:
    """The incremental-build edit: one sentence added to a paragraph of the middle story."""
    story = book.stories[len(book.stories) // 2]
    path = Path(docs) / f"{story.docname}.md"
    text = path.read_text(encoding="utf-8")
    marker = f"## A little about {story.name.split()[0]}\n\n"
    start = text.index(marker) + len(marker)
    end = text.index("\n\n", start)
    text = text[:end] + " We changed this sentence after the first build." + text[end:]
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("build/bench/handbook"))
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--theme", default=DEFAULT_THEME, help=f"HTML theme (default {DEFAULT_THEME})")
    args = parser.parse_args(argv)
    book = generate(args.out, args.scale, args.seed, args.theme)
    words = sum(len(p.read_text(encoding="utf-8").split())
                for p in (args.out / "lw" / "docs").rglob("*.md"))
    print(f"{args.out}: {book.counts()}, {words:,} words (lw)", flush=True)


if __name__ == "__main__":
    main()
