"""make release: the release folder, its checksums, the same bytes twice, the strict gate."""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import make_project
from press.build import release
from press.core.project import Project

LANGS = ["sk", "cs", "en"]


def fake_build(root: Path, stamp: str) -> Project:
    """What the strict builds leave under _build/: PDFs, a versioned site behind its link."""
    project = Project(root)
    project.pdf.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        project.pdf_path(lang).write_bytes(f"%PDF-1.7 {lang}".encode())
        version = project.html / f".{lang}-{stamp}"
        (version / "cases").mkdir(parents=True, exist_ok=True)
        (version / "index.html").write_text(f"<html lang={lang}>index</html>", encoding="utf-8")
        (version / "cases" / "alfa-town.html").write_text(f"<p>{lang} case</p>", encoding="utf-8")
        link = project.html / lang
        if link.is_symlink():
            link.unlink()
        link.symlink_to(version.name)
    return project


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_release_folder_is_complete_checked_and_the_same_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(release, "known_commands", lambda: {"html", "pdf", "all"})
    root = make_project(tmp_path / "project")
    project = fake_build(root, "one")
    first = folder_bytes(release.package(project, LANGS, ["`build.py site` is not a command here yet"]))
    out = capsys.readouterr().out
    assert "build.py site" in out
    # Other versioned folders, other file times, an older release in the way: same bytes.
    time.sleep(1.1)
    project = fake_build(root, "two")
    for path in project.build.rglob("*"):
        if path.is_file():
            os.utime(path, (time.time(), time.time()))
    final = release.package(project, LANGS)
    assert folder_bytes(final) == first
    assert final.name == "twinning-" + project.conf["press_date"]

    names = set(first)
    assert {f"twinning-{lang}.pdf" for lang in LANGS} <= names
    assert {"twinning-site.zip", "SHA256SUMS", "data/partnerships.csv", "data/partnerships.json"} <= names
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=final,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    listed = {line.split("  ", 1)[1] for line in first["SHA256SUMS"].decode().splitlines()}
    assert listed == names - {"SHA256SUMS"}

    with zipfile.ZipFile(final / "twinning-site.zip") as archive:
        entries = archive.namelist()
        assert entries == sorted(entries)
        assert "html/cs/cases/alfa-town.html" in entries and "html/sk/index.html" in entries
        assert archive.read("html/en/index.html") == b"<html lang=en>index</html>"
        year, month, day = (int(x) for x in project.conf["press_date"].split("-"))
        assert {info.date_time for info in archive.infolist()} == {(year, month, day, 0, 0, 0)}

    import json
    rows = json.loads(first["data/partnerships.json"])
    with (root / "cases" / "data" / "partnerships.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        table = list(reader)
    assert len(rows) == len(table) and list(rows[0]) == header and list(rows[-1].values()) == table[-1]


def test_release_takes_the_assembled_site_and_epubs_when_the_toolchain_has_them(tmp_path, monkeypatch):
    monkeypatch.setattr(release, "known_commands", lambda: {"all", "site", "epub"})
    root = make_project(tmp_path / "project")
    project = fake_build(root, "one")
    (project.build / "site" / "sk").mkdir(parents=True)
    (project.build / "site" / "index.html").write_text("languages", encoding="utf-8")
    (project.build / "site" / "sk" / "index.html").write_text("sk", encoding="utf-8")
    (project.build / "epub").mkdir()
    (project.build / "epub" / "twinning-cs.epub").write_bytes(b"PK epub")
    final = release.package(project, LANGS)
    assert (final / "twinning-cs.epub").read_bytes() == b"PK epub"
    assert not (final / "twinning-sk.epub").exists()
    with zipfile.ZipFile(final / "twinning-site.zip") as archive:
        assert archive.namelist() == ["site/index.html", "site/sk/index.html"]
    sums = (final / "SHA256SUMS").read_text(encoding="utf-8")
    assert f"{hashlib.sha256(b'PK epub').hexdigest()}  twinning-cs.epub" in sums


def test_a_missing_pdf_leaves_the_previous_release(tmp_path, monkeypatch):
    monkeypatch.setattr(release, "known_commands", lambda: {"all"})
    root = make_project(tmp_path / "project")
    project = fake_build(root, "one")
    good = folder_bytes(release.package(project, LANGS))
    project.pdf_path("cs").unlink()
    with pytest.raises(SystemExit, match="twinning-cs.pdf"):
        release.package(project, LANGS)
    final = project.build / "release" / f"twinning-{project.conf['press_date']}"
    assert folder_bytes(final) == good
    assert [p.name for p in final.parent.iterdir()] == [final.name]


def test_release_is_the_strict_build(tmp_path):
    """The fixture project has untranslated passages on purpose: a release refuses it."""
    root = make_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "press.build.release", "--lang", "cs",
                             "--root", str(root)], capture_output=True, text=True, timeout=600,
                            cwd=Path(release.__file__).resolve().parents[2])
    assert result.returncode == 1
    assert "build.py all --lang cs --strict" in result.stdout
    assert "strict:" in result.stderr and "previous release is untouched" in result.stderr
    assert not (root / "_build" / "release").exists()
