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

import datetime
import difflib
import hashlib
import json
import os
import re
import stat
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      PrivateAttr, ValidationError, ValidationInfo, model_validator)
from pydantic_core import PydanticCustomError

from press.i18n.names import is_country
from press.core.project import Project

MAX_BYTES = 256 * 1024        # a long case is about 10 KiB; anything near this is a mistake
MAX_DEPTH = 16                # records nest four levels deep at most
MAX_PROBLEMS = 25             # per file: a broken file should not flood the report
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
RESERVED_IDS = {"index", "by-theme", "by-country"}   # names of the generated listing pages
RECORD_SUFFIXES = (".yaml", ".yml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
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


@dataclass(frozen=True)
class Checks:
    """What the schema checks a record against; passed to pydantic as its context."""
    root: Path
    images: Path                     # resolved cases/images/
    languages: tuple[str, ...]
    themes: frozenset[str]
    programmes: frozenset[str]
    this_year: int

    @classmethod
    def for_project(cls, project: Project, vocab: "Vocab", today: datetime.date | None = None):
        return cls(
            root=project.root,
            images=project.images.resolve(),
            languages=_editions(project),
            themes=frozenset(vocab.themes),
            programmes=frozenset(vocab.programmes),
            this_year=(today or datetime.date.today()).year,
        )


def _editions(project: Project) -> tuple[str, ...]:
    try:
        return tuple(project.editions)
    except FileNotFoundError:       # a bare fixture project without book/conf.py
        return DEFAULT_LANGUAGES


def _fail(message: str):
    raise PydanticCustomError("record", message)


# ---------------------------------------------------------------------------------------
# Text rules. Each takes the text and the Checks and returns a message or None.
# ---------------------------------------------------------------------------------------

SAFE_DIRECTIVES = {
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
    "seealso", "tip", "warning", "epigraph", "highlights", "pull-quote", "sidebar", "topic",
    "rubric", "list-table", "table", "math", "code-block", "code",
    "csv-table", "figure", "image",     # these three only with the checks below
}
# Named in the message because they are the ones people try: they read files, emit raw
# output or run code.
UNSAFE_DIRECTIVES = {
    "raw", "include", "literalinclude", "eval-rst", "code-cell", "jupyter-execute",
    "program-output", "command-output", "exec", "plot", "graphviz", "ipython",
}
SAFE_ROLES = {
    "abbr", "code", "dfn", "doc", "emphasis", "guilabel", "index", "kbd", "literal", "math",
    "numref", "ref", "strong", "sub", "subscript", "sup", "superscript", "term",
}

HTML_TAG = re.compile(r"<[A-Za-z!?/]")
# Anywhere, not only at a line start: MyST also opens directives inside lists and quotes.
FENCED_DIRECTIVE = re.compile(r"(`{3,}|~{3,}|:{3,})[ \t]*\{[ \t]*([^}\n]*?)[ \t]*\}([^\n]*)")
ROLE = re.compile(r"\{([^{}\s`]+)\}`")
LINK = re.compile(r"(!?)\[[^\]\n]*\]\([ \t]*<?([^)\s>]*)")
LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.M)
SAFE_LINK = re.compile(r"(?:https?://[^\s/?#]+[^\s]*|mailto:[^\s@]+@[^\s@]+|#[\w.:-]*)\Z")
OPTION_LINE = re.compile(r"[ \t]*:([\w-]+):(.*)")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def no_raw_html(text: str, checks: Checks) -> str | None:
    # Inside `code` and a role's `text <target>`, angle brackets are literal text.
    if "<" in text and HTML_TAG.search(CODE_SPAN.sub("", text)):
        return "raw HTML is not allowed (write links as [text](https://…))"
    return None


def safe_directives(text: str, checks: Checks) -> str | None:
    if "{" not in text:             # a quick exit: most paragraphs have no markup at all
        return None
    for m in FENCED_DIRECTIVE.finditer(text):
        name, argument = m.group(2).lower(), m.group(3).strip()
        if name in UNSAFE_DIRECTIVES:
            return f"directive {{{name}}} is not allowed in a record: it reads files, emits raw output or runs code"
        if name not in SAFE_DIRECTIVES:
            return f"directive {{{name}}} is not allowed in a record"
        if name in ("image", "figure"):
            message = image_path_problem(argument, checks)
            if message:
                return f"{{{name}}}: {message}"
        if name == "csv-table" and {"file", "url"} & _directive_options(text, m.end()):
            return "{csv-table} may not read a file or URL; write the rows into the directive"
    return None


