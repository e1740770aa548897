"""Case records, the schema: a record's keys, their types and text rules (pydantic), and
the rules across fields. Strict: "1993" is not a year and 2011 is not a title."""
from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr,
                      ValidationInfo, model_validator)

from press.content.recordbase import FIRST_YEAR, _fail
from press.content.recordrules import (_country, _email, _image_file, _language, _link, _name, _one_line,
                                       _one_paragraph, _programme, _text, _theme, _unique, _year, link_problem)

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


class FileModel(Model):
    """A model read from one file (a case record, a board entry): the reader sets the
    file's path and the hash of its bytes, which the pages and their caches key on."""
    _file: str = PrivateAttr(default="")
    _sha256: str = PrivateAttr(default="")

    @property
    def file(self) -> str:
        """The path relative to the project root."""
        return self._file

    @property
    def sha256(self) -> str:
        """Hash of the file's bytes: an edited file changes its page."""
        return self._sha256


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


class Case(FileModel):
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
