"""The website's text face: the vendored Charis SIL, subset to the scripts the editions
use and compressed as WOFF2, under a name of its own.

The SIL Open Font License reserves the names "Charis" and "SIL": a modified font (and a
subset is one) must not carry them, so the subset is renamed before it is saved.

Subsetting costs seconds of CPU per face, more than a whole edition's website, so the
result is kept in the repository, `press/static/fonts/` (Sphinx copies it to
`_static/fonts/` with the theme's other files), with the licence beside it. After a
change to fonts/ or to this file, make them again:

    .venv/bin/python -m press.site.webfonts

tests/test_site.py makes them in a scratch folder and fails if the kept ones differ.
"""
from __future__ import annotations

from pathlib import Path

from press.core.state import write_atomic

FAMILY = "Twinning Text"          # not "Charis", not "SIL" (OFL reserved font names)
FACES = {                          # file stem -> (CSS weight, CSS style)
    "CharisSIL-Regular": (400, "normal"),
    "CharisSIL-Italic": (400, "italic"),
    "CharisSIL-Bold": (700, "normal"),
    "CharisSIL-BoldItalic": (700, "italic"),
}
# Latin with the Central European letters of all three editions and of the place names
# in the partnership data (Latin Extended-A and -B, combining marks), punctuation,
# currency, arrows and the few symbols the text uses. Anything else falls back to the
# reader's serif face.
UNICODES = [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x300, 0x370),
            *range(0x1E00, 0x1F00), *range(0x2000, 0x2070), *range(0x20A0, 0x20C1),
            0x2116, 0x2122, *range(0x2190, 0x2196), 0x2212, 0x2248, 0x2260, 0x2264, 0x2265,
            0xFEFF]


def _file(stem: str) -> str:
    return stem.replace("CharisSIL", "twinning-text").lower() + ".woff2"


KEPT = Path(__file__).resolve().parent.parent / "static" / "fonts"


def webfonts(fonts: Path, folder: Path = KEPT) -> Path:
    """Write the WOFF2 files, their `fonts.css` and the licence into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    css = []
    for stem, (weight, style) in FACES.items():
        write_atomic(folder / _file(stem), _subset(fonts / f"{stem}.ttf"))
        css.append(f'@font-face {{ font-family: "{FAMILY}"; font-style: {style}; '
                   f'font-weight: {weight}; font-display: swap; '
                   f'src: url("{_file(stem)}") format("woff2"); }}\n')
    write_atomic(folder / "fonts.css", "".join(css).encode())
    write_atomic(folder / "OFL.txt", (fonts / "COPYING-CharisSIL.txt").read_bytes())
    return folder


def _subset(path: Path) -> bytes:
    import io
    import logging

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "Silt NOT subset": dropped, fine
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark",
                               "mkmk", "onum", "lnum", "smcp", "c2sc"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]  # keep the licence (13, 14)
    options.notdef_outline = True
    options.hinting = False        # screens hint themselves; saves a third of the bytes
    # The head table keeps the original dates: the same inputs give the same bytes.
    font = TTFont(str(path), lazy=False, recalcTimestamp=False)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=UNICODES)
    sub.subset(font)
    _rename(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out, reorderTables=False)
    return out.getvalue()


def _rename(font) -> None:
    """Every name record that says Charis or SIL now says the new family."""
    name = font["name"]
    style = name.getDebugName(2) or "Regular"
    for record in list(name.names):
        if record.nameID in (0, 13, 14):
            continue  # copyright and licence stay as they are
        text = record.toUnicode()
        if record.nameID in (1, 16):
            new = FAMILY
        elif record.nameID in (2, 17):
            new = style
        elif record.nameID in (3, 6):
            new = f"{FAMILY}-{style}".replace(" ", "")
        elif record.nameID == 4:
            new = f"{FAMILY} {style}"
        elif "Charis" in text or "SIL" in text:
            new = text.replace("Charis SIL", FAMILY).replace("Charis", FAMILY).replace("SIL", "")
        else:
            continue
        record.string = new
    # 'Modified' is noted in the version string, as the OFL's FAQ suggests.
    for record in name.names:
        if record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset for the web"


if __name__ == "__main__":
    from press import ROOT

    out = webfonts(ROOT / "fonts")
    for path in sorted(out.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:>7} bytes")