def _directive_options(text: str, start: int) -> set[str]:
    """Option names right after a directive's opening line (`:key:` lines or a --- block)."""
    names: set[str] = set()
    lines = text[start:].split("\n")[1:]
    in_block = bool(lines) and lines[0].strip() == "---"
    for line in lines[1:] if in_block else lines:
        if in_block:
            if line.strip() == "---":
                break
            key = line.split(":", 1)[0].strip()
            if key:
                names.add(key.lower())
            continue
        m = OPTION_LINE.match(line)
        if not m:
            break
        names.add(m.group(1).lower())
    return names


def safe_roles(text: str, checks: Checks) -> str | None:
    if "{" not in text:
        return None
    for m in ROLE.finditer(text):
        name = m.group(1).lower()
        base = name[4:] if name.startswith("std:") else name
        if base not in SAFE_ROLES:
            return f"role {{{m.group(1)}}} is not allowed in a record"
    return None


def safe_links(text: str, checks: Checks) -> str | None:
    if "]" not in text:
        return None
    for m in LINK.finditer(text):
        is_image, target = m.group(1), m.group(2)
        message = image_path_problem(target, checks) if is_image else link_problem(target)
        if message:
            return message
    for m in LINK_DEFINITION.finditer(text):
        message = link_problem(m.group(1))
        if message:
            return message
    return None


def link_problem(target: str) -> str | None:
    # A local path would become a download link: Sphinx copies that file into the output.
    if not SAFE_LINK.match(target):
        return f"link target '{target}' must be an http(s) or mailto address (or #anchor)"
    return None


def image_path_problem(target: str, checks: Checks) -> str | None:
    """Images in text: files under cases/images/, as seen from the case page in cases/.

    The case page is cases/<id>.md in the source copy, with the images beside it.
    """
    if not target:
        return "image path is missing"
    if ":" in target.split("/")[0] or target.startswith("/"):
        return f"image '{target}' must be a file under cases/images/, written as images/<file>"
    return image_file_problem(checks.root / "cases" / target, target, checks)


def image_file_problem(path: Path, shown: str, checks: Checks) -> str | None:
    try:
        inside = _inside(path, checks.images)
    except (OSError, ValueError):
        return f"image '{shown}' cannot be resolved"
    if not inside:
        return f"image '{shown}' is outside cases/images/"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return f"image '{shown}' must be one of {', '.join(IMAGE_SUFFIXES)}"
    if not os.path.isfile(path):
        return f"image '{shown}' does not exist in cases/images/"
    return None


FENCE_LINE = re.compile(r"[ \t]*(?:[-*+>][ \t]+)*(`{3,}|~{3,}|:{3,})(.*)")


def closed_fences(text: str, checks: Checks) -> str | None:
    # An unclosed ``` would swallow the rest of the generated page into one code block.
    if not any(fence in text for fence in ("```", "~~~", ":::")):
        return None
    opened = None
    for number, line in enumerate(text.split("\n"), 1):
        m = FENCE_LINE.fullmatch(line)
        if not m:
            continue
        fence, rest = m.group(1), m.group(2).strip()
        if opened is None and (fence[0] != ":" or rest.startswith("{")):
            opened = (fence, number)
        elif opened and fence[0] == opened[0][0] and len(fence) >= len(opened[0]) and not rest:
            opened = None
    if opened:
        return f"the block opened with {opened[0]} on its line {opened[1]} is not closed"
    return None


ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]|$)", re.M)
UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-{2,})[ \t]*$", re.M)


def no_headings(text: str, checks: Checks) -> str | None:
    # The page's sections come from the record's fields; a heading in the text would
    # swallow the sections that follow it.
    message = "headings (# …, or text underlined with === or ---) are not allowed in a record"
    if "#" in text and ATX_HEADING.search(text):
        return message
    if "==" in text or "--" in text:
        for m in UNDERLINE.finditer(text):
            before = text[:m.start()]
            if before.endswith("\n") and before[:-1].rpartition("\n")[2].strip():
                return message
    return None


# Most specific first: "{raw} is not allowed" says more than "raw HTML" for ```{raw} <b>```.
TEXT_RULES = (safe_directives, safe_roles, safe_links, no_raw_html, closed_fences, no_headings)


def text_problem(text: str, checks: Checks) -> str | None:
    """The first text rule the text breaks, or None."""
    for rule in TEXT_RULES:
        message = rule(text, checks)
        if message:
            return message
    return None


