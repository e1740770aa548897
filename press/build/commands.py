"""The translators' commands: gettext, update-po, stats, check, check-po, the release gate.

A document needs a catalog only for the editions in other languages than its own
source language. `update-po` merges each catalog with its template as Weblate's
msgmerge add-on does (press/i18n/po.py), so a catalog is rewritten only when its bytes
change.

Obsolete entries: when a message disappears from the source, msgmerge first tries to
match its translation to a new, similar message (that entry comes back as fuzzy, with
the previous msgid, for a translator to confirm). What remains unmatched is dropped;
git history keeps it.

These commands run Sphinx and read records, data and catalogs, so they sit in the top
layer, beside cli.py; the stages they call know nothing of them.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from press.core.project import Project
from press.core.state import BuildError
from press.i18n import gnu, po
from press.i18n.catalogs import publish_templates, write_press_pot, write_sphinx_pot


def _sphinx(project: Project, builder: str, outdir: Path, docs: dict[str, str],
            **overrides) -> list[str]:
    import io

    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from press.build.edition import forget_sphinx_translations, friendly, make_edition

    nocolor()
    forget_sphinx_translations()
    warnings = io.StringIO()
    # The source language's edition: the templates hold the text as written.
    lang = project.source_language
    conf = {"language": lang, "press_edition": make_edition(project, lang, docs), **overrides}
    with patch_docutils(project.src), docutils_namespace():
        app = Sphinx(str(project.src), str(project.src), str(outdir),
                     str(project.work / f"{builder}-doctrees"), builder, confoverrides=conf,
                     status=None, warning=warnings, keep_going=True)
        app.build()
    return [friendly(line, project) for line in warnings.getvalue().splitlines() if line.strip()]


def gettext(project: Project, langs=None, args=None) -> int:
    from press.build.edition import source_date_epoch
    from press.content.sources import assemble

    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(project))
    docs = assemble(project)
    # No catalogs while extracting: the templates hold the source text, untranslated.
    for line in _sphinx(project, "gettext", project.gettext, docs, locale_dirs=[]):
        print(line, file=sys.stderr)
    write_press_pot(project)
    write_sphinx_pot(project)
    pots = sorted(project.gettext.rglob("*.pot"))
    print(f"{len(pots)} templates in {project.show(project.gettext)}/")
    return 0


def doc_languages(project: Project) -> dict[str, str]:
    from press.content.sources import doc_languages as langs

    return langs(project)


def update_po(project: Project, langs, args=None) -> int:
    if not gnu.available():
        raise BuildError(gnu.MISSING.format(tool="msgmerge, msgcat"))
    gettext(project)  # always from the current sources: stale templates lose edits
    docs = doc_languages(project)
    counts = {"create": 0, "update": 0, "notchanged": 0}
    for pot in sorted(project.gettext.rglob("*.pot")):
        docname = pot.relative_to(project.gettext).with_suffix("").as_posix()
        source = docs.get(docname)
        if source is None:
            continue  # a template left from a deleted document
        for lang in langs:
            if lang == source:
                continue  # the edition reads this document as written
            po_path = project.catalog(lang, docname)
            status = po.update(po_path, pot, lang)
            counts[status] += 1
            if status != "notchanged":
                print(f"{status}: {po_path.relative_to(project.root)}")
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    needed = sorted(doc for doc, source in docs.items()
                    if (project.gettext / f"{doc}.pot").is_file() and set(project.editions) - {source})
    for path in publish_templates(project, needed):
        print(f"template: {path.relative_to(project.root)}")
    from press.site.board.catalog import update_po as update_board_po

    update_board_po(project, langs)    # the partner board's own catalogs (board/locales/)
    return 0


def stats(project: Project, langs, args=None) -> int:
    from press.i18n.postats import edition_stats, format_table, write_reports

    gettext(project)  # current templates: a message the catalog lacks is untranslated
    docs = doc_languages(project)
    rows = [row for lang in langs for row in edition_stats(project, lang, docs)]
    print(format_table(rows))
    write_reports(rows, project.build / "stats.json", project.build / "stats.csv")
    print("written: _build/stats.json, _build/stats.csv")
    return 0


def check_po(project: Project, langs, args=None) -> int:
    from press.i18n.pocheck import check_catalogs

    findings = check_catalogs(project, langs, doc_languages(project))
    for finding in findings:
        print(finding)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    print(f"check-po: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def check(project: Project, langs, args=None) -> int:
    """Everything that can be checked without building: records, data, catalogs."""
    from press.content.sources import chapter_languages, load_cases

    failed = False
    _, problems = chapter_languages(project)
    try:
        records = load_cases(project)
        print(f"records: {len(records)} valid")
    except BuildError as exc:
        problems.append(str(exc))
    from press.data.partnerships import check as check_data

    from press.data.status import check as check_status

    data_problems = check_data(project) + check_status(project)
    if not data_problems:
        print("partnership data: valid")
    problems += data_problems
    from press.site.board import check as check_board

    problems += check_board(project, getattr(args, "today", None))
    for problem in problems:
        print(problem)
        failed = True
    failed |= check_po(project, langs, args) != 0
    return 1 if failed else 0


def strict_gate(project: Project, langs) -> None:
    """The release gate: nothing untranslated or fuzzy, no catalog errors."""
    from press.i18n.pocheck import check_catalogs
    from press.i18n.postats import untranslated_entries

    gettext(project)
    docs = doc_languages(project)
    problems = [str(f) for f in check_catalogs(project, langs, docs) if f.severity == "error"]
    for lang in langs:
        problems += untranslated_entries(project, lang, docs)
    if problems:
        raise BuildError("\n".join(problems) + f"\nstrict: {len(problems)} problem(s) in the"
                         " catalogs; a release needs every edition complete")


def fuzz(project: Project, langs, args=None) -> int:
    import subprocess

    env = dict(os.environ, PRESS_FUZZ_EXAMPLES=str(getattr(args, "examples", 2000)))
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "-m", "fuzz",
                            str(project.root / "tests")], env=env)


COMMANDS = {"gettext": gettext, "update-po": update_po, "stats": stats, "check": check,
            "check-po": check_po, "fuzz": fuzz}
