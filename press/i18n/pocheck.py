"""Translation quality checks (`python build.py check-po`, part of `check`).

Every `.po` file under `locales/<lang>/LC_MESSAGES/` is read twice: by polib, the
parser the toolchain relies on, and by a small line-aware scanner of our own, which
gives each entry its line numbers and sees what polib silently forgives (a
duplicate msgid is merged, not reported). Then:

* the catalog itself is checked: syntax, charset, the `Language` and
  `Plural-Forms` headers, duplicate msgids, the msgstr[n] count of plural entries;
* every translated, non-fuzzy message is compared with its source by the rules in
  `CHECKS` (one small function each, `(message, lang) -> list[str]`), and by the
  glossary (warnings only).

Each finding prints as one line, `path:line: check: message`; the line is that of
the entry's msgstr, the text a translator has to change (catalog-wide problems
point at their header line or at the msgid).

Waivers. Numbers, whitespace, punctuation and glossary findings can be legitimate
(a date written "16. 9. 1966" in Slovak and "16 September 1966" in English). A
translator comment on the entry, `# check-po: ignore numbers punctuation`,
switches those checks off for that entry, visibly and reviewably in the diff.
Markup, placeholders, URLs, unsafe content and the catalog checks can't be waived:
they break the build or open it to injection.

Glossary stems. Slovak and Czech inflect, so a term counts as present when the
text has consecutive words that start with the stems of the term's words, in
order, with at most one other word between two of them ("uznesenie obecného
zastupiteľstva"). A word's stem is its normalised form without its final vowels,
which in Slovak and Czech are the ending that inflection replaces (at least three
letters are kept): "zmluva" -> "zmluv" (zmluvy, zmlúv), "partnerské" -> "partnersk"
(partnerských), "mesto" -> "mest" (mestá, miest), "partnerstvo" -> "partnerstv",
which does not match "partnerská". Consonant-final words keep all their letters
("občanov", "twinning"), which suits the fixed genitives of the glossary's phrases.
Normalising lowercases and folds only what alternates inside one
word's inflection: long vowels to short (zmluva/zmlúv, sieť/sietí), soft consonants
ť ď ň ľ to t d n l (sieť/siete, síť/sítě), ô to o, Slovak "ie" to "e"
(mesto/miest) and Czech "ou" to "u" (smlouva/smluv). A genitive plural that inserts a
vowel before its last consonants still matches ("partnerstiev" ~ "partnerstv"). Other diacritics stay, so
that Slovak "mesto" and Czech "město" remain different words.
"""
from __future__ import annotations

import bisect
import codecs
import csv
import gettext
import io
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import polib
from babel.messages.plurals import get_plural

from press.i18n.plurals import fraction_form_warning

MAX_FILE_BYTES = 20_000_000
MAX_MESSAGE_CHARS = 100_000
WAIVABLE = frozenset({"numbers", "whitespace", "punctuation", "glossary"})
# Catalogs whose msgids are English whatever the edition: the toolchain's labels
# and the overrides of Sphinx's own interface text.
ENGLISH_DOMAINS = ("press", "sphinx")


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


# --------------------------------------------------------------------------- text checks

def check_markup(msg: Message, lang: str) -> list[str]:
    src, dst = parse_markup(msg.msgid), parse_markup(msg.msgstr)
    return (_role_problems(src.roles, dst.roles)
            + _pair_problems("link target", src.links, dst.links)
            + _pair_problems("image source", src.images, dst.images)
            + _pair_problems("footnote reference", src.footnotes, dst.footnotes)
            + [f"inline code `{_one_line(c)}` missing in translation (code is not translated)"
               for c in _diff(src.code, dst.code)[0]]
            + [f"inline code `{_one_line(c)}` not in the source"
               for c in _diff(src.code, dst.code)[1]]
            + [f"unclosed backtick in translation, at {_q(u)}: MyST would print it and the role"
               " or code it starts as plain text" for u in dst.unclosed[len(src.unclosed):]]
            + _count_problem("strong markers (**)", src.strong, dst.strong)
            + _count_problem("emphasis markers (*)", src.emphasis, dst.emphasis))


