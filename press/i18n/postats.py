"""Translation progress (`python build.py stats`): for each edition and document, the
translated, fuzzy and untranslated messages and the share of translated words.

Counting rules
* Messages are a catalog's entries except its header and obsolete entries. An entry
  flagged fuzzy is fuzzy whatever its msgstr; otherwise it is translated when its
  msgstr (every msgstr[n] of a plural entry) is non-empty, else untranslated.
* Words are the runs of letters in the msgid's visible text: role names and
  targets, link targets, inline code, URLs, e-mail addresses, numbers and
  placeholders such as %s are not words. A plural
  entry counts its singular msgid.
* When the document's template `_build/gettext/<doc>.pot` exists, template messages
  the catalog lacks (it has not been updated yet) count as untranslated too: the
  reader sees them in the source language.
* A document that needs a catalog and has none counts every template message as
  untranslated (status "missing").
* A document written in the edition's language (status "source") needs no catalog:
  all its messages count as translated, since the edition reads it as written.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from press.core.files import write_atomic
from press.i18n import po
from press.i18n.pocheck import PRINTF_PLACEHOLDER, parse_markup

_URL = re.compile(r"\b(?:[A-Za-z][\w+.-]*:|www\.)\S+|\S+@\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
FIELDS = ["edition", "document", "kind", "source", "status", "translated", "fuzzy",
          "untranslated", "words_total", "words_translated", "share_translated_words"]


# A catalog the PO reader cannot read; the message is one `path:line: syntax: text` line.
CatalogError = po.POError


@dataclass(frozen=True)
class Stats:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    words_total: int = 0
    words_translated: int = 0

    def __add__(self, other: Stats) -> Stats:
        return Stats(*(a + b for a, b in zip(astuple(self), astuple(other))))


def astuple(stats: Stats) -> tuple[int, ...]:
    return (stats.translated, stats.fuzzy, stats.untranslated, stats.words_total,
            stats.words_translated)


@dataclass(frozen=True)
class Row:
    lang: str
    doc: str
    source: str          # the document's source language ("" for an edition's total)
    status: str          # source | catalog | missing | total
    stats: Stats

    @property
    def share(self) -> float:
        """Translated words / all words; 1.0 when there is nothing to translate."""
        s = self.stats
        return s.words_translated / s.words_total if s.words_total else 1.0


def count_words(msgid: str) -> int:
    plain = _URL.sub(" ", PRINTF_PLACEHOLDER.sub(" ", parse_markup(msgid).plain))
    return len(_LETTERS.findall(plain))


def _key(entry: po.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _is_translated(entry: po.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def catalog_stats(po_path: Path, template: Path | None = None) -> Stats:
    """Counts for one catalog, plus the template's messages it lacks."""
    entries = po.messages(Path(po_path))
    translated = fuzzy = untranslated = words_total = words_translated = 0
    for entry in entries:
        words = count_words(entry.msgid)
        words_total += words
        if "fuzzy" in entry.flags:
            fuzzy += 1
        elif _is_translated(entry):
            translated += 1
            words_translated += words
        else:
            untranslated += 1
    stats = Stats(translated, fuzzy, untranslated, words_total, words_translated)
    if template is not None and Path(template).exists():
        have = {_key(e) for e in entries}
        stats += _as_untranslated([e for e in po.messages(Path(template)) if _key(e) not in have])
    return stats


def _as_untranslated(entries: list[po.POEntry]) -> Stats:
    return Stats(untranslated=len(entries), words_total=sum(count_words(e.msgid) for e in entries))


def template_stats(pot_path: Path) -> Stats:
    """A template's messages, all untranslated."""
    if not Path(pot_path).exists():
        return Stats()
    return _as_untranslated(po.messages(Path(pot_path)))


