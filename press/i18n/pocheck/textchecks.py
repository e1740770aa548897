"""The text checks: one small function per rule, `(message, lang) -> list[str]`, and CHECKS."""
from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Callable

from press.core.unsafe import REASON, unsafe_directive, unsafe_role
from press.i18n.pocheck.findings import Message, _diff, _one_line, _q
from press.i18n.pocheck.markup import (Role, TEXT_ROLES, _keep_target_rule, _role_key,
                                       parse_markup)


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


def _pair_problems(what: str, src: list[str], dst: list[str], *, show=_q,
                   changed: str = "changed to") -> list[str]:
    """What the translation lost, gained or changed of src's items; `show` writes an
    item as the message names it."""
    missing, extra = _diff(src, dst)
    out = []
    for old in missing:
        if extra:
            out.append(f"{what} {show(old)} {changed} {show(extra.pop(0))} in translation")
        else:
            out.append(f"{what} {show(old)} missing in translation")
    out += [f"{what} {show(new)} not in the source" for new in extra]
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
    written = dict(src + dst)       # a number as each side wrote it ("2 500", "2,500")
    return _pair_problems("number", [v for v, _ in src], [v for v, _ in dst],
                          show=written.__getitem__, changed="became")


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
    # Any directive counts: a translation adds no structure, safe or not. The unsafe
    # ones (core/unsafe.py) say why.
    for m in _FENCE.finditer(text):
        found.append(_directive_feature(f"{{{m.group(1).strip()}}}", m.group(1)))
    for m in _RST_DIRECTIVE.finditer(text):
        found.append(_directive_feature(f".. {m.group(1)}::", m.group(1)))
    for role in markup.roles:
        if unsafe_role(role.base):
            found.append(f"role {role.name} (it {REASON})")
    for target in markup.links + markup.images:
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            found.append(f"link to a {scheme.group(1).lower()}: address")
        elif not scheme and (target.strip().startswith("/") or ".." in target):
            found.append("link to a path outside the document's folder")
    return found


def _directive_feature(shown: str, name: str) -> str:
    return f"directive {shown}" + (f" (it {REASON})" if unsafe_directive(name) else "")


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
