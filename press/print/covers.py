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
import re

from press.core.state import BuildError

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
    from press.core.project import Project
    from pathlib import Path
    from press.data.figures import statmaps
    from press.ext.datafigures import _dataset

    ds = _dataset(app.env)
    if ds is None:
        return ""
    path, _ = statmaps.home_map_file(Project(Path(app.config.press_root)), ds,
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
