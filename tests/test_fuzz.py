"""Property-based tests of the readers of untrusted files: case records, the partnership
data, catalogs and chapter front matter. Whatever the bytes, they return problems in the
one-line `path:line: check: message` form and never raise.

The inputs are mostly real files of the project mutated byte by byte, spliced together
and salted with the tokens attackers and accidents bring (anchors, tags, NUL, BOM, CRLF,
quotes, directives). CI runs a fixed seed and PRESS_FUZZ_EXAMPLES examples per test
(default 150); `make fuzz` runs them with many more (`-m fuzz`). PRESS_FUZZ_SEED picks
another seed for a longer hunt.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO
from press.data import partnerships
from press.i18n.pocheck import check_catalog_bytes, load_glossary
from press.core.project import Project
from press.content.recordbase import Checks
from press.content.recordparse import parse_record
from press.content.records import load_records, load_vocab
from press.content.sources import front_matter

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("PRESS_FUZZ_EXAMPLES", "150"))
SEED = int(os.environ.get("PRESS_FUZZ_SEED", "20131201"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HOSTILE = REPO / "tests" / "hostile"


def fuzz(test):
    return seed(SEED)(FUZZ(test))


# ------------------------------------------------------------------ mutations

@st.composite
def mutated(draw, seeds: list[bytes], tokens: list[bytes]) -> bytes:
    """A seed file after a few edits: tokens inserted, bytes dropped or replaced, or the
    tail of another seed spliced on."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["token", "token", "drop", "bytes", "splice"]))
        if edit == "token":
            data[at:at] = draw(st.sampled_from(tokens)) * draw(st.sampled_from([1, 1, 2, 40]))
        elif edit == "drop":
            del data[at:at + draw(st.integers(1, 40))]
        elif edit == "bytes":
            data[at:at + 1] = draw(st.binary(min_size=1, max_size=4))
        else:
            other = draw(st.sampled_from(seeds))
            data[at:] = other[draw(st.integers(0, len(other))):]
    return bytes(data)


COMMON = [b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r\n", b"\r", b"\n", b"\t", b" ", b'"', b"'",
          b"\\", b"\xc3", "\u2028".encode(), b"<script>", b"```{raw} html\n",
          b"```{include} ../../../etc/passwd\n```\n", b"{ref}`", b"](file:///etc/passwd)",
          b"../", b"*" * 60, b"[" * 60]


def one_line_problems(lines: list[str], path: str, data: bytes, first_line: int = 1) -> None:
    """Each problem is one line `path:line: check: message`, its line in the file."""
    # Python and YAML also break lines at U+2028, NEL and form feeds: the most lines
    # any reader could count.
    last = max(data.count(b"\n") + data.count(b"\r"),
               len(data.decode("utf-8", "replace").splitlines())) + 1
    for text in lines:
        assert "\n" not in text and "\r" not in text, repr(text)
        m = re.match(rf"{re.escape(path)}:(\d+): \S.*: \S", text)
        assert m, text
        assert first_line <= int(m.group(1)) <= last, (text, last)


# ------------------------------------------------------------------ case records

YAML_TOKENS = COMMON + [b"&a ", b"*a", b"<<: *a\n", b"!!python/object/apply:os.system ", b"!!binary ",
                        b"!tag ", b"- ", b": ", b"? ", b"{", b"}", b"[", b"]", b"|\n", b">-\n",
                        b"%YAML 1.1\n", b"---\n", b"...\n", b"#", b"0x1F", b"1e999", b".nan",
                        b"~", b"2001-02-03", b"since: ", b"images:\n  - {file: ", b"  - ",
                        b"language: ", b"\n    ", b"\xf0\x9f\x8f\x9b"]
RECORD_SEEDS = [p.read_bytes() for p in sorted((FIXTURE / "cases").glob("*.yaml"))] + [
    (HOSTILE / "accepted" / name).read_bytes() for name in ("bom.yaml", "crlf.yaml")]


@pytest.fixture(scope="module")
def records_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("records")
    shutil.copytree(REPO / "cases" / "vocab", root / "cases" / "vocab")
    (root / "cases" / "images").mkdir()
    shutil.copy(REPO / "tests" / "records" / "images" / "square.png", root / "cases" / "images")
    (root / "book").mkdir()
    shutil.copy(REPO / "book" / "conf.py", root / "book" / "conf.py")
    return Project(root)


@pytest.fixture(scope="module")
def checks(records_project):
    return Checks.for_project(records_project, load_vocab(records_project))


@fuzz
@given(raw=mutated(RECORD_SEEDS, YAML_TOKENS))
def test_record_parser_returns_a_case_or_problems(checks, raw):
    case, problems = parse_record(raw, "cases/fuzz.yaml", checks)
    assert (case is None) == bool(problems)
    one_line_problems([str(p) for p in problems], "cases/fuzz.yaml", raw)
    if case is not None:
        assert case.title and case.partners and case.language in ("sk", "cs", "en")


FILE_NAMES = st.sampled_from(["a.yaml", "b.yml", "a.yml", "Ünï code.yaml", "-x.yaml", "index.yaml",
                              "by-theme.yaml", "x.yaml.yaml", ".hidden.yaml", "two words.yaml"])


@fuzz
@given(files=st.lists(st.tuples(FILE_NAMES, mutated(RECORD_SEEDS, YAML_TOKENS),
                                st.sampled_from(["file", "file", "link-out", "link-in", "folder"])),
                      min_size=1, max_size=4))
