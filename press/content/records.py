"""Stage "records": read the good-practice case records and check them.

Every `cases/*.yaml` (and `*.yml`) file is one case; its id is the file name. The loader
reads all of them, checks each against the schema below and returns the valid cases
together with every problem found, so that an editor sees all mistakes in one run. A
problem is one line, `cases/<file>.yaml:<line>: <field path>: <message>`, where the line
is that of the offending key.

Records come from many hands and are untrusted: the YAML reader accepts plain data only
(no anchors, aliases or tags), and the text fields may not smuggle raw HTML or MyST
constructs that read files, emit raw output or run code into the book. Those text rules
live together in the "Text rules" section.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import datetime
import hashlib
from pathlib import Path
import re
import stat
import typing
from typing import TYPE_CHECKING, Annotated

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr,
                      ValidationError, ValidationInfo, model_validator)
from pydantic_core import ErrorDetails

from press.core.files import inside
from press.core.project import Project
from press.i18n.names import Names

if TYPE_CHECKING:   # pandas is imported lazily where a frame is built
    import pandas as pd
from press.content.recordbase import (  # noqa: F401  (records' names, as before)
    Checks,
    DEFAULT_LANGUAGES,
    FIRST_YEAR,
    ID_RE,
    IMAGE_SUFFIXES,
    LOADER,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_PROBLEMS,
    Problem,
    RECORD_SUFFIXES,
    RESERVED_IDS,
    _editions,
    _fail)
from press.content.recordyaml import (  # noqa: F401  (records' names, as before)
    MAYBE_ANCHOR,
    PLAIN_TAGS,
    STD_TAG,
    Tree,
    YamlProblem,
    _dotted,
    read_yaml)
from press.content.recordrules import (  # noqa: F401  (records' names, as before)
    ATX_HEADING,
    CODE_SPAN,
    EMAIL,
    FENCED_DIRECTIVE,
    FENCE_LINE,
    HTML_TAG,
    LINK,
    LINK_DEFINITION,
    NAME_FORBIDDEN,
    OPTION_LINE,
    ROLE,
    SAFE_DIRECTIVES,
    SAFE_LINK,
    SAFE_ROLES,
    TEXT_RULES,
    UNDERLINE,
    _country,
    _email,
    _image_file,
    _language,
    _link,
    _name,
    _one_line,
    _one_paragraph,
    _programme,
    _suggest,
    _text,
    _theme,
    _unique,
    _year,
    closed_fences,
    image_file_problem,
    image_path_problem,
    link_problem,
    no_headings,
    no_raw_html,
    safe_directives,
    safe_links,
    safe_roles,
    text_problem)


# ---------------------------------------------------------------------------------------
# Schema
# ---------------------------------------------------------------------------------------

Line = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_one_line), AfterValidator(_text)]
Name = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_one_line), AfterValidator(_name)]
Paragraph = Annotated[str, Field(min_length=1, max_length=5000), AfterValidator(_one_paragraph), AfterValidator(_text)]
Markdown = Annotated[str, Field(min_length=1, max_length=100_000), AfterValidator(_text)]
Country = Annotated[str, AfterValidator(_country)]
Year = Annotated[int, AfterValidator(_year)]
Theme = Annotated[str, AfterValidator(_theme)]


class Model(BaseModel):
    # strict: "1993" is not a year and 2011 is not a title; say so instead of guessing.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class Municipality(Model):
    name: Name
    country: Country
    region: Line | None = None


class Partner(Model):
    name: Name
    country: Country


class Funding(Model):
    programme: Annotated[str, AfterValidator(_programme)]
    measure: Annotated[str, Field(max_length=20), AfterValidator(_one_line), AfterValidator(_text)] | None = None
    year: Year | None = None
    amount_eur: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None


class Contact(Model):
    organisation: Line | None = None
    email: Annotated[str, AfterValidator(_email)] | None = None
    web: Annotated[str, Field(max_length=500), AfterValidator(_link)] | None = None

    @model_validator(mode="after")
    def _not_empty(self):
        if not (self.organisation or self.email or self.web):
            _fail("give at least one of organisation, email, web")
        return self


class Image(Model):
    file: Annotated[str, AfterValidator(_image_file)]
    alt: Line
    caption: Line | None = None
    credit: Line | None = None


def _web_link(value: str) -> str:
    # A source is a page to read: mailto and #anchors make no sense there.
    if link_problem(value) or not value.lower().startswith(("http://", "https://")):
        _fail(f"'{value}' is not an http(s) address")
    return value


SOURCE_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def _date_text(value):
    # YAML reads 2017 as a number; the record reader keeps 2017-03-03 as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _source_date(value: str, info: ValidationInfo) -> str:
    m = SOURCE_DATE.match(value)
    if not m:
        _fail(f"'{value}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m[1])   # the one part the pattern requires
    month, day = (int(part) if part else None for part in m.groups()[1:])
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        _fail(f"'{value}' is not a date in the calendar")
    if not FIRST_YEAR <= year <= info.context.this_year:
        _fail(f"year {year} is outside {FIRST_YEAR}–{info.context.this_year}")
    return value


class Source(Model):
    # The title is the source's own, in its own language: shown as written in every
    # edition and never sent to the catalogs (press/ext/cases.py, CaseSources).
    title: Line
    publisher: Line | None = None
    url: Annotated[str, Field(max_length=500), AfterValidator(_web_link)] | None = None
    date: Annotated[str, BeforeValidator(_date_text), AfterValidator(_source_date)] | None = None


class Case(Model):
    id: str                       # the file name; set by the loader, not written in the file
    language: Annotated[str, AfterValidator(_language)]
    title: Line
    municipality: Municipality
    partners: Annotated[list[Partner], Field(min_length=1)]
    since: Year | None = None
    themes: Annotated[list[Theme], Field(min_length=1), AfterValidator(_unique)]
    funding: Funding | None = None
    summary: Paragraph
    story: Markdown
    results: Annotated[list[Paragraph], Field(min_length=1)]
    lessons: Annotated[list[Paragraph], Field(min_length=1)]
    contact: Contact | None = None
    images: list[Image] = []
    sources: Annotated[list[Source], Field(min_length=1, max_length=30)] | None = None
    illustrative: bool

    _file: str = PrivateAttr(default="")
    _sha256: str = PrivateAttr(default="")

    @property
    def file(self) -> str:
        """The record's path relative to the project root."""
        return self._file

    @property
    def sha256(self) -> str:
        """Hash of the record file's bytes: an edited record changes its page."""
        return self._sha256


