"""Tables and charts of the partnership numbers, in an edition's language.

Stage: numbers -> presentation. Everything here is built from press.data.partnerships'
counts and renders in one language: country names from press.i18n.names (CLDR plus the
override table), place names with their exonyms, labels through press.i18n.labels, numbers
through Babel. Nothing here depends on Sphinx, so tests and bench call it directly.

Charts are matplotlib SVG with text kept as text (`svg.fonttype: none`), a fixed
`svg.hashsalt` and no date, so the same inputs give the same bytes. They are cached
under `_build/.work/figures/<lang>/` by a hash of everything they are drawn from.
`generate_all` draws every chart and map of the book for bench.
"""
from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal, format_percent

from press.data import maps
from press.i18n import labels, names
from press.data import partnerships as data
from press.i18n.collation import collator
from press.i18n.labels import catalog_path, label
from press.i18n.names import Names
from press.core.state import inputs_hash

COUNTRY_LIMIT = 12          # countries shown by name; the rest are summed up
TOP_LIMIT = 10              # municipalities in "most partners" (ties at the cut included)
ACCENT, MUTED, INK = "#9c2f2f", "#b9b4aa", "#333333"
FONT_FAMILY = ["Charis SIL", "DejaVu Sans"]
CHART_WIDTH_IN = 4.6
SIDE_SLACK_IN = 0.2

CHARTS = (("by-country", "SK"), ("by-country", "CZ"), ("decades", "SK"), ("decades", "CZ"))
"""The charts the statistics chapter shows; generate_all draws these."""
TABLE_KINDS = ("by-country", "top-municipalities", "decades", "sk-cz", "eu-share", "networks")
CHART_KINDS = ("by-country", "top-municipalities", "decades", "eu-share")
NEEDS_COUNTRY = ("by-country", "top-municipalities", "decades")


class UnknownFigure(ValueError):
    """A table or chart name, or country, that this module does not know."""


# --- words -------------------------------------------------------------------------

def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def percent(value: Decimal, lang: str, decimals: int = 1) -> str:
    """A share with the locale's sign and spacing ("12,3 %" in sk, "12.3%" in en):
    the locale's own percent pattern, with a fixed number of decimals."""
    pattern = Locale.parse(lang).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return format_percent(value, format=pattern, locale=lang)


def decade(start: int) -> str:
    return f"{start}–{(start + 9) % 100:02d}"


def title(kind: str, country: str, lang: str) -> str:
    """The caption of a table or chart. One literal msgid per variant, so that the
    catalogs can inflect each one properly."""
    titles = {
        ("by-country", "SK"): lambda: label(lang, "Partnerships of Slovak municipalities by partner country"),
        ("by-country", "CZ"): lambda: label(lang, "Partnerships of Czech municipalities by partner country"),
        ("top-municipalities", "SK"): lambda: label(lang, "Slovak municipalities with the most partners"),
        ("top-municipalities", "CZ"): lambda: label(lang, "Czech municipalities with the most partners"),
        ("decades", "SK"): lambda: label(lang, "Partnerships of Slovak municipalities by the decade they began"),
        ("decades", "CZ"): lambda: label(lang, "Partnerships of Czech municipalities by the decade they began"),
        ("decades", ""): lambda: label(lang, "Slovak–Czech partnerships by the decade they began"),
        ("sk-cz", ""): lambda: label(lang, "Slovak–Czech partnerships"),
        ("eu-share", ""): lambda: label(lang, "Partners inside and outside the European Union"),
        ("networks", ""): lambda: label(lang, "Links through multilateral networks, not counted as partnerships"),
    }
    if (kind, country) not in titles:
        raise UnknownFigure(f"no figure {kind!r} for {country or 'both countries'!r}")
    return titles[(kind, country)]()


def check_name(kind: str, country: str, kinds: tuple) -> None:
    """Raise UnknownFigure, in words an editor understands, for an unknown request."""
    if kind not in kinds:
        raise UnknownFigure(f"unknown name {kind!r}; expected one of {', '.join(kinds)}")
    if kind == "decades" and country == "":
        return          # the Slovak–Czech pairs
    if kind in NEEDS_COUNTRY and country not in data.HOME:
        raise UnknownFigure(f"{kind!r} needs a country, SK or CZ, got {country or 'none'!r}")
    if kind not in NEEDS_COUNTRY and country:
        raise UnknownFigure(f"{kind!r} covers both countries and takes no country code")


