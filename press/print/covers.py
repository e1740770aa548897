"""The covers of the print book: front, back, and (for --print) the cover spread.

Front: title, subtitle, publishers, edition and year around artwork drawn from the
data: every Slovak and Czech municipality with partners as a circle whose area is its
number of partners (press.data.figures.statmaps, the same drawing as the statistics
chapter's first map, without legend). Back: the blurb (`press_blurb`, translated in
press.po like every conf.py text), the publishers, and the ISBN as an EAN-13 barcode
when `book/conf.py` gives the edition an ISBN. The book never prints an invented ISBN:
with none set there is no barcode, and a set one must have a valid check digit.

The bars come from python-barcode's EAN-13 encoder (its module pattern) and are drawn
here as SVG rectangles: vector art, no style attributes (WeasyPrint reads those of an
inline SVG as HTML CSS), and the human-readable digits set in the book's font.
"""
from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING

from press.core.state import BuildError

if TYPE_CHECKING:   # the functions import pathlib themselves
    from pathlib import Path

# GS1 EAN-13 at 100 % magnification: 0.33 mm modules, bars 22.85 mm high, quiet zones
# of 11 modules before and 7 after the 95 modules of the symbol.
MODULE_MM = 0.33
BAR_HEIGHT_MM = 22.85
QUIET_LEFT, QUIET_RIGHT = 11, 7
COVER_INK = "#8b1a1a"                                # the cover's red (print.css)
GUARDS = {0, 1, 2, 45, 46, 47, 48, 49, 92, 93, 94}   # modules of the longer guard bars


def isbn_digits(isbn: str, where: str = "book/conf.py") -> str:
    """The 13 digits of an ISBN-13 ("978-80-…" with hyphens or spaces); a clear error
    for anything else, or for a wrong check digit."""
    digits = re.sub(r"[\s-]", "", isbn)
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise BuildError(f"{where}: isbn {isbn!r}: an ISBN-13 is 13 digits starting 978 or 979")
    if check_digit(digits[:12]) != digits[12]:
        raise BuildError(f"{where}: isbn {isbn!r}: wrong check digit, expected "
                         f"{check_digit(digits[:12])}")
    return digits


def check_digit(first12: str) -> str:
    """ISBN-13 / EAN-13 check digit: weights 1, 3, 1, 3 … modulo 10."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def ean13_modules(digits: str) -> str:
    """The 95 modules ("1" bar, "0" space) of an EAN-13 symbol, from python-barcode."""
    from barcode import EAN13

    symbol = EAN13(digits[:12])
    if symbol.get_fullcode() != digits:
        raise BuildError(f"ISBN {digits}: python-barcode computed {symbol.get_fullcode()}")
    modules = symbol.build()[0]
    if len(modules) != 95 or set(modules) - {"0", "1"}:
        raise BuildError(f"ISBN {digits}: unexpected EAN-13 pattern from python-barcode")
    return modules


def barcode_svg(digits: str) -> str:
    """The EAN-13 symbol as inline SVG in millimetres, quiet zones included."""
    modules = ean13_modules(digits)
    width = (QUIET_LEFT + 95 + QUIET_RIGHT) * MODULE_MM
    height = BAR_HEIGHT_MM + 1.65          # guard bars reach 5 modules lower
    bars, run_start = [], None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and run_start is None:
            run_start = i
        elif bit != "1" and run_start is not None:
            long_bar = run_start in GUARDS
            x = (QUIET_LEFT + run_start) * MODULE_MM
            h = height if long_bar else BAR_HEIGHT_MM
            bars.append(f'<rect x="{x:.3f}" y="0" width="{(i - run_start) * MODULE_MM:.3f}" '
                        f'height="{h:.3f}" fill="#000000"/>')
            run_start = None
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="isbn-barcode" role="img" '
            f'width="{width:.2f}mm" height="{height:.2f}mm" viewBox="0 0 {width:.3f} {height:.3f}">'
            f'<title>EAN-13 {digits}</title><rect width="{width:.3f}" height="{height:.3f}" '
            f'fill="#ffffff"/>{"".join(bars)}</svg>')


def hyphenated(isbn: str) -> str:
    """The ISBN as conf.py writes it (publishers assign the hyphenation), spaces as hyphens."""
    return re.sub(r"\s+", "-", isbn.strip())


# --- the cover pages in the print HTML ---------------------------------------------------

def _artwork(app) -> str:
    """The front cover's drawing, or "" when the data cannot be read (the build warns
    about the data elsewhere)."""
    from press.data import partnerships as data
    from press.data.figures import statmaps

    project = app.config.press_edition.project   # press.core.edition
    try:
        ds = data.load_project(project)
    except data.DataError:
        return ""
    path, _ = statmaps.home_map_file(project, ds,
                                     app.config.language, legend=False, css_class="cover-map",
                                     ink=COVER_INK)
    return path.read_text(encoding="utf-8")


def front_cover(app, title: str, subtitle: str, publishers: list[str], edition: str,
                year: int, draft: str) -> str:
    """All arguments are already escaped HTML."""
    names = "".join(f"<p>{p}</p>" for p in publishers)
    return f"""<section class="cover" id="cover">
