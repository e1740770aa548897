"""Czech and Slovak search words: the quality of the stemmer on declension tables, and the
browser's stemmer (JavaScript under node) against the indexer's (Python) word for word.

The word lists are tests/fixtures/search/{cs,sk}-nouns.txt: declension tables the project
wrote after the standard school paradigms, as the Internetová jazyková příručka of the
Ústav pro jazyk český AV ČR (Czech) and Pravidlá slovenského pravopisu of the
Jazykovedný ústav Ľ. Štúra SAV (Slovak) set them out; each file's header says more.
The site itself is searched in tests/test_search_browser.py.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections import Counter

import pytest

from conftest import REPO
from press.i18n.search import WordStemmer, js_stemmer_code, stopwords

LISTS = REPO / "tests" / "fixtures" / "search"
LANGS = ("cs", "sk")
CASES = {"cs": 7, "sk": 6}


def typed_plain(word: str) -> str:
    """The word as typed without diacritics: every combining mark of its canonical
    decomposition dropped (unicodedata's own classification, not the stemmer's folding)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def declensions(lang: str) -> dict[str, list[str]]:
    """noun -> its forms, one per case and number, each also without diacritics."""
    nouns: dict[str, list[str]] = {}
    path = LISTS / f"{lang}-nouns.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        noun, _paradigm, singular, plural = (part.strip() for part in line.split("|"))
        forms = []
        for part in (singular, plural):
            if part != "-":
                cells = [f.strip() for f in part.split(",")]
                assert len(cells) == CASES[lang], f"{path.name}:{number}: {len(cells)} cases"
                forms += cells
        assert noun not in nouns, f"{path.name}:{number}: {noun} twice"
        nouns[noun] = forms + [typed_plain(f) for f in forms]
    return nouns


@pytest.mark.parametrize("lang", LANGS)
def test_the_word_list_is_large_enough_and_has_forms_without_diacritics(lang):
    nouns = declensions(lang)
    forms = [f for fs in nouns.values() for f in fs]
    assert len(nouns) >= 50
    assert len(forms) >= 300 and len(set(forms)) >= 300
    assert sum(f != typed_plain(f) for f in forms) >= 150
    assert "Košice" in nouns


@pytest.mark.parametrize("lang", LANGS)
def test_the_forms_of_a_noun_share_one_stem_and_no_two_nouns_share_one(lang):
    """At least 90 % of each noun's forms (every case of both numbers, with and without
    diacritics) have one stem, and that stem is no form's stem of any other noun."""
    stem = WordStemmer(lang).stem
    nouns = declensions(lang)
    main = {}
    for noun, forms in nouns.items():
        stems = Counter(stem(f) for f in forms)
        main[noun], count = stems.most_common(1)[0]
        strays = {f: stem(f) for f in forms if stem(f) != main[noun]}
        assert count / len(forms) >= 0.9, f"{noun}: {main[noun]!r}, but {strays}"
    for noun, forms in nouns.items():
        for other, its_stem in main.items():
            if other != noun:
                clash = [f for f in forms if stem(f) == its_stem]
                assert not clash, f"{noun} {clash} share the stem {its_stem!r} of {other}"


def test_the_stemmer_changes_words_and_folds_diacritics():
    """Guards against a stemmer that does nothing: the endings go, the marks go."""
    sk, cs = WordStemmer("sk").stem, WordStemmer("cs").stem
    assert sk("Košiciach") == sk("Kosice") == sk("košíc") != "kosice"
    assert cs("Košicích") == cs("Kosice") == cs("KOŠICEMI")
    assert cs("Praze") == cs("Praha") and sk("Michaloviec") == sk("Michalovcami")
    assert sk("miesto") != sk("mesto")  # place and town stay apart


@pytest.mark.parametrize("lang", LANGS)
def test_stop_words_come_with_and_without_diacritics(lang):
    words = stopwords(lang)
    assert {"že", "ze", "a"} <= words
    assert {typed_plain(w) for w in words} <= words


def source_words() -> list[str]:
    """Every word of the book's chapters and case records: real running text."""
    text = "\n".join(p.read_text(encoding="utf-8")
                     for pattern in ("book/chapters/*.md", "cases/*.yaml")
                     for p in sorted(REPO.glob(pattern)))
    return sorted(set(re.findall(r"\w+", text)))


ODD_WORDS = ["", "a", "ie", "IE", "Ďaľšie", "ĽUBOVOĽNÝ", "2013", "x2", "ﬁnále", "Straße",
             "łódź", "Æbeltoft", "😀😀a", "a😀ová", "e\u0301e", "ŤŤŤec", "İstanbul"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_browser_stems_every_word_as_the_index_does(lang, tmp_path):
    """The JavaScript Sphinx puts in language_data.js, run by node on the word lists of
    both languages, the book's words and odd input, gives the Python stemmer's output."""
    node = shutil.which("node")
    assert node, "node is missing: tools/bootstrap.sh installs Debian's nodejs"
    words = sorted({f for la in LANGS for fs in declensions(la).values() for f in fs}
                   | set(source_words()) | set(ODD_WORDS) | stopwords(lang))
    assert len(words) > 2000
    script = tmp_path / "stem.js"
    script.write_text(js_stemmer_code(lang) + """
const words = JSON.parse(require("fs").readFileSync(0, "utf-8"));
const stemmer = new Stemmer();
process.stdout.write(JSON.stringify(words.map((w) => stemmer.stemWord(w))));
""", encoding="utf-8")
    result = subprocess.run([node, str(script)], input=json.dumps(words), capture_output=True,
                            text=True, encoding="utf-8", check=True, timeout=60)
    in_browser = json.loads(result.stdout)
    stem = WordStemmer(lang).stem
    differ = [(w, stem(w), b) for w, b in zip(words, in_browser, strict=True) if stem(w) != b]
    assert not differ, differ[:20]
    # and the stemmer did work on this list: most words changed
    assert sum(stem(w) != w for w in words) > len(words) / 2


def test_cs_and_sk_are_registered_and_english_keeps_sphinx_own():
    """Through Sphinx's public API; Sphinx's own English search is left as it is."""
    from sphinx.search import SearchLanguage, languages
    from sphinx.search.en import SearchEnglish

    from press.ext import search

    class App:
        def add_search_language(self, cls):
            assert issubclass(cls, SearchLanguage)
            registered[cls.lang] = cls

    registered: dict[str, type] = {}
    search.setup(App())
    assert set(registered) == {"cs", "sk"}
    assert languages["en"] is SearchEnglish
    sk = registered["sk"]({})
    # stop words never reach the index; digits neither; the rest is folded and stemmed
    assert sk.split("Košice a Wuppertal, že 1980") == ["Košice", "Wuppertal", "1980"]
    assert [sk.stem(w) for w in ("Košice", "Wuppertal")] == ["kosik", "wuppertal"]
    assert not sk.word_filter("1980") and sk.word_filter("kosik")
    assert "FoldingStemmer" in sk.js_stemmer_code and '"ie"' in sk.js_stemmer_code