# Cross-field rules: pydantic would report them at the record's top, not at the key.
def funding_after_start(case: Case) -> tuple[tuple, str] | None:
    funding = case.funding
    if funding and funding.year is not None and case.since is not None and funding.year < case.since:
        return ("funding", "year"), f"funding year {funding.year} is before the partnership began ({case.since})"
    return None


def sources_match_kind(case: Case) -> tuple[tuple, str] | None:
    # A real case states what its sources say, so it names them; an illustrative one
    # has nothing to cite, and a citation would make it look real.
    if case.illustrative and case.sources is not None:
        return ("sources",), "an illustrative case has no sources; remove this key"
    if not case.illustrative and case.sources is None:
        return ("sources",), "required for a real case (illustrative: false): name at least one source"
    return None


CROSS_RULES = (funding_after_start, sources_match_kind)


# ---------------------------------------------------------------------------------------
# One record
# ---------------------------------------------------------------------------------------

def decode(raw: bytes) -> str:
    """UTF-8 text of a file; a BOM is dropped, CRLF is left to the YAML reader."""
    if b"\x00" in raw:
        raise YamlProblem(_line_at(raw, raw.index(b"\x00")), "encoding", "the file contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise YamlProblem(_line_at(raw, e.start), "encoding",
                          f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})") from None
    return text[1:] if text.startswith("\ufeff") else text


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def parse_record(raw: bytes, file: str, checks: Checks) -> tuple[Case | None, list[Problem]]:
    """Check one record's bytes. Never raises for bad input: problems come back instead."""
    stem = Path(file).stem
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return None, [Problem(file, 1, "size", f"{len(raw)} bytes is over the limit of {MAX_BYTES}")]
    try:
        tree = read_yaml(decode(raw))
    except YamlProblem as p:
        return None, [Problem(file, p.line, p.field, p.message)]
    if not isinstance(tree.data, dict):
        return None, [Problem(file, 1, "record", "a record is a mapping of keys such as title: and partners:")]

    problems += [Problem(file, line, _dotted(path) or "record", message)
                 for path, line, message in tree.problems]
    problems += _id_problems(stem, file, tree)
    data = dict(tree.data, id=stem)
    case = None
    try:
        case = Case.model_validate(data, context=checks)
    except ValidationError as e:
        reported = {p.field for p in problems}
        for error in e.errors(include_url=False):
            loc = tuple(error["loc"])
            problem = Problem(file, _line(tree.lines, loc), _dotted(loc) or "record", _message(error))
            if not _covered(problem.field, reported):
                problems.append(problem)
    if case is not None:
        for rule in CROSS_RULES:
            found = rule(case)
            if found:
                problems.append(Problem(file, _line(tree.lines, found[0]), _dotted(found[0]), found[1]))
        case._file = file
        case._sha256 = hashlib.sha256(raw).hexdigest()
    return (case if not problems else None), _capped(sorted(problems))


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    shown = problems[:MAX_PROBLEMS]
    last = shown[-1]
    return shown + [Problem(last.file, last.line, "record", f"… and {len(problems) - MAX_PROBLEMS} more problems")]


