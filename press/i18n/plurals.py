"""Plural-Forms headers written by the translation platforms, not by GNU gettext.

Transifex, and Sphinx's own Czech and Slovak catalogs, give cs and sk four plural forms:
CLDR's three for whole numbers plus one for fractions (`n % 1 != 0`). GNU gettext and
CLDR count three. Such a header is not wrong, only unusual: the catalog works, and its
plural entries then need four msgstr forms. check-po warns instead of failing, so a
catalog that comes back from such a platform does not stop the build.
"""
from __future__ import annotations

import gettext

from babel.messages.plurals import get_plural


def fraction_form_warning(expr: str, nplurals: int, lang: str) -> str | None:
    """A warning when `expr` is CLDR's rule for whole numbers plus one form that whole
    numbers never get (the fractions' form); None when it is something else."""
    try:
        rule = get_plural(lang)
        cldr = gettext.c2py(rule.plural_expr)
        ours = gettext.c2py(expr)
        pairs = {(ours(n), cldr(n)) for n in range(1000)}
    except Exception:  # an unknown locale or an invalid expression: not this case
        return None
    if nplurals != rule.num_plurals + 1:
        return None
    forms = {a for a, _ in pairs}
    # The same partition of the whole numbers as CLDR's, in any numbering of the forms.
    if not forms <= set(range(nplurals)) or len(pairs) != len(forms) or len(pairs) != len({b for _, b in pairs}):
        return None
    spare = sorted(set(range(nplurals)) - forms)
    return (f"nplurals={nplurals}: CLDR's {rule.num_plurals} forms for whole numbers and form "
            f"{spare[0]} for fractions (as Transifex and Sphinx's catalogs write it); GNU gettext "
            f"and CLDR use nplurals={rule.num_plurals} for {lang}. Plural entries need "
            f"{nplurals} msgstr forms")