def edition_stats(project, lang: str, docs: dict[str, str]) -> list[Row]:
    """One row per document of the edition, sorted by docname.

    docs maps each docname ('chapters/funding', 'cases/brno-poznan', 'press') to the
    language it is written in."""
    rows = []
    for doc, source in sorted(docs.items()):
        pot = project.gettext / f"{doc}.pot"
        po_path = project.catalog(lang, doc)
        if source == lang:
            t = template_stats(pot)
            stats, status = Stats(translated=t.untranslated, words_total=t.words_total,
                                  words_translated=t.words_total), "source"
        elif po_path.exists():
            stats, status = catalog_stats(po_path, pot), "catalog"
        else:
            stats, status = template_stats(pot), "missing"
        rows.append(Row(lang, doc, source, status, stats))
    return rows


def edition_totals(rows: list[Row]) -> list[Row]:
    """One total row per edition, in the order the editions first appear."""
    totals: dict[str, Stats] = {}
    for row in rows:
        totals[row.lang] = totals.get(row.lang, Stats()) + row.stats
    return [Row(lang, "", "", "total", stats) for lang, stats in totals.items()]


def records(rows: list[Row]) -> list[dict]:
    """The report's data: every document row, then each edition's total."""
    out = []
    for row in rows + edition_totals(rows):
        out.append({"edition": row.lang, "document": row.doc,
                    "kind": "total" if row.status == "total" else "document",
                    "source": row.source, "status": row.status, **asdict(row.stats),
                    "share_translated_words": round(row.share, 4)})
    return out


def write_reports(rows: list[Row], json_path: Path, csv_path: Path) -> None:
    """The same records as JSON and CSV, byte-identical for the same rows."""
    data = records(rows)
    _write(Path(json_path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    _write(Path(csv_path), buffer.getvalue())


def _write(path: Path, text: str) -> None:
    # Atomic, so an interrupted run never leaves half a report behind.
    write_atomic(path, text.encode("utf-8"))


def format_table(rows: list[Row]) -> str:
    """The printed report: a block per edition, a line per document, then the total."""
    totals = {row.lang: row for row in edition_totals(rows)}
    width = max([len("document")] + [len(r.doc) for r in rows])
    head = (f"  {'document':<{width}}  source  status   translated  fuzzy  untranslated"
            f"   words   share")
    blocks = []
    for lang, total in totals.items():
        lines = [f"Edition {lang}", head]
        lines += [_line(r, width) for r in rows if r.lang == lang]
        lines.append(_line(Row(lang, "total", "", "", total.stats), width))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _line(row: Row, width: int) -> str:
    s = row.stats
    return (f"  {row.doc:<{width}}  {row.source:<6}  {row.status:<7}  {s.translated:>10}"
            f"  {s.fuzzy:>5}  {s.untranslated:>12}  {s.words_total:>6}  {row.share:>6.1%}")


def untranslated_entries(project, lang: str, docs: dict[str, str]) -> list[str]:
    """The strict gate's findings: every message an edition would show untranslated.

    One line each, `locales/<lang>/LC_MESSAGES/<doc>.po:<line>: <state>: "<msgid>"`,
    for fuzzy and empty entries, and for template messages the catalog lacks."""
    found = []
    for doc, source in sorted(docs.items()):
        if source == lang:
            continue
        pot = project.gettext / f"{doc}.pot"
        po_path = project.catalog(lang, doc)
        shown = po_path.relative_to(project.root)
        if not po_path.exists():
            if pot.exists() and po.messages(pot):
                found.append(f"{shown}:1: missing: no catalog (run `make update-po`)")
            continue
        entries = po.messages(po_path)
        for entry in entries:
            state = "fuzzy" if "fuzzy" in entry.flags else (
                None if _is_translated(entry) else "untranslated")
            if state:
                found.append(f"{shown}:{entry.linenum}: {state}: {_short(entry.msgid)}")
        if pot.exists():
            have = {_key(e) for e in entries}
            lacking = [e for e in po.messages(pot) if _key(e) not in have]
            for entry in lacking:
                found.append(f"{shown}:1: not in catalog (run `make update-po`): "
                             f"{_short(entry.msgid)}")
    return found


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= width else text[: width - 1] + "…") + '"'
