"""The workshop kit: printable materials made from the handbook's own objects.

``lw-method kit SOURCE -c CONF`` builds the handbook's HTML (which writes ``lw-method.json``)
and turns that export into one PDF per kind of material, in ``OUT/kit/``:

* ``method-cards.pdf`` (A5 landscape, a card a method): summary, when, who, how long, the
  readiness checks the method builds, and one storyteller's words from the evidence behind it;
* ``insight-cards.pdf`` (A5 landscape, a card an insight): the statement and two or three
  excerpts, each with the storyteller named;
* ``story-posters.pdf`` (A3 portrait, a poster a story): name, role, site, a pull quote and
  the story's content notes;
* ``readiness-worksheet.pdf`` (A4): every readiness check by area, with tick boxes and room
  for notes.

Nothing is copied into new sources: every word comes from the export, and so from the
pages.  Each item prints the handbook's address for its object, and a QR code of it when
the handbook has an address (``html_baseurl``, or ``--base-url``).  Every item that quotes a
story names the storyteller and carries the story's content notes with where to find
support.  A public kit is made from the public edition's export, which holds no internal
story; the kit checks again and leaves out any story that is not public, and its quotes.

The LaTeX is written here, styled by ``texinputs/lw-kit.sty``, and set with xelatex
(latexmk); the QR codes are drawn by the ``qrcode`` package (Debian: texlive-pictures), with
no network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as url_quote

from docutils.utils.smartquotes import smartyPants

from . import DEFAULT_SUPPORT_TEXT
from .assets import TEXINPUTS_DIR

#: the materials, in the order they are made: file stem, what it is
MATERIALS = {
    "method-cards": "Method cards",
    "insight-cards": "Insight discussion cards",
    "story-posters": "Story posters",
    "readiness-worksheet": "Readiness worksheet",
}
#: the most words a quote on a card or poster shows (cut at a sentence, or with "…")
CARD_WORDS, POSTER_WORDS = 45, 60
EXCERPTS_ON_A_CARD = 3


class KitError(Exception):
    """Why the kit cannot be made, as one line."""


@dataclass
class Handbook:
    """What the kit reads from an export, with the objects a public kit may show."""

    export: dict
    base_url: str = ""
    support_text: str = DEFAULT_SUPPORT_TEXT
    quote_source: str = ""
    #: story id → the quote its storyteller card shows (lw:storytellers' :quotes:)
    pull_quotes: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        internal = self.export.get("edition") == "internal"
        stories = {o["id"] for o in self.export.get("objects", ())
                   if o.get("type") == "story" and (internal or o.get("visibility", "public") == "public")}
        for entry in self.export.get("objects", ()):
            kind = entry.get("type")
            if kind == "story" and entry["id"] not in stories:
                continue
            if kind == "quote" and entry.get("story") is not None and entry["story"] not in stories:
                continue
            self.objects[(kind, entry["id"])] = entry

    @property
    def internal(self) -> bool:
        return self.export.get("edition") == "internal"

    def of_type(self, kind: str) -> list[dict]:
        return [entry for (k, _id), entry in self.objects.items() if k == kind]

    def get(self, kind: str, id_: str | None) -> dict | None:
        return self.objects.get((kind, id_)) if id_ else None

    def address(self, entry: dict) -> str:
        """The object's address: absolute with a base URL, else relative to the handbook."""
        url = entry.get("url", "")
        return f"{self.base_url.rstrip('/')}/{url}" if self.base_url else url

    def voice(self, quote: dict) -> dict | None:
        """Who said a quote: their story, or for a voice with no story page, its speaker."""
        story = self.get("story", quote.get("story"))
        if story is not None:
            return story
        if quote.get("speaker"):
            return {"name": quote["speaker"], "role": "", "site": quote.get("site") or "", "content_notes": ""}
        return None


# -- words -----------------------------------------------------------------------------------------

def cut(text: str, words: int) -> str:
    """The opening of ``text``, verbatim: the whole text when it is short, else whole sentences
    up to ``words`` words, else the first ``words`` words; a cut ends with "…"."""
    full = " ".join(text.split())
    if len(full.split()) <= words:
        return full
    kept, count = [], 0
    for sentence in re.split(r"(?<=[.?!])\s+", full):
        if count + len(sentence.split()) > words:
            break
        kept.append(sentence)
        count += len(sentence.split())
    if kept:
        return " ".join(kept) + " …"
    return " ".join(full.split()[:words]).rstrip(",;:") + " …"