# --- tables --------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)   # totals and notes
    numeric: list[bool] = field(default_factory=list)       # right-aligned columns


def table(kind: str, country: str, lang: str, ds: data.Dataset) -> Table:
    """One of the chapter's tables, every cell already in the edition's language."""
    check_name(kind, country, TABLE_KINDS)
    build = {"by-country": _country_table, "top-municipalities": _top_table,
             "decades": _decade_table, "sk-cz": _sk_cz_table, "eu-share": _eu_table,
             "networks": _network_table}[kind]
    return build(country, lang, ds)


def _country_table(country: str, lang: str, ds) -> Table:
    counts = data.by_partner_country(ds, country)
    total = sum(n for _, n in counts)
    shown, rest = _split(counts, lang, ds.names)
    rows = [[ds.names.country(code, lang), number(n, lang), percent(data.share(n, total), lang)]
            for code, n in shown]
    if rest:
        n = sum(count for _, count in rest)
        rows.append([label(lang, "Other countries (%s)") % number(len(rest), lang),
                     number(n, lang), percent(data.share(n, total), lang)])
    footer = [[label(lang, "Total"), number(total, lang), percent(Decimal(1), lang)]]
    footer += _network_note(country, lang, ds, columns=3)
    return Table(title(kind="by-country", country=country, lang=lang),
                 [label(lang, "Partner country"), label(lang, "Partnerships"), label(lang, "Share")],
                 rows, footer, [False, True, True])


def _split(counts: list[tuple[str, int]], lang: str, names: Names):
    """The countries named in a table or chart: the largest ones, ties ordered by name
    in the edition's language; the rest are summed as "other countries"."""
    ordered = sorted(counts, key=lambda item: (-item[1], _collation_key(names.country(item[0], lang), lang)))
    return ordered[:COUNTRY_LIMIT], ordered[COUNTRY_LIMIT:]


def _collation_key(text: str, lang: str) -> bytes:
    return collator(lang).getSortKey(text)   # "ch" after "h" in sk and cs


def _top_table(country: str, lang: str, ds) -> Table:
    rows = [[ds.names.place(name, country, lang), number(partners, lang), number(countries, lang)]
            for name, partners, countries in _top(ds, country, lang)]
    return Table(title("top-municipalities", country, lang),
                 [label(lang, "Municipality"), label(lang, "Partners"), label(lang, "Partner countries")],
                 rows, [], [False, True, True])


def _top(ds, country: str, lang: str):
    top = data.top_municipalities(ds, country, TOP_LIMIT)
    return sorted(top, key=lambda item: (-item[1], _collation_key(ds.names.place(item[0], country, lang), lang)))


def _decade_table(country: str, lang: str, ds) -> Table:
    decades, unknown = data.by_decade(ds, country or None)
    total = sum(n for _, n in decades) + unknown
    rows = [[decade(start), number(n, lang)] for start, n in decades]
    footer = [[label(lang, "Year not known"), number(unknown, lang)],
              [label(lang, "Total"), number(total, lang)]]
    return Table(title("decades", country, lang),
                 [label(lang, "Began in"), label(lang, "Partnerships")], rows, footer, [False, True])


def _sk_cz_table(country: str, lang: str, ds) -> Table:
    numbers = data.sk_cz_summary(ds)
    rows = [
        [label(lang, "Slovak–Czech partnerships, each counted once"), number(numbers["pairs"], lang)],
        [label(lang, "Slovak municipalities with a Czech partner"), number(numbers["slovak-municipalities"], lang)],
        [label(lang, "Czech municipalities with a Slovak partner"), number(numbers["czech-municipalities"], lang)],
        [label(lang, "Partnerships with a known start year"), number(numbers["with-year"], lang)],
    ]
    if numbers["with-year"]:
        rows.append([label(lang, "Earliest known start year"), str(numbers["earliest-year"])])
    return Table(title("sk-cz", "", lang), [label(lang, "Measure"), label(lang, "Value")],
                 rows, [], [False, True])


def _eu_table(country: str, lang: str, ds) -> Table:
    rows = []
    for home in data.HOME:
        inside, total = data.eu_share(ds, home)
        rows.append([ds.names.country(home, lang), number(total, lang), number(inside, lang),
                     number(total - inside, lang), percent(data.share(inside, total), lang)])
    return Table(title("eu-share", "", lang),
                 [label(lang, "Country"), label(lang, "Partnerships"), label(lang, "Inside the EU"),
                  label(lang, "Outside the EU"), label(lang, "Share inside the EU")],
                 rows, [], [False, True, True, True, True])


