"""Stage "records": read the good-practice case records and check them.

Every `cases/*.yaml` (and `*.yml`) file is one case; its id is the file name. The loader
reads all of them, checks each against the schema and returns the valid cases
together with every problem found, so that an editor sees all mistakes in one run. A
problem is one line, `cases/<file>.yaml:<line>: <field path>: <message>`, where the line
is that of the offending key.

Records come from many hands and are untrusted: the YAML reader accepts plain data only
(no anchors, aliases or tags), and the text fields may not smuggle raw HTML or MyST
constructs that read files, emit raw output or run code into the book.

The parts, in the order a record goes through them: recordyaml.py (bytes to a tree with
the line of every key), recordschema.py (the pydantic schema; its text rules are
recordrules.py), recordparse.py (one record: the tree checked, errors put in words),
vocab.py (the themes and programmes the schema checks keys against); recordbase.py
holds what they share (limits, Problem, Checks). This module reads every file.
"""
from __future__ import annotations

import datetime
from pathlib import Path
import stat
from typing import TYPE_CHECKING

from press.content.recordbase import MAX_BYTES, RECORD_SUFFIXES, Checks, Problem, _relative
from press.content.recordparse import parse_record
from press.content.recordschema import Case
# Vocab: press/ext/casedata.py takes the vocabularies' type from the records stage.
from press.content.vocab import Vocab, load_vocab  # noqa: F401
from press.core.files import inside
from press.core.project import Project

if TYPE_CHECKING:   # pandas is imported lazily where a frame is built
    import pandas as pd


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