def _role_problems(src: list[Role], dst: list[Role]) -> list[str]:
    out = []
    text_src = [_role_key(r) for r in src if r.base in TEXT_ROLES]
    text_dst = [_role_key(r) for r in dst if r.base in TEXT_ROLES]
    for name, kind in sorted(set(text_src) | set(text_dst)):
        a, b = text_src.count((name, kind)), text_dst.count((name, kind))
        if a != b:
            what = f"role {name}" + (f" with entry type '{kind}'" if kind else "")
            out.append(f"{what} appears {a}× in the source and {b}× in the translation "
                       "(its text is translated, the role stays)")
    refs_src = [_role_key(r) for r in src if r.base not in TEXT_ROLES]
    refs_dst = [_role_key(r) for r in dst if r.base not in TEXT_ROLES]
    missing, extra = _diff(refs_src, refs_dst)
    for name, target in missing:
        changed = next((e for e in extra if e[0] == name), None)
        if changed:
            extra.remove(changed)
            out.append(f"role {name} target {_q(target)} changed to {_q(changed[1])} in "
                       f"translation; " + _keep_target_rule(name, _one_line(target)))
        else:
            out.append(f"role {name} target {_q(target)} missing in translation; "
                       + _keep_target_rule(name, _one_line(target)))
    for name, target in extra:
        out.append(f"role {name} target {_q(target)} not in the source; a translation keeps "
                   "the source's references (Sphinx warns i18n.inconsistent_references)")
    return out


def _pair_problems(what: str, src: list[str], dst: list[str]) -> list[str]:
    missing, extra = _diff(src, dst)
    out = []
    for old in missing:
        if extra:
            out.append(f"{what} {_q(old)} changed to {_q(extra.pop(0))} in translation")
        else:
            out.append(f"{what} {_q(old)} missing in translation")
    out += [f"{what} {_q(new)} not in the source" for new in extra]
    return out


def _count_problem(what: str, a: int, b: int) -> list[str]:
    return [] if a == b else [f"{what}: {a} in the source, {b} in the translation"]


_URL = re.compile(r"(?:https?|ftp|mailto|file|javascript|data):[^\s<>()\[\]\"'`]+"
                  r"|www\.[^\s<>()\[\]\"'`]+", re.I)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f\u2009.,]\d+)*")
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")


def _urls(text: str) -> list[str]:
    urls = [u.rstrip(".,;:!?") for u in _URL.findall(text)]
    rest = _URL.sub(" ", text)
    return urls + [e.rstrip(".") for e in _EMAIL.findall(rest)]


def check_urls(msg: Message, lang: str) -> list[str]:
    # Link targets are compared by check_markup; these are the URLs and addresses
    # written out in the text.
    src = _urls(parse_markup(msg.msgid).plain)
    dst = _urls(parse_markup(msg.msgstr).plain)
    return _pair_problems("URL or e-mail address", src, dst)


def _numbers(text: str) -> list[tuple[str, str]]:
    """(canonical value, as written) for every number in the visible text."""
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    out = []
    for m in _NUMBER.finditer(text):
        out += _parse_number(m.group())
    return out


def _parse_number(token: str) -> list[tuple[str, str]]:
    chunks = _SPACES.split(token)
    if len(chunks) > 1 and not _space_grouped(chunks):
        return [n for chunk in chunks for n in _parse_number(chunk)]
    joined = "".join(chunks)
    seps = [c for c in joined if c in ".,"]
    if not seps:
        return [(_int(joined), token)]
    if len(set(seps)) == 2:
        decimal = seps[-1]
    elif len(seps) > 1:
        decimal = None
    else:
        # One '.' or ',' with exactly three digits after it is digit grouping
        # (1,000 / 1.000); otherwise a decimal mark (12,5 / 12.5). A decimal with
        # three places (0,125) is recognised only after a zero.
        whole, _, frac = joined.partition(seps[0])
        decimal = seps[0] if len(chunks) > 1 or len(frac) != 3 or _int(whole) == "0" else None
    if decimal is None:
        return [(_int(re.sub(r"[.,]", "", joined)), token)]
    whole, _, frac = joined.rpartition(decimal)
    return [(_int(re.sub(r"[.,]", "", whole)) + "." + frac, token)]


def _space_grouped(chunks: list[str]) -> bool:
    last = re.fullmatch(r"\d{3}(?:[.,]\d+)?", chunks[-1])
    middle = all(re.fullmatch(r"\d{3}", c) for c in chunks[1:-1])
    return bool(re.fullmatch(r"\d{1,3}", chunks[0]) and middle and last)


