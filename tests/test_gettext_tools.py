"""Catalogs that the standard tools accept: GNU gettext's msgfmt and msgcat, the
platforms' Plural-Forms, Weblate's file mask."""
from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

from conftest import REPO
from press.i18n.pocheck import check_catalog_bytes

GOOD = REPO / "tests" / "fixtures" / "po" / "good.po"
CLDR_CS = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
# As Transifex writes cs and sk, and as Sphinx's own cs/sk catalogs carry it.
TRANSIFEX = ("nplurals=4; plural=(n % 1 == 0 && n == 1 ? 0 : n % 1 == 0 && n >= 2 && n <= 4 "
             "? 1 : n % 1 != 0 ? 2: 3);")
SPHINX = ("nplurals=4; plural=(n == 1 && n % 1 == 0) ? 0 : (n >= 2 && n <= 4 && n % 1 == 0) "
          "? 1: (n % 1 != 0 ) ? 2 : 3;")


def four_forms(plural: str, lang: str = "cs") -> str:
    text = GOOD.read_text(encoding="utf-8").replace(CLDR_CS, plural).replace("Language: cs", f"Language: {lang}")
    # A four-form header: each plural entry gets its fourth msgstr.
    return re.sub(r'(msgstr\[2\] "([^"\n]*)"\n)', r'\1msgstr[3] "\2"\n', text)


@pytest.mark.parametrize("plural", [TRANSIFEX, SPHINX])
@pytest.mark.parametrize("lang", ["cs", "sk"])
def test_a_four_form_header_for_czech_and_slovak_is_a_warning(plural, lang):
    text = four_forms(plural, lang)
    assert "msgstr[3]" in text
    findings = check_catalog_bytes(text.encode(), lang, f"{lang}.po", None, "en" if lang == "sk" else "sk")
    assert [(f.check, f.severity) for f in findings] == [("plural-forms", "warning")]
    assert "nplurals=4" in findings[0].message and "nplurals=3" in findings[0].message
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith('"Plural-Forms:'))) + 1
    assert findings[0].line == line
    # Czech and Slovak: 1 one, 2–4 few, every other whole number many; form 2 is fractions.
    ours = gettext.c2py(plural.split("plural=")[1].rstrip(";"))
    assert [ours(n) for n in (0, 1, 2, 4, 5, 22, 100)] == [3, 0, 1, 1, 3, 3, 3]


def test_a_four_form_header_still_needs_four_forms_in_each_plural_entry():
    text = four_forms(TRANSIFEX).replace('msgstr[3] "%(count)s partnerství"\n', "")
    findings = check_catalog_bytes(text.encode(), "cs", "cs.po", None, "sk")
    assert ("plural-forms", "error") in [(f.check, f.severity) for f in findings]


@pytest.mark.parametrize("plural", [
    "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n<5) ? 2 : 3;",   # splits 2 from 3 and 4
    "nplurals=4; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : (n==0) ? 2 : 3;",  # splits 0 from 5
])
def test_other_four_form_headers_stay_errors(plural):
    findings = check_catalog_bytes(four_forms(plural).encode(), "cs", "cs.po", None, "sk")
    errors = [f for f in findings if f.check == "plural-forms" and f.severity == "error"]
    assert errors, findings


def test_english_with_a_spare_form_is_not_taken_for_the_fractions_form():
    findings = check_catalog_bytes(four_forms("nplurals=3; plural=(n != 1);", "en").encode(),
                                   "en", "en.po", None, "sk")
    assert any(f.severity == "error" and f.check == "plural-forms" for f in findings)
