"""Typography per edition language: non-breaking spaces and quotation marks.

Pure functions on plain strings; `press.ext.typography` applies them to the final,
translated doctree of each edition (conf.py sets `smartquotes = False`, so Sphinx
leaves straight quotes for this module to set).

Conventions, per language (see CONVENTIONS):

- sk, cs: „double“ and ‚single‘ quotation marks; U+00A0 after one-letter
  prepositions and conjunctions, between a number and its unit, inside dates, after
  initials and after abbreviated titles and abbreviations.
- en: “double” and ‘single’ quotation marks; U+00A0 between a number and its unit and
  after initials only.
- any other language: text is returned unchanged (add a line to CONVENTIONS).

The apostrophe is always U+2019 (’), also in sk and cs, where it differs from the
closing single quotation mark ‘ (U+2018): "rock'n'roll" becomes “rock’n’roll”.

Every change replaces one character by one character (a straight quote by a curly
one, a space or line break by U+00A0). That keeps the mapping back onto several
docutils Text nodes trivial (see `typeset_runs`) and makes every function
idempotent: nothing it writes is something it rewrites. Numbers are left as written
(the data stage formats them with Babel). URLs and e-mail addresses inside a text
are found by regex and never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from babel.dates import get_month_names

NBSP = "\u00a0"
APOSTROPHE = "\u2019"

# --- The word lists, in one place -----------------------------------------------

# One-letter prepositions and conjunctions that must not end a line (sk, cs).
SHORT_WORDS = "kKsSvVzZoOuUaAiI"

# Units and symbols written after a number ("12 km", "50 %"). Multipliers such as
# "mil." count as units too, and are themselves glued to a following currency
# ("2,5 mil. EUR"). Matched case-sensitively, as whole words.
UNITS = (
    # length, area, volume
    "mm", "cm", "dm", "m", "km", "m²", "km²", "m2", "km2", "ha", "l", "hl", "m³", "m3",
    # mass
    "g", "kg", "q", "t",
    # time (not "s", which is also the sk/cs preposition "s")
    "h", "hod.", "min", "min.",
    # temperature, share
    "°C", "%", "‰",
    # money
    "€", "EUR", "Kč", "CZK", "Sk", "SKK", "USD", "$", "£",
    # multipliers and counts
    "tis.", "mil.", "mld.", "obyv.", "ks",
)
MULTIPLIERS = ("tis.", "mil.", "mld.")
CURRENCIES = ("€", "EUR", "Kč", "CZK", "Sk", "SKK", "USD", "$", "£")

# Abbreviated titles and abbreviations followed by a word or number (sk, cs).
# Each also matches with a capitalised first letter (sentence start).
ABBREVIATIONS = (
    # academic and professional titles
    "Bc.", "Ing.", "Mgr.", "Dr.", "PhDr.", "MUDr.", "MVDr.", "JUDr.", "RNDr.",
    "PaedDr.", "PharmDr.", "ThDr.", "ThLic.", "DiS.", "prof.", "doc.", "akad.", "arch.",
    # forms of address and saints
    "p.", "pí.", "sv.",
    # references in running text: page, number, year, article, paragraph, letter
    "s.", "str.", "č.", "r.", "čl.", "ods.", "odst.", "písm.", "zák.", "Zb.", "Sb.",
    # "so-called", "e.g.", "i.e.", "or rather"
    "tzv.", "napr.", "např.", "tj.", "tzn.", "resp.",
)

# Month forms that take part in dates besides the CLDR ones from Babel: the locative
# ("v máji 2011", "v květnu 2011"), which CLDR does not carry.
MONTHS_LOCATIVE = {
    "sk": ("januári", "februári", "marci", "apríli", "máji", "júni", "júli",
           "auguste", "septembri", "októbri", "novembri", "decembri"),
    "cs": ("lednu", "únoru", "březnu", "dubnu", "květnu", "červnu", "červenci",
           "srpnu", "září", "říjnu", "listopadu", "prosinci"),
}


@dataclass(frozen=True)
class Conventions:
    double: tuple[str, str]      # opening, closing
    single: tuple[str, str]
    short_words: bool = False    # nbsp after one-letter prepositions and conjunctions
    dates: bool = False          # nbsp inside "1. februára 2011"
    abbreviations: bool = False  # nbsp after "Ing.", "č.", "tzv." …
    units: bool = True           # nbsp in "12 km", "50 %"
    initials: bool = True        # nbsp in "J. Novák"


_CZECHOSLOVAK: dict[str, Any] = dict(
    double=("„", "“"), single=("‚", "‘"), short_words=True, dates=True, abbreviations=True
)
CONVENTIONS: dict[str, Conventions] = {
    "sk": Conventions(**_CZECHOSLOVAK),
    "cs": Conventions(**_CZECHOSLOVAK),
    "en": Conventions(double=("“", "”"), single=("‘", "’")),
}


def base_language(lang: str) -> str:
    """The language without its region: cs for cs, cs_CZ or cs-CZ."""
    return re.split(r"[_-]", lang or "")[0].lower()


def conventions(lang: str) -> Conventions | None:
    """The conventions for a language tag such as "sk" or "cs_CZ"; None if unknown."""
    return CONVENTIONS.get(base_language(lang))


# --- Spans never touched: URLs and e-mail addresses -----------------------------

_QUOTE_CHARS = "\"'„“”‚‘’«»‹›"
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\bmailto:)"
    r"[^\s<>\"]*"
    r"[^\s<>\"" + _QUOTE_CHARS + r".,;:!?)\]}]",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\w[\w.+'-]*@[\w-]+(?:\.[\w-]+)+")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL and e-mail address in text."""
    return [m.span() for rx in (_URL, _EMAIL) for m in rx.finditer(text)]


