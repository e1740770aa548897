"""Fiction is always marked: every mention of an illustrative case's places, in the print
HTML and on the website of every edition, carries the mark (†), except in the running
text of the case's own page, which opens with the note that the case is made up."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from press.content.records import load_records
from press.core.project import Project
from press.ext.fiction import MARK
from press.i18n.names import Names

LANGS = ("sk", "cs", "en")
# Elements whose own text is one mention's context; the innermost one counts.
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "caption",
          "figcaption", "title"}
# On a case's own page these still must carry the mark: its title and its fact box.
ALWAYS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}


def fictional_places(root: Path, lang: str) -> dict[str, str]:
    """Name as the edition prints it -> id of the illustrative case it belongs to."""
    cases, _ = load_records(Project(root))
    places = {}
    for case in cases:
        if case.illustrative:
            for place in [case.municipality, *case.partners]:
                places[Names.of(Project(root)).place(place.name, place.country, lang)] = case.id
    assert places, "the fixture must have illustrative cases"
    return places


def unmarked(tree, places: dict[str, str], own_page: str | None, where: str) -> list[str]:
    """Mentions without a mark after them in their block; own_page: the case id whose
    running text is exempt (None: nothing exempt)."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCKS:
            continue
        if any(isinstance(d.tag, str) and d.tag in BLOCKS for d in element.iterdescendants()):
            continue  # only the innermost block
        text = element.text_content()
        for name, case_id in places.items():
            for match in re.finditer(re.escape(name), text):
                if MARK in text[match.end():]:
                    continue
                exempt_here = case_id == own_page or _inside_own_page(element, case_id)
                if exempt_here and element.tag not in ALWAYS and not _in_factbox(element):
                    continue
                found.append(f"{where}: <{element.tag}> {' '.join(text.split())[:90]!r}")
    return found


def _inside_own_page(element, case_id: str) -> bool:
    own = f"doc-cases-{case_id}"
    return any(a.get("id") == own for a in element.iterancestors())


def _in_factbox(element) -> bool:
    return any("factbox" in (a.get("class") or "").split() for a in element.iterancestors())


@pytest.mark.parametrize("lang", LANGS)
def test_print_html_marks_every_fictional_place(built_project, lang):
    places = fictional_places(built_project, lang)
    path = built_project / f"_build/.work/{lang}/print/index.html"
    tree = lxml.html.fromstring(path.read_bytes())
    problems = unmarked(tree, places, None, f"print {lang}")
    assert not problems, "\n".join(problems)
    # The marks the test relies on are really there, with their legend, in the case
    # table, the listings, the fact boxes and the index.
    assert tree.xpath('//table[contains(@class,"case-table")]//span[@class="fiction-mark"]')
    assert tree.xpath('//ul[contains(@class,"cases-listing")]//span[@class="fiction-mark"]')
    assert tree.xpath('//dl[contains(@class,"factbox")]//span[@class="fiction-mark"]')
    index = tree.xpath('//section[@id="book-index"]')[0]
    assert MARK in index.text_content()
    assert index.xpath('.//p[@class="fiction-legend"]')


@pytest.mark.parametrize("lang", LANGS)
def test_website_marks_every_fictional_place(built_project, lang):
    places = fictional_places(built_project, lang)
    site = (built_project / "_build/html" / lang).resolve()
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) > 5
    problems = []
    for page in pages:
        rel = page.relative_to(site).as_posix()
        own = rel[len("cases/"):-len(".html")] if rel.startswith("cases/") else None
        tree = lxml.html.fromstring(page.read_bytes())
        problems += unmarked(tree, places, own, f"site {lang} {rel}")
    assert not problems, "\n".join(problems)


def test_the_check_finds_an_unmarked_mention():
    tree = lxml.html.fromstring("<html><body><p>Lúčnikovo</p><p>Lúčnikovo\u00a0†</p>"
                                "<div id='doc-cases-x'><p>Lúčnikovo</p><h3>Lúčnikovo</h3></div>"
                                "</body></html>")
    problems = unmarked(tree, {"Lúčnikovo": "x"}, None, "t")
    assert len(problems) == 2 and "<p>" in problems[0] and "<h3>" in problems[1]
