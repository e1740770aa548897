"""Findings, the message pair the text checks read, and the limits of a catalog."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


MAX_FILE_BYTES = 20_000_000
MAX_MESSAGE_CHARS = 100_000
WAIVABLE = frozenset({"numbers", "whitespace", "punctuation", "glossary"})


# --------------------------------------------------------------------------- results

@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    check: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.check}: {_one_line(self.message)}"


@dataclass(frozen=True)
class Problem:
    """A finding without its place: what check_text_pair returns."""
    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class Message:
    """One source/translation pair as the text checks see it."""
    msgid: str
    msgstr: str
    flags: frozenset[str] = frozenset()


def _one_line(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _q(text: str, limit: int = 60) -> str:
    """Quote a piece of message text for a finding: short and on one line."""
    text = _one_line(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _diff(source: list, translation: list) -> tuple[list, list]:
    """Items the translation lacks and items it adds, as multisets, in text order."""
    missing = Counter(source) - Counter(translation)
    extra = Counter(translation) - Counter(source)
    return (_expand(source, missing), _expand(translation, extra))


def _expand(order: list, counts: Counter) -> list:
    out, left = [], Counter(counts)
    for item in order:
        if left[item] > 0:
            out.append(item)
            left[item] -= 1
    return out
