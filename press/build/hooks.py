"""The pre-commit hooks (.pre-commit-config.yaml): the editors' checks on the files a
commit changes. `python -m press.build.hooks records|catalogs FILE…`.

They run the same checks as `make check` and `make check-po`, from .venv, so pre-commit
needs nothing from the network. Exit status 1 when a changed file has a problem.
"""
from __future__ import annotations

import sys
from pathlib import Path

from press.core.project import Project


def records(project: Project, files: list[Path]) -> int:
    """Every record is read (a duplicate id needs them all); problems in the changed
    files are reported, each as file:line: field: message."""
    from press.content.records import load_records

    changed = {project.show(f) for f in files}
    _, problems = load_records(project)
    found = [p for p in problems if p.file in changed]
    for problem in found:
        print(problem)
    print(f"records: {len(changed)} checked, {len(found)} problem(s)", file=sys.stderr)
    return 1 if found else 0


def catalogs(project: Project, files: list[Path]) -> int:
    from press.content.sources import doc_languages
    from press.i18n.pocheck import check_catalog, load_glossary

    glossary = None
    findings: list = []
    glossary_path = project.locales / "glossary.csv"
    if glossary_path.exists():
        glossary, findings = load_glossary(glossary_path, project.show(glossary_path))
    sources = doc_languages(project)   # decided once, as for check-po (content/sources.py)
    for path in files:
        parts = path.resolve().relative_to(project.locales.resolve()).parts
        if len(parts) < 3 or parts[1] != "LC_MESSAGES":
            continue  # not a catalog of an edition (a template, say)
        lang, doc = parts[0], Path(*parts[2:]).with_suffix("").as_posix()
        findings += check_catalog(path, lang, project.show(path), glossary,
                                  sources.get(doc, project.source_language))
    errors = [f for f in findings if f.severity == "error"]
    for finding in findings:
        print(finding)
    print(f"check-po: {len(errors)} error(s), {len(findings) - len(errors)} warning(s)", file=sys.stderr)
    return 1 if errors else 0


HOOKS = {"records": records, "catalogs": catalogs}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in HOOKS:
        print(f"usage: python -m press.build.hooks {{{'|'.join(HOOKS)}}} FILE…", file=sys.stderr)
        return 2
    project = Project(Path.cwd())
    return HOOKS[args[0]](project, [Path(f).absolute() for f in args[1:]])


if __name__ == "__main__":
    sys.exit(main())
