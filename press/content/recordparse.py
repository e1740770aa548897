"""Case records, one record: its bytes read, checked against the schema and the rules
across fields, and every problem put in an editor's words at the line of its key."""
from __future__ import annotations

import hashlib
from pathlib import Path
import typing

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from press.content.recordbase import ID_RE, MAX_BYTES, MAX_PROBLEMS, RESERVED_IDS, Checks, Problem
from press.content.recordrules import _suggest
from press.content.recordschema import CROSS_RULES, Case
from press.content.recordyaml import Tree, YamlProblem, _dotted, decode, read_yaml


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
        problems += bind_to_file(case, CROSS_RULES, tree, file, raw)
    return (case if not problems else None), _capped(sorted(problems))


def bind_to_file(model, rules, tree: Tree, file: str, raw: bytes) -> list[Problem]:
    """The cross-field rules' problems of a validated record or entry, each at its key's
    line; and the model learns its file and the hash of its bytes."""
    problems = []
    for rule in rules:
        found = rule(model)
        if found:
            problems.append(Problem(file, _line(tree.lines, found[0]), _dotted(found[0]), found[1]))
    model._file = file
    model._sha256 = hashlib.sha256(raw).hexdigest()
    return problems


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
