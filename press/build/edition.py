"""One edition: Sphinx HTML and print HTML, then the PDF, as two worker tasks.

cli.py runs the tasks of all editions in a pool (one worker per core). Each edition
keeps its doctrees and Sphinx output in `_build/.work/<lang>/`, so Sphinx rebuilds
only what changed; finished artifacts are published atomically to
`_build/html/<lang>/` and `_build/pdf/`.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from press.build.rendermemo import kept_render, render_key, write_memo
from press.core.edition import Edition
from press.core.files import write_atomic
from press.core.project import Project
from press.core.state import BuildError, dirty_marker, disk_error, publish_tree


@dataclass
class Options:
    """How this run goes, for every edition alike; what an edition is, is its Edition."""
    formats: tuple[str, ...] = ("html", "pdf")
    strict: bool = False
    draft: bool = False
    variant: str = ""          # "" = the published pdf/ua-1 edition; "pdf/a-3b"
    print_marks: bool = False  # bleed and crop marks for the printer
    started: float = field(default_factory=time.monotonic)

    @property
    def pdf_suffix(self) -> str:
        parts = [self.variant.replace("/", "")] if self.variant else []
        return "-".join(parts + (["print"] if self.print_marks else []))


@dataclass
class Artifact:
    lang: str
    kind: str
    path: str
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    made: str = ""             # a PDF: "spliced" when only changed pages were rendered


def progress(opts: Options, lang: str, step: str) -> None:
    print(f"[{time.monotonic() - opts.started:6.1f}s] {lang:3} {step}", flush=True)


def friendly(line: str, project: Project) -> str:
    """Sphinx names the build's copy of a file; show the file the user edits."""
    line = line.replace(str(project.src / "locales") + "/", "locales/")
    line = re.sub(re.escape(str(project.src)) + r"/(?!cases/)", "book/", line)
    return line.replace(str(project.root) + "/", "")


def make_edition(project: Project, lang: str, doc_languages: dict[str, str],
                 draft: bool = False) -> Edition:
    """The edition as the one value its Sphinx build reads (press.core.edition); made
    once per edition and run, by the CLI and by the preview alike."""
    return Edition.make(project, lang, doc_languages, draft=draft,
                        fingerprint=fingerprint(project, lang))


def forget_sphinx_translations() -> None:
    """Sphinx keeps its translators per catalog name for the life of the process and
    adds a later run's language only as a fallback: after the strict gate's gettext run
    (in the source language, same process) a one-edition cs build numbered its tables
    "Tabuľka". Cleared before every Sphinx run, as sphinx.testing does between apps."""
    from sphinx import locale

    locale.translators.clear()


def run_sphinx(edition: Edition, builder: str, opts: Options) -> list[str]:
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    nocolor()
    forget_sphinx_translations()
    project, lang = edition.project, edition.lang
    work = project.work / lang
    warnings = io.StringIO()
    log = open(project.work / f"{lang}-{builder}.log", "w", encoding="utf-8")
    # Sphinx needs `language` for its own words before any extension runs; press.ext
    # checks that it is the edition's.
    overrides = {"language": lang, "press_edition": edition}
    try:
        with patch_docutils(project.src), docutils_namespace():
            app = Sphinx(str(project.src), str(project.src), str(work / builder),
                         str(work / "doctrees"), builder, confoverrides=overrides,
                         status=log, warning=warnings, freshenv=opts.strict,
                         keep_going=True, parallel=1)
            app.build()
    except Exception as exc:  # Sphinx reports its own errors as exceptions
        from sphinx.errors import SphinxError
        if isinstance(exc, (SphinxError, BuildError)):
            raise BuildError(friendly(f"{lang}: {builder}: {exc}", project)) from None
        raise
    finally:
        log.close()
    return [friendly(line, project) for line in warnings.getvalue().splitlines()
            if "WARNING" in line or "ERROR" in line]


