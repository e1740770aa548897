"""One message pair, one catalog (syntax, charset, headers, entries, then each message)
and all of an edition's."""
from __future__ import annotations

import codecs
import gettext
from pathlib import Path
import re

from babel.messages.plurals import get_plural

from press.i18n import po
from press.i18n.catalogs import ENGLISH_DOMAINS
from press.i18n.plurals import fraction_form_warning
from press.i18n.pocheck.findings import (Finding, MAX_FILE_BYTES, MAX_MESSAGE_CHARS, Message,
                                         Problem, WAIVABLE, _q)
from press.i18n.pocheck.glossary import Glossary, load_glossary
from press.i18n.pocheck.poscan import RawEntry, scan_po
from press.i18n.pocheck.textchecks import CHECKS, Check


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
    findings: list[Finding] = []
    seen: dict[tuple[str | None, str | None], int] = {}   # (msgctxt, msgid) -> line
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
                        glossary: Glossary | None, source_lang: str | None) -> list[Finding]:
    """check_catalog on a file's content (what the fuzz tests call)."""
    text, _, findings = _decode(data, display_path)
    entries, errors = scan_po(text)
    # Our scanner is the stricter one; the PO reader's verdict adds what it might miss,
    # so that check-po passes no catalog that the build then cannot read.
    reader_error = None if errors else po.syntax_error(text)
    if reader_error:
        errors.append(reader_error)
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
                  source_lang: str | None) -> list[Finding]:
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

def check_catalogs(project, langs, doc_languages: dict[str, str]) -> list[Finding]:
    """Every finding for every catalog of the given editions.

    doc_languages maps a docname to its source language: press.content.sources
    decides it, once, for every document (a catalog of no document counts as written
    in the project's source language)."""
    findings: list[Finding] = []
    glossary = None
    glossary_path = project.locales / "glossary.csv"
    if glossary_path.exists():
        glossary, findings = load_glossary(glossary_path, _display(project, glossary_path))
    for lang in langs:
        base = project.catalog_dir(lang)
        for po_path in sorted(base.rglob("*.po")) if base.is_dir() else []:
            doc = po_path.relative_to(base).with_suffix("").as_posix()
            source = doc_languages.get(doc, project.source_language)
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
