"""Stage "board": the partner board's entries (issue 16), read and checked.

One YAML file per entry in `board/`; its id is the file name. The reader, the problem
format (`board/<file>.yaml:<line>: <field>: <message>`, all at once), the YAML rules (no
tags, anchors, aliases or duplicate keys) and the text rules are those of the case
records (press/content/record*.py), reused, not copied.

The pydantic model below is the one source of truth for the fields: `json_schema()`
exports it (with the vocabularies filled in as enums) for the browser form of the
website, which checks the same rules before it writes a record. What JSON Schema cannot
say (one date against another, the text rules) is under the `x-board` keys the form's
own code reads; the same constants are used here.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, cast

from pydantic import AfterValidator, BaseModel, Field, ValidationError, ValidationInfo

from press.content.recordbase import ID_RE, RECORD_SUFFIXES, Checks, Problem, _fail, _relative
from press.content.recordparse import _capped, _covered, _inner_model, _line, _message, bind_to_file
from press.content.recordrules import EMAIL, _one_line, _one_paragraph, _suggest, _unique, text_problem
from press.content.recordschema import Country, FileModel, Model, Name, Theme
from press.content.recordyaml import Tree, YamlProblem, _dotted, decode, read_yaml
from press.content.vocab import load_vocab
from press.core.project import Project

MAX_MONTHS = 12            # an entry lives at most a year after publication, then is renewed
WARN_DAYS = 30             # `check` lists the entries that expire within this many days
DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LANG_RE = r"^[a-z]{2}$"
# Descriptions are shown as plain text: stricter than the case records' rules (which they
# also pass), and simple enough for the form to apply the same expression in JavaScript.
# Rejected: HTML tags, fenced blocks and directives, roles, Markdown links and images,
# headings. One expression, used here and exported into the schema.
MARKUP_RE = (r"<[A-Za-z!?/]|`{3}|~{3}|:{3}|\{[^{}\s`]+\}`|\]\(|(^|\n)[ \t]{0,3}#{1,6}([ \t]|$)"
             r"|(^|\n)[ \t]{0,3}\[[^\]\n]+\]:|\n[ \t]{0,3}(=+|-{2,})[ \t]*(\n|$)")
# The case records' name and line rules (recordrules._name, _one_line, _one_paragraph), as
# JSON Schema patterns for the form; Python applies the rules themselves.
ONE_LINE_RE = r"^[^\n\r]*$"
NAME_RE = r'^[\p{L}\p{N}][^#|;<>{}\[\]`*\\"\u0000-\u001f]*$'
PARAGRAPH_RE = r"^(?![\s\S]*\n[ \t]*\n)[\s\S]*$"
# Addresses of the free mail services people use privately: a board contact is an office.
PRIVATE_DOMAINS = ("gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com",
                   "live.com", "icloud.com", "seznam.cz", "email.cz", "centrum.cz",
                   "centrum.sk", "azet.sk", "zoznam.sk", "atlas.sk", "post.sk", "pobox.sk",
                   "gmx.de", "gmx.net", "web.de", "wp.pl", "o2.pl", "onet.pl", "freemail.hu")
# name.surname@…: a person's address. Office addresses are roles (podatelna@, info@,
# starosta@, mayor@, international@).
PERSON_RE = r"^[A-Za-z]+[._][A-Za-z]+[0-9]*@"
EMAIL_RE = EMAIL.pattern


def _date(value: str) -> str:
    if not re.match(DATE_RE, value):
        _fail(f"'{value}' is not a date: write YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        _fail(f"'{value}' is not a date in the calendar")
    return value


def _spoken(value: str) -> str:
    if value not in _language_codes():
        _fail(f"unknown language code '{value}' (ISO 639-1, e.g. sk, cs, de, pl, hu)")
    return value


def _office_email(value: str) -> str:
    if not EMAIL.match(value):
        _fail(f"'{value}' is not a valid e-mail address")
    domain = value.rsplit("@", 1)[1].lower()
    if domain in PRIVATE_DOMAINS:
        _fail(f"{domain} is a private mail service: give the office's address")
    if re.match(PERSON_RE, value):
        _fail("this looks like a person's address (name.surname@): give the office's "
              "address, e.g. podatelna@, info@ or the international office's")
    return value


def _plain(value: str, info: ValidationInfo) -> str:
    message = text_problem(value, cast(Checks, info.context))   # entries are validated with Checks
    if message:
        _fail(message)
    if re.search(MARKUP_RE, value):
        _fail("plain text only: no HTML, links, headings, roles or directives")
    return value


def _vocab(name: str):
    return {"x-board-vocab": name}


UNIQUE = {"uniqueItems": True}       # recordrules._unique, said in JSON Schema


Line = Annotated[str, Field(min_length=1, max_length=200, json_schema_extra={
    "pattern": ONE_LINE_RE, "x-board-not-pattern": MARKUP_RE}), AfterValidator(_one_line),
                 AfterValidator(_plain)]
Date = Annotated[str, Field(json_schema_extra={"pattern": DATE_RE}), AfterValidator(_date)]
Spoken = Annotated[str, Field(json_schema_extra=_vocab("languages")), AfterValidator(_spoken)]
BoardCountry = Annotated[Country, Field(json_schema_extra=_vocab("countries"))]
BoardTheme = Annotated[Theme, Field(json_schema_extra=_vocab("themes"))]


class Seeking(Model):
    countries: Annotated[list[BoardCountry], Field(max_length=20, json_schema_extra=UNIQUE),
                         AfterValidator(_unique)] = []
    regions: Annotated[list[Line], Field(max_length=10, json_schema_extra=UNIQUE), AfterValidator(_unique)] = []
    size: Literal["smaller", "similar", "larger", "any"] = "any"
    themes: Annotated[list[BoardTheme], Field(min_length=1, json_schema_extra=UNIQUE), AfterValidator(_unique)]


class BoardContact(Model):
    office: Line
    email: Annotated[str, Field(max_length=254, json_schema_extra={
        "pattern": "^" + EMAIL_RE.removesuffix("\\Z") + "$",
        "x-board-not-pattern": PERSON_RE,
        "x-board-not-domains": list(PRIVATE_DOMAINS)}), AfterValidator(_office_email)]


class Entry(FileModel):
    id: str = ""                 # the file name; set by the reader
    example: bool = False
    type: Literal["offer", "request"]
    municipality: Annotated[Name, Field(json_schema_extra={"pattern": NAME_RE})]
    country: BoardCountry
    region: Line | None = None
    population: Annotated[int, Field(ge=1, le=10_000_000)]
    languages: Annotated[list[Spoken], Field(min_length=1, max_length=10, json_schema_extra=UNIQUE),
                         AfterValidator(_unique)]
    themes: Annotated[list[BoardTheme], Field(min_length=1, max_length=10, json_schema_extra=UNIQUE),
                      AfterValidator(_unique)]
    seeking: Seeking
    language: Spoken             # the language the description is written in
    description: Annotated[str, Field(min_length=1, max_length=1500, json_schema_extra={
        "pattern": PARAGRAPH_RE, "x-board-not-pattern": MARKUP_RE}),
        AfterValidator(_one_paragraph), AfterValidator(_plain)]
    contact: BoardContact
    consent: Literal[True] = Field(json_schema_extra={"x-board-consent": True})
    published: Date
    expires: Date

    @property
    def expiry(self) -> datetime.date:
        return datetime.date.fromisoformat(self.expires)

    def expired(self, today: datetime.date) -> bool:
        """Shown up to and including its expiry day; gone the day after."""
        return today > self.expiry


def latest_expiry(published: datetime.date) -> datetime.date:
    """The same day MAX_MONTHS later (29 February: the 28th)."""
    month = published.month - 1 + MAX_MONTHS
    year, month = published.year + month // 12, month % 12 + 1
    for day in (published.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError(published)


def dates_in_order(entry: Entry) -> tuple[tuple, str] | None:
    published, expires = datetime.date.fromisoformat(entry.published), entry.expiry
    if expires <= published:
        return ("expires",), f"expires {entry.expires} is not after published {entry.published}"
    last = latest_expiry(published)
    if expires > last:
        return ("expires",), (f"more than {MAX_MONTHS} months after publication (at the latest "
                              f"{last.isoformat()}); renew the entry instead")
    return None


CROSS_RULES = (dates_in_order,)


# --- reading -------------------------------------------------------------------------

@lru_cache(maxsize=1)   # pure: Babel's installed CLDR data, no input
def _language_codes() -> frozenset[str]:
    """The two-letter languages CLDR (Babel) knows."""
    from babel.localedata import locale_identifiers

    return frozenset(i for i in locale_identifiers() if re.fullmatch(r"[a-z]{2}", i))


def board_dir(project: Project) -> Path:
    return project.root / "board"


def board_files(project: Project) -> list[Path]:
    folder = board_dir(project)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in RECORD_SUFFIXES and p.is_file())


def parse_entry(raw: bytes, file: str, checks: Checks) -> tuple[Entry | None, list[Problem]]:
    """Check one entry's bytes; never raises for bad input."""
    stem = Path(file).stem
    if len(raw) > 64 * 1024:
        return None, [Problem(file, 1, "size", f"{len(raw)} bytes is over the limit of 65536")]
    try:
        tree = read_yaml(decode(raw))
    except YamlProblem as p:
        return None, [Problem(file, p.line, p.field, p.message)]
    if not isinstance(tree.data, dict):
        return None, [Problem(file, tree.lines.get((), 1), "entry",
                              "an entry is a mapping of keys such as type: and municipality:")]
    problems = [Problem(file, line, _dotted(path) or "entry", message)
                for path, line, message in tree.problems]
    if "id" in tree.data:
        problems.append(Problem(file, tree.lines[("id",)], "id", "remove this key: the id is the file name"))
    elif not ID_RE.match(stem):
        problems.append(Problem(file, 1, "id", f"file name '{stem}' must be lowercase letters, "
                                "digits and hyphens (e.g. horna-lehota-offer.yaml)"))
    entry = None
    try:
        entry = Entry.model_validate(dict(tree.data, id=stem), context=checks)
    except ValidationError as e:
        problems += _schema_problems(e, tree, file, {p.field for p in problems})
    if entry is not None:
        problems += bind_to_file(entry, CROSS_RULES, tree, file, raw)
    return (entry if not problems else None), _capped(sorted(problems))


