"""`make release`: one folder with everything a release publishes.

    _build/release/<publication>-<press_date>/
        <publication>-<lang>.pdf         every edition, the strict build
        <publication>-<lang>.epub        when the toolchain builds EPUBs (issue 20)
        <publication>-site.zip           the website (`build.py site`), or the editions'
                                         HTML folders when that command is not there yet
        data/*.csv, data/*.json, data/README.md   the partnership data and its credits
        SHA256SUMS                       `sha256sum -c SHA256SUMS` checks the folder

Always the release build: `--strict` (warnings, untranslated or fuzzy text fail) and
the default, full PDF (no variant, no print marks). The same sources give the same
bytes: the PDFs are reproducible already, the zip has sorted entries with the
publication date as their time, and the folder is named by press_date, not today.
A failed build leaves the previous release folder as it was.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from press.core.project import Project

BUILD_PY = Path(__file__).resolve().parents[2] / "build.py"
DATA_FILES = ("partnerships.csv", "places.csv")


def known_commands() -> set[str]:
    from press.build.cli import COMMANDS
    return set(COMMANDS)


def _run(project: Project, *args: str) -> None:
    command = [sys.executable, str(BUILD_PY), *args, "--root", str(project.root),
               "--build-dir", str(project.build)]
    print("release: " + " ".join(["build.py", *args]), flush=True)
    if subprocess.run(command).returncode != 0:
        raise SystemExit(f"release: `build.py {' '.join(args)}` failed; the previous release is untouched")


def build(project: Project, langs: list[str]) -> list[str]:
    """Run the strict builds; returns notes for what had to be done another way."""
    notes = []
    lang_args = ["--lang", *langs]
    _run(project, "all", *lang_args, "--strict")
    commands = known_commands()
    if "epub" in commands:
        _run(project, "epub", *lang_args, "--strict")
    else:
        notes.append("no EPUBs: this toolchain has no `build.py epub` yet")
    if "site" in commands:
        _run(project, "site")
    else:
        notes.append("`build.py site` is not a command here yet: the zip holds each edition's "
                     "HTML folder (html/<lang>/) instead of the assembled site")
    return notes


def _zip_time(project: Project) -> tuple[int, int, int, int, int, int]:
    day = datetime.fromisoformat(str(project.conf.get("press_date", "2000-01-01")))
    return (max(day.year, 1980), day.month, day.day, 0, 0, 0)


def write_zip(target: Path, folders: dict[str, Path], when) -> None:
    """A zip that depends only on the files' names and bytes: sorted entries, one time,
    fixed permissions. folders: name in the zip -> folder (symlinks followed)."""
    entries = []
    for prefix, folder in folders.items():
        base = folder.resolve()
        for path in base.rglob("*"):
            if path.is_file():
                entries.append((f"{prefix}/{path.relative_to(base).as_posix()}", path))
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the machine
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def _csv_to_json(source: Path) -> bytes:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def sha256sums(folder: Path) -> bytes:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    return "".join(lines).encode("utf-8")


def package(project: Project, langs: list[str], notes: list[str] | None = None) -> Path:
    """Assemble the release folder from what the builds wrote under _build/."""
    name = f"{project.publication}-{project.conf.get('press_date', 'undated')}"
    final = project.build / "release" / name
    tmp = project.build / "release" / f".{name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    missing = _copy_books(project, langs, tmp)
    if missing:
        shutil.rmtree(tmp)
        raise SystemExit(f"release: missing {', '.join(missing)}; the previous release is untouched")
    _zip_site(project, langs, tmp)
    _copy_data(project, tmp / "data")
    (tmp / "SHA256SUMS").write_bytes(sha256sums(tmp))
    _swap_in(tmp, final)
    for note in notes or []:
        print(f"release: note: {note}")
    print(f"release: {project.show(final)}/")
    for line in (final / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        print("  " + line.split("  ", 1)[1])
    return final


def _copy_books(project: Project, langs: list[str], tmp: Path) -> list[str]:
    """Each edition's PDF and EPUB into the release; returns the PDFs that are missing."""
    missing = []
    for lang in langs:
        pdf = project.pdf_path(lang)
        if pdf.is_file():
            shutil.copyfile(pdf, tmp / pdf.name)
        else:
            missing.append(project.show(pdf))
        epub = project.build / "epub" / f"{project.publication}-{lang}.epub"
        if epub.is_file():
            shutil.copyfile(epub, tmp / epub.name)
    return missing


def _zip_site(project: Project, langs: list[str], tmp: Path) -> None:
    """The assembled site as one zip, or the editions' HTML where there is no site step."""
    site = project.build / "site"
    when = _zip_time(project)
    if site.is_dir() and "site" in known_commands():
        write_zip(tmp / f"{project.publication}-site.zip", {"site": site}, when)
    else:
        folders = {f"html/{lang}": project.html / lang for lang in langs if (project.html / lang).is_dir()}
        write_zip(tmp / f"{project.publication}-site.zip", folders, when)


def _copy_data(project: Project, data: Path) -> None:
    """The partnership data as CSV and as JSON, with its README."""
    data.mkdir()
    for filename in DATA_FILES:
        source = project.data / filename
        if source.is_file():
            shutil.copyfile(source, data / filename)
            (data / filename).with_suffix(".json").write_bytes(_csv_to_json(source))
    if (project.data / "README.md").is_file():
        shutil.copyfile(project.data / "README.md", data / "README.md")


def _swap_in(tmp: Path, final: Path) -> None:
    """Swap in whole: the old folder goes only once the new one is complete."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="press release", description=__doc__.splitlines()[0])
    p.add_argument("--lang", nargs="+", metavar="LANG", help="editions (default: all)")
    p.add_argument("--root", default=None, help=argparse.SUPPRESS)
    p.add_argument("--build-dir", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    root = Path(args.root) if args.root else Project().root
    project = Project(root, Path(args.build_dir)) if args.build_dir else Project(root)
    unknown = [lang for lang in args.lang or [] if lang not in project.editions]
    if unknown:
        print(f"release: unknown edition {', '.join(unknown)} (book/conf.py: "
              f"{', '.join(project.editions)})", file=sys.stderr)
        return 2
    langs = [lang for lang in project.editions if lang in (args.lang or project.editions)]
    try:
        notes = build(project, langs)
        package(project, langs, notes)
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
