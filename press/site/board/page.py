"""The partner board's page: the entries, newest first, with filters and today's date."""
from __future__ import annotations

import html

from press.content.board_records import Entry
from press.site.board.catalog import description
from press.site.board.parts import _associations, _date, _hidden_address, _language_name, _names, _theme_names


def board_page(project, lang, entries, today, w, table) -> tuple[str, str, str, str]:
    themes = _theme_names(project, lang)
    articles = [_article(project, lang, e, w, table, themes) for e in
                sorted(entries, key=lambda e: (e.published, e.id), reverse=True)]
    total = len(entries)
    count = (f'<p id="board-count" role="status" data-template="{html.escape(w["shown"])}">'
             f'{html.escape(w["shown"] % (total, total))}</p>')
    body = (f'<p><a href="../index.html">{html.escape(w["back"])}</a></p>\n'
            f'<h1>{html.escape(w["board"])}</h1>\n<p>{html.escape(w["intro"])}</p>\n'
            f'<p class="board-privacy">{html.escape(w["privacy"])}</p>\n'
            f'<p>{w["as_of"] % _date(today, lang)}</p>\n'
            f'<p class="board-links"><a href="add.html">{html.escape(w["add"])}</a> · '
            f'<a href="feed.atom" type="application/atom+xml">{html.escape(w["feed"])}</a> · '
            f'<a href="entries.json" type="application/json">{html.escape(w["json"])}</a></p>\n'
            + _filters(project, lang, entries, w, themes) + "\n" + count + "\n"
            + ("\n".join(articles) if articles else f'<p>{html.escape(w["none"])}</p>')
            + f'\n<section id="board-nojs" class="board-nojs"><p>{html.escape(w["nojs_contact"])} '
            f'{_associations()}</p></section>')
    head = '<link rel="stylesheet" href="board.css">\n'
    return body, w["board"], head, '<script src="board.js"></script>\n'


def _filters(project, lang, entries, w, themes) -> str:
    """The filter form (board.js applies it): type, and the countries, themes and
    languages of the entries shown."""
    countries = sorted({e.country for e in entries})
    country_names = _names(project, lang, set(countries))
    spoken = sorted({code for e in entries for code in e.languages})
    used_themes = sorted({t for e in entries for t in e.themes}, key=lambda k: themes[k])

    def select(name, text, options):
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
        return (f'<p><label for="f-{name}">{html.escape(text)}</label> '
                f'<select id="f-{name}" name="{name}"><option value="">{html.escape(w["all"])}</option>'
                f"{opts}</select></p>")

    return (f'<form class="board-filters" aria-label="{html.escape(w["filters"])}">'
            + select("type", w["type"], [("offer", w["offer"]), ("request", w["request"])])
            + select("country", w["country"], sorted(((c, country_names[c]) for c in countries), key=lambda x: x[1]))
            + select("theme", w["theme"], [(t, themes[t]) for t in used_themes])
            + select("language", w["language"],
                     sorted(((code, _language_name(code, lang)) for code in spoken), key=lambda x: x[1]))
            + "</form>")


def _article(project, lang, e: Entry, w, table, themes) -> str:
    from press.i18n.names import Names

    country_name = Names.of(project).country

    text, text_lang = description(e, lang, table)
    from babel.numbers import format_decimal

    rows = [(w["languages"], ", ".join(_language_name(code, lang) for code in e.languages)),
            (w["themes"], ", ".join(themes[t] for t in e.themes)),
            (w["population"], format_decimal(e.population, locale=lang))]
    if e.region:
        rows.insert(0, (w["region"], e.region))
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    dl += f'<dt>{html.escape(w["seeking"])}</dt><dd>{"; ".join(_seeking(e, lang, w, themes, country_name))}</dd>'
    kind = w["offers"] if e.type == "offer" else w["requests"]
    example = (f' <strong class="board-example">{html.escape(w["example"])}</strong>' if e.example else "")
    note = (f'<p class="board-example-note">{html.escape(w["example_note"])}</p>' if e.example else "")
    untranslated = (f' <span class="board-untranslated">({html.escape(w["untranslated"])})</span>'
                    if text_lang != lang else "")
    lang_attr = f' lang="{text_lang}"' if text_lang != lang else ""
    return (f'<article class="board-entry" id="{html.escape(e.id)}" data-type="{e.type}" '
            f'data-country="{e.country}" data-themes="{" ".join(e.themes)}" '
            f'data-languages="{" ".join(e.languages)}">\n'
            f'<h2><span class="board-kind board-{e.type}">{html.escape(kind)}</span>: '
            f'{html.escape(e.municipality)} ({html.escape(country_name(e.country, lang))}){example}</h2>\n'
            f'{note}<p class="board-dates">{html.escape(w["published"])} {_date(e.published, lang)} · '
            f'{html.escape(w["expires"])} {_date(e.expires, lang)} · '
            f'<a href="#{html.escape(e.id)}">{html.escape(w["link"])}</a></p>\n'
            f'<p class="board-description"{lang_attr}>{html.escape(text)}</p>{untranslated}\n'
            f'<dl>{dl}</dl>\n'
            f'<p class="board-contact">{html.escape(w["contact"])}: {html.escape(e.contact.office)} · '
            f'<a class="board-mail" href="#board-nojs" {_hidden_address(e.contact.email)}>'
            f'{html.escape(w["write"])}</a></p>\n</article>')


def _seeking(e: Entry, lang, w, themes, country_name) -> list[str]:
    """What the municipality looks for, each part escaped: countries, regions, size, themes."""
    size = {"smaller": w["smaller"], "similar": w["similar"], "larger": w["larger"], "any": w["any"]}
    seeking = []
    if e.seeking.countries:
        seeking.append(f'{html.escape(w["countries"])}: '
                       + html.escape(", ".join(country_name(c, lang) for c in e.seeking.countries)))
    if e.seeking.regions:
        seeking.append(f'{html.escape(w["regions"])}: ' + html.escape(", ".join(e.seeking.regions)))
    seeking.append(f'{html.escape(w["size"])}: {html.escape(size[e.seeking.size])}')
    seeking.append(f'{html.escape(w["themes"])}: ' + html.escape(", ".join(themes[t] for t in e.seeking.themes)))
    return seeking