def typeset(text: str) -> str:
    """Curly quotes and dashes, as the handbook's pages set the same words."""
    return smartyPants(text, "qDe", "en")


_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def tex(text: str) -> str:
    """Plain text as LaTeX that prints it as written: no character of it is a command."""
    text = "".join(_TEX_SPECIAL.get(char, char) for char in str(text))
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    return text.replace("\n\n", "\\par ").replace("\n", " ")


#: what an address may hold to be set as a link and a QR code (anything else is percent-encoded)
_URL_SAFE = "/:#?=&.-"


def tex_url(url: str) -> str:
    """An address as the argument of ``\\href`` or ``\\qrcode``: percent-encoded, then its
    ``#``, ``%``, ``&``, ``_`` and ``~`` escaped."""
    safe = url_quote(url, safe=_URL_SAFE)
    return "".join({"#": r"\#", "%": r"\%", "&": r"\&"}.get(c, c) for c in safe)


def unique_terms(*notes: str) -> str:
    """Content notes, each term once, in the order first given."""
    terms: dict[str, None] = {}
    for note in notes:
        for term in (note or "").split(","):
            if term.strip():
                terms.setdefault(term.strip(), None)
    return ", ".join(terms)


# -- LaTeX for each item ----------------------------------------------------------------------------

def attribution(handbook: Handbook, voice: dict) -> str:
    who = ", ".join(part for part in (voice.get("name"), voice.get("role"), voice.get("site")) if part)
    source = f" · {handbook.quote_source}" if handbook.quote_source else ""
    return tex(f"— {who}{source}")


def quote_block(handbook: Handbook, text: str, voice: dict, words: int) -> str:
    return (f"\\begin{{lwkitquote}}{tex(typeset(cut(text, words)))}"
            f"\\lwkitattribution{{{attribution(handbook, voice)}}}\\end{{lwkitquote}}\n")


def content_note(handbook: Handbook, notes: str) -> str:
    if not notes:
        return ""
    return f"\\lwkitnote{{{tex(notes)}}}{{{tex(handbook.support_text)}}}\n"


def address(handbook: Handbook, entry: dict, label: str) -> str:
    """The handbook's address for ``entry``, printed, and as a QR code when it is absolute."""
    url = handbook.address(entry)
    if handbook.base_url:
        printed = tex(url).replace("/", "/\\allowbreak{}")
        return f"\\lwkitaddress{{{tex(label)}}}{{{tex_url(url)}}}{{{printed}}}\n"
    return f"\\lwkitplace{{{tex(label)}}}{{{tex(url)}}}\n"


def internal_banner(handbook: Handbook) -> str:
    return "\\lwkitinternal\n" if handbook.internal else ""


def method_quote(handbook: Handbook, method: dict) -> tuple[dict, str] | None:
    """One storyteller's words for a method: the first evidence of a check that builds on it,
    else the first excerpt of one of its insights."""
    for check_id in method.get("checks", ()):
        check = handbook.get("check", check_id)
        for quote_id in (check or {}).get("evidence", ()):
            quote = handbook.get("quote", quote_id)
            if quote and handbook.voice(quote):
                return quote, quote["text"]
    for insight_id in method.get("insights", ()):
        for excerpt in (handbook.get("insight", insight_id) or {}).get("excerpts", ()):
            quote = handbook.get("quote", excerpt["quote"])
            if quote and handbook.voice(quote):
                return quote, excerpt["text"] or quote["text"]
    return None


