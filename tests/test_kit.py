"""The workshop kit: ``lw-method kit`` makes printable PDFs from the handbook's own objects.

The ``kit`` root has two public storytellers (Ana, with content notes; Ben) and one internal
one (Cyrielle, whose words are evidence for a check and excerpted by the insight), two
methods (one whose title is full of LaTeX's special characters), one insight with three
excerpts and two checks.  ``html_baseurl`` is set, so every item carries a QR code.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lw_method.kit import MATERIALS, Handbook, cut, pull_quotes_of, tex, write_kit

BASE = "https://kit.example.org/handbook/"
INTERNAL_WORDS = ("Cyrielle", "Zanzibar", "marmalade", "Hiddenham", "cy-secret", "stories/cy")


def pdf_pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                            text=True, check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def flat(text: str) -> str:
    return " ".join(text.split())


def uri_links(pdf: Path) -> list[list[str]]:
    """The web addresses each page links to."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(pdf).pages:
        found = []
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
        pages.append(found)
    return pages


@pytest.fixture(scope="module")
def kit(rootdir, tmp_path_factory) -> Path:
    """The kit of the ``kit`` root, made by the command as a site would run it."""
    if not (shutil.which("xelatex") and shutil.which("latexmk")):
        pytest.fail("xelatex and latexmk are needed: run 'make system-deps'")
    out = tmp_path_factory.mktemp("kit")
    result = subprocess.run([sys.executable, "-m", "lw_method.cli", "kit", str(rootdir / "test-kit"),
                             "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(out / "kit" / f"{stem}.pdf") for stem in MATERIALS]
    return out / "kit"


def test_one_pdf_per_material_with_one_item_a_page_at_its_size(kit):
    sizes = {}
    for stem in MATERIALS:
        info = subprocess.run(["pdfinfo", str(kit / f"{stem}.pdf")], capture_output=True, text=True).stdout
        sizes[stem] = (int(re.search(r"Pages:\s+(\d+)", info).group(1)),
                       re.search(r"Page size:\s+([\d.]+ x [\d.]+)", info).group(1))
    assert sizes == {
        "method-cards": (4, "595.28 x 419.53"),  # A5 landscape, two sides for each of two methods
        "insight-cards": (1, "595.28 x 419.53"),
        "story-posters": (2, "841.89 x 1190.55"),  # A3: the two public stories only
        "readiness-worksheet": (1, "595.28 x 841.89"),  # A4
    }
    for log in (kit / "latex").glob("*.log"):  # every character set, nothing cut off
        text = log.read_text(errors="replace")
        assert "Missing character" not in text and "Overfull \\hbox" not in text, log.name


def test_a_method_card_has_the_method_its_checks_and_a_storytellers_words(kit):
    front, back, odd_front, _odd_back = map(flat, pdf_pages(kit / "method-cards.pdf"))
    for words in ("METHOD CARD", "Tea together", "Meet over a cup of tea before anything else.",
                  "When At the very start.", "Who Everyone in the partnership.", "How long An hour a week.",
                  f"In the handbook: {BASE}methods/tea.html#lw-method-tea"):
        assert words in front, words
    assert "Readiness checks it builds" in back
    assert "• There is a kettle, and people use it together. • Budgets are shared across the partnership." in back
    # the evidence of its first check that a public story gave, verbatim, attributed, with the notes
    assert "We put the kettle on and everything changed. It’s where it started, and it never stopped." in back
    assert "— Ana, Peer Worker, Northtown · The Test Book" in back
    assert "Content note: grief, self-harm. Support line for the test: call 0000." in back
    # LaTeX's special characters print as written
    assert "Tea & biscuits, 100% {fun}#1 ~ $5 \\relax_^" in odd_front
    assert "A summary with a backslash \\ and braces {} and a percent %." in odd_front


def test_an_insight_card_has_the_statement_and_excerpts_with_their_storytellers(kit):
    (card,) = map(flat, pdf_pages(kit / "insight-cards.pdf"))
    assert card.startswith("INSIGHT 1 · FOR DISCUSSION Tea builds trust between people who work apart.")
    assert "We put the kettle on and everything changed. — Ana, Peer Worker, Northtown · The Test Book" in card
    assert "Budgets follow people, not the other way round. — Ben, Commissioner, Southville" in card
    # the insight's own notes and those of every story it quotes
    assert "Content note: loneliness, grief, self-harm. Support line for the test: call 0000." in card


def test_a_story_poster_has_name_role_site_pull_quote_and_content_notes(kit):
    ana, ben = map(flat, pdf_pages(kit / "story-posters.pdf"))
    assert "Ana Peer Worker · Northtown" in ana
    assert "The door was always open. — Ana, Peer Worker, Northtown · The Test Book" in ana  # the card's pull quote
    assert "Content note: grief, self-harm." in ana and "Shared with consent for the test" in ana
    assert "Ben Commissioner · Southville" in ben and "Content note" not in ben  # Ben's story has none
    assert f"Read the whole story: {BASE}stories/ben.html#lw-story-ben" in ben


def test_the_worksheet_lists_every_check_by_area_with_boxes_and_notes(kit):
    (sheet,) = map(flat, pdf_pages(kit / "readiness-worksheet.pdf"))
    assert re.search(r"Culture There is a kettle, and people use it together\. Methods that build it: Tea "
                     r"together Not yet Emerging In place Notes: Money Budgets are shared", sheet)
    assert f"The checklist in the handbook: {BASE}readiness.html" in sheet


def test_no_internal_story_appears_anywhere_in_a_public_kit(kit):
    for path in [*kit.glob("*.pdf"), *(kit / "latex").glob("*.tex")]:
        text = "\n".join(pdf_pages(path)) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        for word in INTERNAL_WORDS:
            assert word not in text, (path.name, word)


def test_every_item_links_to_its_object_and_its_qr_code_reads_the_same(kit, tmp_path):
    expected = {
        "method-cards": [f"{BASE}methods/tea.html#lw-method-tea"] * 2 + [f"{BASE}methods/odd.html#lw-method-odd"] * 2,
        "insight-cards": [f"{BASE}insights/one.html#lw-insight-insight-one"],
        "story-posters": [f"{BASE}stories/ana.html#lw-story-ana", f"{BASE}stories/ben.html#lw-story-ben"],
        "readiness-worksheet": [f"{BASE}readiness.html"],
    }
    for stem, addresses in expected.items():
        pdf = kit / f"{stem}.pdf"
        # the printed address and the QR code are both links to it
        assert [set(found) for found in uri_links(pdf)] == [{address} for address in addresses], stem
        if not shutil.which("zbarimg"):
            pytest.fail("zbarimg is needed to read the QR codes: apt-get install zbar-tools")
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / stem)], check=True)
        for page, address in zip(sorted(tmp_path.glob(f"{stem}-*.png")), addresses):
            read = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout
            assert read.strip() == address, (page.name, read)


