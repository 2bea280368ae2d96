"""Sphinx configuration of the Living Well practice handbook (``sphinx-build -c conf docs …``)."""



project = "Living Well practice handbook"
author = "lw-method contributors"
copyright = "2026, lw-method contributors. Quotes from Working Towards Something Better (Living Well UK, Innovation Unit)"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "lw_method",
    "lw_method.book",  # the sections bar, the PDF's book design
    "lw_method.navigation",  # the sidebar's site navigation, resolved once per build
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

lw_quote_source = "Working Towards Something Better (Living Well UK, 2021)"

# The HTML handbook: sphinx-book-theme (a book's single reading column, a chapter sidebar, an
# in-page contents column, print-friendly), in one light look, with the handbook's sections
# bar (lw-sections.html, from lw_method.book) in the sticky header of every page.
html_theme = "sphinx_book_theme"
html_title = "Living Well practice handbook"
html_static_path = ["_static"]
html_css_files = ["handbook.css"]
html_context = {"default_mode": "light"}
html_sidebars = {"**": ["sbt-sidebar-nav.html"]}
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "max_navbar_depth": 2,
    "show_toc_level": 2,
    "article_header_start": ["toggle-primary-sidebar.html", "lw-sections.html"],
    "article_header_end": ["search-button.html", "toggle-secondary-sidebar.html"],
    "navbar_persistent": [],
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_prev_next": True,
    "footer_content_items": ["copyright.html"],
}

# The PDF handbook (make pdf): Sphinx's LaTeX builder and xelatex, designed by lw_method's
# lw-method.sty.  Each entry of the root toctrees is a \part; the Introduction and the
# reference pages are chapters instead (front and back matter), and Evidence and Readiness are
# parts whose sections run on without new pages.  The citations are set on the Bibliography
# page, not after it.
latex_engine = "xelatex"
latex_documents = [
    ("index", "living-well-handbook.tex", "Living Well practice handbook", author, "manual"),
]
latex_toplevel_sectioning = "part"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "extraclassoptions": "openany,oneside",
    "sphinxsetup": "hmargin={24mm,24mm}, vmargin={26mm,26mm}",
    "fncychap": "",
    "makeindex": "",
    "printindex": "",
    "preamble": r"""
\lwkicker{Living Well UK}
\lwsubtitle{Methods, stories, insights and a readiness checklist for places building a Living
  Well system of community mental health support}
\lwtitlenote{Based on the stories in \emph{Working Towards Something Better}, the second
  Living Well UK Story Book (Living Well UK and Innovation Unit, 2021), and on the words of
  the people who designed, tested and led the first Living Well UK sites.}
\lwpartsaschapters{introduction,conclusion,glossary,bibliography,editors}
\lwcompactparts{evidence,readiness}
\lwbibliographydoc{bibliography}
\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}
\hypersetup{
  pdftitle={Living Well practice handbook},
  pdfauthor={lw-method contributors},
  pdfsubject={A practice handbook for building Living Well community mental health systems,
    from the stories in Working Towards Something Better (Living Well UK, 2021)},
  pdfkeywords={Living Well, community mental health, system change, co-design, co-production,
    prototyping, peer support, lived experience, collaborative leadership, readiness checklist},
  pdflang={en-GB},
  pdfdisplaydoctitle=true,
}
\def\sphinxbackoftitlepage{%
  \vspace*{\fill}
  \begingroup\sffamily\small\raggedright\setlength\parskip{6pt}
  \textbf{\color{lwaccent}Using this PDF.} Every name of a method, story, insight or readiness
  check is a link to it. Each excerpt on an insight page leads to the quote in the
  storyteller's full story (\emph{read the full story}), and each quote in a story lists the
  insights that cite it. The bookmarks panel lists the parts and chapters.

  \textbf{\color{lwaccent}Looking after yourself.} Some stories talk about suicide,
  bereavement and serious mental distress; their pages open with a content note. If you are
  struggling, you can call Samaritans free, day or night, on 116 123. In England, you can call
  NHS 111 and choose option 2 for urgent mental health support.

  \textbf{\color{lwaccent}Sources.} The quotes are the storytellers' own words from
  \emph{Working Towards Something Better} (Living Well UK and Innovation Unit, 2021), shared with
  their consent; they remain the storytellers' and Innovation Unit's, and are used here with
  attribution. Everything else is written for this handbook; the lw-method software that
  builds it is open source under the MIT licence.

  \textcopyright\ 2026 lw-method contributors.
  \endgroup}
""",
    "tableofcontents": "\\sphinxtableofcontents\n\\lwfrontchapter{About this handbook}\n",
}

# The e-book (make epub): Sphinx's EPUB 3 builder; lw_method adds the accessibility metadata
# (lw_epub_accessibility), its stylesheets and a version.  The book theme's stylesheet is for
# the web handbook, so the e-book leaves it out and keeps Sphinx's epub theme.
epub_title = project
epub_author = author
epub_publisher = "lw-method contributors"
epub_contributor = "The storytellers of Working Towards Something Better (Living Well UK, 2021)"
epub_description = ("A practice handbook for places building a Living Well system of community "
                    "mental health support: methods, stories, insights, reading paths and a "
                    "readiness checklist.")
epub_copyright = copyright
epub_identifier = epub_uid = "lw-method-living-well-handbook"  # the NCX repeats it, as an XML name
epub_basename = "living-well-handbook"
epub_css_files: list[str] = []
epub_exclude_files = ["_static/handbook.css"]
epub_show_urls = "no"
