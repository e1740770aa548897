"""The one PO reader and the one PO writer: every `.po` and `.pot` that the toolchain
reads or writes goes through this module.

The library is polib. It reads a catalog into one plain object model (entries with their
comments, flags, previous msgids, obsolete entries and line numbers; the header as a
dict) and writes back what it read, where Babel's Catalog, which sphinx-intl uses,
rebuilds the header and drops what it does not model. polib was already the reader of
the labels, the statistics and the website's catalogs, so one library stays, not two.

Its own line wrapping is not GNU's (polib wraps with `textwrap`; GNU gettext breaks by
Unicode line-breaking rules and counts the quotes and the keyword), and the catalogs
must be laid out as GNU gettext writes them: Weblate runs msgmerge, Poedit wraps as
msgcat does, and a round trip through either must change no line whose message did not
change. So `dumps` lets polib write the text unwrapped and hands it to GNU
`msgcat --width=79` (Debian's `gettext`, installed by tools/bootstrap.sh): offline, and
deterministic, since msgcat adds no date and runs under LC_ALL=C.UTF-8. A writer without
gettext fails with a message saying so; reading never needs it.

polib strips the header's values ("Project-Id-Version: Town twinning " loses its space,
which Sphinx's template writes); the reader keeps the header as written, and the writer
writes it back unless the code changed the metadata.

Merging a catalog with its template is GNU msgmerge --previous, as Weblate's msgmerge
add-on runs it (fuzzy matching, the previous msgid kept for the translator); what it
leaves obsolete is dropped, git history keeps it.
"""
from __future__ import annotations

import re
from pathlib import Path

import polib

from press.core.errors import BuildError
from press.core.files import write_if_changed
from press.i18n import gnu

WIDTH = gnu.LINE_WIDTH
POEntry = polib.POEntry  # the entry type, for the code that builds a catalog


class POError(BuildError, ValueError):
    """A catalog the reader cannot read (one `path:line: syntax: text` line), or that GNU
    gettext refuses to write or merge (its own `path:line: text` lines)."""


class Catalog(polib.POFile):
    """polib's POFile that remembers its header as written."""

    raw_header: str | None = None

    def remove(self, entry):
        # polib's parser (1.2) removes the header entry from the list once it has read
        # it into `metadata` (with every value stripped); keep its text for the writer.
        # Should a later polib stop doing so, tests/test_po.py's round trip fails.
        if entry.msgid == "" and entry.msgctxt is None and self.raw_header is None:
            self.raw_header = entry.msgstr
        super().remove(entry)

    def metadata_as_entry(self):
        entry = polib.POEntry(msgid="")
        if self.raw_header is not None and _fields(self.raw_header) == self.metadata:
            entry.msgstr = self.raw_header
        elif self.metadata:
            entry.msgstr = "".join(f"{k}: {v}\n" for k, v in self.metadata.items())
        if self.metadata_is_fuzzy:
            entry.flags.append("fuzzy")
        return entry


def _fields(msgstr: str) -> dict[str, str]:
    """The header's fields as polib reads them (the same splitting, values stripped)."""
    fields: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            key = name
            fields[key] = value.strip()
        elif key is not None:
            fields[key] += "\n" + line.strip()
    return fields


# ------------------------------------------------------------------ reading

def read(path: Path) -> Catalog:
    """The catalog in the file; POError with its line if it cannot be read."""
    try:
        return polib.pofile(str(path), klass=Catalog, wrapwidth=WIDTH)
    except Exception as err:  # polib raises OSError, ValueError, UnicodeError, …
        line, text = _error(err)
        raise POError(f"{path}:{line or 1}: syntax: {text}") from None


def parse(text: str) -> Catalog:
    """A catalog's text (never a file name: polib reads a file when given an existing
    path, and a catalog's content is untrusted; a newline makes it text to polib)."""
    try:
        return polib.pofile(text if "\n" in text else text + "\n", klass=Catalog,
                            wrapwidth=WIDTH)
    except Exception as err:  # polib raises OSError, ValueError or worse on bad input
        line, message = _error(err)
        raise POError(f"<text>:{line or 1}: syntax: {message}") from None


