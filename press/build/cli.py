"""The command line behind build.py and the Makefile.

Light on purpose: deciding that nothing changed must not import Sphinx, WeasyPrint or
pandas, so a no-op build returns at once.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from press.core.project import Project
from press.core.state import BuildError, Ledger, build_lock, digest, disk_error, edition_inputs

COMMANDS = {
    "html": "build the HTML site of each edition into _build/html/<lang>/",
    "pdf": "build the PDF of each edition into _build/pdf/",
    "epub": "build the EPUB 3 of each edition into _build/epub/",
    "all": "build HTML, PDF and EPUB",
    "site": "assemble the website (_build/site/) from the built editions and downloads",
    "preview": "one document (--doc) of one edition as it will print -> _build/preview/",
    "gettext": "extract message templates (.pot) into _build/gettext/",
    "update-po": "create and update the catalogs each edition needs",
    "stats": "show translation progress per edition and document",
    "check": "validate case records, data and catalogs",
    "check-po": "check translations against their sources",
    "clean": "remove _build/",
    "fuzz": "run the property-based tests longer than CI does",
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py", description="Build the town-twinning publication.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {k:10} {v}" for k, v in COMMANDS.items()))
    p.add_argument("command", choices=COMMANDS, metavar="command")
    p.add_argument("--lang", nargs="+", metavar="LANG", help="editions (default: all)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                   help="editions built at once (default: number of cores)")
    p.add_argument("--strict", action="store_true",
                   help="release build: warnings, untranslated text and catalog errors fail")
    p.add_argument("--draft", action="store_true", help="force the draft marks")
    p.add_argument("--pdf-variant", default="", choices=["", "pdf/a-3b", "pdf/ua-1"],
                   help="PDF variant, written to its own file (default: the tagged pdf/ua-1)")
    p.add_argument("--print", dest="print_marks", action="store_true",
                   help="3 mm bleed and crop marks for the printer (own file)")
    p.add_argument("--doc", default=None,
                   help="preview: the document, e.g. cases/<id> or chapters/<name>")
    p.add_argument("--root", default=None, help=argparse.SUPPRESS)
    p.add_argument("--build-dir", default=None, help=argparse.SUPPRESS)
    p.add_argument("--from", dest="sources", nargs="+", metavar="BUILD_DIR",
                   help="site: take the editions from these build folders (default: this one)")
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                   help="the partner board's today (default: the current date): entries "
                        "expired by then are left out of the site")
    p.add_argument("--examples", type=int, default=2000, help=argparse.SUPPRESS)
    return p


def _date(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path(args.root) if args.root else Project().root
    project = Project(root, Path(args.build_dir)) if args.build_dir else Project(root)
    try:
        langs = _langs(project, args.lang)
        if args.command == "clean":
            from press.content.sources import clean
            clean(project)
            print(f"removed {project.build}")
            return 0
        if args.command == "preview":
            with build_lock(project):
                return preview(project, args, langs)
        if args.command in ("html", "pdf", "epub", "all"):
            with build_lock(project):
                status = build(project, args, langs)
                # The website is assembled over whatever editions are published now
                # (after `make pdf` or `make epub` only if there is a site to bring up to
                # date with the new downloads).
                if args.command in ("html", "all") or (project.build / "site").exists():
                    status = site(project, None, args.today) or status
                return status
        if args.command == "site":
            with build_lock(project):
                return site(project, args.sources, args.today)
        from press.build import commands
        return commands.COMMANDS[args.command](project, langs, args)
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, an output folder blocked by a file, no permission
        print(disk_error(exc, project), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous artifacts are untouched", file=sys.stderr)
        return 130


def site(project: Project, sources, today=None) -> int:
    from press.site.assemble import assemble

    t0 = time.monotonic()
    out = assemble(project, [Path(s) for s in sources] if sources else None, today=today)
    if out is None:
        print(f"Site: {project.show(project.build / 'site')}/ is up to date.")
    else:
        print(f"Site: {project.show(out)}/ ({time.monotonic() - t0:.1f} s)")
    return 0


def _langs(project: Project, wanted: list[str] | None) -> list[str]:
    editions = project.editions
    for lang in wanted or []:
        if lang not in editions:
            raise BuildError(f"unknown edition '{lang}' (book/conf.py press_editions: "
                             f"{', '.join(editions)})")
    return [lang for lang in editions if lang in (wanted or editions)]


def preview(project: Project, args, langs: list[str]) -> int:
    from press.build.edition import Options
    from press.build.preview import preview as render_preview

    if not args.doc or len(langs) != 1:
        raise BuildError("preview: name one document and one edition, e.g. "
                         "make preview DOC=cases/<id> LANGS=sk")
    started = time.monotonic()
    lang = langs[0]
    # When the published PDF is current, so is the print HTML it came from: no Sphinx.
    extra = {"lang": lang, "kind": "pdf", "draft": args.draft, "strict": args.strict,
             "variant": "", "print": False}
    current = Ledger(project).is_current(f"{lang}:pdf", digest(project, edition_inputs(
        project, lang), extra), _artifact_path(project, lang, "pdf", Options()))
    out = render_preview(project, lang, args.doc, Options(formats=("pdf",), draft=args.draft,
                                                          started=started), sphinx=not current)
    print(f"{project.show(out)} ({time.monotonic() - started:.1f} s)")
    return 0


def build(project: Project, args, langs: list[str]) -> int:
    from press.build.edition import Options

    started = time.monotonic()
    formats = ("html", "pdf", "epub") if args.command == "all" else (args.command,)
    opts = Options(formats=formats, strict=args.strict, draft=args.draft,
                   variant=args.pdf_variant, print_marks=args.print_marks, started=started)
    ledger = Ledger(project)
    todo, keys = _stale(project, ledger, langs, opts)
    if not todo:
        print(f"Up to date: nothing to rebuild ({time.monotonic() - started:.2f} s).")
        _summary(project, ledger, langs, formats, keys, [])
        return 0

    plan = ", ".join(f"{lang} ({'+'.join(kinds)})" for lang, kinds in todo.items())
    print(f"Building: {plan}", flush=True)
    _sweep_temporaries(project)
    results = _run_editions(_editions(project, todo, opts), todo, opts, args.jobs)
    failed = [a for a in results if a.kind == "error"]
    _record(project, ledger, keys, results)
    for artifact in failed:
        print(artifact.error, file=sys.stderr)
    _summary(project, ledger, langs, formats, keys, results)
    if failed:
        print(f"FAILED: {', '.join(a.lang for a in failed)}; "
              "the previous artifacts are untouched.", file=sys.stderr)
        return 1
    print(f"Done in {time.monotonic() - started:.1f} s.")
    return 0


def _stale(project: Project, ledger: Ledger, langs: list[str], opts):
    """What to rebuild: lang -> the formats whose inputs changed since they were published,
    and (lang, kind) -> (the artifact's ledger key, the hash of its inputs now)."""
    todo: dict[str, list[str]] = {}
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    for lang in langs:
        files = edition_inputs(project, lang)
        for kind in opts.formats:
            extra = {"lang": lang, "kind": kind, "draft": opts.draft, "strict": opts.strict,
                     "variant": opts.variant if kind == "pdf" else "",
                     "print": opts.print_marks if kind == "pdf" else False}
            value = digest(project, files, extra)
            key = f"{lang}:{kind}" + (f":{opts.pdf_suffix}" if kind == "pdf" and opts.pdf_suffix else "")
            artifact = _artifact_path(project, lang, kind, opts)
            keys[(lang, kind)] = (key, value)
            if not ledger.is_current(key, value, artifact):
                todo.setdefault(lang, []).append(kind)
    return todo, keys


def _editions(project: Project, todo: dict[str, list[str]], opts) -> dict:
    """The sources assembled once, the strict gate passed, and an Edition per language."""
    from press.build.edition import make_edition
    from press.content.sources import assemble

    doc_languages = assemble(project)
    if opts.strict:
        from press.build.commands import strict_gate
        strict_gate(project, list(todo))
    return {lang: make_edition(project, lang, doc_languages, opts.draft) for lang in todo}


def _record(project: Project, ledger: Ledger, keys: dict[tuple[str, str], tuple[str, str]],
            results: list) -> None:
    """Enter each built artifact in the ledger, and print every warning."""
    for artifact in results:
        if artifact.kind != "error":
            ledger.record(*keys[(artifact.lang, artifact.kind)],
                          {"path": project.show(artifact.path),
                           "pages": artifact.pages, "bytes": artifact.bytes,
                           "seconds": round(artifact.seconds, 1),
                           "warnings": len(artifact.warnings)})
        for warning in artifact.warnings:
            print(warning, file=sys.stderr)


def _sweep_temporaries(project: Project) -> None:
    """A build killed while writing leaves its temporary file beside the artifact."""
    from press.epub import epub_dir

    for folder in (project.pdf, epub_dir(project)):
        for tmp in folder.glob(".*.tmp") if folder.exists() else ():
            tmp.unlink(missing_ok=True)


def _artifact_path(project: Project, lang: str, kind: str, opts) -> Path:
    if kind == "html":
        return project.html / lang / "index.html"
    if kind == "epub":
        from press.epub import epub_path
        return epub_path(project, lang)
    return project.pdf_path(lang, opts.pdf_suffix)


def _run_editions(editions: dict, todo: dict[str, list[str]], opts, jobs: int):
    from dataclasses import replace

    from press.build.edition import build_edition

    tasks = [(lang, replace(opts, formats=tuple(kinds))) for lang, kinds in todo.items()]
    if len(tasks) == 1:
        return [a for lang, o in tasks for a in build_edition(editions[lang], o)]
    results = _run_pool(editions, dict(tasks), jobs)
    order = {lang: i for i, lang in enumerate(todo)}
    return sorted(results, key=lambda a: (order[a.lang], a.kind != "html"))


def _run_pool(editions: dict, options: dict, jobs: int) -> list:
    from press.build.edition import prepare_edition

    # A fresh interpreter per task ('spawn', one task per worker): Sphinx caches
    # translations per catalog name, not per language, and docutils keeps global
    # registries, so a worker reused for a second edition would leak the first one's.
    # So with --jobs 1 too: in one process, the cs edition was read with the sk catalogs.
    # Every edition's Sphinx task is queued first and each render joins the queue when
    # its print HTML is ready, so a worker that finishes early always finds work.
    results = []
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(options))), max_tasks_per_child=1,
                             mp_context=get_context("spawn")) as pool:
        running = {pool.submit(prepare_edition, editions[lang], o): lang for lang, o in options.items()}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                results += _collect(pool, future, running.pop(future), editions, options, running)
    return results


