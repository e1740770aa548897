"""Typography per edition: non-breaking spaces, quotation marks, and the transform.

Every place name here is made up (illustrative only: Fiktívno, Smyšlenov, Testville).
"""
from __future__ import annotations

import re

import pytest
from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.application import Sphinx

from press.ext.i18n import FALLBACK_LANGUAGE
from press.ext.typography import typeset_document
from press.i18n.typography import NBSP, nbsp, quotes, typeset, typeset_runs


def spaces(text: str) -> str:
    """Make U+00A0 visible in assertion messages."""
    return text.replace(NBSP, "~")


# --- non-breaking spaces ----------------------------------------------------------

@pytest.mark.parametrize("lang", ["sk", "cs"])
@pytest.mark.parametrize("word", list("kKsSvVzZoOuUaAiI"))
def test_one_letter_words_are_tied_to_the_next_word(lang, word):
    assert spaces(nbsp(f"x {word} meste", lang)) == f"x {word}~meste"


def test_one_letter_words_chain_and_cross_line_breaks():
    assert spaces(nbsp("Prišli a v\nmeste ostali", "sk")) == "Prišli a~v~meste ostali"


def test_no_tie_after_one_letter_words_in_english():
    text = "a visit to Testville and a v k walk"
    assert nbsp(text, "en") == text


def test_one_letter_word_rule_needs_a_whole_word():
    # "xv" ends in v, "v." is an abbreviation-like token, "v" at the end has no word.
    text = "prefix xv meste, v. meste, posledné v"
    assert nbsp(text, "sk") == text


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
@pytest.mark.parametrize("unit", ["km", "m", "kg", "€", "EUR", "Kč", "%", "h", "min", "ha", "km²"])
def test_number_and_unit(lang, unit):
    assert spaces(nbsp(f"dĺžka 12 {unit} spolu", lang)) == f"dĺžka 12~{unit} spolu"


def test_unit_must_be_a_whole_word():
    # "12 minút" is a number and a word, "5 mesiacov" likewise.
    text = "12 minút a 5 mesiacov"
    assert spaces(nbsp(text, "sk")) == "12 minút a~5 mesiacov"


def test_multiplier_and_currency():
    assert spaces(nbsp("rozpočet 2,5 mil. EUR", "sk")) == "rozpočet 2,5~mil.~EUR"


@pytest.mark.parametrize("lang, text, expected", [
    ("sk", "dňa 1. februára 2011 sa", "dňa 1.~februára~2011 sa"),
    ("cs", "dne 16. září 1966 se", "dne 16.~září~1966 se"),
    ("cs", "v květnu 2011", "v~květnu~2011"),
    ("sk", "vo februári 2011", "vo februári~2011"),
    ("sk", "1. 2. 2011", "1.~2. 2011"),
])
def test_dates(lang, text, expected):
    assert spaces(nbsp(text, lang)) == expected


def test_dates_not_tied_in_english():
    text = "On 1 February 2011 the meeting"
    assert nbsp(text, "en") == text


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_initials(lang):
    assert spaces(nbsp("napísal J. Novák a J. R. Smith", lang)).startswith(
        "napísal J.~Novák a" + (" " if lang == "en" else "~") + "J.~R.~Smith")


@pytest.mark.parametrize("lang", ["sk", "cs"])
@pytest.mark.parametrize("abbr", ["Ing.", "Mgr.", "PhDr.", "prof.", "doc.", "MUDr.", "JUDr.",
                                  "RNDr.", "p.", "s.", "č.", "tzv."])
def test_titles_and_abbreviations(lang, abbr):
    assert spaces(nbsp(f"podľa {abbr} Novák", lang)) == f"podľa {abbr}~Novák"


def test_titles_in_a_row_and_at_sentence_start():
    assert spaces(nbsp("Prof. Ing. Mária Nováková, napr. Fiktívno", "sk")) == \
        "Prof.~Ing.~Mária Nováková, napr.~Fiktívno"
    assert spaces(nbsp("např. Smyšlenov, s. 12, č. 5", "cs")) == "např.~Smyšlenov, s.~12, č.~5"