def _text(value: str, info: ValidationInfo) -> str:
    message = text_problem(value, info.context)
    if message:
        _fail(message)
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        _fail("must be a single line")
    return value


def _one_paragraph(value: str) -> str:
    if re.search(r"\n[ \t]*\n", value):
        _fail("must be a single paragraph (no blank lines)")
    return value


NAME_FORBIDDEN = set('#|;<>{}[]`*\\"')


def _name(value: str) -> str:
    # Names go unquoted into directive options such as ":partners: A|DE; B|PL", which
    # MyST reads like YAML (# starts a comment, a leading quote opens a string).
    bad = sorted(NAME_FORBIDDEN & set(value))
    if bad or any(ord(c) < 32 for c in value):
        _fail(f"a name may not contain {' '.join(bad) or 'control characters'}")
    if not re.match(r"\w", value):
        _fail("a name starts with a letter or digit")
    return value


# ---------------------------------------------------------------------------------------
# Value rules (context-dependent checks used by the schema)
# ---------------------------------------------------------------------------------------

AGGREGATE_TERRITORIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}   # CLDR, but no country


def _country(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", value) or value in AGGREGATE_TERRITORIES or not is_country(value):
        _fail(f"unknown country code '{value}' (ISO 3166-1 alpha-2, e.g. SK, CZ, DE)")
    return value


def _language(value: str, info: ValidationInfo) -> str:
    languages = info.context.languages
    if value not in languages:
        _fail(f"unknown language '{value}' (one of: {', '.join(languages)})")
    return value


def _year(value: int, info: ValidationInfo) -> int:
    this_year = info.context.this_year
    if not FIRST_YEAR <= value <= this_year:
        _fail(f"year {value} is outside {FIRST_YEAR}–{this_year}")
    return value


def _theme(value: str, info: ValidationInfo) -> str:
    if value not in info.context.themes:
        _fail(f"unknown theme '{value}'{_suggest(value, info.context.themes)} (see cases/vocab/themes.yaml)")
    return value


def _programme(value: str, info: ValidationInfo) -> str:
    if value not in info.context.programmes:
        _fail(f"unknown programme '{value}'{_suggest(value, info.context.programmes)} (see cases/vocab/programmes.yaml)")
    return value


def _unique(values: list) -> list:
    seen = set()
    for value in values:
        if value in seen:
            _fail(f"'{value}' is listed twice")
        seen.add(value)
    return values


def _link(value: str) -> str:
    message = link_problem(value)
    if message or value.startswith("#"):
        _fail(f"'{value}' is not an http(s) or mailto address")
    return value


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
    year, month, day = (int(part) if part else None for part in m.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        _fail(f"'{value}' is not a date in the calendar")
    if not FIRST_YEAR <= year <= info.context.this_year:
        _fail(f"year {year} is outside {FIRST_YEAR}–{info.context.this_year}")
    return value


EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_~-]+)*"
                   r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z")


def _email(value: str) -> str:
    if not EMAIL.match(value):
        _fail(f"'{value}' is not a valid e-mail address")
    return value


def _image_file(value: str, info: ValidationInfo) -> str:
    checks = info.context
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", value) or value.startswith("/"):
        _fail("an image path is relative to cases/images/ and uses letters, digits, . _ - /")
    message = image_file_problem(checks.images / value, value, checks)
    if message:
        _fail(message)
    return value


def _suggest(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
# Reading YAML safely, with the line of every key
# ---------------------------------------------------------------------------------------

STD_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(STD_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge", "map", "seq"))
# Every anchor follows a line start, a space or a flow indicator; only then is the exact
# (and slower) event scan needed. Aliases need an anchor, so they are caught with it.
MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s,\[\]{}]", re.M)
_CONSTRUCT = yaml.constructor.SafeConstructor()


class YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str):
        super().__init__(message)
        self.line, self.field, self.message = line, field, message


@dataclass
class Tree:
    """Plain data from a YAML document, with the line of every key and list item."""
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[tuple[tuple, int, str]] = field(default_factory=list)   # (path, line, message)
    seen: set[int] = field(default_factory=set)        # collection nodes already converted