def test_record_loader_on_a_folder_of_odd_files(records_project, files):
    cases_dir = records_project.cases
    for old in cases_dir.iterdir():
        if old.name not in ("vocab", "images"):
            shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
    outside = records_project.root / "outside.yaml"
    outside.write_bytes(RECORD_SEEDS[0])
    for name, data, kind in files:
        path = cases_dir / name
        if path.exists() or path.is_symlink():
            continue
        if kind == "link-out":
            path.symlink_to(Path("../../") / outside.relative_to(records_project.root.parent))
        elif kind == "link-in":
            path.symlink_to("images/square.png")
        elif kind == "folder":
            path.mkdir()
        else:
            path.write_bytes(data)
    cases, problems = load_records(records_project)
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and re.match(r"cases/[^:\n]+:\d+: \S.*: \S", text), text
    assert len({c.id for c in cases}) == len(cases)


# ------------------------------------------------------------------ partnership data

DATA = REPO / "tests" / "fixtures" / "data"
CSV_TOKENS = COMMON + [b",", b",,", b'""', b'"a,b"', b"SK", b"CZ", b"XX", b"EU", b"sk", b"1850",
                       b"2999", b"99999999999999999999", b"nan", b"inf", b"-91.5", b"1e400",
                       b"=HYPERLINK(\"x\")", b"municipality", b"line", b"my note", b"class",
                       b"name,country,lat,lon\n", b"\n\n", b"#", b"\x1a"]
PAIRS = (DATA / "partnerships.csv").read_bytes()
PLACES = (DATA / "places.csv").read_bytes()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("data")


@fuzz
@example(pairs=PAIRS, places=PLACES.replace(b"note\n", b"my note\n", 1))
@example(pairs=PAIRS.replace(b"\n", b"\n\n"), places=PLACES)
@given(pairs=mutated([PAIRS], CSV_TOKENS), places=mutated([PLACES], CSV_TOKENS))
def test_data_loader_returns_data_or_problems(data_dir, pairs, places):
    (data_dir / "partnerships.csv").write_bytes(pairs)
    (data_dir / "places.csv").write_bytes(places)
    try:
        dataset = partnerships.load(data_dir, data_dir.parent, DATA / "geo" / "countries-50m.json")
    except partnerships.DataError as err:
        assert err.problems
        for text in err.problems:
            source = pairs if text.startswith(data_dir.name + "/partnerships") else places
            one_line_problems([text], text.split(":", 1)[0], source, first_line=0)
        return
    assert dataset.rows >= len(dataset.pairs) and dataset.duplicates >= 0
    # The counts the book prints, on whatever loaded, are consistent with each other.
    numbers = partnerships.summary(dataset)
    assert numbers["rows"] == numbers["distinct"] + numbers["duplicates"]
    assert numbers["total"] + numbers["network"] == numbers["distinct"] == len(dataset.pairs)
    assert 0 <= numbers["domestic"] <= numbers["total"]
    assert 0 <= numbers["with-year"] <= numbers["total"]
    assert 0 <= numbers["places-without-coordinates"] <= numbers["places"]


# ------------------------------------------------------------------ catalogs

PO_TOKENS = COMMON + [b'msgid "', b'msgstr "', b'msgid_plural "', b'msgstr[0] "', b'msgstr[9] "',
                      b'msgctxt "', b'"\n', b'\\n', b'\\"', b'#, fuzzy\n', b'#, python-format\n',
                      b"#~ ", b"#| ", b"# check-po: ignore numbers punctuation\n",
                      b'"Plural-Forms: nplurals=9; plural=n%;\\n"\n',
                      b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
                      b'"Language: cs\\n"\n', b'"Content-Type: text/plain; charset=latin-1\\n"\n',
                      b'"Content-Type: text/plain; charset=bogus\\n"\n', b"%s", b"%(n)d", b"{0}",
                      b"{term}`", b"<https://example.org>", b"16. 9. 1966", b"partnersk\xc3\xa1 zmluva"]
PO_SEEDS = [p.read_bytes() for p in sorted((FIXTURE / "locales").rglob("*.po"))] + [
    (HOSTILE / "carrier" / "carrier.po").read_bytes()]


@pytest.fixture(scope="module")
def glossary():
    found, _ = load_glossary(REPO / "locales" / "glossary.csv", "locales/glossary.csv")
    return found


@fuzz
@given(data=mutated(PO_SEEDS, PO_TOKENS), lang=st.sampled_from(["sk", "cs", "en"]),
       source=st.sampled_from(["sk", "cs", "en"]))
def test_catalog_checks_return_findings(glossary, data, lang, source):
    findings = check_catalog_bytes(data, lang, "locales/x.po", glossary, source)
    assert all(f.severity in ("error", "warning") for f in findings)
    one_line_problems([str(f) for f in findings], "locales/x.po", data)


# ------------------------------------------------------------------ chapter front matter

MD_TOKENS = COMMON + [b"---\n", b"language: ", b"cs", b"myst:\n  html_meta: {}\n", b"&a ", b"*a",
                      b"!!python/name:os.system ", b"[", b"{", b": ", b"- ", b"\n  "]
MD_SEEDS = [p.read_bytes() for p in sorted((FIXTURE / "book").rglob("*.md"))] + [
    (HOSTILE / "accepted" / "bom-crlf.md").read_bytes(),
    (HOSTILE / "chapters" / "front-matter-myst.md").read_bytes()]


@fuzz
@given(data=mutated(MD_SEEDS, MD_TOKENS))
def test_chapter_front_matter_returns_values_or_problems(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.md"
        path.write_bytes(data)
        meta, problems = front_matter(path, "book/chapters/chapter.md")
    assert set(meta) <= {"language"} and all(isinstance(v, str) for v in meta.values())
    one_line_problems(problems, "book/chapters/chapter.md", data)