def fingerprint(project: Project, lang: str) -> str:
    """Hash of what read-time directives depend on besides the document itself."""
    from press import ROOT
    from press.i18n.labels import catalog_path
    from press.core.state import files_under

    files = files_under(ROOT, ["press"]) + files_under(project.root, ["cases/vocab"])
    files += [p for p in (catalog_path(lang, project.locales),) if p.exists()]
    h = hashlib.sha256()
    for path in files:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def build_html(edition: Edition, opts: Options) -> Artifact:
    project, lang = edition.project, edition.lang
    t0 = time.monotonic()
    progress(opts, lang, "html: Sphinx")
    warnings = run_sphinx(edition, "html", opts)
    _gate(lang, "html", warnings, opts)
    publish_tree(project.work / lang / "html", project.html / lang)
    return Artifact(lang, "html", str(project.html / lang / "index.html"),
                    seconds=time.monotonic() - t0, warnings=warnings)


def build_print_html(edition: Edition, opts: Options) -> Artifact:
    """The print HTML of an edition, checked: a "print" Artifact for render_pdf."""
    project, lang = edition.project, edition.lang
    t0 = time.monotonic()
    progress(opts, lang, "pdf: Sphinx print HTML")
    warnings = run_sphinx(edition, "print", opts)
    _gate(lang, "pdf", warnings, opts)
    _check_glyphs(project, project.work / lang / "print" / "index.html")
    return Artifact(lang, "print", str(project.pdf_path(lang, opts.pdf_suffix)),
                    seconds=time.monotonic() - t0, warnings=warnings)


def render_pdf(project: Project, artifact: Artifact, opts: Options) -> Artifact:
    """WeasyPrint: the print HTML of build_print_html becomes the published PDF.

    Many edits change an edition's inputs but not its print HTML (the website's
    templates, its interface catalog sphinx.po, a comment in a catalog). When
    everything the render reads is as it was for the PDF now published, that PDF is
    kept: the same inputs give the same bytes, so rendering again would only cost time.
    """
    t0 = time.monotonic()
    lang = artifact.lang
    folder = project.work / lang / "print"
    extra = folder / "variant.css"
    write_atomic(extra, b"@page { bleed: 3mm; marks: crop; }\n" if opts.print_marks else b"")
    variant = opts.variant or "pdf/ua-1"
    out = Path(artifact.path)
    key, memo = render_key(project, folder, variant), folder.parent / f"render-{out.stem}.json"
    kept = kept_render(memo, key, out)
    if kept and kept.get("made") == "spliced" and not splicing(opts):
        kept = None            # a strict build publishes a full render, never a splice
    if kept:
        progress(opts, lang, "pdf: print HTML unchanged, the published PDF is kept")
        from press.print.covers import spread_path, write_spread
        if not spread_path(out).exists():
            write_spread(project, folder, out, kept["pages"], lang)
        return replace(artifact, kind="pdf", pages=kept["pages"], bytes=kept["bytes"],
                       seconds=artifact.seconds + time.monotonic() - t0)
    if kept is None and splicing(opts):
        spliced = _splice(project, folder, out, [extra], variant, lang, opts)
        if spliced is not None:
            write_memo(memo, key, out, spliced, made="spliced")
            return _pdf_artifact(artifact, spliced, t0, made="spliced")
    result = _full_render(project, folder, out, extra, variant, lang, opts, memo)
    write_memo(memo, key, out, result)
    _after_full_render(project, folder, out, variant, lang, result)
    return _pdf_artifact(artifact, result, t0)


def _full_render(project: Project, folder: Path, out: Path, extra: Path, variant: str,
                 lang: str, opts: Options, memo: Path) -> dict:
    from press.print import pagemap

    progress(opts, lang, "pdf: WeasyPrint")
    memo.unlink(missing_ok=True)     # no memo names an out that is being rewritten
    # The page map (pagemap.py) gives one layout per page when it is right; its check
    # falls back to a cold render, so it never changes the bytes.
    result = pagemap.render(folder, out, [folder, project.fonts],
                            pagemap.path_for(project.work / lang),
                            document=f"{lang} edition", variant=variant, stylesheets=[extra])
    progress(opts, lang, f"pdf: {result['pages']} pages, {result['layouts']} page layouts"
                         f" in {result['passes']} pass(es), page map: {result['mode']}")
    return result


