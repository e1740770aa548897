"""The markup scanner: roles, links, images, footnotes, code and emphasis in a message."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
import re
import string


# --------------------------------------------------------------------------- markup

_ROLE_MYST = re.compile(r"\{([A-Za-z][\w:+.-]*)\}(`+)")
_ROLE_RST = re.compile(r":([A-Za-z][\w+.-]*(?::[A-Za-z][\w+.-]*)?):(`+)")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SPECIAL = re.compile(r"[\\{:`!\[*_]")
_BACKTICKS = re.compile(r"(?<!\\)`+")
_TICKS = re.compile(r"`+")
_MAX_DEST = 2048
_DESTINATION = re.compile(r"""\s*(<[^<>\n]*>|[^\s<]\S*|)(?:\s+("[^"]*"|'[^']*'|\([^)]*\)))?\s*""")

# Roles whose content is text for the reader, not a reference: a translation
# translates it. {index} belongs here because Sphinx does not extract inline index
# entries as messages of their own: the translated role is what the edition's index
# shows. For these only the number of roles (and an index entry's type) must match.
TEXT_ROLES = frozenset({
    "index", "abbr", "sub", "sup", "subscript", "superscript", "guilabel",
    "menuselection", "dfn", "title-reference", "emphasis", "strong",
})
# Reference roles whose targets Sphinx lowercases before resolving them, so the
# comparison does too (Sphinx's own consistency check compares resolved targets).
LOWERCASE_ROLES = frozenset({"term", "ref", "numref", "keyword", "option", "envvar", "token"})


@dataclass(frozen=True)
class Role:
    name: str            # as written: "{term}" or ":term:"
    base: str            # without syntax and domain: "term"
    content: str
    label: str | None    # the explicit title of `label <target>`, if any
    target: str


@dataclass
class Markup:
    roles: list[Role] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    strong: int = 0
    emphasis: int = 0
    unclosed: list[str] = field(default_factory=list)  # backtick runs with no partner
    plain: str = ""      # the visible text, with markup and reference targets removed


@lru_cache(maxsize=512)
def parse_markup(text: str) -> Markup:
    """The MyST inline markup of one message (roles also in rST syntax). Cached,
    because every check parses the same two strings; don't modify the result."""
    scanner = _Scanner(text)
    scanner.scan(0, len(text), depth=0)
    scanner.out.plain = "".join(scanner.plain)
    return scanner.out


def _backtick_runs(text: str) -> dict[int, list[int]]:
    runs: dict[int, list[int]] = {}
    for m in _BACKTICKS.finditer(text):
        runs.setdefault(len(m.group()), []).append(m.start())
    return runs


def _pairs(text: str, opening: str, closing: str) -> dict[int, int]:
    """Position of each unescaped opening bracket -> its closing partner."""
    pairs, stack = {}, []
    for m in re.finditer(r"\\.|" + re.escape(opening) + "|" + re.escape(closing), text, re.S):
        if m.group() == opening:
            stack.append(m.start())
        elif m.group() == closing and stack:
            pairs[stack.pop()] = m.start()
    return pairs


