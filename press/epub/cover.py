"""The EPUB's cover image: a PNG drawn with matplotlib from the edition's own words.

Not the PDF's cover page: the EPUB must not depend on a WeasyPrint render. The layout
echoes the print cover (a dark red band, the publishers, the title in red, the
subtitle in italics, the draft mark, the year). PNG, not SVG, because e-readers show
a raster cover in their library everywhere. Agg draws the same pixels for the same
inputs and `Software` is left out of the PNG, so the bytes are reproducible.
"""
from __future__ import annotations

import io
import textwrap
from pathlib import Path

RED = "#8b1a1a"
DRAFT = "#aa0000"
INK = "#1a1a1a"
WIDTH_IN, HEIGHT_IN, DPI = 5.83, 8.27, 200   # A5 proportions, 1166 × 1654 px


def render_cover(fonts: Path, title: str, subtitle: str, publishers: list[str],
                 year: str, edition: str, draft: str = "") -> bytes:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    faces = [font_manager.FontProperties(fname=str(fonts / f"CharisSIL-{style}.ttf"))
             for style in ("Regular", "Italic", "Bold")]
    with matplotlib.rc_context({"text.antialiased": True}):
        fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        ax.add_patch(Rectangle((0, 0.965), 1, 0.035, color=RED, lw=0))
        ax.add_patch(Rectangle((0, 0), 1, 0.012, color=RED, lw=0))
        _write(ax, faces, title, subtitle, publishers, year, edition, draft)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _write(ax, faces, title: str, subtitle: str, publishers: list[str], year: str, edition: str,
           draft: str) -> None:
    """The cover's words, top to bottom, in Charis SIL (regular, italic, bold)."""
    regular, italic, bold = faces
    left = 0.1
    y = 0.93
    for publisher in publishers:
        for line in textwrap.wrap(publisher, 48):
            ax.text(left, y, line, fontproperties=regular, fontsize=11, color=INK,
                    va="top")
            y -= 0.028
        y -= 0.01
    y = 0.66
    for line in textwrap.wrap(title, 16):
        ax.text(left, y, line, fontproperties=bold, fontsize=38, color=RED, va="top")
        y -= 0.075
    y -= 0.02
    for line in textwrap.wrap(subtitle, 38):
        ax.text(left, y, line, fontproperties=italic, fontsize=15, color=INK, va="top")
        y -= 0.04
    if draft:
        ax.text(left, y - 0.04, draft, fontproperties=bold, fontsize=15, color=DRAFT,
                va="top", bbox={"boxstyle": "square,pad=0.5", "fc": "white",
                                "ec": DRAFT, "lw": 2})
    ax.text(left, 0.07, year, fontproperties=regular, fontsize=14, color=INK)
    ax.text(0.9, 0.07, edition, fontproperties=italic, fontsize=12, color=INK,
            ha="right")
