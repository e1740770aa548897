"""The line-aware PO scanner: each entry with its line numbers, and what polib forgives."""
from __future__ import annotations

from dataclasses import dataclass, field
import re

from press.i18n.pocheck.findings import _q


# ------------------------------------------------------------------------ the scanner

@dataclass
class RawEntry:
    """One entry as written, with the lines polib doesn't keep."""
    line: int = 0                      # first line of the entry (comments included)
    msgid_line: int = 0
    msgstr_line: int = 0
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def translations(self) -> list[tuple[str, str]]:
        """(source, translation) pairs: msgstr[0] is the singular, the others the plural."""
        if self.msgid_plural is None:
            return [(self.msgid or "", self.msgstr or "")]
        # the scanner sets msgid before it accepts msgid_plural, so msgid is a str here
        return [((self.msgid or "") if n == 0 else self.msgid_plural, text)
                for n, text in sorted(self.msgstr_plural.items())]

    def translated(self) -> bool:
        return all(text for _, text in self.translations()) and bool(self.translations())


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(.*)$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"[ \t]*$')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def scan_po(text: str) -> tuple[list[RawEntry], list[tuple[int, str]]]:
    """Entries with their lines, and (line, message) syntax errors."""
    state = _ScanState()
    # Only LF (or CRLF) ends a line in a catalog, as for gettext and a text editor;
    # str.splitlines() would also break at U+2028, U+0085 or a form feed inside a
    # msgstr, which shifted every line number after it.
    for number, raw in enumerate(text.split("\n"), start=1):
        state.feed(number, raw.removesuffix("\r"))
    state.finish()
    return state.entries, state.errors


class _ScanState:
    def __init__(self):
        self.entries: list[RawEntry] = []
        self.errors: list[tuple[int, str]] = []
        self.current = RawEntry()
        self.field: str | None = None     # the keyword a continuation line extends

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            if line.startswith("#~|"):
                return
            line = line[2:].strip()
        if not line:
            return
        if line.startswith("#"):
            self.comment(number, line)
        elif line.startswith('"'):
            self.continuation(number, line)
        else:
            self.keyword(number, line, obsolete)

    def comment(self, number: int, line: str) -> None:
        if self.current.msgstr is not None or self.current.msgstr_plural:
            self.flush()
        if not self.current.line:
            self.current.line = number
        self.field = None
        if line.startswith("#,"):
            self.current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line[1:2] in ("", " ", "\t") or line.startswith("##"):
            self.current.comments.append(line[1:].strip())

    def continuation(self, number: int, line: str) -> None:
        m = _STRING.match(line)
        if not m:
            self.errors.append((number, "malformed string (check quotes and escapes)"))
        elif self.field is None:
            self.errors.append((number, "string outside a msgid or msgstr"))
        else:
            self.append(self.field, _unescape(m.group(1)))

    def keyword(self, number: int, line: str, obsolete: bool) -> None:
        m = _KEYWORD.match(line)
        if not m:
            self.errors.append((number, f"unexpected text {_q(line, 40)}"))
            self.field = None
            return
        word, index, rest = m.group(1), m.group(2), m.group(3)
        s = _STRING.match(rest)
        if not s:
            # Reported once; the keyword still counts, so the entry's other lines
            # don't produce follow-up errors.
            self.errors.append((number, f"{word}: malformed string (check quotes and escapes)"))
        value = _unescape(s.group(1)) if s else ""
        entry = self.current
        if word in ("msgctxt", "msgid") and (entry.msgid is not None and word == "msgid"
                                               or entry.msgstr is not None
                                               or entry.msgstr_plural):
            self.flush()
            entry = self.current
        problem = self.order_problem(entry, word, index)
        if problem:
            self.errors.append((number, problem))
        if not entry.line:
            entry.line = number
        entry.obsolete = entry.obsolete or obsolete
        if word == "msgid":
            entry.msgid_line = number
        elif word.startswith("msgstr") and not entry.msgstr_line:
            entry.msgstr_line = number
        self.field = f"msgstr[{index}]" if index is not None else word
        self.set(self.field, value)

    @staticmethod
    def order_problem(entry: RawEntry, word: str, index: str | None) -> str | None:
        if word == "msgid_plural" and (entry.msgid is None or entry.msgstr is not None):
            return "msgid_plural must follow msgid"
        if word.startswith("msgstr") and entry.msgid is None:
            return f"{word} without msgid"
        if word == "msgstr" and index is None and entry.msgid_plural is not None:
            return "entry with msgid_plural needs msgstr[0], msgstr[1], …"
        if index is not None and entry.msgid_plural is None:
            return f"msgstr[{index}] without msgid_plural"
        if index is not None and int(index) in entry.msgstr_plural:
            return f"msgstr[{index}] given twice"
        return None

    def set(self, name: str, value: str) -> None:
        if name.startswith("msgstr["):
            self.current.msgstr_plural[int(name[7:-1])] = value
        else:
            setattr(self.current, name, value)

    def append(self, name: str, value: str) -> None:
        if name.startswith("msgstr["):
            self.current.msgstr_plural[int(name[7:-1])] += value
        else:
            setattr(self.current, name, (getattr(self.current, name) or "") + value)

    def flush(self) -> None:
        entry = self.current
        if entry.msgid is not None:
            if entry.msgstr is None and not entry.msgstr_plural:
                self.errors.append((entry.msgid_line, "msgid without msgstr"))
            self.entries.append(entry)
        self.current = RawEntry()
        self.field = None

    def finish(self) -> None:
        self.flush()
