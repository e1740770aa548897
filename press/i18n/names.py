"""Country and place names in an edition's language.

CLDR (through Babel) is the source; `cases/vocab/names.yaml` is the single override
table, so case pages, statistics, maps and the index all spell a name the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from press.core.files import stamp


# Pure caches: the key is the whole input (the file's path, mtime and size; a language
# code), so an edited file is read again and nothing else is kept between projects.
@lru_cache(maxsize=4)
def _read_overrides(version: tuple) -> dict:
    if version[1] is None:      # no override table: CLDR's names only
        return {key: {} for key in ("countries", "places", "prefixes")}
    with open(version[0], encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {key: data.get(key) or {} for key in ("countries", "places", "prefixes")}


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


# CLDR territories that are not countries: unions, the eurozone, the world's regions
# (numeric codes), unknown and pseudo-locale regions.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@dataclass(frozen=True)
class Names:
    """One project's names: CLDR plus its override table (`Project.names_file`,
    cases/vocab/names.yaml). A value compared by the table's path; the table itself is
    read by file version, so an edit is seen. `Names()` is CLDR alone."""
    file: Path | None = None

    @classmethod
    def of(cls, project) -> Names:
        return cls(project.names_file)

    def _overrides(self) -> dict:
        return _read_overrides(stamp(self.file) if self.file else ("", None))

    def is_country(self, code: str) -> bool:
        """True for an ISO 3166-1 alpha-2 country code CLDR knows (XK, Kosovo, included)."""
        if code in self._overrides()["countries"]:
            return True
        return (len(code) == 2 and code.isalpha() and code.isupper()
                and code not in NOT_COUNTRIES and code in _locale("en").territories)

    def country(self, code: str, lang: str) -> str:
        override = self._overrides()["countries"].get(code, {})
        if lang in override:
            return override[lang]
        return _locale(lang).territories.get(code, code)

    def place(self, name: str, country: str, lang: str) -> str:
        """A place as the edition spells it: "Prague" is "Praha" in sk and cs."""
        key = f"{name}|{country}"
        override = self._overrides()["places"].get(key, {})
        if lang in override:
            return override[lang]
        for prefix_key, forms in self._overrides()["prefixes"].items():
            prefix, prefix_country = prefix_key.split("|")
            if country == prefix_country and lang in forms and name.startswith(prefix + " "):
                return forms[lang] + name[len(prefix):]
        return name