class _Scanner:
    """One left-to-right pass. A link's text is scanned once more (depth 1), and an
    image inside it (a badge) once more again (depth 2); deeper brackets are plain
    text, so hostile input ("[[[[…", "````…") stays linear."""

    def __init__(self, text: str):
        self.text = text
        self.runs = _backtick_runs(text)
        self.pairs = _pairs(text, "[", "]")
        self.parens = _pairs(text, "(", ")")
        self.out = Markup()
        self.plain: list[str] = []

    def closing_run(self, length: int, start: int, end: int) -> int | None:
        positions = self.runs.get(length, [])
        k = bisect.bisect_left(positions, start)
        if k < len(positions) and positions[k] + length <= end:
            return positions[k]
        return None

    def scan(self, i: int, end: int, depth: int) -> None:
        text = self.text
        while i < end:
            m = _SPECIAL.search(text, i, end)
            if not m:
                self.plain.append(text[i:end])
                return
            self.plain.append(text[i:m.start()])
            i = self.step(m.start(), end, depth)

    def step(self, i: int, end: int, depth: int) -> int:
        """Consume the construct at i; return the position after it."""
        text, c = self.text, self.text[i]
        if c == "\\":
            nxt = text[i + 1:i + 2] if i + 1 < end else ""
            if nxt and nxt in string.punctuation:
                self.plain.append(nxt)
                return i + 2
            self.plain.append(c)
            return i + 1
        if c == "{":
            return self.role(_ROLE_MYST.match(text, i, end), "{%s}", end) or self.literal(i)
        if c == ":":
            if i > 0 and (text[i - 1].isalnum() or text[i - 1] == ":"):
                return self.literal(i)
            return self.role(_ROLE_RST.match(text, i, end), ":%s:", end) or self.literal(i)
        if c == "`":
            return self.code_span(i, end)
        if c == "!":
            if text.startswith("[", i + 1):
                return self.link(i + 1, end, image=True, depth=depth) or self.literal(i)
            return self.literal(i)
        if c == "[":
            return self.link(i, end, image=False, depth=depth) or self.literal(i)
        return self.delimiter_run(i, end)

    def literal(self, i: int) -> int:
        self.plain.append(self.text[i])
        return i + 1

    def role(self, m: re.Match | None, syntax: str, end: int) -> int | None:
        if not m:
            return None
        ticks = len(m.group(2))
        close = self.closing_run(ticks, m.end(), end)
        if close is None:
            return None
        name, content = m.group(1), self.text[m.end():close]
        base = name.rsplit(":", 1)[-1]
        label, target = _explicit_title(content)
        self.out.roles.append(Role(syntax % name, base, content, label, target))
        if label is not None:
            self.plain.append(" " + label + " ")
        elif base in TEXT_ROLES or base == "term":
            self.plain.append(" " + content + " ")
        return close + ticks

    def code_span(self, i: int, end: int) -> int:
        m = _TICKS.match(self.text, i, end)
        ticks = len(m.group())
        close = self.closing_run(ticks, m.end(), end)
        if close is None:
            # MyST prints the backticks, and a role's name before them, as they are.
            start = i
            before = self.text[max(0, i - 64):i]
            role = re.search(r"(\{[A-Za-z][\w:+.-]*\}|:[A-Za-z][\w:+.-]*:)$", before)
            if role:
                start = i - len(before) + role.start()
            self.out.unclosed.append(self.text[start:i + 24])
            self.plain.append(m.group())
            return m.end()
        self.out.code.append(self.text[m.end():close].strip(" "))
        self.plain.append(" ")
        return close + ticks

    def link(self, i: int, end: int, image: bool, depth: int) -> int | None:
        text = self.text
        if not image:
            foot = _FOOTNOTE.match(text, i, end)
            if foot:
                self.out.footnotes.append(foot.group(1))
                return foot.end()
        if depth >= (2 if image else 1):
            return None
        close = self.pairs.get(i)
        if close is None or close >= end:
            return None
        if text.startswith("(", close + 1):
            dest = self.destination(close + 1, end)
            if dest is None:
                return None
            target, after = dest
        elif text.startswith("[", close + 1) and self.pairs.get(close + 1, end) < end:
            after = self.pairs[close + 1] + 1
            target = "[" + text[close + 2:after - 1] + "]"
        else:
            return None
        (self.out.images if image else self.out.links).append(target)
        self.plain.append(" ")
        self.scan(i + 1, close, depth + 1)
        self.plain.append(" ")
        return after

    def destination(self, opening: int, end: int) -> tuple[str, int] | None:
        """`(target "title")` at opening: the target and the position after ')'."""
        close = self.parens.get(opening)
        if close is None or close >= end or close - opening > _MAX_DEST:
            return None
        m = _DESTINATION.fullmatch(self.text, opening + 1, close)
        if not m:
            return None
        target = m.group(1)
        return (target[1:-1] if target.startswith("<") else target), close + 1

    def delimiter_run(self, i: int, end: int) -> int:
        text, c = self.text, self.text[i]
        j = i
        while j < end and text[j] == c:
            j += 1
        before = text[i - 1] if i > 0 else " "
        after = text[j] if j < len(text) else " "
        flanking = not after.isspace() or not before.isspace()
        intraword = c == "_" and before.isalnum() and after.isalnum()
        if not flanking or intraword:
            self.plain.append(text[i:j])
            return j
        self.out.strong += (j - i) // 2
        self.out.emphasis += (j - i) % 2
        return j


def _explicit_title(content: str) -> tuple[str | None, str]:
    """(label, target) of `label <target>` as Sphinx splits it: the first '<' after
    some text, up to the final '>'; (None, content) without an explicit title."""
    if content.endswith(">"):
        start = content.find("<", 1)
        if start > 0 and content[:start].strip():
            return content[:start].strip(), content[start + 1:-1]
    return None, content


def _role_key(role: Role) -> tuple[str, str]:
    if role.base in TEXT_ROLES:
        kind = ""
        if role.base == "index":
            kind = re.match(r"\s*(!?)\s*(\w*:)?", role.target).group(0).replace(" ", "")
        return role.name, kind
    target = " ".join(role.target.split()).lstrip("~")
    if role.base in LOWERCASE_ROLES:
        target = target.lower()
    return role.name, target


def _keep_target_rule(role_name: str, target: str) -> str:
    example = f"{role_name}`…translated text… <{target}>`"
    return (f"translate the text, keep the target: write {example}; a changed target makes "
            "Sphinx warn i18n.inconsistent_references, which fails a strict build")
