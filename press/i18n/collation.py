"""The edition's collation (ICU): in sk and cs "ch" sorts after "h", and "č" after "c".

One collator per language and process; tables, listings and the index all sort by it."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)   # pure: one collator per language, its whole input
def collator(lang: str):
    import icu   # here, not at the top: most commands never sort

    return icu.Collator.createInstance(icu.Locale(lang))


def sort_key(lang: str):
    """A key function for sorted(): text in the edition's collation order."""
    return collator(lang).getSortKey