def _int(digits: str) -> str:
    return digits.lstrip("0") or "0"


def check_numbers(msg: Message, lang: str) -> list[str]:
    src = _numbers(parse_markup(msg.msgid).plain)
    dst = _numbers(parse_markup(msg.msgstr).plain)
    written = dict(src + dst)
    missing, extra = _diff([v for v, _ in src], [v for v, _ in dst])
    out = []
    for value in missing:
        if extra:
            out.append(f"number {written[value]} became {written[extra.pop(0)]} in translation")
        else:
            out.append(f"number {written[value]} missing in translation")
    out += [f"number {written[v]} not in the source" for v in extra]
    return out


def _leading_space(text: str) -> str:
    return text[:len(text) - len(text.lstrip())]


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


def check_whitespace(msg: Message, lang: str) -> list[str]:
    out = []
    for where, edge in (("leading", _leading_space), ("trailing", _trailing_space)):
        a, b = edge(msg.msgid), edge(msg.msgstr)
        if a != b:
            out.append(f"{where} whitespace differs: source {_q(a)}, translation {_q(b)}")
    return out


# A full stop and an ellipsis both close a sentence: a trailing-off sentence may
# end either way in another language, and a typed "..." is the same sign as "…".
# Question marks and colons keep their kind: a question stays a question, and a
# colon announces the list or table that follows.
_FINAL_KIND = {".": "full stop", "…": "full stop", "?": "question mark",
               "!": "exclamation mark", ":": "colon"}
_CLOSERS = " \t\r\n\"'”’“‘»«)]*_"


def _final_mark(text: str) -> str | None:
    text = text.rstrip(_CLOSERS)
    return _FINAL_KIND.get(text[-1:]) if text else None


def check_punctuation(msg: Message, lang: str) -> list[str]:
    a, b = _final_mark(msg.msgid), _final_mark(msg.msgstr)
    if a == b:
        return []
    return [f"final punctuation differs: source ends with {a or 'no mark'}, "
            f"translation with {b or 'no mark'}"]


PRINTF_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-#0+]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACE = re.compile(r"(?<!\{)\{[A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}(?![`}])")


def check_placeholders(msg: Message, lang: str) -> list[str]:
    src = [p for p in PRINTF_PLACEHOLDER.findall(msg.msgid) if p != "%%"]
    dst = [p for p in PRINTF_PLACEHOLDER.findall(msg.msgstr) if p != "%%"]
    if "python-brace-format" in msg.flags:
        src += _BRACE.findall(msg.msgid)
        dst += _BRACE.findall(msg.msgstr)
    return _pair_problems("placeholder", src, dst)


# ------------------------------------------------------------------- unsafe content

# Roles and directives that read files, emit raw output or run code.
UNSAFE_NAMES = frozenset({
    "raw", "include", "literalinclude", "csv-table", "eval-rst", "eval-md", "download",
    "program-output", "command-output", "exec", "eval", "code-cell", "jupyter-execute",
    "ipython", "plot", "graphviz", "digraph", "graph", "role", "default-role",
})
SAFE_SCHEMES = ("http", "https", "mailto")
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|<[!?]")
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{([^}\n]*)\}", re.M)
_RST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+(?:\|[^|\n]*\|[ \t]+)?([A-Za-z][\w:+.-]*)[ \t]*::",
                            re.M)
_SCHEME = re.compile(r"^\s*([A-Za-z][\w+.-]*):")


def _unsafe_features(text: str) -> list[str]:
    markup = parse_markup(text)
    found = []
    for m in _TAG.finditer(markup.plain):
        found.append(f"raw HTML <{m.group(1).lower()}>" if m.group(1) else "raw HTML "
                     + m.group(0))
    for m in _FENCE.finditer(text):
        found.append(f"directive {{{m.group(1).strip()}}}")
    for m in _RST_DIRECTIVE.finditer(text):
        found.append(f"directive .. {m.group(1)}::")
    for role in markup.roles:
        if role.base in UNSAFE_NAMES or role.base.startswith("raw"):
            found.append(f"role {role.name}")
    for target in markup.links + markup.images:
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            found.append(f"link to a {scheme.group(1).lower()}: address")
        elif not scheme and (target.strip().startswith("/") or ".." in target):
            found.append("link to a path outside the document's folder")
    return found


