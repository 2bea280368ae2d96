"""Every lw object and view is readable under furo and pydata-sphinx-theme, light and dark.

The extension's CSS takes its colours from the theme's variables (furo's ``--color-*``,
pydata-sphinx-theme's ``--pst-color-*``, which sphinx-book-theme shares) and falls back to
its own on a theme that has none (alabaster).  tests/roots/test-themes is built with each
theme; each page is opened in Debian's headless chromium at a desktop and a phone width in
the theme's light and dark modes (the reader's ``prefers-color-scheme``, which both themes
follow by default), and axe-core's color-contrast rule must find nothing.  Screenshots of
every page are saved in the test's folder.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import NODE_MODULES, ROOTS, warnings_of

pytestmark = pytest.mark.browser

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)

#: each page, and the lw objects on it that axe must have checked text in
PAGES = {
    "index.html": [".lw-storyteller-card"],
    "stories/ana.html": [".lw-story", ".lw-content-note", ".lw-quote", ".lw-cited-in"],
    "insights/one.html": [".lw-insight-label", ".lw-excerpt", ".lw-editorial-note", ".lw-attribution"],
    "methods/tea.html": [".lw-method"],
    "readiness.html": [".lw-check", ".lw-checklist-toolbar", ".lw-checklist-buttons",
                       ".lw-checklist-choice", ".lw-checklist-progress"],
    "evidence.html": [".lw-evidence-map-figure", ".lw-evidence-matrix", ".lw-quote-index-filters",
                      ".lw-quote-index-item", ".lw-coverage"],
}
#: an arrival at a quote: the :target highlight
TARGET = "stories/ana.html#lw-quote-ana-kettle"

THEMES = {"furo": ("light", "dark"), "pydata_sphinx_theme": ("light", "dark"), "alabaster": ("light",)}
#: the theme's own furniture that fails on its own, with or without lw_method: alabaster's
#: footer is #888 on white (3.54:1)
THEME_OWN = {"alabaster": [".footer"]}
CASES = [(theme, mode) for theme, modes in THEMES.items() for mode in modes]

AXE_RUN = """
const done = arguments[arguments.length - 1];
const within = arguments[0];
axe.run({exclude: arguments[1]}, {runOnly: ['color-contrast'], resultTypes: ['violations', 'passes', 'incomplete']})
  .then(r => {
    const inLw = node => within.map(sel => node.target.some(t => {
      const el = document.querySelector(t);
      return el !== null && el.closest(sel) !== null;
    }));
    const checked = within.map(() => 0);
    for (const result of [...r.passes, ...r.violations])
      for (const node of result.nodes) inLw(node).forEach((hit, i) => { if (hit) checked[i] += 1; });
    const incomplete = [];
    for (const result of r.incomplete)
      for (const node of result.nodes)
        if (inLw(node).some(Boolean)) incomplete.push(node.target.join(' ') + ': ' + node.failureSummary);
    done({violations: r.violations, checked: checked, incomplete: incomplete});
  })
  .catch(e => done({error: String(e)}));
"""

#: colour arithmetic in the page: an element's colour, the background painted behind it
#: (the first opaque one, going up) and WCAG's contrast ratio
COLOURS = """
window.lwRgb = c => {  // any CSS colour as 0-255 sRGB, or null when it is transparent
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext('2d', {willReadFrequently: true});
  paint.fillStyle = c;
  paint.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
  return a === 0 ? null : [r, g, b];  // ImageData is not premultiplied
};
window.lwLuminance = rgb => {
  const v = rgb.map(x => x / 255).map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
};
window.lwBackground = el => {
  for (; el; el = el.parentElement) {
    const rgb = lwRgb(getComputedStyle(el).backgroundColor);
    if (rgb) return rgb;
  }
  return [255, 255, 255];
};
window.lwContrast = (a, b) => {
  const [hi, lo] = [lwLuminance(a), lwLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
"""

#: what axe leaves undecided, decided here: the evidence map's words and marks (SVG, whose
#: background axe cannot find) and the matrix's dots (links drawn as one character)
DRAWINGS = """
const found = [];
const check = (el, colour, least, what) => {
  const rgb = lwRgb(colour);
  if (!rgb) return;
  const background = lwBackground(el.closest('svg') || el);
  const opacity = Number(getComputedStyle(el).strokeOpacity);  // the map's lines are 0.75
  const seen = what === 'map path' ? rgb.map((c, i) => opacity * c + (1 - opacity) * background[i]) : rgb;
  const ratio = lwContrast(seen, background);
  if (ratio < least) found.push(`${what} ${el.textContent.trim().slice(0, 30)}: ${colour} contrast ${ratio.toFixed(2)} < ${least}`);
};
let checked = 0;
for (const el of document.querySelectorAll('.lw-evidence-map-svg text')) {
  check(el, getComputedStyle(el).fill, 4.5, 'map text'); checked += 1;
}
for (const el of document.querySelectorAll('.lw-evidence-map-svg circle, .lw-evidence-map-svg path')) {
  const style = getComputedStyle(el);
  check(el, el.tagName === 'circle' ? style.fill : style.stroke, 3, `map ${el.tagName}`); checked += 1;
}
for (const el of document.querySelectorAll('.lw-matrix-dots .lw-dot')) {
  check(el, getComputedStyle(el).color, 3, 'matrix dot'); checked += 1;
}
return {found: found, checked: checked};
"""
UNDECIDED_HERE = ("contains an image node", "only non-text characters")
DARK = "return lwLuminance(lwBackground(document.querySelector(arguments[0]))) < 0.2;"

def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(node['target'])}: {' '.join(node.get('failureSummary', '').split())}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Each theme's build of tests/roots/test-themes, made when first asked for."""
    from sphinx.testing.util import SphinxTestApp

    built: dict[str, Path] = {}

    def site(theme: str) -> Path:
        if theme not in built:
            srcdir = tmp_path_factory.mktemp(f"themes-{theme}") / "src"
            shutil.copytree(ROOTS / "test-themes", srcdir)
            app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"html_theme": theme})
            try:
                app.build()
                assert warnings_of(app) == []
            finally:
                app.cleanup()
            built[theme] = Path(app.outdir)
        return built[theme]

    return site


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A chromium of this module's own, so its colour scheme never reaches other tests."""
    from browser import start_browser

    driver = start_browser(tmp_path_factory.mktemp("themes-profile"))
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


