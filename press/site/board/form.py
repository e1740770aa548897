"""The partner board's form (add.html): it checks an entry against schema.json in the
browser (validate.js, with the messages of form_words) and writes the YAML record
(form.js); nothing is sent until the municipality sends it."""
from __future__ import annotations

import html
import json

from press.content.board_records import latest_expiry
from press.site.board.parts import _associations, _language_name, _names, _theme_names
from press.site.board.words import form_words


class _Controls:
    """The form's controls, each with its label, hint and error slot: ids i-, h- and e-
    + the field's name, which validate.js and form.js look up."""

    def __init__(self, required_word: str):
        self.req = f' <span class="board-req">({html.escape(required_word)})</span>'

    def field(self, name, text, control, hint="", required=True):
        hint_html = f'<span class="board-hint" id="h-{name}">{html.escape(hint)}</span>' if hint else ""
        return (f'<div class="board-field" data-field="{name}"><label for="i-{name}">'
                f'{html.escape(text)}{self.req if required else ""}</label>{hint_html}{control}'
                f'<span class="board-error" id="e-{name}"></span></div>')

    @staticmethod
    def described(name, hint):
        return f'aria-describedby="{"h-" + name + " " if hint else ""}e-{name}"'

    def text(self, name, label_text, hint="", required=True, kind="text", extra=""):
        return self.field(name, label_text,
                          f'<input type="{kind}" id="i-{name}" name="{name}" {self.described(name, hint)}'
                          f'{" required" if required else ""}{extra}>', hint, required)

    @staticmethod
    def options(pairs, blank=True):
        return ('<option value="">—</option>' if blank else "") + "".join(
            f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in pairs)

    def checks(self, name, legend, pairs):
        boxes = "".join(f'<label><input type="checkbox" name="{name}" value="{html.escape(v)}"> '
                        f'{html.escape(t)}</label>' for v, t in pairs)
        return (f'<fieldset class="board-field" data-field="{name}" aria-describedby="e-{name}">'
                f'<legend>{html.escape(legend)}{self.req}</legend>{boxes}'
                f'<span class="board-error" id="e-{name}"></span></fieldset>')


def add_page(project, lang, schema, today, w) -> tuple[str, str, str, str]:
    f = form_words(project, lang)
    email = project.conf.get("press_board_email", "")
    controls = _Controls(f["required"])
    form = _municipality(controls, project, lang, schema, w, f) + _entry(controls, lang, schema, today, w, f)
    messages = {k: v for k, v in f.items() if k.startswith("e_")}
    data = json.dumps({"schema": schema, "messages": messages}, ensure_ascii=False, sort_keys=True)
    data = data.replace("</", "<\\/")
    local, _, domain = email.rpartition("@")
    body = (f'<p><a href="index.html">{html.escape(w["board"])}</a></p>\n'
            f'<h1>{html.escape(f["title"])}</h1>\n<p>{html.escape(f["how"])}</p>\n'
            f'<p class="board-privacy">{html.escape(w["privacy"])}</p>\n'
            f'<noscript><p>{html.escape(f["nojs"])} {_associations()}</p></noscript>\n'
            f'<form id="board-form" novalidate>\n'
            f'<div id="board-summary" role="alert" tabindex="-1" hidden>'
            f'<p>{html.escape(f["errors"])}</p><ul></ul></div>\n'
            f'{form}\n<p><button type="submit">{html.escape(f["make"])}</button></p>\n</form>\n'
            f'<section id="board-result" hidden tabindex="-1" aria-labelledby="board-result-h">'
            f'<h2 id="board-result-h">{html.escape(f["record"])}</h2><p role="status">{html.escape(f["ok"])}</p>'
            f'<label for="board-yaml">{html.escape(f["record"])}</label>'
            f'<textarea id="board-yaml" rows="24" readonly></textarea>'
            f'<p><a id="board-download" download="entry.yaml" href="#board-yaml">{html.escape(f["download"])}</a> · '
            f'<a id="board-send" href="#board-yaml" data-u="{html.escape(local[::-1])}" '
            f'data-d="{html.escape(domain[::-1])}">{html.escape(f["send"])}</a></p></section>\n'
            f'<script type="application/json" id="board-data">{data}</script>')
    head = '<link rel="stylesheet" href="board.css">\n'
    return (body, f["title"], head,
            '<script src="validate.js"></script>\n<script src="form.js"></script>\n')


