"""Generated case pages, and the directives that render them in each edition."""
from __future__ import annotations

import hashlib
import re
import io
import shutil
from pathlib import Path

import icu
import pytest
from docutils.parsers.rst.directives.images import Figure
from myst_parser.parsers.directives import parse_directive_text
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from press.content.casepages import assets, case_page, directive, generate, quoted
from press.ext.casedata import (case_table_rows, cases_by_country, cases_by_theme, factbox_rows,
                                format_amount, heading_text, source_parts)
from press.i18n import labels
from press.i18n.names import Names
from press.core.edition import Edition
from press.core.project import Project
from press.content.records import load_records, load_vocab, records_frame
from conftest import REPO, records_project


def make_project(root: Path, records=(), extra: dict[str, str | bytes] | None = None) -> Project:
    """A records project that also has the toolchain's real words (press.po), so the
    fact box and headings are checked in each edition's language, not as msgids."""
    project = records_project(root, records, extra)
    for po in REPO.glob("locales/*/LC_MESSAGES/press.po"):
        target = root / po.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, target)
    return project


def label(lang: str, msgid: str) -> str:
    """The word as the projects above read it (their press.po is the repository's)."""
    return labels.label(lang, msgid, REPO / "locales")

# The fixture projects copy the real vocabularies (conftest.make_project), names.yaml too.
VOCAB_NAMES = Names(Path(__file__).resolve().parent.parent / "cases" / "vocab" / "names.yaml")

FIXTURES = Path(__file__).parent / "records"
GOOD = sorted((FIXTURES / "good").glob("*.yaml"))
SUMMER = FIXTURES / "good" / "fiktivov-youth-summer.yaml"
KOSICE = FIXTURES / "good" / "kosice-wuppertal.yaml"




def loaded(project: Project):
    cases, problems = load_records(project)
    assert problems == []
    return cases


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------
# generate()
# ---------------------------------------------------------------------------------------

def test_generate_makes_one_page_per_case_and_the_part_pages(tmp_path):
    project = make_project(tmp_path, GOOD)
    pages = generate(project, loaded(project))
    assert sorted(pages) == ["cases/base-crlf-bom.md", "cases/by-country.md", "cases/by-theme.md",
                             "cases/fiktivov-youth-summer.md", "cases/index.md", "cases/kosice-wuppertal.md"]


def test_illustrative_case_page(tmp_path):
    project = make_project(tmp_path, [SUMMER])
    (case,) = loaded(project)
    expected = f'''---
language: sk
---

% record: {sha(SUMMER)}

(case-fiktivov-youth-summer)=
# Leto mládeže vo Fiktívove

```{{illustrative}}
```

```{{factbox}} fiktivov-youth-summer
```

Vymyslený príklad: mladí ľudia z troch partnerských obcí strávili spolu týždeň.

```{{case-heading}} story
```

Prvý odsek príbehu so **zvýraznením** a [odkazom](https://example.org/leto).

Druhý odsek príbehu.

```{{case-heading}} results
```

- Tridsať účastníkov z troch krajín.
- Spoločná výstava fotografií.

```{{case-heading}} lessons
```

- Program pripravovali mladí ľudia sami.

```{{case-heading}} contact
```

Obecný úrad Fiktívov

```{{case-contact}} fiktivov-youth-summer
```

```{{figure}} images/square.png
:alt: "Námestie vo Fiktívove"
:figclass: case-image

Námestie počas leta mládeže

Obec Fiktívov
```
'''
    assert case_page(case) == expected


def test_real_case_gets_the_locator_map_and_no_illustrative_note(tmp_path):
    project = make_project(tmp_path, [KOSICE])
    (case,) = loaded(project)
    page = case_page(case)
    assert "```{locator-map}\n:place: Košice|SK\n:partners: Wuppertal|DE\n```" in page
    assert "{illustrative}" not in page
    assert page.startswith(f"---\nlanguage: en\n---\n\n% record: {sha(KOSICE)}\n")
    assert "{case-heading} contact" not in page      # no contact in this record


def test_locator_map_lists_every_partner(tmp_path):
    text = SUMMER.read_text(encoding="utf-8").replace(
        "illustrative: true", "sources:\n  - title: A source\nillustrative: false")
    project = make_project(tmp_path, extra={"three-partners.yaml": text})
    (case,) = loaded(project)
    assert ":place: Fiktívov|SK\n:partners: Musterhausen|DE; Przykładowo|PL\n" in case_page(case)


def test_only_language_in_front_matter(tmp_path):
    project = make_project(tmp_path, GOOD)
    for path, text in generate(project, loaded(project)).items():
        front = re.match(r"---\n(.*?)\n---\n", text, re.S)
        assert front, path
        assert re.fullmatch(r"language: (sk|cs|en)", front.group(1)), path