def _id_problems(stem: str, file: str, tree: Tree) -> list[Problem]:
    if "id" in tree.data:
        return [Problem(file, tree.lines[("id",)], "id", "remove this key: the id is the file name")]
    if not ID_RE.match(stem):
        return [Problem(file, 1, "id", f"file name '{stem}' must be lowercase letters, digits and hyphens"
                                        " (e.g. lipany-youth-camp.yaml)")]
    if stem in RESERVED_IDS:
        return [Problem(file, 1, "id", f"'{stem}' is the name of a generated page; choose another file name")]
    return []


def _covered(field_path: str, reported: set[str]) -> bool:
    """A schema error under a key already reported (duplicate, bad tag) adds nothing."""
    return any(field_path == r or field_path.startswith(r + ".") for r in reported)


def _line(lines: dict[tuple, int], loc: tuple) -> int:
    # A missing key has no line of its own: use the mapping that should hold it.
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc, 1)


TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "model_type": "a mapping (key: value)",
    "dict_type": "a mapping (key: value)",
}


def _message(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_key(error["loc"])
    if kind in TYPE_WORDS:
        return f"expected {TYPE_WORDS[kind]}, got {_describe(error['input'])}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx['max_length']} characters)"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} entry"
    if kind == "greater_than_equal":
        return f"must be {ctx['ge']:g} or more"
    if kind == "finite_number":
        return "must be a finite number"
    return error["msg"]


