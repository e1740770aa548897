"""Case records, the rules: what the text of a field may contain (no raw HTML, only safe
directives, roles and links, images of the book) and the context-dependent value checks."""
from __future__ import annotations

import difflib
import os
from pathlib import Path
import re
from typing import cast

from pydantic import ValidationInfo

from press.core.files import inside
from press.core.unsafe import REASON, unsafe_directive, unsafe_role
from press.content.recordbase import Checks, FIRST_YEAR, IMAGE_SUFFIXES, _fail


# ---------------------------------------------------------------------------------------
# Text rules. Each takes the text and the Checks and returns a message or None.
# ---------------------------------------------------------------------------------------

SAFE_DIRECTIVES = {
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
    "seealso", "tip", "warning", "epigraph", "highlights", "pull-quote", "sidebar", "topic",
    "rubric", "list-table", "table", "math", "code-block", "code",
    "csv-table", "figure", "image",     # these three only with the checks below
}
# The unsafe ones (core/unsafe.py) are refused with their reason; anything else off
# these lists is refused because a record has no use for it.
SAFE_ROLES = {
    "abbr", "code", "dfn", "doc", "emphasis", "guilabel", "index", "kbd", "literal", "math",
    "numref", "ref", "strong", "sub", "subscript", "sup", "superscript", "term",
}

HTML_TAG = re.compile(r"<[A-Za-z!?/]")
# Anywhere, not only at a line start: MyST also opens directives inside lists and quotes.
FENCED_DIRECTIVE = re.compile(r"(`{3,}|~{3,}|:{3,})[ \t]*\{[ \t]*([^}\n]*?)[ \t]*\}([^\n]*)")
ROLE = re.compile(r"\{([^{}\s`]+)\}`")
LINK = re.compile(r"(!?)\[[^\]\n]*\]\([ \t]*<?([^)\s>]*)")
LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.M)
SAFE_LINK = re.compile(r"(?:https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+|#[\w.:-]*)\Z")
OPTION_LINE = re.compile(r"[ \t]*:([\w-]+):(.*)")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def no_raw_html(text: str, checks: Checks) -> str | None:
    # Inside `code` and a role's `text <target>`, angle brackets are literal text.
    if "<" in text and HTML_TAG.search(CODE_SPAN.sub("", text)):
        return "raw HTML is not allowed (write links as [text](https://…))"
    return None


def safe_directives(text: str, checks: Checks) -> str | None:
    if "{" not in text:             # a quick exit: most paragraphs have no markup at all
        return None
    for m in FENCED_DIRECTIVE.finditer(text):
        name, argument = m.group(2).lower(), m.group(3).strip()
        if unsafe_directive(name):
            return f"directive {{{name}}} is not allowed in a record: it {REASON}"
        if name not in SAFE_DIRECTIVES:
            return f"directive {{{name}}} is not allowed in a record"
        if name in ("image", "figure"):
            message = image_path_problem(argument, checks)
            if message:
                return f"{{{name}}}: {message}"
        if name == "csv-table" and {"file", "url"} & _directive_options(text, m.end()):
            return "{csv-table} may not read a file or URL; write the rows into the directive"
    return None


def _directive_options(text: str, start: int) -> set[str]:
    """Option names right after a directive's opening line (`:key:` lines or a --- block)."""
    names: set[str] = set()
    lines = text[start:].split("\n")[1:]
    in_block = bool(lines) and lines[0].strip() == "---"
    for line in lines[1:] if in_block else lines:
        if in_block:
            if line.strip() == "---":
                break
            key = line.split(":", 1)[0].strip()
            if key:
                names.add(key.lower())
            continue
        m = OPTION_LINE.match(line)
        if not m:
            break
        names.add(m.group(1).lower())
    return names


def safe_roles(text: str, checks: Checks) -> str | None:
    if "{" not in text:
        return None
    for m in ROLE.finditer(text):
        name = m.group(1).lower()
        base = name[4:] if name.startswith("std:") else name
        if unsafe_role(name):
            return f"role {{{m.group(1)}}} is not allowed in a record: it {REASON}"
        if base not in SAFE_ROLES:
            return f"role {{{m.group(1)}}} is not allowed in a record"
    return None


def safe_links(text: str, checks: Checks) -> str | None:
    if "]" not in text:
        return None
    for m in LINK.finditer(text):
        is_image, target = m.group(1), m.group(2)
        message = image_path_problem(target, checks) if is_image else link_problem(target)
        if message:
            return message
    for m in LINK_DEFINITION.finditer(text):
        message = link_problem(m.group(1))
        if message:
            return message
    return None


def link_problem(target: str) -> str | None:
    # A local path would become a download link: Sphinx copies that file into the output.
    if not SAFE_LINK.match(target):
        return f"link target '{target}' must be an http(s) or mailto address (or #anchor)"
    return None


def image_path_problem(target: str, checks: Checks) -> str | None:
    """Images in text: files under cases/images/, as seen from the case page in cases/.

    The case page is cases/<id>.md in the source copy, with the images beside it.
    """
    if not target:
        return "image path is missing"
    if ":" in target.split("/")[0] or target.startswith("/"):
        return f"image '{target}' must be a file under cases/images/, written as images/<file>"
    return image_file_problem(checks.root / "cases" / target, target, checks)


