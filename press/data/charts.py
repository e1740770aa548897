"""The statistics chapter's charts, in an edition's language, and their cached files.

Charts are matplotlib SVG with text kept as text (`svg.fonttype: none`), a fixed
`svg.hashsalt` and no date, so the same inputs give the same bytes. Their captions,
numbers and rankings come from press.data.tables, so a chart and its table agree. They
are cached under `_build/.work/figures/<lang>/` by a hash of everything they are drawn
from. Nothing here depends on Sphinx; `generate_all` draws every chart and map of the
book for bench.
"""
from __future__ import annotations

import io
import logging
import time
from decimal import Decimal
from pathlib import Path

from press.data import maps, tables
from press.i18n import labels, names
from press.data import partnerships as data
from press.data.tables import (check_name, decade, number, percent, ranked_top, split_countries,
                               title)
from press.i18n.labels import catalog_path, label
from press.core.state import inputs_hash

ACCENT, MUTED, INK = "#9c2f2f", "#b9b4aa", "#333333"
FONT_FAMILY = ["Charis SIL", "DejaVu Sans"]
CHART_WIDTH_IN = 4.6
SIDE_SLACK_IN = 0.2

CHARTS = (("by-country", "SK"), ("by-country", "CZ"), ("decades", "SK"), ("decades", "CZ"))
"""The charts the statistics chapter shows; generate_all draws these."""
CHART_KINDS = ("by-country", "top-municipalities", "decades", "eu-share")


# --- charts --------------------------------------------------------------------------

def _rc() -> dict:
    return {
        "svg.hashsalt": "town-twinning",     # fixed ids: same chart, same bytes
        "svg.fonttype": "none",              # text stays text, set in the book's font
        "font.family": FONT_FAMILY,
        "font.size": 8.0,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": INK,
        "ytick.color": INK,
        "path.simplify": True,
    }


def _register_fonts(project) -> None:
    """Make the book's vendored fonts (fonts/*.ttf|otf) known to matplotlib, so that
    the chart is laid out with the metrics of the font it will be printed in."""
    from matplotlib import font_manager

    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    for path in sorted(Path(project.fonts).glob("**/*")):
        if path.suffix.lower() in (".ttf", ".otf") and path.resolve() not in known:
            font_manager.fontManager.addfont(str(path))