def _municipality(c: _Controls, project, lang, schema, w, f) -> str:
    """The first half of the form: the kind of entry, the municipality and what it looks for."""
    theme_pairs = sorted(_theme_names(project, lang).items(), key=lambda x: x[1])
    countries = sorted(_names(project, lang, schema["properties"]["country"]["enum"]).items(), key=lambda x: x[1])
    size = [("any", w["any"]), ("similar", w["similar"]), ("smaller", w["smaller"]), ("larger", w["larger"])]
    return "".join([
        f'<fieldset class="board-field" data-field="type" aria-describedby="e-type">'
        f'<legend>{html.escape(w["type"])}{c.req}</legend>'
        f'<label><input type="radio" name="type" value="offer"> {html.escape(w["offers"])}</label>'
        f'<label><input type="radio" name="type" value="request"> {html.escape(w["requests"])}</label>'
        f'<span class="board-error" id="e-type"></span></fieldset>',
        c.text("municipality", f["municipality"]),
        c.field("country", w["country"], f'<select id="i-country" name="country" {c.described("country", "")} '
                f'required>{c.options(countries)}</select>'),
        c.text("region", w["region"], f["region_hint"], required=False),
        c.text("population", w["population"], kind="number", extra=' min="1" step="1" inputmode="numeric"'),
        c.text("languages", w["languages"], f["languages_hint"]),
        c.checks("themes", w["themes"], theme_pairs),
        f'<fieldset><legend>{html.escape(w["seeking"])}</legend>',
        c.text("seeking.countries", w["countries"], f["countries_hint"], required=False),
        c.field("seeking.regions", w["regions"], f'<textarea id="i-seeking.regions" name="seeking.regions" rows="2" '
                f'{c.described("seeking.regions", f["regions_hint"])}></textarea>', f["regions_hint"],
                required=False),
        c.field("seeking.size", w["size"],
                f'<select id="i-seeking.size" name="seeking.size" {c.described("seeking.size", "")}>'
                f'{c.options(size, blank=False)}</select>', required=False),
        c.checks("seeking.themes", f'{w["seeking"]}: {w["themes"]}', theme_pairs),
        "</fieldset>",
    ])


def _entry(c: _Controls, lang, schema, today, w, f) -> str:
    """The second half: the description and its language, the office, the consent, the dates."""
    languages = sorted(((code, _language_name(code, lang)) for code in schema["properties"]["language"]["enum"]),
                       key=lambda x: x[1])
    return "".join([
        c.field("language", f["desc_lang"],
                f'<select id="i-language" name="language" {c.described("language", "")} required>'
                f'{c.options(languages)}</select>'),
        c.field("description", f["description"], f'<textarea id="i-description" name="description" rows="5" '
                f'{c.described("description", f["desc_hint"])} required></textarea>', f["desc_hint"]),
        c.text("contact.office", f["office"]),
        c.text("contact.email", f["email"], f["email_hint"], kind="email"),
        f'<div class="board-field" data-field="consent"><label><input type="checkbox" id="i-consent" '
        f'name="consent" aria-describedby="e-consent" required> {html.escape(f["consent"])}{c.req}</label>'
        f'<span class="board-error" id="e-consent"></span></div>',
        c.text("published", w["published"], kind="date", extra=f' value="{today.isoformat()}"'),
        c.text("expires", w["expires"], f["expires_hint"], kind="date",
               extra=f' value="{latest_expiry(today).isoformat()}"'),
    ])
