"""Case records: the loader, the schema's rules, the problem lines, scale and fuzzing."""
from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from press.content.casepages import case_page
from press.content.recordbase import MAX_BYTES, Checks
from press.content.recordparse import parse_record
from press.content.recordrules import text_problem
from press.content.records import load_records, load_vocab, records_frame
from conftest import hang_guard, records_project as make_project

FIXTURES = Path(__file__).parent / "records"
THIS_YEAR = datetime.date.today().year
PROBLEM_LINE = re.compile(r"cases/[^:\n]+:\d+: [^:\n]+: [^\n]+")




def base_record() -> str:
    return (FIXTURES / "bad" / "twin.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Valid records
# ---------------------------------------------------------------------------------------

def test_good_records_load_without_problems(tmp_path):
    project = make_project(tmp_path, sorted((FIXTURES / "good").glob("*.yaml")))
    cases, problems = load_records(project)
    assert problems == []
    assert [c.id for c in cases] == ["base-crlf-bom", "fiktivov-youth-summer", "kosice-wuppertal"]
    summer = cases[1]
    assert summer.file == "cases/fiktivov-youth-summer.yaml"
    assert [(p.name, p.country) for p in summer.partners] == [("Musterhausen", "DE"), ("Przykładowo", "PL")]
    assert summer.funding.amount_eur == 18000 and summer.funding.measure == "1.1"
    assert summer.images[0].file == "square.png"
    assert summer.summary == "Vymyslený príklad: mladí ľudia z troch partnerských obcí strávili spolu týždeň."
    assert summer.story.startswith("Prvý odsek") and summer.story.endswith("Druhý odsek príbehu.")


def test_sources_of_a_real_case(tmp_path):
    (case,), problems = load_records(make_project(tmp_path, [FIXTURES / "good" / "kosice-wuppertal.yaml"]))
    assert problems == []
    first, second, _ = case.sources
    assert (first.title, first.publisher) == ("Twin cities of the city of Košice", "Mesto Košice")
    assert first.url == "https://exchange.kosice.sk/city/twin-cities-of-the-city-of-kosice"
    assert first.date is None
    assert second.date == "2026" and second.url is None      # a bare year is a number in YAML


def test_bom_and_crlf_are_accepted(tmp_path):
    project = make_project(tmp_path, [FIXTURES / "good" / "base-crlf-bom.yaml"])
    raw = (FIXTURES / "good" / "base-crlf-bom.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    (case,), problems = load_records(project)
    assert problems == []
    assert case.language == "sk" and case.title == "Vymyslený príklad"
    assert "\r" not in case.story


def test_sha256_is_the_hash_of_the_file(tmp_path):
    import hashlib

    path = FIXTURES / "good" / "kosice-wuppertal.yaml"
    (case,), _ = load_records(make_project(tmp_path, [path]))
    assert case.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------
# One bad record per rule: exact file, line and field
# ---------------------------------------------------------------------------------------

BAD = [
    # file, line, field, part of the message
    ("bad-syntax.yaml", 3, "yaml", "syntax error: mapping values are not allowed in this context (line 3, column 17)"),
    ("bad-duplicate-key.yaml", 8, "since", "duplicate key (first at line 7)"),
    ("bad-unknown-key.yaml", 10, "sumary", "unknown key (did you mean 'summary'?)"),
    ("bad-unknown-key.yaml", 2, "summary", "required field is missing"),
    ("bad-missing-field.yaml", 6, "partners.0.country", "required field is missing"),
    ("bad-wrong-type.yaml", 7, "since", "expected a whole number, got text '2001'"),
    ("bad-story-type.yaml", 11, "story", "expected text, got a list"),
    ("bad-country.yaml", 6, "partners.0.country", "unknown country code 'XX'"),
    ("bad-aggregate-country.yaml", 4, "municipality.country", "unknown country code 'EU'"),
    ("bad-theme.yaml", 8, "themes.1", "unknown theme 'yuth' (did you mean 'youth'?)"),
    ("bad-duplicate-theme.yaml", 8, "themes", "'culture' is listed twice"),
    ("bad-programme.yaml", 9, "funding.programme", "unknown programme 'europe-for-citizen'"),
    ("bad-language.yaml", 2, "language", "unknown language 'de' (one of: sk, cs, en)"),
    ("bad-year-early.yaml", 7, "since", f"year 1944 is outside 1945–{THIS_YEAR}"),
    ("bad-year-late.yaml", 9, "funding.year", f"year 2999 is outside 1945–{THIS_YEAR}"),
    ("bad-funding-before-since.yaml", 9, "funding.year", "funding year 1999 is before the partnership began (2001)"),
    ("bad-negative-amount.yaml", 9, "funding.amount_eur", "must be 0 or more"),
    ("bad-image-missing.yaml", 19, "images.0.file", "image 'missing.png' does not exist in cases/images/"),
    ("bad-image-outside.yaml", 19, "images.0.file", "image '../../book/cover.png' is outside cases/images/"),
    ("bad-image-svg.yaml", 19, "images.0.file", "must be one of .png"),
    ("bad-link-scheme.yaml", 17, "contact.web", "'file:///etc/passwd' is not an http(s) or mailto address"),
    ("bad-email.yaml", 17, "contact.email", "'info@fiktivov' is not a valid e-mail address"),
    ("bad-html.yaml", 11, "story", "raw HTML is not allowed"),
    ("bad-raw.yaml", 11, "story", "directive {raw} is not allowed"),
    ("bad-include.yaml", 16, "lessons.0", "directive {include} is not allowed"),
    ("bad-literalinclude.yaml", 14, "results.0", "directive {literalinclude} is not allowed"),
    ("bad-csv-table.yaml", 11, "story", "{csv-table} may not read a file or URL"),
    ("bad-figure.yaml", 11, "story", "{figure}: image '/etc/passwd.png' must be a file under cases/images/"),
    ("bad-eval-rst.yaml", 11, "story", "directive {eval-rst} is not allowed"),
    ("bad-role.yaml", 10, "summary", "role {download} is not allowed"),
    ("bad-markdown-image.yaml", 11, "story", "image '../../../etc/passwd.png' is outside cases/images/"),
    ("bad-local-link.yaml", 11, "story", "link target '../../../etc/passwd' must be an http(s) or mailto address"),
    ("bad-heading.yaml", 11, "story", "headings (# …, or text underlined with === or ---) are not allowed"),
    ("bad-unclosed-fence.yaml", 14, "results.0", "the block opened with ``` on its line 1 is not closed"),
    ("bad-alias.yaml", 3, "yaml", "anchors and aliases (&name, *name) are not allowed"),
    ("bad-tag.yaml", 3, "title", "YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("bad-name.yaml", 6, "partners.0.name", "a name may not contain |"),
    ("bad-multiline-title.yaml", 3, "title", "must be a single line"),
    ("bad-id-key.yaml", 2, "id", "remove this key: the id is the file name"),
    ("bad-utf8.yaml", 12, "encoding", "not valid UTF-8 (byte 0xed at offset"),
    ("bad-nul.yaml", 14, "encoding", "the file contains NUL bytes"),
    ("bad-empty.yaml", 1, "yaml", "the file is empty"),
    ("bad-list.yaml", 1, "record", "a record is a mapping"),
    ("Bad_Name.yaml", 1, "id", "file name 'Bad_Name' must be lowercase letters, digits and hyphens"),
    ("index.yaml", 1, "id", "'index' is the name of a generated page"),
    # sources: required for a real case, forbidden for an illustrative one
    ("bad-source-missing.yaml", 2, "sources", "required for a real case (illustrative: false)"),
    ("bad-source-illustrative.yaml", 20, "sources", "an illustrative case has no sources"),
    ("bad-source-empty.yaml", 20, "sources", "needs at least 1 entry"),
    ("bad-source-url.yaml", 23, "sources.0.url", "'mailto:info@fiktivov.example' is not an http(s) address"),
    ("bad-source-date.yaml", 24, "sources.0.date", "'2017-02-30' is not a date in the calendar"),
    ("bad-source-date-format.yaml", 24, "sources.0.date", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("bad-source-key.yaml", 23, "sources.0.link", "unknown key"),
    ("bad-source-title.yaml", 21, "sources.0.title", "required field is missing"),
]


def _expected(file: str) -> list[tuple[int, str, str]]:
    return [(line, field, text) for f, line, field, text in BAD if f == file]


def _matches(problem, file: str, line: int, field: str, text: str) -> bool:
    return (problem.file, problem.line, problem.field) == (f"cases/{file}", line, field) and text in problem.message


@pytest.mark.parametrize("file", sorted({b[0] for b in BAD}))
def test_each_bad_record_is_reported_at_its_key(tmp_path, file):
    cases, problems = load_records(make_project(tmp_path, [FIXTURES / "bad" / file]))
    assert cases == []
    expected = _expected(file)
    assert len(problems) == len(expected), [str(p) for p in problems]
    for line, field, text in expected:
        assert any(_matches(p, file, line, field, text) for p in problems), [str(p) for p in problems]


def test_a_directory_of_bad_records_reports_everything_at_once(tmp_path):
    project = make_project(tmp_path, sorted((FIXTURES / "bad").iterdir()))
    cases, problems = load_records(project)
    for file, line, field, text in BAD:
        assert any(_matches(p, file, line, field, text) for p in problems), (file, line, field)
    # twin.yaml is the only valid file; twin.yml duplicates its id
    assert [c.id for c in cases] == ["twin"]
    assert any(_matches(p, "twin.yml", 1, "id", "duplicate id 'twin' (also cases/twin.yaml)") for p in problems)
    for problem in problems:
        assert PROBLEM_LINE.fullmatch(str(problem)), str(problem)


def test_problem_line_format():
    from press.content.recordbase import Problem

    problem = Problem("cases/foo.yaml", 12, "partners.0.country", "unknown country code 'XX'")
    assert str(problem) == "cases/foo.yaml:12: partners.0.country: unknown country code 'XX'"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    text = base_record().replace("contact: {organisation:", "contact: {zzz: 1, organisation:")
    _, problems = load_records(make_project(tmp_path, extra={"case.yaml": text.encode()}))
    (problem,) = problems
    assert (problem.line, problem.field) == (17, "contact.zzz")
    assert problem.message == "unknown key; allowed: email, organisation, web"


def test_oversized_record(tmp_path):
    text = base_record() + "# " + "x" * MAX_BYTES + "\n"
    _, problems = load_records(make_project(tmp_path, extra={"big.yaml": text.encode()}))
    assert [(p.file, p.line, p.field) for p in problems] == [("cases/big.yaml", 1, "size")]
    assert "over the limit of 262144" in problems[0].message


def test_record_symlinked_from_outside_cases_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    outside = tmp_path / "secret.yaml"
    outside.write_text(base_record(), encoding="utf-8")
    (project.cases / "linked.yaml").symlink_to(outside)
    cases, problems = load_records(project)
    assert cases == []
    assert [str(p) for p in problems] == [
        "cases/linked.yaml:1: file: a record may not be a link to a file outside cases/"]


def test_image_symlinked_out_of_the_images_folder_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes((FIXTURES / "images" / "square.png").read_bytes())
    (project.images / "link.png").symlink_to(outside)
    text = base_record().replace("file: square.png", "file: link.png")
    (project.cases / "case.yaml").write_text(text, encoding="utf-8")
    _, problems = load_records(project)
    assert [str(p) for p in problems] == [
        "cases/case.yaml:19: images.0.file: image 'link.png' is outside cases/images/"]


def test_a_folder_named_like_a_record(tmp_path):
    project = make_project(tmp_path)
    (project.cases / "folder.yaml").mkdir()
    _, problems = load_records(project)
    assert [str(p) for p in problems] == ["cases/folder.yaml:1: file: not a regular file"]


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    with hang_guard():   # expanded, the bomb is 10**12 items
        _, problems = load_records(make_project(tmp_path, extra={"bomb.yaml": "\n".join(lines).encode()}))
    assert [(p.line, p.field) for p in problems] == [(1, "yaml")]


def test_deep_nesting_is_a_clean_error(tmp_path):
    extra = {"deep-flow.yaml": ("title: " + "[" * 5000 + "]" * 5000).encode(),
             "deep-block.yaml": ("title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(40))
                                 + "  " * 40 + "x\n").encode()}
    _, problems = load_records(make_project(tmp_path, extra=extra))
    found = {p.file: p for p in problems}
    assert "nesting" in found["cases/deep-flow.yaml"].message
    assert found["cases/deep-block.yaml"].message == "nesting deeper than 16 levels"


def test_vocabulary_problems_are_reported(tmp_path):
    project = make_project(tmp_path)
    themes = project.vocab / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8")
                      + "mistake: {sk: Chyba, en: Mistake}\nBad Key: {sk: a, cs: b, en: c}\n",
                      encoding="utf-8")
    vocab = load_vocab(project)
    assert [str(p) for p in vocab.problems] == [
        "cases/vocab/themes.yaml:6: mistake.cs: label missing for this edition",
        "cases/vocab/themes.yaml:7: Bad Key: keys are lowercase letters, digits and hyphens",
    ]
    assert vocab.theme("youth", "cs") == "Mládež" and vocab.programme("municipal-budget", "en") == "Municipal budget"


# ---------------------------------------------------------------------------------------
# The text rules, one by one
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("checks"))
    return Checks.for_project(project, load_vocab(project))


SAFE_TEXTS = [
    "Plain text with *emphasis*, **strong** and [a link](https://example.org/a?b=c#d).",
    "Write to [us](mailto:obec@example.org) or see {ref}`the other case <case-fiktivov>`.",
    "A < B and 3 > 2 are comparisons, not tags.",
    "```{note}\nA note.\n```",
    "```{csv-table} Data\n:header: a, b\n\n1, 2\n```",
    "```{figure} images/square.png\n:alt: A square\n\nCaption\n```",
    "![A square](images/square.png)",
    "```python\nprint('code is shown, not run')\n```",
    "A list:\n\n- one\n- two",
]

UNSAFE_TEXTS = [
    ("<script>alert(1)</script>", "raw HTML"),
    ("See <https://example.org>.", "raw HTML"),
    ("```{RAW} html\nx\n```", "directive {raw}"),
    ("- ```{include} /etc/passwd\n  ```", "directive {include}"),
    ("> :::{literalinclude} /etc/passwd\n> :::", "directive {literalinclude}"),
    ("~~~{eval-rst}\n.. raw:: html\n~~~", "directive {eval-rst}"),
    ("```{csv-table}\n---\nfile: /etc/passwd\n---\n```", "{csv-table} may not read"),
    ("```{csv-table}\n:url: https://example.org/x.csv\n```", "{csv-table} may not read"),
    ("```{image} ../../etc/x.png\n```", "{image}: image '../../etc/x.png' is outside"),
    ("```{toctree}\n```", "directive {toctree} is not allowed"),
    ("{raw}`<b>x</b>`", "role {raw}"),
    ("{std:download}`f </etc/passwd>`", "role {std:download}"),
    ("[click](javascript:alert(1))", "link target 'javascript:alert(1"),
    ("[ref]: file:///etc/passwd", "link target 'file:///etc/passwd'"),
    ("![x](https://tracker.example/pixel.png)", "must be a file under cases/images/"),
    ("Text\n===", "headings"),
    ("```\nnever closed", "is not closed"),
]


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_safe_text_passes(text, checks):
    assert text_problem(text, checks) is None


@pytest.mark.parametrize("text, expected", UNSAFE_TEXTS)
def test_unsafe_text_is_named(text, expected, checks):
    assert expected in (text_problem(text, checks) or "")


# ---------------------------------------------------------------------------------------
# The table of all records
# ---------------------------------------------------------------------------------------

def test_records_frame_has_one_row_per_case(tmp_path):
    cases, _ = load_records(make_project(tmp_path, sorted((FIXTURES / "good").glob("*.yaml"))))
    frame = records_frame(cases)
    assert list(frame.columns) == ["id", "title", "language", "municipality", "country",
                                   "partners", "since", "themes", "illustrative"]
    assert list(frame["id"]) == [c.id for c in cases]
    for case, row in zip(cases, frame.itertuples(index=False)):
        assert row.partners == [(p.name, p.country) for p in case.partners]
        assert row.themes == list(case.themes)
        assert row.since == case.since and row.illustrative == case.illustrative
        assert (row.municipality, row.country, row.language) == (
            case.municipality.name, case.municipality.country, case.language)
    assert records_frame([]).empty


# ---------------------------------------------------------------------------------------
# Scale: a thousand records load; bench/run reports how fast (bench/README.md)
# ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_thousand_records_load(tmp_path):
    text = (FIXTURES / "good" / "fiktivov-youth-summer.yaml").read_text(encoding="utf-8")
    story = "\n".join(f"  Odsek {i} príbehu s *dôrazom* a ďalšími slovami o spolupráci obcí.\n" for i in range(40))
    text = text.replace("  Druhý odsek príbehu.\n", "  Druhý odsek príbehu.\n\n" + story)
    project = make_project(tmp_path, extra={f"case-{i:04d}.yaml": text.encode() for i in range(1000)})
    cases, problems = load_records(project)
    assert problems == [] and sorted(c.id for c in cases) == [f"case-{i:04d}" for i in range(1000)]
    assert all(c.story == cases[0].story and "Odsek 39" in c.story for c in cases)


# ---------------------------------------------------------------------------------------
# Fuzzing: records or clean problems, never an exception
# ---------------------------------------------------------------------------------------

FUZZ = settings(max_examples=int(os.environ.get("PRESS_FUZZ_EXAMPLES", "200")), derandomize=True,
                deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_ISH = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n \t\\") + ["a", "1", "é", "\ufeff", "\r"]),
                   max_size=200)


def _assert_clean(case, problems, raw):
    assert (case is None) == bool(problems)
    for problem in problems:
        line = str(problem)
        assert len(line.splitlines()) == 1 and line.startswith(f"cases/fuzz.yaml:{problem.line}: "), line
        assert 1 <= problem.line <= len(raw) + 1


@FUZZ
@given(text=st.one_of(st.text(max_size=300), YAML_ISH))
def test_fuzz_arbitrary_text(checks, text):
    raw = text.encode("utf-8", "surrogatepass")
    case, problems = parse_record(raw, "cases/fuzz.yaml", checks)
    _assert_clean(case, problems, raw)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(checks, raw):
    case, problems = parse_record(raw, "cases/fuzz.yaml", checks)
    _assert_clean(case, problems, raw)


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
    | st.sampled_from(["SK", "DE", "XX", "culture", "europe-for-citizens", "square.png", "../x.png",
                       "https://example.org", "mailto:a@b.cz", "{raw}`x`", "<b>", "a@b.sk", 1990, -1]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
FIELD_PATHS = [("language",), ("title",), ("municipality",), ("municipality", "name"), ("municipality", "country"),
               ("partners",), ("partners", 0), ("partners", 0, "country"), ("since",), ("themes",), ("funding",),
               ("funding", "year"), ("funding", "amount_eur"), ("summary",), ("story",), ("results",),
               ("lessons", 0), ("contact",), ("contact", "email"), ("contact", "web"), ("images",),
               ("images", 0, "file"), ("illustrative",), ("extra-key",)]


@FUZZ
@given(path=st.sampled_from(FIELD_PATHS), value=VALUES)
def test_fuzz_field_values(checks, path, value):
    data = yaml.safe_load(base_record())
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    case, problems = parse_record(raw, "cases/fuzz.yaml", checks)
    _assert_clean(case, problems, raw)
    if case is not None:
        assert case_page(case).startswith("---\nlanguage: ")


def test_a_flood_of_problems_is_capped(tmp_path):
    themes = "themes: [" + ", ".join(f"nothing{i}" for i in range(100)) + "]"
    text = base_record().replace("themes: [culture]", themes)
    _, problems = load_records(make_project(tmp_path, extra={"flood.yaml": text.encode()}))
    assert len(problems) == 26
    assert problems[-1].message == "… and 75 more problems"
    assert all(p.line == 8 for p in problems)


def test_control_character_is_reported_at_its_line(tmp_path):
    text = base_record().replace("  Príbeh.", "  Príbeh\x07.")
    _, problems = load_records(make_project(tmp_path, extra={"bell.yaml": text.encode()}))
    assert [str(p) for p in problems] == ["cases/bell.yaml:12: yaml: character U+0007 is not allowed in YAML"]