def check_unsafe(msg: Message, lang: str) -> list[str]:
    _, added = _diff(_unsafe_features(msg.msgid), _unsafe_features(msg.msgstr))
    return [f"{what} not in the source: a translation may not add raw HTML, directives, "
            "or roles and links that read files, emit raw output or run code"
            for what in sorted(set(added))]


# ------------------------------------------------------------------------ registry

@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    run: Callable[[Message, str], list[str]]


CHECKS: list[Check] = [
    Check("unsafe", "error", check_unsafe),
    Check("markup", "error", check_markup),
    Check("placeholders", "error", check_placeholders),
    Check("urls", "error", check_urls),
    Check("numbers", "error", check_numbers),
    Check("whitespace", "error", check_whitespace),
    Check("punctuation", "error", check_punctuation),
]


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


def _words(text: str, lang: str) -> list[str]:
    return [normalise_word(w, lang) for w in _WORD.findall(text)]


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


# ------------------------------------------------------------------------ one pair

def check_text_pair(msgid: str, msgstr: str, lang: str, source_lang: str | None = None,
                    glossary: Glossary | None = None,
                    flags: frozenset[str] = frozenset()) -> list[Problem]:
    """Every text check on one source/translation pair."""
    msg = Message(str(msgid), str(msgstr), frozenset(flags))
    return _check_message(msg, lang, _checks_for(glossary, source_lang))


def _checks_for(glossary: Glossary | None, source_lang: str | None) -> list[Check]:
    if glossary is None or source_lang is None:
        return CHECKS
    return CHECKS + [Check("glossary", "warning", glossary.for_source(source_lang))]


