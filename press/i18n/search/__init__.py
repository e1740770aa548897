"""Search words for Czech and Slovak: one set of rules, run by Python and by the browser.

Sphinx has no Czech or Slovak search language; left alone it stems both with the English
stemmer and keeps the diacritics, so a reader who types "Kosice" finds nothing about
Košice. The rules here make the index (Python, at build time) and the query (JavaScript,
in the reader's browser) agree:

1. lower case, then fold the diacritics away (NFD, combining marks U+0300–U+036F
   dropped), so that "Košiciach" and "kosiciach" are one word;
2. strip the longest case ending of the language's table that leaves a stem of at
   least MIN_STEM letters (one ending, once);
3. tidy the stem's end: a fleeting "e" or Slovak "ie" before its last consonant goes
   (Lučenec, Lučenca → lučenc; Michaloviec, Michalovce → michalovc), and the
   palatalised c and z become k and h (ruka, ruce; Praha, Praze).

Slovak genitive plurals that lengthen a vowel inside the stem (žien, miest) stay apart
from the other forms: replacing every "ie" with "e" would join them, but would also
join miesto (place) with mesto (town), the book's most frequent word.

A stemmer that works on folded text is the only kind for which a query without
diacritics and a text with them can meet, so this is our own light suffix stripper
rather than Snowball's Czech stemmer (which needs the diacritics to find its endings).
The tables are data in this module; `stemmer.js` is the same algorithm in JavaScript and
gets the tables as JSON (`js_stemmer_code`), so there is one source for every rule.
Stop words are function words (prepositions, conjunctions, pronouns, forms of "to be"),
listed with and without diacritics.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIN_STEM = 3
_MARKS = re.compile("[\u0300-\u036f]")
_CONSONANT = set("bcdfghjklmnpqrstvwxz")

# Case endings after folding (so "á" is "a", "ů" is "u"). Nouns and the adjectival
# endings of adjectival nouns and place names (Nové Zámky, Humenné).
ENDINGS = {
    "cs": (
        "a e i o u y ou em am im ym um ech ach ich ych ami emi imi ymi mi ovi ove ova "
        "ovu ovou ovem ete eti etem ata aty atum atech eho emu"
    ).split(),
    "sk": (
        "a e i o u y ou om am em im ym ov och ach ich ych ami imi ymi mi ovi ova ove ovu "
        "ovom ovou ovej ovia ia ie iu iam iach iami eho emu ieho iemu ej ata atu ati atom "
        "atam atach atami"
    ).split(),
}
# The last letter of a stem: palatalised consonants back to their hard partner.
STEM_END = {"cs": {"c": "k", "z": "h"}, "sk": {"c": "k", "z": "h"}}

_STOPWORDS = {
    "cs": """
        a aby ale ani ano asi až bez bude budou budu být byl byla byli bylo by bych
        co či další do ho i jak jako je jeho jej její jejich jen jenž ještě již jsem jsi
        jsme jsou jste k kde kdy když ke která které který kteří ku má mají mezi mi mně
        mnou můj my na nad nám námi nás náš ne nebo neboť než nich ním o od on ona oni
        ono ony po pod podle pokud pouze právě pro proti protože před přes při s se si
        sice své svůj ta tak také takže tam te tedy ten tento této tím to tohle toho
        tomto tu tuto ty tyto u už v ve více vy z za ze že
        kterou kterého kterém kterému kterým kterými kterých byly jaký jaká jaké
        jakého jakým takový taková takové naše našeho našem naši svou svého svém
    """,
    "sk": """
        a aby aj ak ako ale alebo ani áno až bez bol bola boli bolo bude budú by byť
        čo či do ho i ich ja je jeho jej ju k kam kde keď ktorá ktoré ktorí ktorý ku
        má majú medzi mi mňa mne my na nad nám nami nás náš nie nich ním o od on ona
        oni ono ony po pod podľa pokiaľ len pre pred pri proti s sa si so sú svoj
        svoje ta tak tam tej ten tento tiež tým to tohto toho tom tomto tu tú ty tých
        už v vo však vy z za zo že
        kedy ktorej ktorého ktorému ktorom ktorou ktorú ktorých ktorým ktorými taký
        taká také takí takého takým svojej svojho svojom svojou svoju svojim svojich
        naša naše našej našich našom
    """,
}


def fold(word: str) -> str:
    """Lower case without diacritics: the form in which index and query meet."""
    return _MARKS.sub("", unicodedata.normalize("NFD", word.lower()))


class WordStemmer:
    """The stemmer of one language; `stemmer.js` is the same algorithm."""

    def __init__(self, lang: str):
        self.lang = lang
        self.endings = sorted(ENDINGS[lang], key=lambda e: (-len(e), e))
        self.stem_end = STEM_END[lang]

    def stem(self, word: str) -> str:
        w = fold(word)
        for ending in self.endings:
            if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
                w = w[: -len(ending)]
                break
        # A fleeting e or ie before the last consonant, after a consonant: Lučenec,
        # Lučenca; obec, obce; Plzeň, Plzně; Michaloviec, Michalovce; matiek, matka.
        for vowel in ("e", "ie"):
            cut = len(vowel) + 1
            if (len(w) - len(vowel) >= MIN_STEM and w[-1] in _CONSONANT
                    and w[-cut:-1] == vowel and w[-cut - 1] in _CONSONANT):
                w = w[:-cut] + w[-1]
                break
        if w and w[-1] in self.stem_end:
            w = w[:-1] + self.stem_end[w[-1]]
        return w

    def rules(self) -> dict:
        """The tables as the JavaScript stemmer reads them."""
        return {"minStem": MIN_STEM, "endings": self.endings, "stemEnd": self.stem_end,
                "consonants": "".join(sorted(_CONSONANT))}


def stopwords(lang: str) -> frozenset[str]:
    """The language's stop words, each with and without its diacritics (a query is
    checked before it is folded)."""
    words = _STOPWORDS[lang].split()
    return frozenset(words) | frozenset(fold(w) for w in words)


def js_stemmer_code(lang: str) -> str:
    """`stemmer.js` with this language's tables: searchtools.js calls
    `new Stemmer().stemWord(word)` on each query word."""
    code = (HERE / "stemmer.js").read_text(encoding="utf-8")
    rules = json.dumps(WordStemmer(lang).rules(), ensure_ascii=True, sort_keys=True)
    return f"{code}\nvar Stemmer = function () {{ return new FoldingStemmer({rules}); }};\n"


def js_language_data(lang: str) -> str:
    """What Sphinx puts in the search page's language_data.js (after searchtools.js):
    the stemmer, and result snippets around the words it finds (`summary.js`)."""
    return js_stemmer_code(lang) + (HERE / "summary.js").read_text(encoding="utf-8")