def test_english_has_no_title_rule():
    # The en edition ties only units and initials.
    text = "see Dr. Smith on p. 12"
    assert nbsp(text, "en") == text


def test_numbers_are_left_as_written():
    text = "1200 obyvateľov a 1 200 ďalších"
    assert nbsp(text, "sk") == "1200 obyvateľov a" + NBSP + "1 200 ďalších"


@pytest.mark.parametrize("text", [
    "pozri http://www.fiktivno.sk/a v b/k s.html alebo",
    "pozri https://fiktivno.sk/?q=v k",
    "píšte na v.k@fiktivno.sk a",
])
def test_no_nbsp_inside_urls_and_addresses(text):
    out = nbsp(text, "sk")
    for address in re.findall(r"\S+[@/]\S+", text):
        assert address in out, spaces(out)
    assert spaces(out).endswith(("a", "alebo", "k")), spaces(out)


def test_url_with_a_space_after_it_is_not_tied():
    # The "s" inside the address is not a preposition, even if followed by a space.
    out = nbsp("http://fiktivno.sk/mapa/s 12 km", "sk")
    assert spaces(out) == "http://fiktivno.sk/mapa/s 12~km"


# --- quotation marks ----------------------------------------------------------------

@pytest.mark.parametrize("lang, expected", [
    ("sk", "Povedal: „Vitajte ‚doma‘ v Smyšlenove.“"),
    ("cs", "Povedal: „Vitajte ‚doma‘ v Smyšlenove.“"),
    ("en", "Povedal: “Vitajte ‘doma’ v Smyšlenove.”"),
])
def test_quotes_per_language_with_nesting(lang, expected):
    assert quotes("Povedal: \"Vitajte 'doma' v Smyšlenove.\"", lang) == expected


@pytest.mark.parametrize("lang, apostrophe_text", [
    ("sk", "rock’n’roll, O’Neill"),
    ("cs", "rock’n’roll, O’Neill"),
    ("en", "rock’n’roll, O’Neill"),
])
def test_apostrophes_inside_words(lang, apostrophe_text):
    assert quotes("rock'n'roll, O'Neill", lang) == apostrophe_text


def test_english_apostrophes_at_word_edges():
    assert quotes("the students' hall in the '90s, it's 'fine'", "en") == \
        "the students’ hall in the ’90s, it’s ‘fine’"


def test_czech_closing_single_quote_differs_from_apostrophe():
    out = quotes("'don't'", "cs")
    assert out == "‚don’t‘"
    assert out[-1] == "\u2018" and out[4] == "\u2019"


def test_quotes_around_punctuation_and_brackets():
    assert quotes('("Fiktívno"), "A!" - "B"', "sk") == "(„Fiktívno“), „A!“ - „B“"


def test_quotes_already_typographic_are_kept():
    text = "„Fiktívno“ a “Testville”"
    assert quotes(text, "sk") == text


@pytest.mark.parametrize("url", [
    "https://fiktivno.sk/o'neill?a='b'&c=1",
    "www.fiktivno.sk/'a'/mapa",
    "o'neill@fiktivno.sk",
])
def test_no_quotes_changed_inside_urls_and_addresses(url):
    out = quotes(f'"see {url} now"', "en")
    assert url in out
    assert out.startswith("“") and out.endswith("”")


def test_quotes_around_an_address_pair_up():
    assert quotes("'info@fiktivno.sk' a 'o'neill@fiktivno.sk'", "cs") == \
        "‚info@fiktivno.sk‘ a ‚o'neill@fiktivno.sk‘"


def test_quote_spanning_runs():
    # '"' + **word** + '"': the pair is found across three runs.
    runs = [('Heslo "', True), ("partnerstvo", True), ('" a v', True), (" meste", True)]
    assert typeset_runs(runs, "sk") == ["Heslo „", "partnerstvo", "“ a" + NBSP + "v", NBSP + "meste"]