def read_yaml(text: str) -> Tree:
    """Compose with libyaml and convert the node tree ourselves: no object construction."""
    if "&" in text and MAYBE_ANCHOR.search(text):
        _reject_anchors(text)
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise YamlProblem(mark.line + 1 if mark else 1, "yaml",
                          f"syntax error: {e.problem or e.context or 'not valid YAML'}{where}") from None
    except yaml.reader.ReaderError as e:
        line = text.encode("utf-8")[:e.position].count(b"\n") + 1
        raise YamlProblem(line, "yaml", f"character U+{e.character:04X} is not allowed in YAML") from None
    except yaml.YAMLError as e:
        raise YamlProblem(1, "yaml", f"cannot read: {str(e).splitlines()[0]}") from None
    except RecursionError:                # only the pure-Python fallback loader recurses
        raise YamlProblem(1, "yaml", "nesting is too deep") from None
    if node is None:
        raise YamlProblem(1, "yaml", "the file is empty")
    tree = Tree(data=None, lines={(): _line_of(node)})
    tree.data = _convert(node, (), tree, 0)
    return tree


def _reject_anchors(text: str) -> None:
    # Aliases can make a small file expand into billions of nodes (an "alias bomb").
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlProblem(event.start_mark.line + 1, "yaml",
                                  "anchors and aliases (&name, *name) are not allowed")
    except yaml.YAMLError:
        pass                              # compose reports the syntax error with its position


def _convert(node, path: tuple, tree: Tree, depth: int):
    if depth > MAX_DEPTH:
        raise YamlProblem(_line_of(node), _dotted(path) or "yaml",
                          f"nesting deeper than {MAX_DEPTH} levels")
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace(STD_TAG, "!!")
        tree.problems.append((path, _line_of(node), f"YAML tag '{tag}' is not allowed; write plain values"))
        return None
    if isinstance(node, yaml.CollectionNode):
        # An alias is the same node object a second time; expanding it is how an
        # alias bomb explodes. The anchor scan catches these first; this is the backstop.
        if id(node) in tree.seen:
            raise YamlProblem(_line_of(node), "yaml", "anchors and aliases (&name, *name) are not allowed")
        tree.seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, tree, depth)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            tree.lines[path + (i,)] = _line_of(item)
            items.append(_convert(item, path + (i,), tree, depth + 1))
        return items
    return _scalar(node, path, tree)


def _convert_mapping(node, path: tuple, tree: Tree, depth: int) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = _line_of(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            tree.problems.append((path, line, "a key must be a plain name"))
            continue
        key = key_node.value
        if key in result:
            first = tree.lines[path + (key,)]
            tree.problems.append((path + (key,), line, f"duplicate key (first at line {first})"))
            continue
        tree.lines[path + (key,)] = line
        result[key] = _convert(value_node, path + (key,), tree, depth + 1)
    return result


def _scalar(node, path: tuple, tree: Tree):
    tag = node.tag[len(STD_TAG):]
    try:
        if tag == "int":
            return _CONSTRUCT.construct_yaml_int(node)
        if tag == "float":
            return _CONSTRUCT.construct_yaml_float(node)
        if tag == "bool":
            return _CONSTRUCT.construct_yaml_bool(node)
    except (ValueError, KeyError, OverflowError):
        tree.problems.append((path, _line_of(node), f"'{node.value}' is not a valid {tag}"))
        return None
    if tag == "null":
        return None
    return node.value                     # str, and dates stay text: no datetime objects


def _line_of(node) -> int:
    return node.start_mark.line + 1


def _dotted(path: tuple) -> str:
    return ".".join(_segment(part) for part in path)


def _segment(part) -> str:
    text = str(part)
    if re.fullmatch(r"[\w-]{1,40}", text):
        return text
    return json.dumps(text[:40], ensure_ascii=False)     # an odd key, shown quoted


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
        return [Problem(file, 1, "id", f"file name '{stem}' must be lowercase letters, digits and hyphens (e.g. lipany-youth-camp.yaml)")]
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


def _message(error: dict) -> str:
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
    return {list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


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

    def theme(self, key: str, lang: str) -> str:
        return _label(self.themes, key, lang)

    def programme(self, key: str, lang: str) -> str:
        return _label(self.programmes, key, lang)


def _label(table: dict, key: str, lang: str) -> str:
    labels = table.get(key, {})
    return labels.get(lang) or labels.get("en") or key


def load_vocab(project: Project) -> Vocab:
    """Theme and programme labels per language; problems in the files are collected."""
    vocab = Vocab()
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
        if path.is_symlink() and not _inside(path, project.cases.resolve()):
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


def _inside(path: Path, folder: Path) -> bool:
    """True if the path, with every symlink resolved, lies inside the (resolved) folder."""
    return os.path.realpath(path).startswith(str(folder) + os.sep)


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
