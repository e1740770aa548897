"""Translation quality checks (`python build.py check-po`, part of `check`).

Every `.po` file under `locales/<lang>/LC_MESSAGES/` is read twice: by the one PO
reader the toolchain relies on (press/i18n/po.py, polib), and by a small line-aware
scanner of our own, which gives each entry its line numbers and sees what polib
silently forgives: it reads a duplicate msgid as a second entry without a word, and a
catalog whose charset is unknown as UTF-8 (tests/test_po.py shows both). Then:

* the catalog itself is checked: syntax, charset, the `Language` and
  `Plural-Forms` headers, duplicate msgids, the msgstr[n] count of plural entries;
* every translated, non-fuzzy message is compared with its source by the rules in
  `CHECKS` (one small function each, `(message, lang) -> list[str]`), and by the
  glossary (warnings only).

Each finding prints as one line, `path:line: check: message`; the line is that of
the entry's msgstr, the text a translator has to change (catalog-wide problems
point at their header line or at the msgid).

Waivers. Numbers, whitespace, punctuation and glossary findings can be legitimate
(a date written "16. 9. 1966" in Slovak and "16 September 1966" in English). A
translator comment on the entry, `# check-po: ignore numbers punctuation`,
switches those checks off for that entry, visibly and reviewably in the diff.
Markup, placeholders, URLs, unsafe content and the catalog checks can't be waived:
they break the build or open it to injection.

Glossary stems. Slovak and Czech inflect, so a term counts as present when the
text has consecutive words that start with the stems of the term's words, in
order, with at most one other word between two of them ("uznesenie obecného
zastupiteľstva"). A word's stem is its normalised form without its final vowels,
which in Slovak and Czech are the ending that inflection replaces (at least three
letters are kept): "zmluva" -> "zmluv" (zmluvy, zmlúv), "partnerské" -> "partnersk"
(partnerských), "mesto" -> "mest" (mestá, miest), "partnerstvo" -> "partnerstv",
which does not match "partnerská". Consonant-final words keep all their letters
("občanov", "twinning"), which suits the fixed genitives of the glossary's phrases.
Normalising lowercases and folds only what alternates inside one
word's inflection: long vowels to short (zmluva/zmlúv, sieť/sietí), soft consonants
ť ď ň ľ to t d n l (sieť/siete, síť/sítě), ô to o, Slovak "ie" to "e"
(mesto/miest) and Czech "ou" to "u" (smlouva/smluv). A genitive plural that inserts a
vowel before its last consonants still matches ("partnerstiev" ~ "partnerstv"). Other diacritics stay, so
that Slovak "mesto" and Czech "město" remain different words.
"""
# One module per concern: findings, markup (the scanner of a message), textchecks
# (CHECKS), glossary, poscan (the line-aware PO scanner), catalog (one pair, one
# catalog, all catalogs). Their public names stay importable from here.
from press.i18n.pocheck.findings import (  # noqa: F401
    Finding,
    MAX_FILE_BYTES,
    MAX_MESSAGE_CHARS,
    Message,
    Problem,
    WAIVABLE)
from press.i18n.pocheck.markup import (  # noqa: F401
    LOWERCASE_ROLES,
    Markup,
    Role,
    TEXT_ROLES,
    parse_markup)
from press.i18n.pocheck.textchecks import (  # noqa: F401
    CHECKS,
    Check,
    PRINTF_PLACEHOLDER,
    SAFE_SCHEMES,
    check_markup,
    check_numbers,
    check_placeholders,
    check_punctuation,
    check_unsafe,
    check_urls,
    check_whitespace)
from press.i18n.pocheck.glossary import (  # noqa: F401
    Glossary,
    has_term,
    load_glossary,
    normalise_word,
    stem,
    term_spans)
from press.i18n.pocheck.poscan import (  # noqa: F401
    RawEntry,
    scan_po)
from press.i18n.pocheck.catalog import (  # noqa: F401
    check_catalog,
    check_catalog_bytes,
    check_catalogs,
    check_text_pair,
    expected_nplurals)