def _after_full_render(project: Project, folder: Path, out: Path, variant: str, lang: str,
                       result: dict) -> None:
    from press.print import splice   # what this full render was made from: the next splice's base
    splice.remember(project.work / lang, out, (folder / "index.html").read_text(encoding="utf-8"),
                    splice.environment(folder, project.fonts, variant), "full render")
    from press.print.covers import write_spread   # back, spine and front for the printer
    write_spread(project, folder, out, result["pages"], lang)


def _pdf_artifact(artifact: Artifact, result: dict, t0: float, **made: str) -> Artifact:
    return replace(artifact, kind="pdf", pages=result["pages"], bytes=result["bytes"], **made,
                   seconds=artifact.seconds + time.monotonic() - t0,
                   warnings=artifact.warnings + [f"WeasyPrint: {w}" for w in result["warnings"]])


def splicing(opts: Options) -> bool:
    """Splicing is for an editor's working build of the published PDF/UA edition:
    never in a strict build (releases), in CI, or for the PDF/A and printer's copies."""
    return not (opts.strict or os.environ.get("CI") or opts.variant or opts.print_marks)


def _splice(project: Project, folder: Path, out: Path, stylesheets: list[Path], variant: str,
            lang: str, opts: Options) -> dict | None:
    """The changed documents' pages spliced into the published PDF (print/splice/),
    or None, with the reason, when only a full render can be trusted."""
    from press.print import splice

    try:
        result = splice.render(folder, out, [folder, project.fonts], project.work / lang,
                               document=f"{lang} edition", variant=variant,
                               stylesheets=stylesheets, fonts=project.fonts)
    except splice.Refused as why:
        progress(opts, lang, f"pdf: full render ({why})")
        return None
    except Exception as exc:  # a fault of the splice must not cost the editor the build
        progress(opts, lang, f"pdf: full render (the splice failed: {type(exc).__name__}: {exc})")
        return None
    progress(opts, lang, f"pdf: spliced {', '.join(result['documents'])}: "
                         f"{result['layouts']} page layouts, {result['pages']} pages")
    return result


def _gate(lang: str, kind: str, warnings: list[str], opts: Options) -> None:
    if opts.strict and warnings:
        raise BuildError("\n".join(warnings) + f"\n{lang}: {kind}: {len(warnings)} warning(s)"
                         " in a strict build")


def _check_glyphs(project: Project, html: Path) -> None:
    from press.print.glyphs import check_html

    docnames = [p.relative_to(project.src).with_suffix("").as_posix()
                for p in project.src.rglob("*.md")]
    problems = check_html(html, sorted(project.fonts.glob("*.ttf")), docnames=docnames)
    if problems:
        raise BuildError("\n".join(problems))


# An edition is two tasks, so that a pool of workers can balance them: prepare_edition
# runs Sphinx (HTML site, print HTML), render_pdf_task runs WeasyPrint. With three
# editions on two cores, one worker renders a PDF while the other is still in Sphinx.
# Both are entry points of worker processes and never raise: errors come back as
# Artifact(kind="error"), and prepare's Artifact(kind="print") is a PDF still to render.

def prepare_edition(edition: Edition, opts: Options) -> list[Artifact]:
    project, lang = edition.project, edition.lang
    work = project.work / lang
    done: list[Artifact] = []
    with _reported(project, lang, work, done):
        check_catalogs(edition)
        with dirty_marker(work):
            if "html" in opts.formats:
                done.append(build_html(edition, opts))
            if "pdf" in opts.formats:
                done.append(build_print_html(edition, opts))
            if "epub" in opts.formats:
                done.append(build_epub(edition, opts))
    return done