# --- Public API -----------------------------------------------------------------

Run = tuple[str, bool]   # (text, editable); uneditable runs give context only


def nbsp(text: str, lang: str) -> str:
    """text with U+00A0 where a line must not break, per the language's conventions."""
    return _on_string(text, lang, _nbsp_edits)


def quotes(text: str, lang: str) -> str:
    """text with straight quotes and apostrophes turned into the language's marks."""
    return _on_string(text, lang, _quote_edits)


def typeset(text: str, lang: str) -> str:
    """Both: quotation marks, then non-breaking spaces."""
    return nbsp(quotes(text, lang), lang)


def typeset_runs(runs: Sequence[Run], lang: str) -> list[str]:
    """Typeset a paragraph given as consecutive runs, returning the new run texts.

    A quotation can open in one run and close in another ('"' + "**word**" + '"'),
    and "v" can end a run whose next word starts the following one, so the runs are
    read as one text. Runs marked not editable (inline code, a URL link) are never
    changed but still count as neighbouring characters.
    """
    texts = [text for text, _ in runs]
    if conventions(lang) is None:
        return texts
    joined = "".join(texts)
    editable = _editable_mask(runs, joined)
    chars = list(joined)
    for edits in (_quote_edits, _nbsp_edits):
        for pos, char in edits("".join(chars), editable, base_language(lang)).items():
            chars[pos] = char
    return _split(chars, [len(t) for t in texts])


# --- Plumbing ---------------------------------------------------------------------

def _on_string(text: str, lang: str, rule) -> str:
    if conventions(lang) is None:
        return text
    chars = list(text)
    editable = _editable_mask([(text, True)], text)
    for pos, char in rule(text, editable, base_language(lang)).items():
        chars[pos] = char
    return "".join(chars)


def _editable_mask(runs: Sequence[Run], joined: str) -> list[bool]:
    mask: list[bool] = []
    for text, editable in runs:
        mask.extend([editable] * len(text))
    for start, end in protected_spans(joined):
        mask[start:end] = [False] * (end - start)
    return mask


def _split(chars: list[str], lengths: Iterable[int]) -> list[str]:
    out, pos = [], 0
    for n in lengths:
        out.append("".join(chars[pos:pos + n]))
        pos += n
    return out


# --- Non-breaking spaces ----------------------------------------------------------

# The breakable space a rule replaces: a space, or a line break inside a paragraph
# (MyST keeps soft line breaks as "\n"). Exactly one, followed by a visible
# character; the group is what becomes U+00A0.
_GAP = r"([ \t\n])(?=\S)"
# A word starts here: not inside another word, number, abbreviation or address.
_WORD_START = r"(?<![\w.\-'’/@])"


def _alternatives(words: Iterable[str]) -> str:
    # Longest first, so "km²" wins over "km".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _capitalised(words: Iterable[str]) -> list[str]:
    return [v for w in words for v in {w, w[0].upper() + w[1:]}]


@lru_cache(maxsize=None)   # pure: the language is the whole input (CLDR's data)
def _month_names(lang: str) -> tuple[str, ...]:
    names = {
        name
        for context in ("format", "stand-alone")
        for name in get_month_names("wide", context, lang).values()
    }
    return tuple(names | set(MONTHS_LOCATIVE.get(lang, ())))


def _is_initial(text: str, match: re.Match) -> bool:
    # The letter before the dot and the word after it are capitals: "J. Novák",
    # not "s. 12" (an abbreviation, handled by its own rule).
    return text[match.start()].isupper() and text[match.end()].isupper()


def _always(text: str, match: re.Match) -> bool:
    return True