def syntax_error(text: str) -> tuple[int, str] | None:
    """(line, message) of what the reader refuses in this text, None if it reads it;
    line 0 when the reader does not say where."""
    try:
        parse(text)
    except POError as err:
        location, _, message = str(err).partition(": syntax: ")
        return int(location.rsplit(":", 1)[1]), message
    return None


def _error(err: Exception) -> tuple[int, str]:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    line = re.search(r"line (\d+)", text)
    text = re.sub(r"^Syntax error in po file (\S+ )?\(line \d+\):?\s*", "", text)
    return (int(line.group(1)) if line else 0), text or "syntax error"


def messages(path: Path) -> list[polib.POEntry]:
    """The live (not obsolete) entries of a catalog."""
    return [e for e in read(path) if not e.obsolete]


# ------------------------------------------------------------------ writing

def new(header: str, metadata: dict[str, str]) -> Catalog:
    """An empty catalog with this header comment and these header fields, in this order."""
    catalog = Catalog(wrapwidth=WIDTH)
    catalog.header = header
    catalog.metadata = dict(metadata)
    return catalog


def dumps(catalog: polib.POFile) -> bytes:
    """The catalog's bytes, exactly as GNU `msgcat --width=79` writes them."""
    catalog.wrapwidth = 0          # polib's text unwrapped; msgcat wraps
    try:
        text = str(catalog)
    finally:
        catalog.wrapwidth = WIDTH
    return gnu.msgcat(text.encode(catalog.encoding or "utf-8"), WIDTH)


def write(catalog: polib.POFile, path: Path) -> bool:
    """Write the catalog atomically; True when the file's bytes changed (an unchanged
    file is not touched, so its time stamp and the build's hashes stay)."""
    try:
        data = dumps(catalog)
    except ValueError as err:  # msgcat's lines count the text it was given, not a file
        said = re.sub(r"^<stdin>:\d+: ", "", str(err).splitlines()[0] if str(err) else "")
        raise POError(f"{path}: not written, GNU msgcat refuses the catalog: {said}") from None
    return write_if_changed(path, data)


# ------------------------------------------------------------------ updating

def update(po: Path, pot: Path, lang: str) -> str:
    """One catalog brought up to its template, as Weblate's msgmerge add-on does it:
    "create", "update" (its bytes changed: new messages, or their places moved) or
    "notchanged" (the file is not rewritten)."""
    if po.exists():
        catalog, status = merge(po, pot), "update"
    else:
        catalog, status = create(pot, lang), "create"
    return status if write(catalog, po) else "notchanged"


def merge(po: Path, pot: Path) -> Catalog:
    """The catalog brought up to its template: msgmerge --previous, obsolete entries
    dropped."""
    try:
        merged = gnu.msgmerge(po, pot, WIDTH)
    except ValueError as err:  # msgmerge's own lines name the file and line
        raise POError(str(err)) from None
    # msgmerge writes in the catalog's own charset, which its header names
    catalog = parse(merged.decode(polib.detect_encoding(merged.decode("latin-1"))))
    for entry in [e for e in catalog if e.obsolete]:
        catalog.remove(entry)
    return catalog


def create(pot: Path, lang: str) -> Catalog:
    """A new catalog for `lang` from its template: the template's header with the
    language, its team, UTF-8 and the language's Plural-Forms (CLDR's, through Babel)."""
    catalog = read(pot)
    fields = dict(catalog.metadata)
    added = {"Language-Team": f"{lang} <LL@li.org>", "Language": lang,
             "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": plural_forms(lang)}
    order = ["Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
             "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
             "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms"]
    metadata = {k: added.get(k, fields.get(k, "")) for k in order if k in fields or k in added}
    metadata.update({k: v for k, v in fields.items() if k not in metadata})
    catalog.metadata = metadata
    return catalog


def plural_forms(lang: str) -> str:
    from babel.messages.plurals import get_plural

    return str(get_plural(lang))