def wait_for(condition, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def screenshot(driver, path: Path, width: int) -> None:
    """The whole page, not only what fits in the window: the window made as tall as the page."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 100, 6000))
    driver.save_screenshot(str(path))
    driver.set_window_size(width, 900)


@pytest.mark.parametrize(("theme", "mode"), CASES, ids=[f"{t}-{m}" for t, m in CASES])
def test_every_lw_object_is_readable(sites, browser, tmp_path, theme, mode):
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'make node-deps' (npm install, from package.json)")
    site = sites(theme)
    axe = AXE.read_text(encoding="utf-8")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-color-scheme", "value": mode}]})
    problems = []
    for width in WIDTHS:
        browser.set_window_size(width, 900)
        for page, objects in [*PAGES.items(), (TARGET, [".lw-quote:target"])]:
            path, _, fragment = page.partition("#")
            browser.get((site / path).as_uri() + (f"#{fragment}" if fragment else ""))
            if page == "readiness.html":  # the checklist's toolbar is written by lw-checklist.js
                wait_for(lambda: browser.find_elements("css selector", ".lw-checklist-toolbar"))
            if page == "evidence.html":  # and the quote index's filters by lw-quote-index.js
                wait_for(lambda: browser.find_elements("css selector", ".lw-quote-index-filters select"))
            browser.execute_script("document.getAnimations().forEach(a => a.finish())")
            if page == TARGET:
                assert browser.execute_script("return document.querySelector('.lw-quote:target') !== null")
            # the theme really is in this mode, and so are the lw panels on it
            browser.execute_script(COLOURS)
            page_dark = browser.execute_script(DARK, "body")
            assert page_dark == (mode == "dark"), f"{theme} {page} is not in {mode} mode"
            problems += [f"{page} at {width}px: {selector} has a {'light' if page_dark else 'dark'} background"
                         for selector in objects if browser.execute_script(DARK, selector) != page_dark]
            drawings = browser.execute_script(DRAWINGS)
            if page == "evidence.html":
                assert drawings["checked"] > 20, drawings
            browser.execute_script(axe)
            result = browser.execute_async_script(AXE_RUN, objects, [[s] for s in THEME_OWN.get(theme, [])])
            assert "error" not in result, result.get("error")
            for selector, count in zip(objects, result["checked"]):
                assert count > 0, f"{theme} {page}: axe checked no text in {selector}"
            name = f"{theme}-{mode}-{width}-{page.replace('/', '-').replace('#', '-')}.png"
            screenshot(browser, tmp_path / name, width)
            undecided = [line for line in result["incomplete"] if not any(w in line for w in UNDECIDED_HERE)]
            if result["violations"] or undecided or drawings["found"]:
                problems.append(f"{page} at {width}px:\n{describe(result['violations'])}"
                                + "".join(f"\n    (not decided by axe) {line}" for line in undecided)
                                + "".join(f"\n    {line}" for line in drawings["found"]))
    assert not problems, f"{theme}, {mode} mode (screenshots in {tmp_path}):\n" + "\n".join(problems)