Check = Callable[[str, re.Match], bool]   # may this match be edited?


@lru_cache(maxsize=None)   # pure: the language is the whole input (CONVENTIONS)
def _nbsp_patterns(lang: str) -> tuple[tuple[re.Pattern, Check], ...]:
    """(pattern, check) pairs; group 1 of a pattern is the space to make U+00A0."""
    rules = CONVENTIONS[lang]
    end = r"(?![\w])"          # the unit or word ends here
    patterns: list[str | tuple[str, Check]] = []
    if rules.units:
        patterns += [
            rf"(?<=\d){_GAP}(?:{_alternatives(UNITS)}){end}",
            rf"(?<=(?:tis|mil|mld)\.){_GAP}(?:{_alternatives(CURRENCIES)}){end}",
            rf"§{_GAP}(?=\d)",
        ]
    if rules.initials:
        # One capital letter (or Ch) with a dot, then a capitalised word: "J. Novák".
        patterns.append((rf"{_WORD_START}(?:Ch|[^\W\d_])\.{_GAP}(?=[^\W\d_])", _is_initial))
    if rules.short_words:
        patterns.append(rf"{_WORD_START}[{SHORT_WORDS}]{_GAP}")
    if rules.abbreviations:
        patterns.append(rf"{_WORD_START}(?:{_alternatives(_capitalised(ABBREVIATIONS))}){_GAP}")
    if rules.dates:
        months = _alternatives(_month_names(lang))
        patterns += [
            rf"{_WORD_START}\d{{1,2}}\.{_GAP}(?:{months}){end}",          # 1. februára
            rf"{_WORD_START}(?:{months}){_GAP}\d{{4}}(?!\d)",             # februára 2011
            rf"{_WORD_START}\d{{1,2}}\.{_GAP}\d{{1,2}}\.[ \t\n]\d{{4}}(?!\d)",  # 1. 2. 2011
        ]
    return tuple(
        (re.compile(p[0]), p[1]) if isinstance(p, tuple) else (re.compile(p), _always)
        for p in patterns
    )


def _nbsp_edits(text: str, editable: list[bool], lang: str) -> dict[int, str]:
    edits: dict[int, str] = {}
    for pattern, check in _nbsp_patterns(lang):
        for match in pattern.finditer(text):
            pos = match.start(1)
            if editable[pos] and check(text, match):
                edits[pos] = NBSP
    return edits


# --- Quotation marks ----------------------------------------------------------------

_OPEN_BEFORE = "([{–—-/"          # a quote after these opens
_CLOSE_AFTER = ".,;:!?…)]}–—-/"   # a quote before these closes


def _quote_edits(text: str, editable: list[bool], lang: str) -> dict[int, str]:
    rules = CONVENTIONS[lang]
    edits: dict[int, str] = {}
    opened: set[int] = set()
    stack: list[str] = []          # kinds of quotations open, innermost last
    for i, ch in enumerate(text):
        if ch not in "\"'" or not editable[i]:
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "'" and _is_apostrophe(text, i, "'" in stack):
            edits[i] = APOSTROPHE
            continue
        if _opens(prev, nxt, i - 1 in opened):
            is_open = True
        elif _closes(prev, nxt):
            is_open = False
        else:   # between two letters, or alone between spaces: go by what is open
            is_open = ch not in stack
        marks = rules.double if ch == '"' else rules.single
        edits[i] = marks[0] if is_open else marks[1]
        if is_open:
            stack.append(ch)
            opened.add(i)
        elif ch in stack:
            del stack[len(stack) - 1 - stack[::-1].index(ch):]
    return edits


def _boundary_before(prev: str, after_opening_quote: bool) -> bool:
    return prev == "" or prev.isspace() or prev in _OPEN_BEFORE or after_opening_quote


def _opens(prev: str, nxt: str, after_opening_quote: bool) -> bool:
    return _boundary_before(prev, after_opening_quote) and nxt != "" and not nxt.isspace()


def _closes(prev: str, nxt: str) -> bool:
    boundary_after = nxt == "" or nxt.isspace() or nxt in _CLOSE_AFTER or nxt in _QUOTE_CHARS
    return boundary_after and prev != "" and not prev.isspace()


def _is_apostrophe(text: str, i: int, single_open: bool) -> bool:
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if prev.isalnum() and nxt.isalpha():          # don't, O'Neill, rock'n'roll
        return True
    if not prev.isalnum() and re.match(r"\d\d(?!\d)", text[i + 1:i + 4]):
        return True                               # '98, '90s
    # After a word with no single quotation open: the students' hall, rock'n'
    return prev.isalpha() and not nxt.isalnum() and not single_open