def _describe(value) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"text '{value[:40]}'"
    names: dict[type, str] = {list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


def _unknown_key(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    allowed = sorted(set(model.model_fields) - {"id"}) if model else []
    hint = _suggest(str(loc[-1]), allowed) if allowed else ""
    return f"unknown key{hint}" + (f"; allowed: {', '.join(allowed)}" if allowed and not hint else "")


def _model_at(loc: tuple):
    model = Case
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
        if model is None:
            return None
    return model


def _inner_model(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None


# ---------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------

KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass
class Vocab:
    themes: dict[str, dict[str, str]] = field(default_factory=dict)       # key -> lang -> label
    programmes: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    names: Names = field(default_factory=Names)     # cases/vocab/names.yaml, with CLDR

    def theme(self, key: str, lang: str) -> str:
        return _label(self.themes, key, lang)

    def programme(self, key: str, lang: str) -> str:
        return _label(self.programmes, key, lang)


def _label(table: dict, key: str, lang: str) -> str:
    labels = table.get(key, {})
    return labels.get(lang) or labels.get("en") or key


def load_vocab(project: Project) -> Vocab:
    """Theme and programme labels per language; problems in the files are collected."""
    vocab = Vocab(names=Names.of(project))
    languages = _editions(project)
    for name in ("themes", "programmes"):
        table, problems = _read_vocab(project, project.vocab / f"{name}.yaml", languages)
        setattr(vocab, name, table)
        vocab.problems += problems
    return vocab


def _read_vocab(project: Project, path: Path, languages) -> tuple[dict, list[Problem]]:
    file = _relative(project, path)
    try:
        tree = read_yaml(decode(path.read_bytes()))
    except OSError as e:
        return {}, [Problem(file, 1, "file", f"cannot read: {e.strerror}")]
    except YamlProblem as p:
        return {}, [Problem(file, p.line, p.field, p.message)]
    if not isinstance(tree.data, dict):
        return {}, [Problem(file, 1, "vocabulary", "expected a mapping of key: {sk: …, cs: …, en: …}")]
    problems = [Problem(file, line, _dotted(key_path) or "vocabulary", message)
                for key_path, line, message in tree.problems]
    table = {}
    for key, labels in tree.data.items():
        line = tree.lines[(key,)]
        if not KEY_RE.match(key):
            problems.append(Problem(file, line, key, "keys are lowercase letters, digits and hyphens"))
        elif not isinstance(labels, dict) or not all(isinstance(v, str) and v.strip() for v in labels.values()):
            problems.append(Problem(file, line, key, "expected labels per language, e.g. {sk: …, cs: …, en: …}"))
        else:
            problems += [Problem(file, line, f"{key}.{lang}", "label missing for this edition")
                         for lang in languages if lang not in labels]
            table[key] = {str(lang): label.strip() for lang, label in labels.items()}
    return table, problems


# ---------------------------------------------------------------------------------------
# All records
# ---------------------------------------------------------------------------------------

def record_files(project: Project) -> list[Path]:
    """The record files, in a stable order (subfolders such as vocab/ are not records)."""
    if not project.cases.is_dir():
        return []
    return sorted(p for p in project.cases.iterdir() if p.suffix in RECORD_SUFFIXES)


def load_records(project: Project, today: datetime.date | None = None) -> tuple[list[Case], list[Problem]]:
    """Every valid case (sorted by id) and every problem in the records and vocabularies."""
    vocab = load_vocab(project)
    checks = Checks.for_project(project, vocab, today)
    problems = list(vocab.problems)
    cases: list[Case] = []
    for path in record_files(project):
        case, found = read_record(project, path, checks)
        problems += found
        if case is not None:
            cases.append(case)
    problems += duplicate_ids(project, record_files(project))
    duplicated = {p.file for p in problems if p.field == "id"}
    cases = [c for c in cases if c.file not in duplicated]
    # Files in name order; within a file, problems in line order (as parse_record gives them).
    return sorted(cases, key=lambda c: c.id), sorted(problems, key=lambda p: p.file)


def read_record(project: Project, path: Path, checks: Checks) -> tuple[Case | None, list[Problem]]:
    file = _relative(project, path)
    try:
        if path.is_symlink() and not inside(path, project.cases):
            return None, [Problem(file, 1, "file", "a record may not be a link to a file outside cases/")]
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [Problem(file, 1, "file", "not a regular file")]
        if info.st_size > MAX_BYTES:
            return None, [Problem(file, 1, "size", f"{info.st_size} bytes is over the limit of {MAX_BYTES}")]
        raw = path.read_bytes()
    except (OSError, RuntimeError) as e:
        return None, [Problem(file, 1, "file", f"cannot read: {getattr(e, 'strerror', None) or e}")]
    return parse_record(raw, file, checks)


def duplicate_ids(project: Project, paths: list[Path]) -> list[Problem]:
    """cases/foo.yaml and cases/foo.yml would both be case 'foo'."""
    first: dict[str, Path] = {}
    problems = []
    for path in paths:
        if path.stem in first:
            problems.append(Problem(_relative(project, path), 1, "id",
                                    f"duplicate id '{path.stem}' (also {_relative(project, first[path.stem])})"))
        else:
            first[path.stem] = path
    return problems


def _relative(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------
# Table of all cases, for the indexes
# ---------------------------------------------------------------------------------------

FRAME_COLUMNS = ["id", "title", "language", "municipality", "country", "partners",
                 "since", "themes", "illustrative"]


def records_frame(records: list[Case]) -> "pd.DataFrame":
    """One row per case: the data the case table and the listings are built from."""
    rows = [{
        "id": c.id, "title": c.title, "language": c.language,
        "municipality": c.municipality.name, "country": c.municipality.country,
        "partners": [(p.name, p.country) for p in c.partners],
        "since": c.since, "themes": list(c.themes), "illustrative": c.illustrative,
    } for c in records]
    import pandas as pd  # here, not at the top: checking records must not pay for pandas

    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["since"] = frame["since"].astype("Int64")
    frame["illustrative"] = frame["illustrative"].astype(bool)
    return frame