def _svg(fig) -> bytes:
    """The figure cropped to its content, with slack at the sides: a browser shows an
    SVG <img> in the reader's fonts, which may run wider than the book's."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    tight = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())
    box = Bbox.from_extents(tight.x0 - SIDE_SLACK_IN, tight.y0 - 0.04,
                            tight.x1 + SIDE_SLACK_IN, tight.y1 + 0.04)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches=box)
    return buffer.getvalue()


def render_chart(project, kind: str, country: str, lang: str, ds: data.Dataset) -> bytes:
    """One chart as SVG bytes."""
    import matplotlib
    from matplotlib.figure import Figure

    check_name(kind, country, CHART_KINDS)
    _register_fonts(project)
    draw = {"by-country": _draw_by_country, "top-municipalities": _draw_top,
            "decades": _draw_decades, "eu-share": _draw_eu}[kind]
    quiet = logging.getLogger("matplotlib.font_manager")
    level = quiet.level
    quiet.setLevel(logging.ERROR)      # "Charis SIL not found" while fonts/ is empty
    try:
        with matplotlib.rc_context(_rc()):
            fig = Figure(figsize=(CHART_WIDTH_IN, 3.0))
            draw(fig, country, lang, ds)
            return _svg(fig)
    finally:
        quiet.setLevel(level)


def _number_axis(axis, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _: number(int(round(v)), lang)))


def _bar_labels(ax, bars, values: list[str], horizontal: bool) -> None:
    for bar, text in zip(bars, values):
        if horizontal:
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", fontsize=7, color=INK)
        else:
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        xytext=(0, 2), textcoords="offset points", ha="center", fontsize=7, color=INK)


def _horizontal(fig, names: list[str], values: list[int], colors: list[str], lang: str, axis_title: str):
    fig.set_size_inches(CHART_WIDTH_IN, 0.6 + 0.2 * len(names))
    ax = fig.add_subplot()
    positions = list(range(len(names)))[::-1]
    bars = ax.barh(positions, values, color=colors, height=0.7)
    ax.set_yticks(positions, names)
    ax.tick_params(axis="y", length=0)
    _number_axis(ax.xaxis, lang)
    ax.set_xlabel(axis_title)
    ax.set_xlim(0, max(values or [1]) * 1.12)
    _bar_labels(ax, bars, [number(v, lang) for v in values], horizontal=True)
    return ax


def _draw_by_country(fig, country: str, lang: str, ds) -> None:
    shown, rest = split_countries(data.by_partner_country(ds, country), lang, ds.names)
    names = [ds.names.country(code, lang) for code, _ in shown]
    values = [n for _, n in shown]
    colors = [ACCENT] * len(shown)
    if rest:
        names.append(label(lang, "Other countries (%s)", ds.locales) % number(len(rest), lang))
        values.append(sum(n for _, n in rest))
        colors.append(MUTED)
    _horizontal(fig, names, values, colors, lang, label(lang, "Number of partnerships", ds.locales))


def _draw_top(fig, country: str, lang: str, ds) -> None:
    top = ranked_top(ds, country, lang)
    _horizontal(fig, [ds.names.place(name, country, lang) for name, _, _ in top],
                [partners for _, partners, _ in top], [ACCENT] * len(top), lang,
                label(lang, "Number of partner municipalities", ds.locales))


def _draw_decades(fig, country: str, lang: str, ds) -> None:
    decades, unknown = data.by_decade(ds, country or None)
    ax = fig.add_subplot()
    positions = list(range(len(decades)))
    bars = ax.bar(positions, [n for _, n in decades], color=ACCENT, width=0.7)
    ax.set_xticks(positions, [decade(start) for start, _ in decades])
    ax.tick_params(axis="x", length=0, labelsize=6.5)
    _number_axis(ax.yaxis, lang)
    ax.set_ylabel(label(lang, "Number of partnerships", ds.locales))
    ax.set_xlabel(label(lang, "Decade in which the partnership began", ds.locales))
    _bar_labels(ax, bars, [number(n, lang) for _, n in decades], horizontal=False)
    ax.text(0.0, 1.02, label(lang, "Year not known: %s", ds.locales) % number(unknown, lang),
            transform=ax.transAxes, fontsize=7, color=INK, va="bottom")


def _draw_eu(fig, country: str, lang: str, ds) -> None:
    fig.set_size_inches(CHART_WIDTH_IN, 1.6)
    ax = fig.add_subplot()
    homes = list(data.HOME)
    positions = list(range(len(homes)))[::-1]
    inside_share, outside_share = [], []
    for home in homes:
        inside, total = data.eu_share(ds, home)
        inside_share.append(data.share(inside, total))
        outside_share.append(Decimal(1) - inside_share[-1])
    inside_bars = ax.barh(positions, [float(s) for s in inside_share], color=ACCENT, height=0.6,
                          label=label(lang, "Partner inside the EU", ds.locales))
    ax.barh(positions, [float(s) for s in outside_share], left=[float(s) for s in inside_share],
            color=MUTED, height=0.6, label=label(lang, "Partner outside the EU", ds.locales))
    for bar, value in zip(inside_bars, inside_share):
        ax.text(bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, percent(value, lang),
                ha="center", va="center", color="white", fontsize=7.5)
    ax.set_yticks(positions, [ds.names.country(home, lang) for home in homes])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1],
                  [percent(Decimal(v), lang, decimals=0) for v in ("0", "0.25", "0.5", "0.75", "1")])
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncols=2, frameon=False, fontsize=7)


def alt_text(kind: str, country: str, lang: str, ds: data.Dataset) -> str:
    """What the chart shows, in words, for readers who cannot see it."""
    if kind == "eu-share":
        parts = []
        for home in data.HOME:
            inside, total = data.eu_share(ds, home)
            parts.append(f"{ds.names.country(home, lang)} {percent(data.share(inside, total), lang)}")
        measure = label(lang, "share of partners inside the EU", ds.locales)
        return f"{title(kind, '', lang, ds.locales)}: {measure}: " + "; ".join(parts) + "."
    if kind == "decades":
        decades, unknown = data.by_decade(ds, country or None)
        parts = [f"{decade(start)}: {number(n, lang)}" for start, n in decades]
        parts.append(label(lang, "Year not known: %s", ds.locales) % number(unknown, lang))
    elif kind == "by-country":
        shown, _ = split_countries(data.by_partner_country(ds, country), lang, ds.names)
        parts = [f"{ds.names.country(code, lang)}: {number(n, lang)}" for code, n in shown]
    else:
        parts = [f"{ds.names.place(name, country, lang)}: {number(n, lang)}"
                 for name, n, _ in ranked_top(ds, country, lang)]
    return f"{title(kind, country, lang, ds.locales)}. " + "; ".join(parts) + "."


# --- cache and bench -----------------------------------------------------------------

def _chart_inputs(project, lang: str) -> list[Path]:
    code = [Path(__file__), Path(tables.__file__), Path(data.__file__), Path(names.__file__),
            Path(labels.__file__), Path(maps.__file__), Path(maps.topojson.__file__), Path(maps.svgmap.__file__),
            Path(maps.dataset.__file__), Path(maps.checking.__file__)]
    fonts = sorted(p for p in Path(project.fonts).glob("**/*") if p.suffix.lower() in (".ttf", ".otf"))
    return code + fonts + [Path(project.data) / data.PARTNERSHIPS, Path(project.data) / data.PLACES,
                           project.names_file, catalog_path(lang, project.locales)]


def chart_file(project, kind: str, country: str, lang: str,
               ds: data.Dataset | None = None) -> tuple[Path, bool]:
    """The chart's SVG under _build/.work/figures/<lang>/, drawn only when its inputs
    changed. Returns (path, drawn)."""
    import matplotlib

    check_name(kind, country, CHART_KINDS)
    key = inputs_hash(_chart_inputs(project, lang), kind, country, lang, matplotlib.__version__)
    stem = f"{kind}-{country.lower()}" if country else kind
    render = lambda: render_chart(project, kind, country, lang, ds or data.load_project(project))
    return data.cached_file(maps.figure_dir(project, lang), stem, key, render)


def generate_all(project, langs: list[str] | None = None) -> dict:
    """Draw every chart and map of the book for the given editions (default: all).

    Returns seconds per part and how many figures were drawn or found in the cache,
    for bench/run."""
    langs = list(langs or project.editions)
    timings: dict = {"drawn": 0, "cached": 0}
    started = time.perf_counter()

    def tally(result) -> None:
        if result is not None:
            timings["drawn" if result[1] else "cached"] += 1

    ds = data.load_project(project)
    timings["load_s"] = time.perf_counter() - started
    mark = time.perf_counter()
    for lang in langs:
        for kind, country in CHARTS:
            tally(chart_file(project, kind, country, lang, ds))
    timings["charts_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    cases = maps.case_places(project)
    for lang in langs:
        tally(maps.overview_file(project, ds, lang, cases))
    timings["overview_maps_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    for place, partners in maps.case_locators(project):
        tally(maps.locator_file(project, ds, place, partners))
    timings["locator_maps_s"] = time.perf_counter() - mark
    timings["total_s"] = time.perf_counter() - started
    timings["languages"] = langs
    return timings
