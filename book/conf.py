# Sphinx configuration of the publication, and the one place for its settings.
# The build copies book/ to _build/src/ and adds the generated pages; paths here are
# relative to that copy. press_edition (language, project, options) is passed in by build.py.

project = "Town twinning"
author = "ZMOS; SMO ČR"
copyright = "2026, ZMOS and SMO ČR"

# --- Editions. Adding one is one line here plus its catalogs under locales/<lang>/.
# isbn: printed on the imprint page; left out when empty. epub_isbn: the EPUB's own
# ISBN, its identifier (else a fixed UUID per edition).
press_editions = {
    "sk": {"isbn": ""},
    "cs": {"isbn": ""},
    "en": {"isbn": ""},
}
press_source_language = "sk"     # language of a chapter without `language:` front matter
press_publication = "twinning"    # PDF file name: _build/pdf/<publication>-<lang>.pdf
press_date = "2026-11-30"         # publication date; also drives SOURCE_DATE_EPOCH
press_page_size = "A5"            # A4 or A5
# Words on the cover, title page and imprint. They are English msgids: each edition's
# wording is in locales/<lang>/LC_MESSAGES/press.po.
press_title = "Town Twinning"
press_subtitle = "A guide to partnerships of towns and municipalities, with examples of good practice"
press_publishers = [
    "Association of Towns and Communities of Slovakia (ZMOS)",
    "Union of Towns and Municipalities of the Czech Republic (SMO ČR)",
]
press_keywords = ["town twinning", "partner towns", "Europe for Citizens", "Slovakia",
                  "Czech Republic"]
# The 2011–12 project this edition builds on (FACTS-2026.md, section 8). The edition was
# made long after that project ended, so it claims no funding of its own from it.
press_funding = ("This edition builds on the project “Support of town twinning by the national "
                 "associations of local self-governments in the Slovak and the Czech "
                 "Republics” of ZMOS (lead) and SMO ČR (partner), which ran from 1 February "
                 "2011 to 30 April 2012 and was co-financed by the European Union programme "
                 "Europe for Citizens 2007–2013 (Action 1, Measure 2.2 – support measures). "
                 "Among its outputs were the SMO ČR publication “Current Trends in "
                 "Town-twinning Cooperation of Towns and Municipalities” (2012) and the "
                 "partner-town database and map at partnerskamesta.cz.")
# The back cover's text (English msgid; sk and cs in press.po). Only what the book
# itself shows: its chapters, its cases (real with sources, illustrative marked) and its
# statistics from the public partnership data.
press_blurb = ("How does a town find a partner abroad, write an agreement that works, pay for "
               "the first exchanges and keep a partnership alive over the years? This guide "
               "answers these questions for mayors, councillors and municipal staff in "
               "Slovakia and the Czech Republic. It draws on examples of good practice from "
               "Slovak and Czech towns and villages – real ones with their sources, and "
               "illustrative ones marked as such – and on statistics of the partnerships that "
               "Slovak and Czech municipalities keep with municipalities in Europe and beyond.")
# The book's paper, for the spine of the print cover spread: thickness of one leaf
# (two pages) in millimetres. 0.1 mm is a common 90 g/m² offset paper; the printer
# confirms the figure for the paper actually chosen.
press_paper_leaf_mm = 0.1
press_licence = "Text licensed under Creative Commons Attribution 4.0 (CC BY 4.0)."
press_data_credits = [
    "partnerships: English Wikipedia lists of twin towns (via Hekman/twincities, MIT) and the "
    "SMO ČR partner-town database 2013 (via economia/partnerska-mesta)",
    "places: GeoNames (CC BY 4.0)",
    "country outlines: Natural Earth (public domain), via world-atlas (ISC)",
]
# Documents allowed raw HTML and file-including directives (in their source only,
# never in translations). Nothing is trusted by default.
press_trusted_documents: list[str] = []

# --- Sphinx
extensions = ["myst_parser", "press.ext"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["locales", "_*", "**/README.md"]
language = press_source_language
locale_dirs = ["locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_additional_targets = ["image", "index"]
numfig = True
smartquotes = False            # quotation marks are set by press.ext.typography per edition
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 2
# The website. Furo: accessible (skip link, landmarks, visible focus, reduced motion),
# responsive down to a phone without a framework, small (one CSS and one script, no
# web requests of its own), maintained, and its colours and fonts are CSS variables.
html_theme = "furo"
html_title = project
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_permalinks_icon = "#"
# The website's address, e.g. "https://www.example.sk/partnerstvo/": canonical links,
# hreflang alternates and sitemap.xml are built from it. While it is empty the site
# works from any folder, without canonical links and without a sitemap.
press_site_url = ""
# The partner board (board/, website only; the PDFs never read it). Entries are sent to
# this address. No public office address of ZMOS or SMO ČR for this purpose is known
# (/work/shared/data/FACTS-2026.md, section 6, found none): a placeholder in the
# reserved .example domain (RFC 2606) until the secretariat names a real one.
press_board_email = "partnerska-burza@zmos.example"
# The fictional example entries (example: true) are shown, marked "Example", while True.
press_board_examples = True
# Where the partnership database's "report a missing or ended partnership" link goes,
# per side (the associations' partnership pages, as the contacts appendix gives them);
# a mailto: address works too.
press_report_contacts = {
    "SK": "https://zahranicnaspolupraca.zmos.sk",
    "CZ": "https://www.smocr.cz/cs/cinnost/eu-a-mezinarodni-spoluprace/partnerstvi-mest",
}
# Furo's sidebar without the Read the Docs pieces; the navigation lists every page.
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html",
                        "sidebar/scroll-start.html", "sidebar/navigation.html",
                        "sidebar/scroll-end.html"]}
# The publication's colours (the cover's red) and the text face of the print edition
# (Charis SIL, subset and renamed for the web by press/site/webfonts.py).
_fonts = '"Twinning Text", Charis, "Charis SIL", Georgia, serif'
html_theme_options = {
    "top_of_page_buttons": [],
    "light_css_variables": {
        "color-brand-primary": "#8b1a1a", "color-brand-content": "#8b1a1a",
        "color-brand-visited": "#6b2a5a", "font-stack": _fonts, "font-stack--headings": _fonts,
    },
    "dark_css_variables": {
        "color-brand-primary": "#f2a5a5", "color-brand-content": "#f2a5a5",
        "color-brand-visited": "#dcb0d8",
    },
}