def _collect(pool, future, lang: str, editions: dict, options: dict, running: dict) -> list:
    """A finished task's artifacts; a print HTML ready to render is queued instead (in
    `running`), and a dead worker becomes its edition's error."""
    from press.build.edition import render_pdf_task, to_render

    try:
        artifacts = future.result()
    except BrokenProcessPool:
        # A worker was killed (the kernel's out-of-memory killer, say). The
        # pool then fails every task still in it, and each comes back here.
        return [_died(lang)]
    done = []
    for artifact in artifacts:
        if not to_render(artifact):
            done.append(artifact)
            continue
        try:
            render = pool.submit(render_pdf_task, editions[artifact.lang],
                                 artifact, options[artifact.lang])
        except BrokenProcessPool:
            done.append(_died(artifact.lang))
        else:
            running[render] = artifact.lang
    return done


def _died(lang: str):
    from press.build.edition import Artifact

    return Artifact(lang, "error", "", error=f"{lang}: a worker process died while building "
                    "this edition (killed by a signal, perhaps for lack of memory); what it "
                    "was building was not published")


def _summary(project, ledger, langs, formats, keys, results) -> None:
    fresh = {(a.lang, a.kind): a for a in results if a.kind != "error"}
    rows = []
    for lang in langs:
        for kind in formats:
            info = ledger.info(keys[(lang, kind)][0])
            if not info:
                continue
            state = ((fresh[(lang, kind)].made or "built") if (lang, kind) in fresh
                     else "unchanged")
            rows.append((info.get("path", ""), str(info.get("pages") or "–"),
                         _size(info.get("bytes", 0)), f"{info.get('seconds', 0):.1f}",
                         str(info.get("warnings", 0)), state))
    if not rows:
        return
    head = ("artifact", "pages", "size", "seconds", "warnings", "")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    for row in [head] + rows:
        print("  ".join(c.ljust(w) if i in (0, 5) else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


def _size(n: int) -> str:
    if not n:
        return "–"
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"
