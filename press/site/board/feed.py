"""The partner board as feeds: Atom (RFC 4287) and the JSON export, both without the
contact addresses, both the same bytes for the same board."""
from __future__ import annotations

import datetime
import html
import json
import uuid

from press.i18n.labels import label
from press.site.board.catalog import description
from press.site.board.parts import _theme_names


def _uuid(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "twinning-board:" + ":".join(parts)))


def _stamp(d: str | datetime.date) -> str:
    return (d if isinstance(d, str) else d.isoformat()) + "T00:00:00Z"


def atom(project, lang, entries, today, w, table) -> str:
    """Atom 1.0 (RFC 4287). `updated` is the newest publication date (not the build's
    clock), so the same board gives the same bytes."""
    from press.i18n.names import Names
    from press.site.downloads import site_url

    country_name = Names.of(project).country

    base = site_url(project)
    here = f"{base}{lang}/board/" if base else ""
    themes = _theme_names(project, lang)
    updated = max((e.published for e in entries), default=project.conf.get("press_date", today.isoformat()))
    authors = "".join(f"<author><name>{html.escape(label(lang, p, project.locales))}</name></author>"
                      for p in project.conf.get("press_publishers", [])) or \
        "<author><name>Partner board</name></author>"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f'<id>{_uuid("feed", lang)}</id>',
           f'<title>{html.escape(w["board"])}</title>',
           f'<updated>{_stamp(updated)}</updated>', authors,
           f'<link rel="self" type="application/atom+xml" href="{here}feed.atom"/>',
           f'<link rel="alternate" type="text/html" href="{here}index.html"/>']
    for e in sorted(entries, key=lambda e: (e.published, e.id), reverse=True):
        text, text_lang = description(e, lang, table)
        kind = w["offers"] if e.type == "offer" else w["requests"]
        title = f'{kind}: {e.municipality} ({country_name(e.country, lang)})'
        if e.example:
            title += f' [{w["example"]}]'
        out += ["<entry>", f"<id>{_uuid(e.id, e.published)}</id>",
                f"<title>{html.escape(title)}</title>",
                f"<published>{_stamp(e.published)}</published>",
                f"<updated>{_stamp(e.published)}</updated>",
                f'<link rel="alternate" type="text/html" href="{here}index.html#{e.id}"/>']
        out += [f'<category term="{t}" label="{html.escape(themes[t])}"/>' for t in e.themes]
        out += [f'<summary type="text" xml:lang="{text_lang}">{html.escape(text)}</summary>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def export(project, lang, entries, today, table) -> str:
    """The board as data, contact addresses left out (the office's name stays)."""
    rows = []
    for e in sorted(entries, key=lambda e: e.id):
        data = e.model_dump(exclude={"contact", "consent"})
        text, text_lang = description(e, lang, table)
        data.update(description=text, description_language=text_lang,
                    source_description=e.description, source_language=e.language,
                    office=e.contact.office)
        del data["language"]
        rows.append(data)
    return json.dumps({"board_date": today.isoformat(), "edition": lang, "entries": rows},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"
