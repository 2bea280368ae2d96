# The Living Well practice handbook.  Two commands do everything on a fresh Debian machine:
#   make handbook   set up, then build HTML (build/html) and PDF (build/pdf)
#   make test       set up, then run the test suite
# Set-up creates .venv, installs the package, and installs missing system tools with apt
# (as root), or prints exactly what to install when apt can't be used.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
SPHINXOPTS  ?= -n -W --keep-going
SOURCE      := docs
CONF        := conf
BUILD       := build
PDF_NAME    := living-well-handbook
SEEDCHECK   := ../shared/tools/seedcheck.py

# Debian packages: the PDF toolchain, PDF text tools, Java for the Nu HTML Checker, and
# Chromium for browser tests.  Node and npm (for axe-core and vnu-jar) are installed from
# Debian only when npm is missing, so a nodesource Node is never replaced.
APT_TEX     := texlive-xetex texlive-fonts-recommended texlive-pictures fonts-freefont-otf latexmk xindy
APT_TOOLS   := poppler-utils default-jre-headless epubcheck zbar-tools
APT_BROWSER := chromium chromium-driver
APT_ALL     := $(APT_TEX) $(APT_TOOLS) $(APT_BROWSER)
APT_NODE    := nodejs npm

.PHONY: handbook html html-internal pdf epub kit test test-compat setup system-deps node-deps seedcheck clean help

help:
	@echo "make handbook  - set up and build the handbook (HTML and PDF)"
	@echo "make test      - set up and run the tests"
	@echo "make html | html-internal | pdf | epub | kit | seedcheck | clean"

handbook: setup system-deps html pdf

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[handbook,test]"
	touch $@

# Installs what is missing when we are root with apt; otherwise says what to install.
system-deps:
	@missing=""; \
	for cmd in xelatex latexmk xindy pdftotext java chromium chromedriver zbarimg; do \
	  command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$cmd"; \
	done; \
	fc-list 2>/dev/null | grep -q FreeSerif || missing="$$missing FreeSerif-font"; \
	test -f $(EPUBCHECK_JAR) || missing="$$missing epubcheck"; \
	{ ! command -v kpsewhich >/dev/null 2>&1 || kpsewhich qrcode.sty >/dev/null; } || missing="$$missing qrcode.sty"; \
	packages="$(APT_ALL)"; \
	command -v npm >/dev/null 2>&1 || { missing="$$missing npm"; packages="$$packages $(APT_NODE)"; }; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "missing system tools:$$missing"; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$packages >/dev/null \
	    || { echo "apt-get failed; install by hand: apt-get install $$packages"; exit 1; }; \
	else \
	  echo "Can't install them here (not root, or no apt-get). Ask an administrator to run:"; \
	  echo "  sudo apt-get install --no-install-recommends $$packages"; \
	  echo "The HTML handbook builds without them; the PDF and browser tests need them."; \
	fi

html: setup
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -d $(BUILD)/doctrees/html -c $(CONF) $(SOURCE) $(BUILD)/html
	@echo "HTML: $(BUILD)/html/index.html"

# The internal edition (stories marked :visibility: internal included), in a folder of its own.
html-internal: setup
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -D lw_edition=internal -d $(BUILD)/doctrees/html-internal -c $(CONF) $(SOURCE) $(BUILD)/html-internal
	@echo "HTML (internal edition, not for publishing): $(BUILD)/html-internal/index.html"

pdf: setup
	@if ! command -v xelatex >/dev/null 2>&1 || ! command -v latexmk >/dev/null 2>&1; then \
	  echo "PDF skipped: xelatex and latexmk are not installed (see 'make system-deps')."; \
	else \
	  $(SPHINXBUILD) -b latex $(SPHINXOPTS) -d $(BUILD)/doctrees/latex -c $(CONF) $(SOURCE) $(BUILD)/latex && \
	  $(MAKE) -C $(BUILD)/latex LATEXMKOPTS="-interaction=nonstopmode -halt-on-error -silent" all-pdf && \
	  mkdir -p $(BUILD)/pdf && cp $(BUILD)/latex/$(PDF_NAME).pdf $(BUILD)/pdf/ && \
	  echo "PDF: $(BUILD)/pdf/$(PDF_NAME).pdf"; \
	fi

# The e-book: Sphinx's EPUB 3 builder (accessibility metadata from lw_method), then EPUBCheck
# (Debian's epubcheck, run on Debian's Java), which must report no errors or warnings.
EPUBCHECK_JAR := /usr/share/java/epubcheck.jar
epub: setup
	$(SPHINXBUILD) -b epub $(SPHINXOPTS) -d $(BUILD)/doctrees/epub -c $(CONF) $(SOURCE) $(BUILD)/epub
	@if [ -f $(EPUBCHECK_JAR) ]; then \
	  java -jar $(EPUBCHECK_JAR) --failonwarnings $(BUILD)/epub/$(PDF_NAME).epub; \
	else \
	  echo "EPUBCheck skipped: install Debian's epubcheck (see 'make system-deps')."; \
	fi
	@echo "EPUB: $(BUILD)/epub/$(PDF_NAME).epub"

# The workshop kit: one PDF per kind of material (method cards, insight cards, story posters,
# the readiness worksheet), from the handbook's own objects, into build/kit.  The items carry
# QR codes of their addresses when the handbook has one: make kit BASE_URL=https://…/
BASE_URL ?=
kit: setup
	$(BIN)/lw-method kit $(SOURCE) -c $(CONF) -o $(BUILD) $(if $(BASE_URL),--base-url $(BASE_URL))

# axe-core and the Nu HTML Checker (vnu-jar) for the accessibility tests, from package.json.
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; we use Debian's.
node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund --ignore-scripts
	touch $@

test: setup system-deps node-deps
	$(BIN)/python -m pytest -q

# The suite against the oldest Sphinx the package supports (pyproject: sphinx>=8.2), in a venv of
# its own, so the claim is tested; not part of make test.
COMPAT_VENV   := .venv-compat
COMPAT_SPHINX ?= 8.2.*
.PHONY: test-compat
test-compat: system-deps node-deps $(COMPAT_VENV)/.installed
	$(COMPAT_VENV)/bin/python -c "import sphinx; print('Sphinx', sphinx.__version__)"
	$(COMPAT_VENV)/bin/python -m pytest -q

$(COMPAT_VENV)/.installed: pyproject.toml
	test -x $(COMPAT_VENV)/bin/python || $(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COMPAT_VENV)/bin/python -m pip install --quiet -e ".[handbook,test]" "sphinx==$(COMPAT_SPHINX)"
	touch $@

# Quotes verbatim, prose our own: the Story Book check from ../shared.
seedcheck:
	$(PYTHON) $(SEEDCHECK) $(SOURCE)

# Build benchmark: synthetic handbooks at 1x, 10x and 100x, lw_method beside sphinx-needs and
# plain MyST, in interleaved rounds.  make bench runs every size; make bench SCALE=10 runs one;
# ROUNDS=5 for more rounds (default 3); PDF=1 times the PDFs too (xelatex, latexmk).
# Installs the bench extra (sphinx-needs).  Results: build/bench/results.json.
SCALE  ?=
ROUNDS ?=
PDF    ?=
.PHONY: bench
bench: setup $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py --out $(BUILD)/bench $(if $(SCALE),--scale $(SCALE)) \
	  $(if $(ROUNDS),--rounds $(ROUNDS)) $(if $(PDF),--pdf)

$(VENV)/.bench-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[handbook,test,bench]"
	touch $@

clean:
	rm -rf $(BUILD)
