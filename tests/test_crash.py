"""Builds that are killed, run twice at once, or cannot write: no artifact is ever
half-written, the cache stays usable, and the next build recovers by itself."""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest

from conftest import REPO, artifacts, make_project

TIMEOUT = 240
PDF = "_build/pdf/twinning-sk.pdf"


# These builds kill WeasyPrint in the middle of a full render; a working build would
# splice the one-sentence edit instead (press/print/splice/), which CI=1 turns off.
FULL_RENDER = dict(os.environ, CI="1")


def command(root: Path, *args: str) -> list[str]:
    return [sys.executable, str(REPO / "build.py"), *args, "--root", str(root)]


def build(root: Path, *args: str, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run(command(root, *args), capture_output=True, text=True,
                          timeout=TIMEOUT, cwd=root, preexec_fn=preexec_fn, env=FULL_RENDER)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return " ".join(text.split())


def edit(root: Path, marker: str) -> None:
    """A change that every edition's artifacts show: one new sentence in a chapter."""
    chapter = root / "book/chapters/alpha.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nVeta {marker}.\n",
                       encoding="utf-8")


def long_chapter() -> str:
    """About 180 A5 pages of text: enough that WeasyPrint is still at work seconds after
    it starts, so a kill lands inside it on a fast machine too. (Sixty pages were not:
    with the page map a rebuild lays each page out once, and the render ended before
    the kill at 2 s; the build had already published the new PDF.)"""
    paragraph = ("Obce si pri každej návšteve vymenia skúsenosti zo správy obce, zo školstva "
                 "a z kultúry a dohodnú sa na ďalšom stretnutí. ") * 4
    sections = [f"## Časť {i}\n\n" + "\n\n".join([paragraph] * 6) for i in range(1, 91)]
    return "# Dlhá kapitola\n\n" + "\n\n".join(sections) + "\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("crash") / "project")
    (root / "book/chapters/dlha.md").write_text(long_chapter(), encoding="utf-8")
    index = root / "book/index.md"
    index.write_text(index.read_text().replace("chapters/beta\n", "chapters/beta\nchapters/dlha\n"))
    result = build(root, "all", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


# ------------------------------------------------------------------ killed builds

def start(root: Path, *args: str) -> subprocess.Popen:
    # A session of its own: the kill reaches the build and every worker it started.
    return subprocess.Popen(command(root, *args), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=root,
                            start_new_session=True, env=FULL_RENDER)


def kill_when(proc: subprocess.Popen, trigger: str | None, delay: float) -> str:
    """SIGKILL the build's process group `delay` seconds after it starts, or after it
    prints a progress line containing `trigger`. Returns what it printed by then."""
    seen = []
    if trigger:
        for line in proc.stdout:
            seen.append(line)
            if trigger in line:
                break
    time.sleep(delay)
    finished = proc.poll() is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert not finished, f"the build ended before the kill ({trigger}, {delay} s): {seen}"
    _wait_for_group_to_end(proc.pid)
    return "".join(seen)


def _wait_for_group_to_end(pgid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    raise AssertionError("processes of the killed build are still running")


# (command, progress line to wait for, seconds after it): the start (imports, hashes,
# sources), Sphinx, and early and late in WeasyPrint, which the long chapter keeps busy
# for seconds; and the website's Sphinx run, which is short.
MOMENTS = [("pdf", None, 0.5), ("pdf", None, 2.0), ("pdf", "pdf: WeasyPrint", 0.5),
           ("pdf", "pdf: WeasyPrint", 2.0), ("html", "html: Sphinx", 0.2),
           ("epub", "epub: Sphinx", 0.3)]


@pytest.mark.parametrize("kind, trigger, delay", MOMENTS,
                         ids=[f"{k}-{t or 'start'}+{d}s".replace(" ", "") for k, t, d in MOMENTS])
def test_a_killed_build_leaves_every_artifact_and_the_next_one_recovers(root, kind, trigger,
                                                                        delay):
    marker = f"zabitá-{kind}-{trigger or 'start'}-{delay}".replace(" ", "").replace(":", "")
    edit(root, marker)
    before = artifacts(root / "_build")
    state = (root / "_build/.work/state.json").read_bytes()
    proc = start(root, kind, "--lang", "sk")
    kill_when(proc, trigger, delay)
    assert proc.returncode == -signal.SIGKILL
    assert artifacts(root / "_build") == before
    # The record of what was built is whole: the old one, or a newer one, never torn.
    json.loads((root / "_build/.work/state.json").read_bytes() or state)

    result = build(root, kind, "--lang", "sk")  # no cleaning in between
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if kind == "pdf":
        assert marker in pdf_text(root / PDF)
    elif kind == "epub":
        with zipfile.ZipFile(root / "_build/epub/twinning-sk.epub") as epub:
            assert marker in epub.read("chapters/alpha.xhtml").decode("utf-8")
    else:
        assert marker in (root / "_build/html/sk/chapters/alpha.html").read_text()
    assert [p.name for p in (root / "_build/html").iterdir()
            if p.name.startswith(".sk-")] == [os.readlink(root / "_build/html/sk")]


def workers(pid: int) -> list[int]:
    """The pool's worker processes of a build (not multiprocessing's resource tracker)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
        if parent == pid and b"spawn_main" in cmdline:
            found.append(int(proc.name))
    return found


def test_a_killed_worker_fails_its_editions_cleanly_and_the_next_build_recovers(root):
    """The out-of-memory killer takes a worker, not the build: the build says so."""
    edit(root, "zabitý-pracovník")
    proc = start(root, "pdf", "--lang", "sk", "cs", "--jobs", "2")
    for line in proc.stdout:
        if "pdf: WeasyPrint" in line:
            break
    time.sleep(0.5)
    pids = workers(proc.pid)
    assert pids, "no worker processes to kill"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 1, out + err
    assert "Traceback" not in out + err
    assert "a worker process died while building this edition" in err, err
    for pdf in (root / "_build/pdf").glob("*.pdf"):
        assert len(pypdf.PdfReader(pdf).pages) > 1   # whole files only, old or new

    result = build(root, "pdf", "--lang", "sk", "cs", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "zabitý-pracovník" in pdf_text(root / PDF)


# ------------------------------------------------------------------ two builds at once

def test_two_builds_at_once_both_finish_and_the_second_waits(root):
    edit(root, "súbežná")
    first = start(root, "pdf", "--lang", "sk")
    second = start(root, "pdf", "--lang", "sk")
    outputs = [p.communicate(timeout=TIMEOUT) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert not any("Traceback" in out + err for out, err in outputs)
    waited = [out for out, err in outputs if "Another build is running" in err]
    assert len(waited) == 1, outputs
    assert "Up to date" in waited[0]  # it saw the other's work instead of redoing it
    assert "súbežná" in pdf_text(root / PDF)
    ledger = json.loads((root / "_build/.work/state.json").read_text())
    assert "sk:pdf" in ledger
    again = build(root, "pdf", "--lang", "sk")
    assert again.returncode == 0 and "Up to date" in again.stdout, again.stdout + again.stderr


# ------------------------------------------------------------------ no room to write

@pytest.mark.parametrize("kind, folder", [("pdf", "pdf"), ("html", "html"), ("epub", "epub")])
def test_an_output_folder_blocked_by_a_file_is_a_clear_error(root, kind, folder):
    edit(root, f"blokovaný-{kind}")
    blocked = root / "_build" / folder
    aside = root / "_build" / f"{folder}.aside"
    before = artifacts(root / "_build")
    blocked.rename(aside)
    blocked.write_text("a file where the output folder should be")
    try:
        result = build(root, kind, "--lang", "sk")
    finally:
        blocked.unlink()
        aside.rename(blocked)
    errors = result.stderr.splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert any(f"_build/{folder}" in line and ("cannot write" in line or "file system" in line)
               for line in errors), result.stderr
    assert artifacts(root / "_build") == before


def _full_disk_method() -> str:
    """A real full disk (a small tmpfs) where this machine lets the test mount one;
    elsewhere a file size limit, which fails the writes the same way."""
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"press-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
                                 capture_output=True).returncode == 0
        if mounted:
            subprocess.run(["umount", str(probe)], check=True)
    except OSError:  # no mount command
        mounted = False
    probe.rmdir()
    return "tmpfs" if mounted else "file-size-limit"


def _limit_file_size(limit: int):
    def limit_writes():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, don't kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_writes


@pytest.mark.parametrize("method", [_full_disk_method()])
def test_a_full_disk_is_a_clear_error_and_the_next_build_recovers(root, tmp_path, method):
    edit(root, f"plný-disk-{method}")
    build_dir, limits = root / "_build", None
    if method == "tmpfs":
        disk = tmp_path / "disk"
        disk.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", str(disk)], check=True)
        build_dir = disk / "_build"
        subprocess.run(["cp", "-a", str(root / "_build"), str(build_dir)], check=True)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * (free - 32 * 1024))  # less than a PDF
    else:
        limits = _limit_file_size(40_000)  # the print HTML and the PDF are larger
    try:
        before = artifacts(build_dir)
        args = ("all", "--lang", "sk", "--build-dir", str(build_dir))
        result = build(root, *args, preexec_fn=limits)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        reason = "No space left on device" if method == "tmpfs" else "File too large"
        assert any(reason in line for line in result.stderr.splitlines()), result.stderr
        after = artifacts(build_dir)
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        # The site may have been published, whole, before the PDF ran out of room;
        # nothing else may change, and the PDF never.
        assert {k for k in changed if not k.startswith("html/sk/")} == set()
        if changed:
            page = (build_dir / "html/sk/chapters/alpha.html").read_text()
            assert f"plný-disk-{method}" in page
        if method == "tmpfs":
            (disk / "filler").unlink()
        result = build(root, *args)  # room again, no cleaning
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"plný-disk-{method}" in pdf_text(build_dir / "pdf/twinning-sk.pdf")
    finally:
        if method == "tmpfs":
            subprocess.run(["umount", str(disk)], check=True)