# -- made in process from a build: no address, the internal edition --------------------------------

@pytest.mark.sphinx("html", testroot="kit", freshenv=True, confoverrides={"html_baseurl": ""})
def test_without_an_address_items_say_where_they_are_and_have_no_qr_code(app, tmp_path):
    app.build()
    export = json.loads((app.outdir / "lw-method.json").read_text(encoding="utf-8"))
    handbook = Handbook(export, quote_source=app.config.lw_quote_source, pull_quotes=pull_quotes_of(app))
    written = write_kit(handbook, tmp_path, compile_pdf=False)
    cards = (tmp_path / "latex" / "method-cards.tex").read_text(encoding="utf-8")
    assert [p.name for p in written] == [f"{stem}.tex" for stem in MATERIALS]
    assert "\\qrcode" not in cards and "\\lwkitaddress" not in cards
    assert "\\lwkitplace{In the handbook}{methods/tea.html\\#lw-method-tea}" in cards


@pytest.mark.sphinx("html", testroot="kit", freshenv=True, confoverrides={"lw_edition": "internal"})
def test_an_internal_kit_shows_internal_stories_marked_as_such(app, tmp_path):
    app.build()
    export = json.loads((app.outdir / "lw-method.json").read_text(encoding="utf-8"))
    write_kit(Handbook(export, base_url=BASE), tmp_path, compile_pdf=False)
    posters = (tmp_path / "latex" / "story-posters.tex").read_text(encoding="utf-8")
    assert posters.count("\\lwkitpostername") == 3 and "Cyrielle" in posters
    assert posters.count("\\lwkitinternal") == 3


def test_a_public_kit_refuses_internal_stories_even_in_a_mislabelled_export(tmp_path):
    export = {"edition": "public", "project": "X", "base_url": "", "objects": [
        {"id": "cy", "type": "story", "url": "cy.html#lw-story-cy", "name": "Cyrielle", "role": "", "site": "",
         "visibility": "internal", "quotes": ["cy-secret"], "content_notes": "", "summary": "", "consent": ""},
        {"id": "cy-secret", "type": "quote", "story": "cy", "text": "Zanzibar marmalade.", "url": "cy.html#q"},
        {"id": "m", "type": "method", "url": "m.html#lw-method-m", "title": "M", "summary": "", "checks": ["c"],
         "insights": []},
        {"id": "c", "type": "check", "url": "r.html#lw-check-c", "title": "C", "text": "C.", "area": "A",
         "methods": ["m"], "evidence": ["cy-secret"]}]}
    write_kit(Handbook(export), tmp_path, compile_pdf=False)
    text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "latex").glob("*.tex"))
    assert "Cyrielle" not in text and "Zanzibar" not in text
    assert not (tmp_path / "latex" / "story-posters.tex").exists()


# -- the pieces: words kept verbatim, text kept text --------------------------------------------------

def test_a_quote_is_cut_at_a_sentence_or_shown_whole_never_reworded():
    text = "One two three. Four five six seven. Eight nine ten eleven twelve."
    assert cut(text, 20) == text
    assert cut(text, 8) == "One two three. Four five six seven. …"
    assert cut("a b c d e f g h", 4) == "a b c d …"


def test_text_never_becomes_latex_commands():
    assert tex("\\input{/etc/passwd} 50% & #1 $x$ ^_~ {}") == (
        "\\textbackslash{}input\\{/etc/passwd\\} 50\\% \\& \\#1 \\$x\\$ \\textasciicircum{}\\_"
        "\\textasciitilde{} \\{\\}")


def test_bad_exports_are_one_line_and_exit_2(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "lw_method.cli", "kit", str(tmp_path), "-o", str(tmp_path),
                               *args], capture_output=True, text=True)

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")
    (tmp_path / "internal.json").write_text(json.dumps({"edition": "internal", "objects": []}), encoding="utf-8")
    for name, message in (("bad.json", "cannot read the export"), ("list.json", "not an lw-method.json export"),
                          ("internal.json", "is the internal edition's export")):
        result = run("--export", str(tmp_path / name))
        assert result.returncode == 2, result
        assert result.stderr.startswith(f"lw-method kit: {tmp_path / name}") and message in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    missing = subprocess.run([sys.executable, "-m", "lw_method.cli", "kit", str(tmp_path / "nowhere")],
                             capture_output=True, text=True, cwd=tmp_path)
    assert missing.returncode == 2 and "no such folder of sources" in missing.stderr