def test_uneditable_runs_give_context_but_stay():
    runs = [('"', True), ("it's \"code\"", False), ('" k', True), (" nej", True)]
    assert typeset_runs(runs, "cs") == ["„", "it's \"code\"", "“ k", NBSP + "nej"]


def test_unknown_language_is_left_alone():
    text = 'a "b" v c 12 km'
    assert typeset(text, "de") == text
    assert typeset_runs([(text, True)], "de") == [text]


def test_language_variants_use_the_base_language():
    assert typeset('"v meste"', "cs_CZ") == "„v" + NBSP + "meste“"


# --- properties: idempotent, one character for one, only the expected changes -----

_TOKENS = st.sampled_from([
    "v", "k", "a", "A", "S", "s.", "Ing.", "J.", "Novák", "Fiktívno", "12", "2011", "1.",
    "februára", "září", "km", "%", "EUR", "mil.", '"', "'", "(", ")", ",", ".", "!", "-",
    "„", "“", "’", "rock'n'roll", "http://a.sk/x'y\"z", "www.b.cz/v", "o'k@c.sk", "§",
])
_GLUE = st.sampled_from([" ", " ", " ", "\n", "", NBSP])
_TEXTS = st.lists(st.tuples(_TOKENS, _GLUE), max_size=25).map(
    lambda pairs: "".join(token + glue for token, glue in pairs))


@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, lang=st.sampled_from(["sk", "cs", "en"]))
def test_idempotent_and_one_for_one(text, lang):
    for fn in (nbsp, quotes, typeset):
        once = fn(text, lang)
        assert fn(once, lang) == once
        assert len(once) == len(text)
        for before, after in zip(text, once):
            if before != after:
                assert (before, after) in _ALLOWED_CHANGES, (before, after)


_ALLOWED_CHANGES = {
    (" ", NBSP), ("\n", NBSP), ("\t", NBSP),
    *(('"', q) for q in "„“”"), *(("'", q) for q in "‚‘’"),
}


@settings(max_examples=200, deadline=None)
@given(before=_TEXTS, after=_TEXTS, lang=st.sampled_from(["sk", "cs", "en"]),
       address=st.sampled_from(["http://a.sk/v'k%20s",
                                "https://b.cz/?a='v'&b='s'&c", "o'k@c.sk",
                                "www.d.sk/'a'/b"]))
def test_addresses_survive_any_surroundings(before, after, lang, address):
    text = f"{before} {address} {after}"
    assert address in typeset(text, lang)


# --- the Sphinx transform ------------------------------------------------------------

SOURCE = """\
# Partnerstvo "Fiktívno" a Smyšlenov

Starosta J. Novák povedal: "Vitajte v **Fiktívne**" a pridal 'ďakujem'.
Stretli sa 1. februára 2011 na 12 km trase.

Príkaz `"v k" 'x'` a web <https://fiktivno.sk/o'neill> a <info@fiktivno.sk>
aj [mapa "v meste"](https://fiktivno.sk/mapa).

```
kód "v k" 'x' a b
```
"""


def build(tmp_path, lang, builder="dummy"):
    src = tmp_path / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "press.ext.typography"]\n'
        f'language = "{lang}"\nsmartquotes = False\nroot_doc = "index"\n'
        'source_suffix = {".md": "markdown"}\n', encoding="utf-8")
    (src / "index.md").write_text(SOURCE, encoding="utf-8")
    out = tmp_path / f"out-{lang}-{builder}"
    app = Sphinx(str(src), str(src), str(out), str(out / ".doctrees"), builder,
                 status=None, warning=None, freshenv=True)
    app.build()
    return app.env.get_doctree("index")


@pytest.fixture(scope="module")
def doctrees(tmp_path_factory):
    root = tmp_path_factory.mktemp("typography")
    return {lang: build(root / lang, lang) for lang in ("sk", "cs", "en")}


def texts_in(doctree, node_type):
    return [n.astext() for n in doctree.findall(node_type)]