def test_an_edited_record_changes_its_page_and_the_listings(tmp_path):
    project = make_project(tmp_path, GOOD)
    before = generate(project, loaded(project))
    path = project.cases / "kosice-wuppertal.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an editor's note\n", encoding="utf-8")
    after = generate(project, loaded(project))
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"cases/kosice-wuppertal.md", "cases/index.md", "cases/by-theme.md", "cases/by-country.md"}
    assert f"% record: {sha(path)}" in after["cases/kosice-wuppertal.md"]


def test_index_page(tmp_path):
    project = make_project(tmp_path, GOOD)
    cases = loaded(project)
    page = generate(project, cases)["cases/index.md"]
    assert page.startswith("---\nlanguage: sk\n---\n")
    assert "(cases-index)=\n# Príklady dobrej praxe\n" in page
    assert "```{case-table}\n```" in page
    toctree = re.search(r"```\{toctree\}\n(.*?)\n```", page, re.S).group(1)
    options, entries = toctree.split("\n\n")
    assert options == ":maxdepth: 1\n:hidden:"
    assert entries.split("\n") == sorted(c.id for c in cases) + ["by-theme", "by-country"]


def test_listing_pages(tmp_path):
    project = make_project(tmp_path, GOOD)
    pages = generate(project, loaded(project))
    assert "(cases-by-theme)=\n# Príklady podľa tém\n\n```{cases-by-theme}\n```\n" in pages["cases/by-theme.md"]
    assert ("(cases-by-country)=\n# Príklady podľa krajín partnerov\n\n```{cases-by-country}\n```\n"
            in pages["cases/by-country.md"])


@pytest.mark.parametrize("alt", ['Námestie: pohľad "z" #1', "> citát", "'", "a # b", "back\\slash", "- x"])
def test_alt_text_survives_myst_option_parsing(alt):
    block = directive("figure", "images/square.png", options={"alt": quoted(alt)}, body="Caption")
    first_line, content = block.split("\n", 1)
    result = parse_directive_text(Figure, first_line.split("} ", 1)[1], content.rsplit("\n", 1)[0])
    assert result.warnings == []
    assert result.options["alt"] == alt and result.body == ["Caption"]


def test_fence_is_longer_than_any_backticks_inside():
    block = directive("figure", "images/x.png", body="Caption with ``` and ```` inside")
    assert block.startswith("`````{figure}") and block.endswith("\n`````")


def test_assets_are_images_inside_the_images_folder(tmp_path):
    project = make_project(tmp_path / "p")
    (project.images / "notes.txt").write_text("not an image")
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"x")
    (project.images / "escape.png").symlink_to(outside)
    assert assets(project) == {"cases/images/square.png": (project.images / "square.png").resolve()}


# ---------------------------------------------------------------------------------------
# What the directives show, per edition
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def summer(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("summer"), [SUMMER])
    (case,) = loaded(project)
    return case, load_vocab(project)


@pytest.mark.parametrize("lang, germany, poland, themes, amount", [
    ("sk", "Nemecko", "Poľsko", "Mládež, Kultúra", "18\xa0000\xa0€"),
    ("cs", "Německo", "Polsko", "Mládež, Kultura", "18\xa0000\xa0€"),
    ("en", "Germany", "Poland", "Youth, Culture", "€18,000"),
])
def test_factbox_rows_per_edition(summer, lang, germany, poland, themes, amount):
    case, vocab = summer
    rows = dict(factbox_rows(case, lang, vocab))
    slovakia = {"sk": "Slovensko", "cs": "Slovensko", "en": "Slovakia"}[lang]
    assert rows[label(lang, "Municipality")] == f"Fiktívov (Vymyslený kraj, {slovakia})"
    assert rows[label(lang, "Partners")] == f"Musterhausen ({germany}), Przykładowo ({poland})"
    assert rows[label(lang, "Partnership since")] == "1994"
    assert rows[label(lang, "Themes")] == themes
    programme = {"sk": "Európa pre občanov 2007 – 2013", "cs": "Evropa pro občany 2007–2013",
                 "en": "Europe for Citizens 2007–2013"}[lang]
    assert rows[label(lang, "Funding")] == f"{programme}, {label(lang, 'measure %s') % '1.1'}, 2011: {amount}"