def _schema_problems(e: ValidationError, tree: Tree, file: str, reported: set[str]) -> list[Problem]:
    """The schema's errors at the lines of their keys, in the board's words; an error under
    a key already reported (a duplicate, a bad tag) adds nothing."""
    problems = []
    for error in e.errors(include_url=False):
        loc = tuple(error["loc"])
        message = (_unknown_key(loc) if error["type"] == "extra_forbidden"
                   else "must be true: the municipality agrees to publication"
                   if loc == ("consent",) and error["type"] != "missing"
                   else _message(error))
        problem = Problem(file, _line(tree.lines, loc), _dotted(loc) or "entry", message)
        if not _covered(problem.field, reported):
            problems.append(problem)
    return problems


def _unknown_key(loc: tuple) -> str:
    model: type[BaseModel] | None = Entry
    for part in loc[:-1]:
        if not isinstance(part, int):
            info = model.model_fields.get(part)
            model = _inner_model(info.annotation) if info else None
            if model is None:
                break
    allowed = sorted(set(model.model_fields) - {"id"}) if model else []
    hint = _suggest(str(loc[-1]), allowed) if allowed else ""
    return f"unknown key{hint}" + (f"; allowed: {', '.join(allowed)}" if allowed and not hint else "")


def load_board(project: Project, examples: bool | None = None) -> tuple[list[Entry], list[Problem]]:
    """Every valid entry (by id) and every problem. Examples are left out when
    press_board_examples is False (or `examples=False`)."""
    vocab = load_vocab(project)
    checks = Checks.for_project(project, vocab)
    if examples is None:
        examples = bool(project.conf.get("press_board_examples", True)) if (
            project.book / "conf.py").exists() else True
    entries, problems = [], []
    for path in board_files(project):
        file = _relative(project, path)
        entry, found = parse_entry(path.read_bytes(), file, checks)
        problems += found
        if entry is not None and (examples or not entry.example):
            entries.append(entry)
    # foo.yaml and foo.yml would both be entry 'foo'
    seen: dict[str, str] = {}
    for path in board_files(project):
        if path.stem in seen:
            problems.append(Problem(_relative(project, path), 1, "id",
                                    f"duplicate id '{path.stem}' (also {seen[path.stem]})"))
        seen.setdefault(path.stem, _relative(project, path))
    bad = {p.file for p in problems}
    entries = [e for e in entries if e.file not in bad]
    return sorted(entries, key=lambda e: e.id), sorted(problems)