def test_transform_sets_quotes_and_spaces_in_sk(doctrees):
    doc = doctrees["sk"]
    title = doc.next_node(nodes.title).astext()
    assert title == "Partnerstvo „Fiktívno“ a" + NBSP + "Smyšlenov"
    para = doc.next_node(nodes.paragraph).astext()
    assert "J." + NBSP + "Novák" in para
    # The quotation opens before **Fiktívne** and closes after it: other Text nodes.
    assert "„Vitajte v" + NBSP + "Fiktívne“ a" + NBSP + "pridal ‚ďakujem‘." in para
    assert "1." + NBSP + "februára" + NBSP + "2011 na 12" + NBSP + "km" in para


def test_transform_per_edition_language(doctrees):
    en = doctrees["en"].next_node(nodes.paragraph).astext()
    assert "“Vitajte v Fiktívne” a pridal ‘ďakujem’." in en
    assert "J." + NBSP + "Novák" in en and "12" + NBSP + "km" in en
    cs = doctrees["cs"].next_node(nodes.paragraph).astext()
    assert "„Vitajte v" + NBSP + "Fiktívne“" in cs


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_transform_leaves_code_and_urls_alone(doctrees, lang):
    doc = doctrees[lang]
    assert texts_in(doc, nodes.literal) == ["\"v k\" 'x'"]
    assert texts_in(doc, nodes.literal_block) == ["kód \"v k\" 'x' a b\n"]
    refs = texts_in(doc, nodes.reference)
    assert "https://fiktivno.sk/o'neill" in refs
    assert "info@fiktivno.sk" in refs
    # A link with its own words is prose, and is set like prose.
    expected = {"sk": "mapa „v\u00a0meste“", "cs": "mapa „v\u00a0meste“", "en": "mapa “v meste”"}
    assert expected[lang] in refs


@pytest.mark.build
def test_gettext_builder_sees_the_text_as_written(tmp_path):
    doc = build(tmp_path, "sk", builder="gettext")
    assert '"Fiktívno"' in doc.next_node(nodes.title).astext()


@pytest.mark.parametrize("node_type", [nodes.literal, nodes.literal_block, nodes.raw,
                                       nodes.math, nodes.target, nodes.comment])
def test_code_math_raw_targets_and_comments_keep_their_text(node_type):
    """Text inside these nodes is set as written; the prose beside it is typeset."""
    doc = nodes.document(None, None)
    paragraph = nodes.paragraph()
    paragraph += nodes.Text('"v meste" ')
    paragraph += node_type('"v k" a b', '"v k" a b')
    doc += paragraph
    typeset_document(doc, "sk")
    assert paragraph.astext() == '„v\u00a0meste“ "v k" a b'
    assert next(iter(doc.findall(node_type))).astext() == '"v k" a b'


def test_fallback_passage_is_set_in_its_own_language():
    # In the en edition, a paragraph left in Slovak (so marked by ext/i18n) gets sk rules;
    # a class alone, parsed back, no longer decides.
    doc = nodes.document(None, None)
    doc += nodes.paragraph("", '"v meste"', classes=["untranslated"],
                           **{FALLBACK_LANGUAGE: "sk"})
    doc += nodes.paragraph("", '"v meste"')
    typeset_document(doc, "en")
    assert [p.astext() for p in doc.findall(nodes.paragraph)] == \
        ["„v" + NBSP + "meste“", "“v meste”"]


def test_equal_sibling_text_nodes_are_replaced_by_identity():
    # Two equal '"' nodes around a literal: each is replaced in its own place.
    para = nodes.paragraph()
    para += [nodes.Text('"'), nodes.literal("", "x"), nodes.Text('"'), nodes.Text(" a")]
    doc = nodes.document(None, None)
    doc += para
    typeset_document(doc, "sk")
    assert [str(c) if isinstance(c, nodes.Text) else c.astext() for c in para.children] == \
        ["„", "x", "“", " a"]