def method_card(handbook: Handbook, method: dict) -> str:
    """Two sides: the method (summary, when, who, how long), then the checks it builds and a
    storyteller's words, each side with the method's address."""
    front = [internal_banner(handbook), "\\lwkitkicker{Method card}\n", f"\\lwkittitle{{{tex(method['title'])}}}\n"]
    if method.get("summary"):
        front.append(f"\\lwkitsummary{{{tex(typeset(method['summary']))}}}\n")
    for label, name in (("When", "when"), ("Who", "who"), ("How long", "time")):
        if method.get(name):
            front.append(f"\\lwkitfield{{{label}}}{{{tex(typeset(method[name]))}}}\n")
    front.append("\\lwkitfoot\n" + address(handbook, method, "In the handbook"))
    back = [f"\\lwkitback{{{tex(method['title'])}}}\n", "\\begin{lwkitcolumns}\n"]
    checks = [c for c in (handbook.get("check", i) for i in method.get("checks", ())) if c]
    if checks:
        items = "".join(f"\\item {tex(typeset(c['title']))}\n" for c in checks)
        back.append(f"\\lwkitlist{{Readiness checks it builds}}{{{items}}}\n")
    back.append("\\lwkitcolumnbreak\n")
    found = method_quote(handbook, method)
    notes = ""
    if found:
        quote, text = found
        voice = handbook.voice(quote)
        back.append("\\lwkitfield{In their words}{}\n" + quote_block(handbook, text, voice, CARD_WORDS))
        notes = voice.get("content_notes", "")
    back.append("\\end{lwkitcolumns}\n")
    back.append("\\lwkitfoot\n" + content_note(handbook, notes) + address(handbook, method, "In the handbook"))
    return "".join(front) + "".join(back)


def insight_excerpts(handbook: Handbook, insight: dict) -> list[tuple[dict, str]]:
    """Two or three excerpts, from different storytellers where the insight has them."""
    chosen, seen, rest = [], set(), []
    for excerpt in insight.get("excerpts", ()):
        quote = handbook.get("quote", excerpt["quote"])
        voice = handbook.voice(quote) if quote else None
        if voice is None:
            continue
        item = (voice, excerpt["text"] or quote["text"])
        (rest if voice["name"] in seen else chosen).append(item)
        seen.add(voice["name"])
    return (chosen + rest)[:EXCERPTS_ON_A_CARD]


def insight_card(handbook: Handbook, insight: dict) -> str:
    number = insight.get("number")
    statement = re.sub(r"^Insight \d+: ", "", insight["title"])
    parts = [internal_banner(handbook),
             f"\\lwkitkicker{{Insight {number} · for discussion}}\n" if number else "\\lwkitkicker{Insight · for discussion}\n",
             f"\\lwkitstatement{{{tex(typeset(statement))}}}\n"]
    excerpts = insight_excerpts(handbook, insight)
    notes = [insight.get("content_notes", "")]
    for voice, text in excerpts:
        parts.append(quote_block(handbook, text, voice, CARD_WORDS))
        notes.append(voice.get("content_notes", ""))
    parts.append("\\lwkitfoot\n" + content_note(handbook, unique_terms(*notes))
                 + address(handbook, insight, "In the handbook"))
    return "".join(parts)


def pull_quote(handbook: Handbook, story: dict) -> dict | None:
    wanted = handbook.pull_quotes.get(story["id"])
    candidates = [wanted, f"{story['id']}-pull-quote", *story.get("quotes", ())]
    return next((q for q in (handbook.get("quote", c) for c in candidates if c) if q), None)


def story_poster(handbook: Handbook, story: dict) -> str:
    initial = "".join(word[0] for word in story["name"].split()[:2]).upper() or "?"
    parts = [internal_banner(handbook), "\\lwkitkicker{A story from the handbook}\n",
             f"\\lwkitpostername{{{tex(initial)}}}{{{tex(story['name'])}}}\n",
             f"\\lwkitpostermeta{{{tex(' · '.join(p for p in (story.get('role'), story.get('site')) if p))}}}\n"]
    quote = pull_quote(handbook, story)
    if quote is not None:
        if len(cut(quote["text"], POSTER_WORDS).split()) <= 25:
            parts.append("\\lwkitshortquote\n")
        parts.append(f"\\begin{{lwkitposterquote}}{tex(typeset(cut(quote['text'], POSTER_WORDS)))}"
                     f"\\lwkitattribution{{{attribution(handbook, story)}}}\\end{{lwkitposterquote}}\n")
    if story.get("summary"):
        parts.append(f"\\lwkitpostersummary{{{tex(typeset(story['summary']))}}}\n")
    if story.get("consent"):
        parts.append(f"\\lwkitconsent{{{tex(story['consent'])}}}\n")
    parts.append("\\lwkitfoot\n" + content_note(handbook, story.get("content_notes", ""))
                 + address(handbook, story, "Read the whole story"))
    return "".join(parts)


