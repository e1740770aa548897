"""The glossary: terms a translation must use, matched by stems (see pocheck's docstring)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
import io
from pathlib import Path
import re
from typing import Callable

from press.i18n.pocheck.findings import Finding, Message, _q
from press.i18n.pocheck.markup import parse_markup


# ------------------------------------------------------------------------ glossary

_WORD = re.compile(r"[^\W\d_]+")
_FOLD = str.maketrans({"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ů": "u", "ý": "y",
                       "ĺ": "l", "ŕ": "r", "ô": "o", "ť": "t", "ď": "d", "ň": "n", "ľ": "l"})


def normalise_word(word: str, lang: str) -> str:
    w = word.lower().translate(_FOLD)
    if lang == "sk":
        w = w.replace("ie", "e")
    if lang == "cs":
        w = w.replace("ou", "u")
    return w


_VOWELS = "aeiouyäě"


def stem(word: str, lang: str) -> str:
    w = normalise_word(word, lang)
    return w.rstrip(_VOWELS) if len(w.rstrip(_VOWELS)) >= 3 else w[:3]


_MOBILE_VOWEL = re.compile(r"[aeiouy](?=[^aeiouyäě]+$)")


def _starts_with(word: str, stem_: str) -> bool:
    """A word begins with a stem, also when its genitive plural inserts a vowel
    before the final consonants ("partnerstiev" -> "partnerstev" ~ "partnerstv")."""
    return word.startswith(stem_) or _MOBILE_VOWEL.sub("", word, count=1).startswith(stem_)


# An address shown as a link's text ("www.zmos.sk/o-partnerskej-spolupraci-miest-…") is
# not prose: its words are a slug, and a translation rightly keeps it as it is.
_ADDRESS = re.compile(r"\S*(?:https?://|www\.|\w/\w)\S*")


def _words(text: str, lang: str) -> list[str]:
    return [normalise_word(w, lang) for w in _WORD.findall(_ADDRESS.sub(" ", text))]


def term_spans(words: list[str], term: str, lang: str) -> list[tuple[int, int]]:
    """(first, last) word index of each place where term occurs in words."""
    stems = [stem(w, lang) for w in _WORD.findall(term)]
    spans = []
    for i, word in enumerate(words):
        if not stems or not _starts_with(word, stems[0]):
            continue
        at = i
        for s in stems[1:]:
            # the next word of the term, right after or with one word between
            nxt = next((j for j in (at + 1, at + 2) if j < len(words) and _starts_with(words[j], s)),
                       None)
            if nxt is None:
                break
            at = nxt
        else:
            spans.append((i, at))
    return spans


def has_term(text: str, term: str, lang: str) -> bool:
    """Whether text contains term, inflected (see the module docstring)."""
    return bool(term_spans(_words(text, lang), term, lang))


@dataclass(frozen=True)
class Glossary:
    """Agreed terms, one concept per row: {lang: term}."""
    rows: tuple[dict[str, str], ...]

    def targets(self, source_lang: str, lang: str) -> dict[str, list[str]]:
        """Source term -> its agreed renderings. Rows whose source terms have the same
        stems are alternatives: 'partnerská zmluva' may be a partnership or a twinning
        agreement, and 'partnerské mesto' and 'partnerské mestá' are one term."""
        out: dict[str, list[str]] = {}
        first: dict[tuple[str, ...], str] = {}
        for row in self.rows:
            if row.get(source_lang) and row.get(lang):
                key = tuple(stem(w, source_lang) for w in _WORD.findall(row[source_lang]))
                term = first.setdefault(key, row[source_lang])
                if row[lang] not in out.setdefault(term, []):
                    out[term].append(row[lang])
        return out

    def check(self, msg: Message, lang: str, source_lang: str) -> list[str]:
        if lang == source_lang:
            return []
        words = _words(parse_markup(msg.msgid).plain, source_lang)
        translation = parse_markup(msg.msgstr).plain
        wanted = self.targets(source_lang, lang)
        spans = {term: term_spans(words, term, source_lang) for term in wanted}
        out = []
        for term, renderings in wanted.items():
            if not _stands_alone(term, spans):
                continue
            if not any(has_term(translation, r, lang) for r in renderings):
                agreed = " or ".join(_q(r) for r in renderings)
                stems = " / ".join(" ".join(stem(w, lang) + "*" for w in _WORD.findall(r))
                                   for r in renderings)
                out.append(f"{_q(term)} should be rendered as {agreed} "
                           f"(any inflected form matching {stems})")
        return out

    def for_source(self, source_lang: str) -> Callable[[Message, str], list[str]]:
        return lambda msg, lang: self.check(msg, lang, source_lang)


def _stands_alone(term: str, spans: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether term occurs somewhere outside a longer glossary term: 'partnerstvo'
    inside 'partnerstvo miest' is that term's business."""
    size = len(_WORD.findall(term))
    longer = [span for other, found in spans.items()
              if len(_WORD.findall(other)) > size for span in found]
    return any(not any(a <= s and e <= b for a, b in longer) for s, e in spans[term])


def load_glossary(path: Path, display_path: str) -> tuple[Glossary, list[Finding]]:
    """Read locales/glossary.csv (columns en, sk, cs; a column per language)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        return Glossary(()), [Finding(display_path, 1, "glossary", f"cannot read: {err}")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    findings = [Finding(display_path, 1, "glossary", f"missing column '{lang}'")
                for lang in ("en", "sk", "cs") if lang not in header]
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            findings.append(Finding(display_path, reader.line_num, "glossary",
                                    f"{len(cells)} cells, the header has {len(header)}"))
            continue
        rows.append({h: c.strip() for h, c in zip(header, cells) if c.strip()})
    return Glossary(tuple(rows)), findings