def image_file_problem(path: Path, shown: str, checks: Checks) -> str | None:
    try:
        confined = inside(path, checks.images)
    except (OSError, ValueError):
        return f"image '{shown}' cannot be resolved"
    if not confined:
        return f"image '{shown}' is outside cases/images/"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return f"image '{shown}' must be one of {', '.join(IMAGE_SUFFIXES)}"
    if not os.path.isfile(path):
        return f"image '{shown}' does not exist in cases/images/"
    return None


FENCE_LINE = re.compile(r"[ \t]*(?:[-*+>][ \t]+)*(`{3,}|~{3,}|:{3,})(.*)")


def closed_fences(text: str, checks: Checks) -> str | None:
    # An unclosed ``` would swallow the rest of the generated page into one code block.
    if not any(fence in text for fence in ("```", "~~~", ":::")):
        return None
    opened = None
    for number, line in enumerate(text.split("\n"), 1):
        m = FENCE_LINE.fullmatch(line)
        if not m:
            continue
        fence, rest = m.group(1), m.group(2).strip()
        if opened is None and (fence[0] != ":" or rest.startswith("{")):
            opened = (fence, number)
        elif opened and fence[0] == opened[0][0] and len(fence) >= len(opened[0]) and not rest:
            opened = None
    if opened:
        return f"the block opened with {opened[0]} on its line {opened[1]} is not closed"
    return None


ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)", re.M)
UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-{2,})[ \t]*$", re.M)


def no_headings(text: str, checks: Checks) -> str | None:
    # The page's sections come from the record's fields; a heading in the text would
    # swallow the sections that follow it.
    message = "headings (# …, or text underlined with === or ---) are not allowed in a record"
    if "#" in text and ATX_HEADING.search(text):
        return message
    if "==" in text or "--" in text:
        for m in UNDERLINE.finditer(text):
            before = text[:m.start()]
            if before.endswith("\n") and before[:-1].rpartition("\n")[2].strip():
                return message
    return None


# Most specific first: "{raw} is not allowed" says more than "raw HTML" for ```{raw} <b>```.
TEXT_RULES = (safe_directives, safe_roles, safe_links, no_raw_html, closed_fences, no_headings)


def text_problem(text: str, checks: Checks) -> str | None:
    """The first text rule the text breaks, or None."""
    for rule in TEXT_RULES:
        message = rule(text, checks)
        if message:
            return message
    return None


def _text(value: str, info: ValidationInfo) -> str:
    message = text_problem(value, cast(Checks, info.context))   # records are validated with their Checks
    if message:
        _fail(message)
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        _fail("must be a single line")
    return value


def _one_paragraph(value: str) -> str:
    if re.search(r"\n[ \t]*\n", value):
        _fail("must be a single paragraph (no blank lines)")
    return value


NAME_FORBIDDEN = set('#|;<>{}[]`*\\"')


def _name(value: str) -> str:
    # Names go unquoted into directive options such as ":partners: A|DE; B|PL", which
    # MyST reads like YAML (# starts a comment, a leading quote opens a string).
    bad = sorted(NAME_FORBIDDEN & set(value))
    if bad or any(ord(c) < 32 for c in value):
        _fail(f"a name may not contain {' '.join(bad) or 'control characters'}")
    if not re.match(r"\w", value):
        _fail("a name starts with a letter or digit")
    return value


# ---------------------------------------------------------------------------------------
# Value rules (context-dependent checks used by the schema)
# ---------------------------------------------------------------------------------------

def _country(value: str, info: ValidationInfo) -> str:
    # names.py knows which CLDR territories are no country
    if not cast(Checks, info.context).names.is_country(value):
        _fail(f"unknown country code '{value}' (ISO 3166-1 alpha-2, e.g. SK, CZ, DE)")
    return value


def _language(value: str, info: ValidationInfo) -> str:
    languages = info.context.languages
    if value not in languages:
        _fail(f"unknown language '{value}' (one of: {', '.join(languages)})")
    return value


def _year(value: int, info: ValidationInfo) -> int:
    this_year = info.context.this_year
    if not FIRST_YEAR <= value <= this_year:
        _fail(f"year {value} is outside {FIRST_YEAR}–{this_year}")
    return value


def _theme(value: str, info: ValidationInfo) -> str:
    if value not in info.context.themes:
        _fail(f"unknown theme '{value}'{_suggest(value, info.context.themes)} (see cases/vocab/themes.yaml)")
    return value


def _programme(value: str, info: ValidationInfo) -> str:
    if value not in info.context.programmes:
        _fail(f"unknown programme '{value}'{_suggest(value, info.context.programmes)}"
              " (see cases/vocab/programmes.yaml)")
    return value


def _unique(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            _fail(f"'{value}' is listed twice")
        seen.add(value)
    return values


def _link(value: str) -> str:
    message = link_problem(value)
    if message or value.startswith("#"):
        _fail(f"'{value}' is not an http(s) or mailto address")
    return value


EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_~-]+)*"
                   r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z")


def _email(value: str) -> str:
    if not EMAIL.match(value):
        _fail(f"'{value}' is not a valid e-mail address")
    return value


def _image_file(value: str, info: ValidationInfo) -> str:
    checks = cast(Checks, info.context)   # records are validated with their Checks
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", value) or value.startswith("/"):
        _fail("an image path is relative to cases/images/ and uses letters, digits, . _ - /")
    message = image_file_problem(checks.images / value, value, checks)
    if message:
        _fail(message)
    return value


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