def test_factbox_leaves_out_what_a_record_does_not_have(tmp_path):
    project = make_project(tmp_path, [KOSICE])
    (case,) = loaded(project)
    rows = factbox_rows(case, "cs", load_vocab(project))
    assert [name for name, _ in rows] == [label("cs", "Municipality"), label("cs", "Partners"),
                                          label("cs", "Partnership since"), label("cs", "Themes")]
    assert rows[0][1] == "Košice (Slovensko)" and rows[1][1] == "Wuppertal (Německo)"


def test_amounts_with_cents():
    assert format_amount(1234.5, "sk") == "1\xa0234,50\xa0€"
    assert format_amount(1234.5, "en") == "€1,234.50"
    assert format_amount(0, "cs") == "0\xa0€"


def test_case_headings_are_labels():
    for kind, msgid in [("story", "Story"), ("results", "Results"), ("lessons", "Lessons learned"),
                        ("contact", "Contact"), ("sources", "Sources")]:
        assert heading_text(kind, "cs", REPO / "locales") == label("cs", msgid)
    assert heading_text("nonsense", "cs", REPO / "locales") is None


NAMES = ["Hrádok Testový", "Chýrovo Testové", "Čierne Testové", "Cibuľov Testový"]


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    """Four illustrative records whose names sort differently in sk and en."""
    base = SUMMER.read_text(encoding="utf-8")
    variants = [("DE", "[youth, culture]", "since: 1994"), ("AT", "[sport]", "since: 2003"),
                ("DE", "[culture]", ""), ("PL", "[sport, youth]", "since: 1999")]
    extra = {}
    for i, (name, (partner_country, themes, since)) in enumerate(zip(NAMES, variants)):
        text = (base.replace("name: Fiktívov", f"name: {name}")
                .replace("  - {name: Przykładowo, country: PL}\n", "")
                .replace("country: DE}", f"country: {partner_country}}}")
                .replace("themes: [youth, culture]", f"themes: {themes}")
                .replace("since: 1994", since)
                .replace("  year: 2011\n", ""))
        extra[f"case-{i}.yaml"] = text
    project = make_project(tmp_path_factory.mktemp("four"), extra=extra)
    cases = loaded(project)
    return cases, records_frame(cases), load_vocab(project)


@pytest.mark.parametrize("lang, order", [
    ("sk", ["Cibuľov Testový", "Čierne Testové", "Hrádok Testový", "Chýrovo Testové"]),
    ("en", ["Chýrovo Testové", "Cibuľov Testový", "Čierne Testové", "Hrádok Testový"]),
])
def test_case_table_matches_the_records(four, lang, order):
    cases, frame, vocab = four
    rows = case_table_rows(frame, lang, vocab)
    assert [r.municipality for r in rows] == order
    by_id = {c.id: c for c in cases}
    assert len(rows) == len(cases)
    for row in rows:
        case = by_id[row.id]
        assert row.municipality == VOCAB_NAMES.place(case.municipality.name, case.municipality.country, lang)
        assert row.partners == ", ".join(f"{p.name} ({VOCAB_NAMES.country(p.country, lang)})" for p in case.partners)
        assert row.year == ("" if case.since is None else str(case.since))
        assert row.themes == ", ".join(vocab.theme(t, lang) for t in case.themes)


def test_listing_by_theme_matches_the_records(four):
    cases, frame, vocab = four
    collator = icu.Collator.createInstance(icu.Locale("cs"))
    expected = []
    for key in vocab.themes:                       # vocabulary order
        members = [c for c in cases if key in c.themes]
        if members:
            members.sort(key=lambda c: collator.getSortKey(c.municipality.name))
            expected.append((vocab.theme(key, "cs"), [c.id for c in members]))
    assert cases_by_theme(frame, "cs", vocab) == expected
    assert [label for label, _ in expected] == ["Kultura", "Mládež", "Sport"]


def test_listing_by_partner_country_matches_the_records(four):
    cases, frame, _ = four
    collator = icu.Collator.createInstance(icu.Locale("sk"))
    countries = sorted({p.country for c in cases for p in c.partners},
                       key=lambda cc: collator.getSortKey(VOCAB_NAMES.country(cc, "sk")))
    expected = [(VOCAB_NAMES.country(cc, "sk"),
                 [c.id for c in sorted(cases, key=lambda c: collator.getSortKey(c.municipality.name))
                  if any(p.country == cc for p in c.partners)])
                for cc in countries]
    assert cases_by_country(frame, "sk", VOCAB_NAMES) == expected
    assert [name for name, _ in expected] == ["Nemecko", "Poľsko", "Rakúsko"]


# ---------------------------------------------------------------------------------------
# A small Sphinx build of a fixture project: the directives in real HTML, per edition
# ---------------------------------------------------------------------------------------