def worksheet(handbook: Handbook) -> str:
    checks = handbook.of_type("check")
    areas: dict[str, list[dict]] = {}
    for check in checks:
        areas.setdefault(check.get("area") or "Readiness", []).append(check)
    parts = [internal_banner(handbook), "\\lwkitkicker{Readiness worksheet}\n",
             f"\\lwkittitle{{{tex(handbook.export.get('project') or 'Readiness')}: readiness checklist}}\n",
             "\\lwkitworksheethead\n"]
    for area, found in areas.items():
        parts.append(f"\\lwkitarea{{{tex(area)}}}\n")
        for check in found:
            methods = [handbook.get("method", m) for m in check.get("methods", ())]
            read = ", ".join(m["title"] for m in methods if m)
            parts.append(f"\\lwkitcheck{{{tex(typeset(check['text'] or check['id']))}}}{{{tex(read)}}}\n")
    first = checks[0] if checks else None
    if first is not None:
        page = {"url": first["url"].split("#", 1)[0]}
        parts.append("\\lwkitfoot\n" + address(handbook, page, "The checklist in the handbook"))
    return "".join(parts)


PAGES = {
    "method-cards": ("a5landscape", lambda h: [method_card(h, m) for m in h.of_type("method") if not m.get("handbook")]),
    "insight-cards": ("a5landscape", lambda h: [insight_card(h, i) for i in sorted(
        h.of_type("insight"), key=lambda i: (i.get("number") or 10**9))]),
    "story-posters": ("a3poster", lambda h: [story_poster(h, s) for s in h.of_type("story")]),
    "readiness-worksheet": ("a4worksheet", lambda h: [worksheet(h)] if h.of_type("check") else []),
}


def document(handbook: Handbook, stem: str) -> str | None:
    """The LaTeX of one material, or ``None`` when the handbook has nothing for it."""
    layout, make = PAGES[stem]
    items = make(handbook)
    if not items:
        return None
    title = f"{MATERIALS[stem]}: {handbook.export.get('project', '')}"
    body = "\n\\lwkitnewitem\n".join(items)
    return (f"\\documentclass{{article}}\n\\usepackage[{layout}]{{lw-kit}}\n"
            f"\\hypersetup{{pdftitle={{{tex(title)}}},pdfsubject={{{tex(MATERIALS[stem])}}},pdflang={{en-GB}}}}\n"
            f"\\begin{{document}}\n{body}\n\\end{{document}}\n")


def write_kit(handbook: Handbook, out: Path, *, compile_pdf: bool = True) -> list[Path]:
    """Write each material's LaTeX into ``out/latex`` and, with ``compile_pdf``, its PDF into ``out``."""
    latex = out / "latex"
    latex.mkdir(parents=True, exist_ok=True)
    for style in TEXINPUTS_DIR.glob("lw-kit*.sty"):
        shutil.copyfile(style, latex / style.name)
    written = []
    for stem in MATERIALS:
        text = document(handbook, stem)
        stale = out / f"{stem}.pdf"
        if text is None:
            stale.unlink(missing_ok=True)
            continue
        (latex / f"{stem}.tex").write_text(text, encoding="utf-8")
        if compile_pdf:
            compile_tex(latex, stem)
            shutil.copyfile(latex / f"{stem}.pdf", stale)
            written.append(stale)
        else:
            written.append(latex / f"{stem}.tex")
    return written


def compile_tex(folder: Path, stem: str) -> None:
    if not (shutil.which("xelatex") and shutil.which("latexmk")):
        raise KitError("the kit needs xelatex and latexmk (Debian: texlive-xetex latexmk texlive-pictures)")
    result = subprocess.run(["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "-silent",
                             f"{stem}.tex"], cwd=folder, capture_output=True, text=True)
    if result.returncode != 0:
        log = folder / f"{stem}.log"
        detail = next((line for line in (log.read_text(errors="replace").splitlines() if log.exists() else [])
                       if line.startswith("!")), "see the log")
        raise KitError(f"{folder / (stem + '.tex')}: LaTeX stopped: {detail} ({log})")


def pull_quotes_of(app) -> dict[str, str]:
    """The pull quote each storyteller card shows (lw:storytellers' :quotes:), by story."""
    derived = app.env.domains["lw"].derived
    chosen: dict[str, str] = {}
    for data in app.env.domains["lw"].documents.values():
        for placeholder in data.placeholders:
            if placeholder.kind == "storytellers":
                for quote_id in placeholder.parameters.get("quotes", ()):
                    story = derived.story_of_quote.get(quote_id)
                    if story:
                        chosen.setdefault(story, quote_id)
    return chosen