def render_pdf_task(edition: Edition, artifact: Artifact, opts: Options) -> list[Artifact]:
    project = edition.project
    done: list[Artifact] = []
    with _reported(project, artifact.lang, project.work / artifact.lang, done):
        done.append(render_pdf(project, artifact, opts))
    return done


def build_edition(edition: Edition, opts: Options) -> list[Artifact]:
    """Both tasks of one edition, one after the other (a build with --jobs 1)."""
    done = prepare_edition(edition, opts)
    return [a for artifact in done
            for a in (render_pdf_task(edition, artifact, opts) if to_render(artifact)
                      else [artifact])]


def to_render(artifact: Artifact) -> bool:
    return artifact.kind == "print"


@contextmanager
def _reported(project: Project, lang: str, work: Path, done: list[Artifact]):
    """Turn what goes wrong in a task into an error Artifact, never a traceback."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", source_date_epoch(project))
    try:
        yield
    except BuildError as exc:
        done.append(Artifact(lang, "error", "", error=str(exc)))
    except OSError as exc:  # a full disk or an unwritable folder, seen inside Sphinx
        done.append(Artifact(lang, "error", "", error=f"{lang}: {disk_error(exc, project, work)}"))
    except Exception:  # a bug of ours: keep the traceback in the log, not on screen
        log = project.work / f"{lang}-crash.log"
        write_atomic(log, traceback.format_exc().encode())
        done.append(Artifact(lang, "error", "", error=f"{lang}: internal error; details in "
                                                    f"{project.show(log)}"))


# Findings that mean a catalog cannot be read as written. Sphinx would only warn and go
# on with a stale or partial translation (or merge a duplicate silently), so the edition
# stops; translation-quality findings stay for check-po and the strict gate.
BROKEN_CATALOG = frozenset({"syntax", "charset", "header", "duplicate", "plural-forms"})


def check_catalogs(edition: Edition) -> None:
    from press.i18n.pocheck import check_catalog

    project, lang = edition.project, edition.lang
    base = project.catalog_dir(lang)
    problems = []
    for po in sorted(base.rglob("*.po")) if base.is_dir() else []:
        doc = po.relative_to(base).with_suffix("").as_posix()
        findings = check_catalog(po, lang, po.relative_to(project.root).as_posix(), None,
                                 edition.source_language(doc))
        problems += [str(f) for f in findings
                     if f.severity == "error" and f.check in BROKEN_CATALOG]
    if problems:
        raise BuildError("\n".join(problems) + f"\n{lang}: the catalogs above cannot be read"
                         " as written; fix them (make check-po) and build again")


def source_date_epoch(project: Project) -> str:
    """The publication date from conf.py, as seconds: fonts and PDF dates use it."""
    from datetime import datetime, timezone

    day = datetime.fromisoformat(project.conf.get("press_date", "2000-01-01"))
    return str(int(day.replace(tzinfo=timezone.utc).timestamp()))


# The EPUB as an artifact of the edition's Sphinx task: a third Sphinx pass, after the
# HTML and print HTML of the same worker, on the same doctrees (it only writes), then
# published with write-and-rename, so _build/epub/ holds the old file or the new one.
def build_epub(edition: Edition, opts: Options) -> Artifact:
    from press.core.state import publish_file
    from press.epub import epub_path

    project, lang = edition.project, edition.lang
    t0 = time.monotonic()
    progress(opts, lang, "epub: Sphinx")
    # Written from scratch each time (the doctrees are reused, so this costs only the
    # writing): Sphinx never deletes a page whose document is gone, and the EPUB
    # builder packs every file it finds, so a removed case would live on in the book.
    shutil.rmtree(project.work / lang / "epub", ignore_errors=True)
    warnings = run_sphinx(edition, "epub", opts)
    _gate(lang, "epub", warnings, opts)
    built = project.work / lang / "epub" / epub_path(project, lang).name
    out = epub_path(project, lang)
    publish_file(built, out)
    return Artifact(lang, "epub", str(out), bytes=out.stat().st_size,
                    seconds=time.monotonic() - t0, warnings=warnings)