<div class="cover-publishers">{names}</div>
<p class="cover-title">{title}</p>
<p class="cover-subtitle">{subtitle}</p>
{draft}
<div class="cover-art">{_artwork(app)}</div>
<p class="cover-edition">{edition} · {year}</p>
</section>"""


def back_cover(app, blurb: str, publishers: list[str], isbn: str) -> str:
    """The back cover; `isbn` is the edition's raw setting ("" for none). The blurb gets
    the edition's typography (no one-letter word at a line's end in sk and cs)."""
    from press.i18n.typography import typeset_runs

    blurb = typeset_runs([(blurb, True)], app.config.language)[0]
    code = ""
    if isbn:
        digits = isbn_digits(isbn)
        code = (f'<div class="cover-isbn"><p>ISBN {html.escape(hyphenated(isbn))}</p>'
                f'{barcode_svg(digits)}<p class="ean-digits">{digits[0]} {digits[1:7]} '
                f'{digits[7:]}</p></div>')
    names = "".join(f"<p>{p}</p>" for p in publishers)
    return f"""<section class="back-cover" id="back-cover">
<p class="cover-blurb">{blurb}</p>
<div class="back-publishers">{names}</div>
{code}
</section>"""


# --- the cover spread for the printer ------------------------------------------------------

TRIM_MM = {"A5": (148.0, 210.0), "A4": (210.0, 297.0)}
BLEED_MM = 3.0
SPREAD_DIR = "cover"          # _build/pdf/cover/<publication>-<lang>-cover.pdf
_SECTION = r'<section class="{cls}" id="{id}">.*?</section>'


def spine_mm(pages: int, leaf_mm: float) -> float:
    """Spine width: one paper thickness per leaf (two pages), rounded to 0.1 mm."""
    if leaf_mm <= 0:
        raise BuildError(f"book/conf.py: press_paper_leaf_mm must be positive, not {leaf_mm}")
    return round(math.ceil(pages / 2) * leaf_mm, 1)


def spread_html(print_html: str, *, trim: tuple[float, float], spine: float, title: str,
                spine_words: str) -> str:
    """One page: back cover, spine, front cover, from the print HTML's own cover pages."""
    found = {}
    for cls, ident in (("cover", "cover"), ("back-cover", "back-cover")):
        match = re.search(_SECTION.format(cls=cls, id=ident), print_html, re.S)
        if not match:
            raise BuildError(f"print HTML: no <section class=\"{cls}\">: cannot make the cover spread")
        found[cls] = match.group(0)
    spine_html = (f'<div class="spine"><div class="spine-text"><span>{spine_words}</span>'
                  f"</div></div>" if spine >= 4 else '<div class="spine"></div>')
    css = _spread_css(print_html, trim, spine)
    lang = re.search(r'<html lang="([^"]+)"', print_html)
    return (f'<!DOCTYPE html>\n<html lang="{lang.group(1) if lang else "en"}">\n<head>'
            f'<meta charset="utf-8"><title>{title}</title><style>{css}</style></head>\n'
            f'<body><div class="spread"><div class="panel">{found["back-cover"]}</div>'
            f'{spine_html}<div class="panel">{found["cover"]}</div></div></body>\n</html>\n')


