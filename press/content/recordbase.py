"""Case records, the common part: limits, a Problem, and the Checks a record is validated against."""
from __future__ import annotations

from dataclasses import dataclass
import datetime
from pathlib import Path
import re
from typing import NoReturn, Protocol

from pydantic_core import PydanticCustomError
import yaml

from press.core.files import RASTER_IMAGE_SUFFIXES
from press.core.project import Project
from press.i18n.names import Names


MAX_BYTES = 256 * 1024        # a long case is about 10 KiB; anything near this is a mistake
MAX_DEPTH = 16                # records nest four levels deep at most
MAX_PROBLEMS = 25             # per file: a broken file should not flood the report
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RESERVED_IDS = {"index", "by-theme", "by-country"}   # names of the generated listing pages
RECORD_SUFFIXES = (".yaml", ".yml")
IMAGE_SUFFIXES = RASTER_IMAGE_SUFFIXES   # a case image: raster only (core/files.py says why)
FIRST_YEAR = 1945
DEFAULT_LANGUAGES = ("sk", "cs", "en")

# C loader: about 25x faster than the pure-Python one, and the reason 1,000 records load
# in well under two seconds.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, order=True)
class Problem:
    file: str          # relative to the project root, e.g. cases/foo.yaml
    line: int
    field: str         # dotted path such as partners.0.country, or a check name
    message: str

    def __str__(self) -> str:
        return _single_line(f"{self.file}:{self.line}: {self.field}: {self.message}")


def _single_line(text: str) -> str:
    """Control characters and line breaks from the input, made visible: one problem, one line."""
    return "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)


class VocabTables(Protocol):
    """What Checks reads of records.Vocab, named by shape: records imports this module."""
    themes: dict[str, dict[str, str]]
    programmes: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Checks:
    """What the schema checks a record against; passed to pydantic as its context."""
    root: Path
    images: Path                     # resolved cases/images/
    languages: tuple[str, ...]
    themes: frozenset[str]
    programmes: frozenset[str]
    this_year: int
    names: Names = Names()           # which codes are countries (the project's table)

    @classmethod
    def for_project(cls, project: Project, vocab: VocabTables, today: datetime.date | None = None):
        return cls(
            root=project.root,
            images=project.images.resolve(),
            languages=_editions(project),
            themes=frozenset(vocab.themes),
            programmes=frozenset(vocab.programmes),
            this_year=(today or datetime.date.today()).year,
            names=Names.of(project),
        )


def _editions(project: Project) -> tuple[str, ...]:
    try:
        return tuple(project.editions)
    except FileNotFoundError:       # a bare fixture project without book/conf.py
        return DEFAULT_LANGUAGES


def _fail(message: str) -> NoReturn:
    raise PydanticCustomError("record", message)


def _relative(project: Project, path: Path) -> str:
    """A file's path as problems name it: relative to the project root."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