def _network_table(country: str, lang: str, ds) -> Table:
    rows = [[network, ds.names.place(name, home, lang), ds.names.country(home, lang), number(n, lang)]
            for network, name, home, n in data.network_links(ds)]
    return Table(title("networks", "", lang),
                 [label(lang, "Network"), label(lang, "Municipality"), label(lang, "Country"),
                  label(lang, "Links")], rows, [], [False, False, False, True])


def _network_note(country: str, lang: str, ds, columns: int) -> list[list[str]]:
    """The line that reports network links apart from the bilateral counts."""
    links = data.sides(ds, country, network=True)["pair"].nunique()
    if not links:
        return []
    return [[label(lang, "Links through multilateral networks (not counted above)"),
             number(links, lang)] + [""] * (columns - 2)]


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
    shown, rest = _split(data.by_partner_country(ds, country), lang, ds.names)
    names = [ds.names.country(code, lang) for code, _ in shown]
    values = [n for _, n in shown]
    colors = [ACCENT] * len(shown)
    if rest:
        names.append(label(lang, "Other countries (%s)") % number(len(rest), lang))
        values.append(sum(n for _, n in rest))
        colors.append(MUTED)
    _horizontal(fig, names, values, colors, lang, label(lang, "Number of partnerships"))


def _draw_top(fig, country: str, lang: str, ds) -> None:
    top = _top(ds, country, lang)
    _horizontal(fig, [ds.names.place(name, country, lang) for name, _, _ in top],
                [partners for _, partners, _ in top], [ACCENT] * len(top), lang,
                label(lang, "Number of partner municipalities"))


def _draw_decades(fig, country: str, lang: str, ds) -> None:
    decades, unknown = data.by_decade(ds, country or None)
    ax = fig.add_subplot()
    positions = list(range(len(decades)))
    bars = ax.bar(positions, [n for _, n in decades], color=ACCENT, width=0.7)
    ax.set_xticks(positions, [decade(start) for start, _ in decades])
    ax.tick_params(axis="x", length=0, labelsize=6.5)
    _number_axis(ax.yaxis, lang)
    ax.set_ylabel(label(lang, "Number of partnerships"))
    ax.set_xlabel(label(lang, "Decade in which the partnership began"))
    _bar_labels(ax, bars, [number(n, lang) for _, n in decades], horizontal=False)
    ax.text(0.0, 1.02, label(lang, "Year not known: %s") % number(unknown, lang),
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
                          label=label(lang, "Partner inside the EU"))
    ax.barh(positions, [float(s) for s in outside_share], left=[float(s) for s in inside_share],
            color=MUTED, height=0.6, label=label(lang, "Partner outside the EU"))
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
        measure = label(lang, "share of partners inside the EU")
        return f"{title(kind, '', lang)}: {measure}: " + "; ".join(parts) + "."
    if kind == "decades":
        decades, unknown = data.by_decade(ds, country or None)
        parts = [f"{decade(start)}: {number(n, lang)}" for start, n in decades]
        parts.append(label(lang, "Year not known: %s") % number(unknown, lang))
    elif kind == "by-country":
        shown, _ = _split(data.by_partner_country(ds, country), lang, ds.names)
        parts = [f"{ds.names.country(code, lang)}: {number(n, lang)}" for code, n in shown]
    else:
        parts = [f"{ds.names.place(name, country, lang)}: {number(n, lang)}"
                 for name, n, _ in _top(ds, country, lang)]
    return f"{title(kind, country, lang)}. " + "; ".join(parts) + "."


# --- cache and bench -----------------------------------------------------------------

def _chart_inputs(project, lang: str) -> list[Path]:
    code = [Path(__file__), Path(data.__file__), Path(names.__file__), Path(labels.__file__),
            Path(maps.__file__), Path(maps.topojson.__file__), Path(maps.svgmap.__file__),
            Path(maps.dataset.__file__), Path(maps.checking.__file__)]
    fonts = sorted(p for p in Path(project.fonts).glob("**/*") if p.suffix.lower() in (".ttf", ".otf"))
    return code + fonts + [Path(project.data) / data.PARTNERSHIPS, Path(project.data) / data.PLACES,
                           project.names_file, catalog_path(lang)]


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
