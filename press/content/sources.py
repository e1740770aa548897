"""Generated pages: the source tree that Sphinx reads.

`book/` is never written to. The build owns `_build/src/`, a copy of `book/` plus the
pages generated from case records and a copy of the catalogs. Files are written only
when their bytes change, so Sphinx's own incremental build sees real changes only.
"""
from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import yaml

from press.core.files import IMAGE_SUFFIXES, inside, write_if_changed
from press.core.project import Project
from press.i18n.catalogs import ENGLISH_DOMAINS
from press.core.state import BuildError

# Front matter a chapter may carry. MyST reads `myst:` front matter to switch parser
# extensions on for one file, so nothing but the source language is accepted.
ALLOWED_FRONT_MATTER = {"language"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
# A long chapter is about 50 KiB. Far beyond that is a mistake or an attack, and Sphinx
# and WeasyPrint would spend minutes and gigabytes on it.
MAX_CHAPTER_BYTES = 4 * 1024 * 1024


def read_chapter(path: Path, display: str) -> tuple[str, list[str]]:
    """A chapter's text (BOM dropped, line ends made \\n), or the problems reading it."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return "", [f"{display}:1: file: not a regular file"]
        if info.st_size > MAX_CHAPTER_BYTES:
            return "", [f"{display}:1: size: {info.st_size} bytes is over the limit of "
                        f"{MAX_CHAPTER_BYTES}"]
        raw = path.read_bytes()
    except OSError as exc:
        return "", [f"{display}:1: file: cannot read: {exc.strerror or exc}"]
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        return "", [f"{display}:{line}: encoding: the file contains NUL bytes"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return "", [f"{display}:{line}: encoding: not valid UTF-8 "
                    f"(byte 0x{raw[exc.start]:02x} at offset {exc.start})"]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def front_matter(path: Path, display: str) -> tuple[dict, list[str]]:
    """The front matter of a chapter and the problems with it, as `file:line: …` lines."""
    text, problems = read_chapter(path, display)
    if problems:
        return {}, problems
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, []
    try:
        node = yaml.compose(match.group(1), Loader=yaml.CSafeLoader)
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position
        line = match.group(1)[:exc.position].count("\n") + 2
        return {}, [f"{display}:{line}: front matter: character U+{exc.character:04X} "
                    "is not allowed"]
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        return {}, [f"{display}:{line}: front matter: {problem}"]
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, [f"{display}:2: front matter: must be a mapping of keys to values"]
    data, problems = {}, []
    for key, value in node.value:
        line = key.start_mark.line + 2
        if key.value not in ALLOWED_FRONT_MATTER:
            problems.append(f"{display}:{line}: front matter: key '{key.value}' is not allowed"
                            f" (allowed: {', '.join(sorted(ALLOWED_FRONT_MATTER))})")
        elif not isinstance(value, yaml.ScalarNode):
            problems.append(f"{display}:{line}: front matter: '{key.value}' must be a plain value")
        else:
            data[key.value] = value.value
    return data, problems


def chapter_languages(project: Project) -> tuple[dict[str, str], list[str]]:
    """docname -> source language for every Markdown file in book/."""
    langs, problems = {}, []
    for path in sorted(project.book.rglob("*.md")):
        rel = path.relative_to(project.book)
        if rel.name == "README.md" or any(p.startswith("_") for p in rel.parts):
            continue
        display = str(path.relative_to(project.root))
        if not inside(path, project.book):
            problems.append(f"{display}:1: file: a link to a file outside book/ is not allowed")
            continue
        meta, found = front_matter(path, display)
        problems += found
        lang = meta.get("language", project.source_language)
        if lang not in project.editions:
            problems.append(f"{display}:2: front matter: language '{lang}' is not an edition"
                            f" ({', '.join(project.editions)})")
        langs[rel.with_suffix("").as_posix()] = lang
    return langs, problems


def load_cases(project: Project):
    """Case records, or a BuildError listing every problem in them."""
    from press.content.records import load_records

    records, problems = load_records(project)
    if problems:
        raise BuildError("\n".join(str(p) for p in problems))
    return records


def doc_languages(project: Project, records=None) -> dict[str, str]:
    """Source language of every document in the book, chapters and cases alike, and
    of the toolchain's own catalogs (English). The one place that decides it: the
    catalog tools, the edition build and the Sphinx extension all take this map."""
    from press.content.casepages import PAGES_LANGUAGE

    langs, problems = chapter_languages(project)
    if problems:
        raise BuildError("\n".join(problems))
    records = load_cases(project) if records is None else records
    for record in records:
        langs[f"cases/{record.id}"] = record.language
    for generated in generated_pages(project, records):
        langs.setdefault(generated, PAGES_LANGUAGE)
    langs.update(dict.fromkeys(ENGLISH_DOMAINS, "en"))
    return langs


def assets(project: Project) -> dict[str, Path]:
    from press.content.casepages import assets as case_assets

    return case_assets(project)


def generated_pages(project: Project, records) -> dict[str, str]:
    """docname -> MyST text for the pages made from records."""
    from press.content.casepages import generate

    return {path.removesuffix(".md"): text for path, text in generate(project, records).items()}


def assemble(project: Project) -> dict[str, str]:
    """Write `_build/src/`; returns docname -> source language for the whole book."""
    records = load_cases(project)
    langs = doc_languages(project, records)
    _refuse_links_out(project)
    wanted: dict[Path, bytes] = {}
    for path in project.book.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            wanted[project.src / path.relative_to(project.book)] = path.read_bytes()
    # Case images sit beside the generated case pages: cases/<id>.md -> images/<file>.
    # Only files really inside cases/images/ (a symlink out of it is not followed).
    for rel, path in assets(project).items():
        wanted[project.src / rel] = path.read_bytes()
    for docname, text in generated_pages(project, records).items():
        wanted[project.src / f"{docname}.md"] = text.encode("utf-8")
    for path in project.locales.rglob("*.po"):
        wanted[project.src / "locales" / path.relative_to(project.locales)] = path.read_bytes()
    for dest, data in wanted.items():
        write_if_changed(dest, data)
    # Remove what no longer has a source (a deleted chapter, case or catalog), but keep
    # the compiled catalogs and figures that Sphinx and the data stage write here.
    if project.src.exists():
        for path in sorted(project.src.rglob("*"), reverse=True):
            if path.relative_to(project.src).parts[0].startswith("_"):
                continue  # figures that the data stage writes for Sphinx
            if path.is_file() and path not in wanted and path.suffix in {".md", ".po", ".py", *IMAGE_SUFFIXES}:
                path.unlink()
                path.with_suffix(".mo").unlink(missing_ok=True)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return langs


def _refuse_links_out(project: Project) -> None:
    """Chapters and catalogs are copied into the build: a symlink out of book/ or
    locales/ would carry any file of the machine into the book."""
    problems = []
    for folder, pattern in ((project.book, "*"), (project.locales, "*.po")):
        for path in sorted(folder.rglob(pattern)) if folder.is_dir() else []:
            if not inside(path, folder):
                display = path.relative_to(project.root).as_posix()
                problems.append(f"{display}:1: file: a link to a file outside "
                                f"{folder.name}/ is not allowed")
    if problems:
        raise BuildError("\n".join(problems))


def clean(project: Project) -> None:
    shutil.rmtree(project.build, ignore_errors=True)