@dataclass(frozen=True)
class Split:
    shown: list[Entry]
    expired: list[Entry]


def split_by_date(entries: list[Entry], today: datetime.date) -> Split:
    return Split([e for e in entries if not e.expired(today)],
                 [e for e in entries if e.expired(today)])


def expiring_soon(entries: list[Entry], today: datetime.date, days: int = WARN_DAYS) -> list[Entry]:
    return [e for e in entries if not e.expired(today) and (e.expiry - today).days <= days]


# --- the schema for the browser -------------------------------------------------------

def json_schema(project: Project) -> dict:
    """The model's JSON Schema, with the vocabularies as enums and the cross-field rules
    named for the form's code. Written by the site step as board/schema.json."""
    from press.i18n.names import Names
    from babel import Locale

    schema = Entry.model_json_schema()
    vocab = load_vocab(project)
    territories = [c for c in Locale("en").territories if isinstance(c, str)]   # babel types keys loosely
    enums = {
        "themes": sorted(vocab.themes),
        "countries": sorted(c for c in territories if re.fullmatch(r"[A-Z]{2}", c)
                            and Names.of(project).is_country(c)),
        "languages": sorted(_language_codes()),
    }

    def fill(node):
        if isinstance(node, dict):
            name = node.pop("x-board-vocab", None)
            if name:
                node["enum"] = enums[name]
            for value in node.values():
                fill(value)
        elif isinstance(node, list):
            for value in node:
                fill(value)

    fill(schema)
    del schema["properties"]["id"]         # the file name, not a field of the record
    schema["x-board"] = {"maxMonths": MAX_MONTHS, "dateFields": ["published", "expires"]}
    return schema
