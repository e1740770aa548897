"""The toolchain's own words: labels such as "Contents", "p. %s" or "DRAFT".

Code asks for a label with `label(lang, "English text")`. The English text is the
msgid; each edition's translation lives in `locales/<lang>/LC_MESSAGES/press.po`,
which update-po, stats, check-po and the strict gate treat like every other catalog.
`python build.py gettext` extracts the msgids from the calls in press/ (via Babel).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from press import ROOT
from press.core.files import stamp
from press.core.project import catalog_file
from press.i18n import po

DOMAIN = "press"


_LOCALES = [ROOT / "locales"]  # the project being built; see use_locales()


def use_locales(locales: Path) -> None:
    """Read labels from this project's catalogs (a Sphinx build calls it at start)."""
    _LOCALES[0] = Path(locales)


def catalog_path(lang: str, locales: Path | None = None) -> Path:
    return catalog_file(locales or _LOCALES[0], lang, DOMAIN)


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


def label(lang: str, msgid: str, locales: Path | None = None) -> str:
    """The label in the edition's language; the English msgid when untranslated."""
    return _table(stamp(catalog_path(lang, locales))).get(msgid, msgid)
