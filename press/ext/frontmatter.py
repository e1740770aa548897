"""The print book's front and back matter: cover, title page, imprint, index.

All words come from the edition's catalog (press.i18n.labels) or from book/conf.py, and
every value is escaped: conf.py is trusted, but its strings pass through translators.
"""
from __future__ import annotations

import html
from datetime import date

from babel import Locale

from press.ext import locales
from press.ext.i18n import is_draft, translated_percent
from press.i18n.labels import label
from press.print.covers import back_cover, front_cover

FONT_FACES = (
    ("Charis SIL", "normal", "normal", "CharisSIL-Regular.ttf"),
    ("Charis SIL", "italic", "normal", "CharisSIL-Italic.ttf"),
    ("Charis SIL", "normal", "bold", "CharisSIL-Bold.ttf"),
    ("Charis SIL", "italic", "bold", "CharisSIL-BoldItalic.ttf"),
    ("DejaVu Sans Mono", "normal", "normal", "DejaVuSansMono.ttf"),
)


def _t(app, text: str) -> str:
    """A conf.py string in the edition's language, escaped for HTML."""
    return html.escape(label(app.config.language, text, locales(app)))


def edition_css(app) -> str:
    from press.ext import project

    lang = app.config.language
    fonts = project(app).fonts
    faces = "\n".join(
        f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight};'
        f' src: url("{(fonts / file).as_uri()}"); }}'
        for family, style, weight, file in FONT_FACES)
    page_ref = label(lang, "p. %s", locales(app)).replace('"', "").split("%s")
    title = label(lang, app.config.press_title, locales(app)).replace('"', "")
    css = f"""{faces}
@page {{ size: {app.config.press_page_size}; }}
@page :left {{ @top-left {{ content: "{title}"; }} }}
a.xref-page::after {{ content: " ({page_ref[0]}" target-counter(attr(href), page) "{page_ref[-1]})"; }}
"""
    mark = draft_mark(app)
    if mark:  # the footer of every body page says DRAFT and how much is translated
        css += f'@page body {{ @bottom-center {{ content: "{mark.replace(chr(34), "")}"; }} }}\n'
    return css


def head(app) -> str:
    cfg = app.config
    meta = {
        "author": "; ".join(label(cfg.language, p, locales(app)) for p in cfg.press_publishers),
        "description": label(cfg.language, cfg.press_subtitle, locales(app)),
        "keywords": ", ".join(label(cfg.language, k, locales(app)) for k in cfg.press_keywords),
        "dcterms.created": cfg.press_date,
        "dcterms.modified": cfg.press_date,
        "generator": "press",
    }
    tags = "\n".join(f'<meta name="{k}" content="{html.escape(v)}">' for k, v in meta.items())
    return (f'<meta charset="utf-8">\n<title>{_t(app, cfg.press_title)}</title>\n{tags}\n'
            f'<link rel="stylesheet" href="print.css">\n<style>\n{edition_css(app)}</style>')


def draft_mark(app) -> str:
    """"DRAFT · 87 % translated" in the edition's words, or "" for a complete edition."""
    lang = app.config.language
    if not is_draft(app):
        return ""
    share = label(lang, "%(percent)s %% translated", locales(app)) % {"percent": translated_percent(app.env)}
    return label(lang, "DRAFT", locales(app)) + " · " + share


def _field(name: str, value: str) -> str:
    return f"<p>{html.escape(name)}: {value}</p>"


def front_matter(app) -> str:
    cfg, lang = app.config, app.config.language
    year = date.fromisoformat(cfg.press_date).year
    title, subtitle = _t(app, cfg.press_title), _t(app, cfg.press_subtitle)
    publishers = "".join(f"<p>{_t(app, p)}</p>" for p in cfg.press_publishers)
    mark = draft_mark(app)
    draft = f'<p class="draft-mark">{html.escape(mark)}</p>' if mark else ""
    isbn = cfg.press_editions.get(lang, {}).get("isbn", "")
    imprint = [
        f"<p><strong>{title}</strong><br>{subtitle}</p>",
        _field(label(lang, "Publishers", locales(app)), "; ".join(_t(app, p) for p in cfg.press_publishers)),
        _field(label(lang, "Year", locales(app)), str(year)),
        _field(label(lang, "Edition", locales(app)), html.escape(Locale.parse(lang).get_display_name(lang) or lang)),
    ]
    if isbn:
        imprint.append(f"<p>ISBN {html.escape(isbn)}</p>")
    imprint += [f"<p>{_t(app, cfg.press_funding)}</p>",
                f"<p>{_t(app, cfg.press_licence)}</p>",
                _field(label(lang, "Data", locales(app)), "; ".join(_t(app, c) for c in cfg.press_data_credits))]
    edition = html.escape(f'{label(lang, "Edition", locales(app))}: {Locale.parse(lang).get_display_name(lang)}')
    cover = front_cover(app, title, subtitle, [_t(app, p) for p in cfg.press_publishers],
                        edition, year, draft)
    return f"""{cover}
<section class="titlepage">
<p class="title">{title}</p>
<p class="subtitle">{subtitle}</p>
<div class="publishers">{publishers}</div>
</section>
<section class="imprint">
{chr(10).join(imprint)}
</section>"""


def back_matter(app, index_html: str) -> str:
    cfg = app.config
    cover = back_cover(app, _t(app, cfg.press_blurb), [_t(app, p) for p in cfg.press_publishers],
                       cfg.press_editions.get(cfg.language, {}).get("isbn", ""))
    if not index_html:
        return cover
    from press.ext.fiction import MARK, legend_text

    heading = html.escape(label(app.config.language, "Index", locales(app)))
    legend = (f'<p class="fiction-legend">{html.escape(legend_text(app.config.language, locales(app)))}</p>\n'
              if MARK in index_html else "")
    return (f'<section class="book-index" id="book-index">'
            f"<h2>{heading}</h2>\n{legend}{index_html}\n</section>\n{cover}")


def setup(app):
    for name, default in (("press_title", "Book"), ("press_subtitle", ""),
                          ("press_publishers", []), ("press_keywords", []),
                          ("press_funding", ""), ("press_licence", ""), ("press_blurb", ""),
                          ("press_paper_leaf_mm", 0.1),
                          ("press_data_credits", [])):
        app.add_config_value(name, default, "html")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
