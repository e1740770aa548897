"""The toolchain's own words: labels such as "Contents", "p. %s" or "DRAFT".

Code asks for a label with `label(lang, "English text", locales)`, naming the project's
catalog folder (`Project.locales`, carried by the Dataset, the Vocab and the Edition); no
module state decides which catalogs are read. The English text is the msgid; each
edition's translation lives in `locales/<lang>/LC_MESSAGES/press.po`, which update-po,
stats, check-po and the strict gate treat like every other catalog.
`python build.py gettext` extracts the msgids from the calls in press/ (via Babel).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from press.core.files import stamp
from press.core.project import catalog_file
from press.i18n import po

DOMAIN = "press"


def catalog_path(lang: str, locales: Path) -> Path:
    return catalog_file(Path(locales), lang, DOMAIN)


@lru_cache(maxsize=16)
def _table(version: tuple) -> dict[str, str]:
    path = version[0]
    if version[1] is None:
        return {}
    return {
        e.msgid: e.msgstr
        for e in po.messages(path)
        if e.translated()
    }


def label(lang: str, msgid: str, locales: Path | None) -> str:
    """The label in the edition's language; the English msgid when untranslated.
    locales None names no catalog (the msgids alone, as `Names()` is CLDR alone)."""
    if locales is None:
        return msgid
    return _table(stamp(catalog_path(lang, locales))).get(msgid, msgid)