def _spread_css(print_html: str, trim: tuple[float, float], spine: float) -> str:
    """The spread's page (trim, spine and bleed) and the covers' styles, with the print
    HTML's own @font-face rules."""
    faces = "\n".join(re.findall(r"@font-face \{[^}]*\}", print_html))
    width, height = 2 * trim[0] + spine, trim[1]
    text = min(9.0, spine * 0.55 / 0.3528)          # pt; a cap height inside the spine
    return f"""{faces}
@page {{ size: {width:.1f}mm {height:.1f}mm; margin: 0; bleed: {BLEED_MM}mm; marks: crop; }}
html {{ font: 10pt/1.4 "Charis SIL", serif; color: #111; }}
body {{ margin: 0; }}
p {{ margin: 0 0 0.55em; hyphens: manual; text-align: left; }}
.spread {{ display: flex; width: {width:.1f}mm; height: {height:.1f}mm; }}
.panel {{ width: {trim[0]:.1f}mm; height: {height:.1f}mm; box-sizing: border-box;
          padding: 18mm 16mm 20mm 16mm; }}
.panel > section {{ height: 100%; display: flex; flex-direction: column; }}
.spine {{ width: {spine:.1f}mm; height: {height:.1f}mm; background: {COVER_INK}; position: relative; }}
.spine-text {{ position: absolute; top: 0; left: {spine:.1f}mm; width: {height:.1f}mm;
               height: {spine:.1f}mm; transform-origin: 0 0; transform: rotate(90deg);
               text-align: center; color: #fff; font-size: {text:.1f}pt;
               line-height: {spine:.1f}mm; white-space: nowrap; }}
.cover {{ border-top: 5mm solid {COVER_INK}; padding-top: 5mm; }}
.cover-publishers p {{ margin: 0; font-size: 9pt; }}
.cover-title {{ font-size: 28pt; margin: 14mm 0 4mm; line-height: 1.1; color: {COVER_INK}; }}
.cover-subtitle {{ font-size: 12.5pt; font-style: italic; }}
.cover-art {{ margin: auto 0; }}
.cover-art svg {{ width: 100%; }}
.cover-edition {{ margin: 0; font-size: 9.5pt; border-top: 0.6pt solid {COVER_INK}; padding-top: 2mm; }}
.draft-mark {{ font-weight: bold; font-size: 14pt; color: #a00; border: 2pt solid #a00;
               padding: 2mm 4mm; align-self: flex-start; }}
.back-cover {{ border-bottom: 5mm solid {COVER_INK}; }}
.cover-blurb {{ font-size: 11.5pt; line-height: 1.45; margin-top: 12mm; }}
.back-publishers {{ margin-top: 8mm; font-size: 9pt; }}
.back-publishers p {{ margin: 0; }}
.cover-isbn {{ margin-top: auto; margin-bottom: 4mm; align-self: flex-end; background: #fff; }}
.cover-isbn p {{ margin: 0; font-size: 8pt; text-align: center; letter-spacing: 0.08em; }}
.cover-isbn svg {{ display: block; }}
"""


def spread_path(book_pdf) -> "Path":
    from pathlib import Path

    book_pdf = Path(book_pdf)
    return book_pdf.parent / SPREAD_DIR / f"{book_pdf.stem}-cover.pdf"


def write_spread(project, folder, book_pdf, pages: int, lang: str) -> "Path":
    """Render the cover spread of an edition next to its PDF (in cover/)."""
    from pathlib import Path

    from press.i18n.labels import label
    from press.print import pdf

    conf = project.conf
    trim = TRIM_MM.get(conf.get("press_page_size", "A5"))
    if trim is None:
        raise BuildError(f"book/conf.py: press_page_size {conf.get('press_page_size')!r}: "
                         f"the cover spread knows {', '.join(TRIM_MM)}")
    spine = spine_mm(pages, float(conf.get("press_paper_leaf_mm", 0.1)))
    title = html.escape(label(lang, conf.get("press_title", ""), project.locales))
    words = f"{title} · ZMOS · SMO ČR" if "ZMOS" in " ".join(conf.get("press_publishers", [])) \
        else title
    page = spread_html(Path(folder, "index.html").read_text(encoding="utf-8"), trim=trim,
                       spine=spine, title=title, spine_words=words)
    # Beside the print folder, not in it: a render's cache key hashes that folder.
    spread_folder = Path(folder).parent / "cover"
    spread_folder.mkdir(parents=True, exist_ok=True)
    source = spread_folder / "cover-spread.html"
    source.write_text(page, encoding="utf-8")
    out = spread_path(book_pdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.render(source, out, [spread_folder, project.fonts], document=f"{lang} cover spread",
               variant=None)
    return out