def _check_message(msg: Message, lang: str, checks: list[Check],
                   waived: frozenset[str] = frozenset()) -> list[Problem]:
    if max(len(msg.msgid), len(msg.msgstr)) > MAX_MESSAGE_CHARS:
        return [Problem("markup", "error",
                        f"message longer than {MAX_MESSAGE_CHARS} characters; not checked")]
    return [Problem(check.name, check.severity, text)
            for check in checks if check.name not in waived
            for text in check.run(msg, lang)]


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
        return [(self.msgid if n == 0 else self.msgid_plural, text)
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


# ------------------------------------------------------------------------ one catalog

_CHARSET = re.compile(rb"charset=([\w.:-]+)")


def _decode(data: bytes, path: str) -> tuple[str, str, list[Finding]]:
    """The text, its declared charset, and findings about bytes and charset."""
    findings = []
    if data.startswith(codecs.BOM_UTF8):
        findings.append(Finding(path, 1, "charset", "byte order mark at the start; save "
                                "the file as UTF-8 without BOM", "warning"))
        data = data[len(codecs.BOM_UTF8):]
    declared = _CHARSET.search(data[:10_000])
    charset = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = data[:declared.start()].count(b"\n") + 1
        findings.append(Finding(path, line, "charset", f"unknown charset '{charset}'"))
        charset = "utf-8"
    if codecs.lookup(charset).name != "utf-8":
        findings.append(Finding(path, 1, "charset", f"charset '{charset}': the project's "
                                "catalogs are UTF-8", "warning"))
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        findings.append(Finding(path, line, "charset", f"bytes that are not valid {charset}"))
        text = data.decode(charset, errors="replace")
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        findings.append(Finding(path, line, "syntax", "NUL byte in the file"))
        text = text.replace("\x00", "")
    return text, charset, findings


def _polib_error(text: str) -> tuple[int, str] | None:
    try:
        polib.pofile(text)
    except Exception as err:  # polib raises OSError, ValueError or worse on bad input
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        line = re.search(r"line (\d+)", message)
        message = re.sub(r"^Syntax error in po file (\S+ )?\(line \d+\):?\s*", "", message)
        return (int(line.group(1)) if line else 0, message or "syntax error")
    return None


def _header_fields(entry: RawEntry) -> dict[str, str]:
    fields = {}
    for line in (entry.msgstr or "").splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    return fields


def _header_line(text: str, key: str, default: int) -> int:
    m = re.search(rf'^"{re.escape(key)}:', text, re.M | re.I)
    return text[:m.start()].count("\n") + 1 if m else default


def expected_nplurals(lang: str) -> int | None:
    try:
        return get_plural(lang).num_plurals
    except Exception:  # an unknown locale: no expectation
        return None


def _check_header(entries: list[RawEntry], text: str, lang: str, path: str) -> tuple[list[Finding], int | None]:
    """Findings about the header, and the header's nplurals."""
    header = next((e for e in entries if e.msgid == "" and not e.msgctxt and not e.obsolete), None)
    if header is None:
        return [Finding(path, 1, "header", "no header entry (msgid \"\")")], None
    fields = _header_fields(header)
    findings = []
    language = fields.get("language", "")
    if not language:
        findings.append(Finding(path, header.msgstr_line, "header", "no Language header"))
    elif re.split(r"[-_@]", language)[0].lower() != lang.lower():
        findings.append(Finding(path, _header_line(text, "Language", header.msgstr_line),
                                "header", f"Language '{language}' does not match the "
                                f"folder locales/{lang}/"))
    if "charset=" not in fields.get("content-type", ""):
        findings.append(Finding(path, header.msgstr_line, "charset",
                                "no charset in the Content-Type header", "warning"))
    plural_findings, nplurals = _check_plural_forms(fields.get("plural-forms"), lang,
                                                    _header_line(text, "Plural-Forms",
                                                                 header.msgstr_line), path)
    return findings + plural_findings, nplurals


def _check_plural_forms(value: str | None, lang: str, line: int, path: str) -> tuple[list[Finding], int | None]:
    expected = expected_nplurals(lang)
    if not value:
        want = f" (nplurals={expected} for {lang})" if expected else ""
        return [Finding(path, line, "plural-forms", f"no Plural-Forms header{want}")], expected
    m = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", value)
    if not m:
        return [Finding(path, line, "plural-forms", f"malformed Plural-Forms {_q(value)}")], expected
    nplurals, expr = int(m.group(1)), m.group(2)
    fractions = fraction_form_warning(expr, nplurals, lang) if nplurals != expected else None
    if fractions:
        return [Finding(path, line, "plural-forms", fractions, "warning")], nplurals
    if expected is not None and nplurals != expected:
        return [Finding(path, line, "plural-forms",
                        f"nplurals={nplurals}, but {lang} needs nplurals={expected}")], nplurals
    problem = _plural_expression_problem(expr, nplurals, lang)
    return ([Finding(path, line, "plural-forms", problem)] if problem else []), nplurals


def _plural_expression_problem(expr: str, nplurals: int, lang: str) -> str | None:
    if len(expr) > 300:
        return "plural expression too long"
    try:
        ours = gettext.c2py(expr)
        results = [ours(n) for n in range(200)]
    except Exception:  # c2py rejects anything that is not a C plural expression
        return f"invalid plural expression {_q(expr)}"
    bad = next((n for n, r in enumerate(results) if not 0 <= r < nplurals), None)
    if bad is not None:
        return f"plural expression gives form {results[bad]} for n={bad}, beyond nplurals={nplurals}"
    try:
        cldr = gettext.c2py(get_plural(lang).plural_expr)
    except Exception:  # no CLDR rule to compare with
        return None
    wrong = next((n for n in range(200) if cldr(n) != results[n]), None)
    if wrong is not None:
        return (f"plural expression gives form {results[wrong]} for n={wrong}, CLDR's "
                f"rule for {lang} gives {cldr(wrong)} ({get_plural(lang).plural_expr})")
    return None


def _check_entries_shape(entries: list[RawEntry], nplurals: int | None, path: str) -> list[Finding]:
    findings, seen = [], {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            findings.append(Finding(path, entry.msgid_line, "duplicate",
                                    f"msgid {_q(entry.msgid or '')} already at line {seen[key]}; "
                                    "tools keep only one of them"))
        else:
            seen[key] = entry.msgid_line
        if entry.msgid_plural is not None and nplurals is not None:
            have = sorted(entry.msgstr_plural)
            if have != list(range(nplurals)):
                findings.append(Finding(path, entry.msgstr_line or entry.msgid_line, "plural-forms",
                                        f"msgstr{have} given, nplurals={nplurals} needs "
                                        f"msgstr[0] to msgstr[{nplurals - 1}]"))
    return findings


def _waivers(entry: RawEntry) -> frozenset[str]:
    waived = set()
    for comment in entry.comments:
        m = re.match(r"check-po:\s*ignore\s+(.*)", comment)
        if m:
            waived |= set(re.split(r"[\s,]+", m.group(1).strip()))
    return frozenset(waived & WAIVABLE)


def check_catalog_bytes(data: bytes, lang: str, display_path: str,
                        glossary: Glossary | None, source_lang: str) -> list[Finding]:
    """check_catalog on a file's content (what the fuzz tests call)."""
    text, _, findings = _decode(data, display_path)
    entries, errors = scan_po(text)
    # Our scanner is the stricter one; polib's verdict adds what it might miss.
    polib_error = None if errors else _polib_error(text)
    if polib_error:
        errors.append(polib_error)
    findings += [Finding(display_path, max(line, 1), "syntax", msg) for line, msg in errors]
    if errors:
        return sorted(findings)
    header_findings, nplurals = _check_header(entries, text, lang, display_path)
    findings += header_findings
    findings += _check_entries_shape(entries, nplurals, display_path)
    checks = _checks_for(glossary, source_lang)
    for entry in entries:
        if entry.obsolete or entry.fuzzy or entry.msgid == "" or not entry.translated():
            continue
        flags = frozenset(entry.flags)
        for source, translation in entry.translations():
            for p in _check_message(Message(source, translation, flags), lang, checks,
                                    _waivers(entry)):
                findings.append(Finding(display_path, entry.msgstr_line, p.check,
                                        p.message, p.severity))
    return sorted(set(findings))


def check_catalog(po_path: Path, lang: str, display_path: str, glossary: Glossary | None,
                  source_lang: str) -> list[Finding]:
    """Every finding for one catalog, sorted by line."""
    try:
        size = Path(po_path).stat().st_size
        if size > MAX_FILE_BYTES:
            return [Finding(display_path, 1, "syntax",
                            f"file of {size} bytes, over the limit of {MAX_FILE_BYTES}; not checked")]
        data = Path(po_path).read_bytes()
    except OSError as err:
        return [Finding(display_path, 1, "syntax", f"cannot read: {err.strerror or err}")]
    return check_catalog_bytes(data, lang, display_path, glossary, source_lang)


# ------------------------------------------------------------------------ all catalogs

def _front_matter_language(path: Path, top_level_only: bool) -> str | None:
    """`language:` from a chapter's front matter or a case record's top level."""
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.read(65_536)
    except OSError:
        return None
    if not top_level_only:
        m = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", head, re.S)
        if not m:
            return None
        head = m.group(1)
    lang = re.search(r"^language:[ \t]*[\"']?([A-Za-z]{2,3})\b", head, re.M)
    return lang.group(1).lower() if lang else None


def doc_source_language(project, doc: str) -> str:
    """The language a document's msgids are written in."""
    if doc in ENGLISH_DOMAINS:
        return "en"
    if doc.startswith("cases/"):
        found = _front_matter_language(project.cases / f"{doc[len('cases/'):]}.yaml", True)
    else:
        found = _front_matter_language(project.book / f"{doc}.md", False)
    return found or project.source_language


def check_catalogs(project, langs, doc_languages: dict[str, str] | None = None) -> list[Finding]:
    """Every finding for every catalog of the given editions.

    doc_languages maps a docname to its source language where the caller knows it;
    otherwise it is read from the chapter's front matter or the case record."""
    findings = []
    glossary = None
    glossary_path = project.locales / "glossary.csv"
    if glossary_path.exists():
        glossary, findings = load_glossary(glossary_path, _display(project, glossary_path))
    for lang in langs:
        base = project.locales / lang / "LC_MESSAGES"
        for po_path in sorted(base.rglob("*.po")) if base.is_dir() else []:
            doc = po_path.relative_to(base).with_suffix("").as_posix()
            source = (doc_languages or {}).get(doc) or doc_source_language(project, doc)
            display = _display(project, po_path)
            if source == lang and doc not in ENGLISH_DOMAINS:
                findings.append(Finding(display, 1, "catalog", f"the document is written in "
                                        f"{lang}: the {lang} edition uses its source, this "
                                        "catalog is not used", "warning"))
            findings += check_catalog(po_path, lang, display, glossary, source)
    return findings


def _display(project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return path.as_posix()