CONF = '''
extensions = ["myst_parser", "press.ext.cases"]
myst_enable_extensions = ["colon_fence"]
gettext_compact = False
gettext_additional_targets = ["image", "index"]

from docutils.parsers.rst import Directive


class LocatorMap(Directive):       # drawn by the data figures stage; a stand-in here
    option_spec = {"place": str, "partners": str}

    def run(self):
        return []


def setup(app):
    app.add_config_value("press_edition", None, "env")
    app.add_directive("locator-map", LocatorMap)
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sphinx")
    project = make_project(tmp / "project", [SUMMER, KOSICE])
    src = tmp / "src"
    for rel, text in generate(project, loaded(project)).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    for rel, path in assets(project).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, src / rel)
    (src / "index.md").write_text("# Book\n\n```{toctree}\ncases/index\nclosing\n```\n", encoding="utf-8")
    (src / "closing.md").write_text("# Sources\n\n```{all-case-sources}\n```\n", encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    out = {}
    for builder, lang in [("html", "sk"), ("html", "cs"), ("html", "en"), ("gettext", "sk")]:
        dest = tmp / f"{builder}-{lang}"
        warnings = io.StringIO()
        with docutils_namespace():      # each app registers its directives afresh
            app = Sphinx(str(src), str(src), str(dest), str(dest / ".doctrees"), builder,
                         confoverrides={"language": lang, "press_edition": Edition(lang, project)},
                         status=None, warning=warnings)
            app.build()
        assert app.statuscode == 0 and warnings.getvalue() == "", warnings.getvalue()
        out[builder, lang] = dest
    return out


def _html(built, lang: str, page: str) -> str:
    return (built["html", lang] / "cases" / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, germany", [("sk", "Nemecko"), ("cs", "Německo"), ("en", "Germany")])
def test_case_page_in_each_edition(built, lang, germany):
    page = _html(built, lang, "fiktivov-youth-summer")
    box = re.search(r'<dl class="factbox field-list simple"[^>]*>(.*?)</dl>', page, re.S).group(1)
    assert f"Musterhausen ({germany})" in box
    assert f"<dt class=\"field-even\">{label(lang, 'Partners')}" in box
    assert format_amount(18000, lang) in box
    assert f'<p class="case-heading rubric">{label(lang, "Results")}</p>' in page
    assert label(lang, "Illustrative example") in page
    assert '<img alt="Námestie vo Fiktívove" src="../_images/square.png" />' in page
    assert 'href="https://fiktivov.example/leto"' in page


def test_case_table_in_html_lists_every_case(built):
    page = _html(built, "cs", "index")
    rows = re.findall(r"<tr class=\"row-(?:even|odd)\"><td>(.*?)</tr>", page, re.S)
    assert len(rows) == 2
    assert 'href="fiktivov-youth-summer.html#case-fiktivov-youth-summer"' in rows[0] and "Fiktívov" in rows[0]
    # The illustrative case's places carry the fiction mark; the real case's do not.
    mark = '<span class="fiction-mark">\xa0†</span>'
    assert f"Musterhausen (Německo){mark}, Przykładowo (Polsko){mark}" in rows[0]
    assert f"Fiktívov</span></a>{mark}" in rows[0]
    assert 'href="kosice-wuppertal.html#case-kosice-wuppertal"' in rows[1] and "Wuppertal (Německo)" in rows[1]
    assert "†" not in rows[1]


def test_listing_links_show_the_case_titles(built):
    page = _html(built, "en", "by-country")
    germany = page[page.index(">Germany<"):page.index(">Poland<")]
    mark = '<span class="fiction-mark">\xa0†</span>'
    # The link shows the page's title as text, mark included (press.ext.fiction).
    assert (f'<span class="std std-ref">Leto mládeže vo Fiktívove\xa0†</span></a> (Fiktívov{mark})'
            in germany)
    assert '<span class="std std-ref">Test fixture for a real partnership</span></a> (Košice)' in germany


def test_generated_labels_are_not_messages(built):
    pot = (built["gettext", "sk"] / "cases" / "fiktivov-youth-summer.pot").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.*)"$', pot, re.M)
    assert "Vymyslený príklad: mladí ľudia z troch partnerských obcí strávili spolu týždeň." in msgids
    assert "Námestie vo Fiktívove" in msgids                 # alt text is translated
    for word in ("Partners", "Results", "Musterhausen", "Fiktívov", "Illustrative example", "E-mail"):
        assert word not in msgids


@pytest.mark.parametrize("lang, dated, month", [
    ("sk", "3. marca 2017", "september 2013"),
    ("cs", "3. března 2017", "září 2013"),
    ("en", "March 3, 2017", "September 2013"),
])
def test_source_citation_per_edition(tmp_path, lang, dated, month):
    (case,) = loaded(make_project(tmp_path, [KOSICE]))
    first, second, third = case.sources
    assert source_parts(first, lang) == (
        "Twin cities of the city of Košice. Mesto Košice.",
        "https://exchange.kosice.sk/city/twin-cities-of-the-city-of-kosice")
    assert source_parts(second, lang) == ("Partnerships: test entry with a year only. 2026.", None)
    # a title ending in its own punctuation gets no extra full stop
    assert source_parts(third, lang)[0] == f"A dated page? Example publisher, {dated}."
    monthly = third.model_copy(update={"date": "2013-09", "publisher": None})
    assert source_parts(monthly, lang)[0] == f"A dated page? {month}."


def test_real_case_page_lists_its_sources_after_the_lessons(tmp_path):
    (case,) = loaded(make_project(tmp_path, [KOSICE]))
    page = case_page(case)
    lessons = page.index("{case-heading} lessons")
    assert page.index("{case-heading} sources") > lessons
    assert "```{case-sources} kosice-wuppertal\n```" in page
    assert "exchange.kosice.sk" not in page        # citations are rendered, not page text


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_sources_in_html_are_links_in_each_edition(built, lang):
    page = _html(built, lang, "kosice-wuppertal")
    assert f'<p class="case-heading rubric">{label(lang, "Sources")}</p>' in page
    items = re.search(r'<ol class="[^"]*case-sources[^"]*"[^>]*>(.*?)</ol>', page, re.S).group(1)
    entries = re.findall(r"<li><p>(.*?)</p></li>", items, re.S)
    assert len(entries) == 3
    url = "https://exchange.kosice.sk/city/twin-cities-of-the-city-of-kosice"
    assert entries[0].startswith("Twin cities of the city of Košice. Mesto Košice.")
    assert f'href="{url}"' in entries[0] and f">{url}</a>" in entries[0]
    assert "href" not in entries[1]
    assert 'href="https://example.org/dated?page=1&amp;lang=en"' in entries[2]
    assert page.index("case-sources") > page.index(label(lang, "Lessons learned"))


def test_source_titles_are_not_messages(built):
    pot = (built["gettext", "sk"] / "cases" / "kosice-wuppertal.pot").read_text(encoding="utf-8")
    msgids = re.findall(r'^msgid "(.*)"$', pot, re.M)
    assert "This fixture checks how a record of a real partnership is rendered." in msgids
    assert not [m for m in msgids if "Twin cities" in m or "Sources" in m or "example.org" in m]


def test_closing_list_has_every_real_case_with_its_sources(built):
    page = (built["html", "cs"] / "closing.html").read_text(encoding="utf-8")
    items = re.search(r'<ul class="[^"]*all-case-sources[^"]*">(.*)</ul>', page, re.S).group(1)
    # the real fixture case with its three citations; the illustrative one is not listed
    assert 'href="cases/kosice-wuppertal.html#case-kosice-wuppertal"' in items
    assert "Test fixture for a real partnership" in items and "(Košice)" in items
    assert len(re.findall(r"<li><p>", items)) == 1 + 3
    assert "Twin cities of the city of Košice. Mesto Košice." in items
    assert "3. března 2017" in items
    assert "fiktivov" not in items.lower()


# ---------------------------------------------------------------------------------------
# the source language of every document, decided in one place
# ---------------------------------------------------------------------------------------

def test_doc_languages_follow_front_matter_records_and_domains(tmp_path):
    """chapters: their front matter (else the project's language); cases: the record's
    `language` (read back here from the YAML text); generated pages: the parts' language;
    the toolchain's catalogs: English."""
    from conftest import make_project as fixture_project
    from press.content.casepages import PAGES_LANGUAGE
    from press.content.sources import doc_languages

    root = fixture_project(tmp_path / "p")
    docs = doc_languages(Project(root))
    for chapter in (root / "book").rglob("*.md"):
        text = chapter.read_text(encoding="utf-8")
        stated = re.match(r"---\nlanguage: (\w+)\n---", text)
        doc = chapter.relative_to(root / "book").with_suffix("").as_posix()
        assert docs[doc] == (stated.group(1) if stated else "sk"), doc
    for record in (root / "cases").glob("*.yaml"):
        stated = re.search(r"^language: (\w+)$", record.read_text(encoding="utf-8"), re.M)
        assert docs[f"cases/{record.stem}"] == stated.group(1)
    assert docs["cases/index"] == docs["cases/by-theme"] == PAGES_LANGUAGE
    assert docs["press"] == docs["sphinx"] == "en"
