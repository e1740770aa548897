"""Build state: change detection, atomic publishing, the lock."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from press.core.project import Project
from press.core.state import (BuildError, Ledger, build_lock, digest, dirty_marker,
                         edition_inputs, publish_tree, write_atomic)
from conftest import make_project


def test_digest_follows_content_not_mtime(tmp_path):
    project = Project(make_project(tmp_path / "p"))
    files = edition_inputs(project, "cs")
    first = digest(project, files, {"lang": "cs"})
    chapter = project.book / "chapters" / "alpha.md"
    os.utime(chapter, (1, 1))
    assert digest(project, files, {"lang": "cs"}) == first
    chapter.write_text(chapter.read_text() + "\nMore.\n")
    assert digest(project, files, {"lang": "cs"}) != first


def test_catalogs_of_other_editions_are_not_inputs(tmp_path):
    project = Project(make_project(tmp_path / "p"))
    cs_files = {str(p) for p in edition_inputs(project, "cs")}
    assert any("/locales/cs/" in f for f in cs_files)
    assert not any("/locales/en/" in f for f in cs_files)


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["a.pdf"]


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "pdf"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(BuildError, match="pdf/a.pdf: cannot write"):
        write_atomic(blocker / "a.pdf", b"x")


def test_full_disk_is_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"good")

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(BuildError, match="No space left on device"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_publish_tree_swaps_whole_sites(tmp_path):
    site = tmp_path / "site"
    for version in ("old", "new"):
        work = tmp_path / f"work-{version}"
        work.mkdir()
        (work / "index.html").write_text(version)
        publish_tree(work, site)
        assert (site / "index.html").read_text() == version
    assert site.is_symlink()
    assert len(list(tmp_path.glob(".site-*"))) == 1  # the old version is gone


def test_ledger_records_only_published_artifacts(tmp_path):
    project = Project(tmp_path)
    ledger = Ledger(project)
    artifact = tmp_path / "a.pdf"
    assert not ledger.is_current("sk:pdf", "h1", artifact)
    ledger.record("sk:pdf", "h1", {"pages": 3})
    assert not ledger.is_current("sk:pdf", "h1", artifact)  # no file yet
    artifact.write_bytes(b"%PDF")
    assert ledger.is_current("sk:pdf", "h1", artifact)
    assert not ledger.is_current("sk:pdf", "h2", artifact)
    ledger.path.write_text("{torn")
    assert not ledger.is_current("sk:pdf", "h1", artifact)


def test_dirty_marker_makes_the_next_build_start_clean(tmp_path):
    work = tmp_path / "work"
    with pytest.raises(RuntimeError):
        with dirty_marker(work):
            (work / "doctree.pickle").write_text("half written")
            raise RuntimeError("killed")
    assert (work / ".incomplete").exists()
    with dirty_marker(work):
        assert not (work / "doctree.pickle").exists()
    assert not (work / ".incomplete").exists()


def test_second_build_waits_for_the_lock(tmp_path):
    project = Project(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from press.core.project import Project; from press.core.state import build_lock\n"
         f"with build_lock(Project({str(tmp_path)!r})):\n"
         "    print('locked', flush=True); time.sleep(1.5)\n"
         f"    open({str(tmp_path / 'released')!r}, 'w').close()"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent)
    assert holder.stdout.readline().strip() == "locked"
    with build_lock(project):
        # The holder wrote this as the last thing under its lock: we got in after it.
        assert (tmp_path / "released").exists()
    holder.wait()


def test_a_label_catalog_edited_in_the_same_process_is_read_again(tmp_path):
    """The label and name caches are keyed by the file's version, not its path."""
    from press.i18n.labels import label

    po = tmp_path / "cs" / "LC_MESSAGES" / "press.po"
    po.parent.mkdir(parents=True)
    entry = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Contents"\nmsgstr "{}"\n'
    po.write_text(entry.format("Obsah"), encoding="utf-8")
    assert label("cs", "Contents", tmp_path) == "Obsah"
    po.write_text(entry.format("Obsah knihy"), encoding="utf-8")
    assert label("cs", "Contents", tmp_path) == "Obsah knihy"
    po.unlink()
    assert label("cs", "Contents", tmp_path) == "Contents"
