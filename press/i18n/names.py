"""Country and place names in an edition's language.

CLDR (through Babel) is the source; `cases/vocab/names.yaml` is the single override
table, so case pages, statistics, maps and the index all spell a name the same way.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from press import ROOT
from press.core.files import stamp

NAMES_FILE = ROOT / "cases" / "vocab" / "names.yaml"


def _overrides(path: Path = NAMES_FILE) -> dict:
    return _read_overrides(stamp(path))


@lru_cache(maxsize=4)
def _read_overrides(version: tuple) -> dict:
    with open(version[0], encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    return {key: data.get(key) or {} for key in ("countries", "places", "prefixes")}


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


# CLDR territories that are not countries: unions, the eurozone, the world's regions
# (numeric codes), unknown and pseudo-locale regions.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 country code CLDR knows (XK, Kosovo, included)."""
    if code in _overrides()["countries"]:
        return True
    return (len(code) == 2 and code.isalpha() and code.isupper()
            and code not in NOT_COUNTRIES and code in _locale("en").territories)


def country_name(code: str, lang: str) -> str:
    override = _overrides()["countries"].get(code, {})
    if lang in override:
        return override[lang]
    return _locale(lang).territories.get(code, code)


def place_name(name: str, country: str, lang: str) -> str:
    """A place as the edition spells it: "Prague" is "Praha" in sk and cs."""
    key = f"{name}|{country}"
    override = _overrides()["places"].get(key, {})
    if lang in override:
        return override[lang]
    for prefix_key, forms in _overrides()["prefixes"].items():
        prefix, prefix_country = prefix_key.split("|")
        if country == prefix_country and lang in forms and name.startswith(prefix + " "):
            return forms[lang] + name[len(prefix):]
    return name
