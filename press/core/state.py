"""Build state: what changed, atomic publishing of artifacts, and the build lock.

An artifact is rebuilt only when the content hash of its inputs changes. The hash is
recorded only after the artifact has been published, so a failed or killed build
simply leaves the old record and the old artifact, and the next run tries again.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from press.core.errors import BuildError  # noqa: F401  (raised by every stage)
from press.core.files import inside, stamp, write_atomic  # noqa: F401  (state's callers use these)
from press.core.project import Project

# Inputs that every artifact depends on. Catalogs are per edition (see edition_inputs).
SHARED_INPUTS = ("book", "cases", "press", "fonts", "build.py", "requirements.txt",
                 "requirements.lock")
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".hypothesis"}




def disk_error(exc: OSError, project: Project, folder: Path | None = None) -> str:
    """One line for a file system refusal (a full disk, a folder blocked by a file);
    a failed write() names no file, so the folder being written stands in for it."""
    where = Path(exc.filename or folder or project.build)
    if where.is_relative_to(project.root):
        where = where.relative_to(project.root)
    return f"{where}: file system: {exc.strerror or exc}; the previous artifacts are untouched"


def files_under(root: Path, names) -> list[Path]:
    out = []
    for name in names:
        path = root / name
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*")
                       if p.is_file() and not SKIP_PARTS & set(p.relative_to(root).parts)
                       and p.suffix not in {".mo", ".pyc"})
    return sorted(out)


def edition_inputs(project: Project, lang: str) -> list[Path]:
    return files_under(project.root, SHARED_INPUTS) + files_under(project.locales, [lang])


def digest(project: Project, files: list[Path], extra: dict) -> str:
    h = hashlib.sha256(json.dumps(extra, sort_keys=True).encode())
    for path in files:
        h.update(str(path.relative_to(project.root)).encode() + b"\0")
        h.update(_content_digest(path, project.root))
    return h.hexdigest()


@lru_cache(maxsize=None)   # pure: keyed by the path and its (mtime, size) stamp
def _file_digest(path: str, stamp: tuple) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file ("missing" if absent), recomputed only when it changes."""
    now = stamp(Path(path))
    if now[1] is None:
        return "missing"
    return _file_digest(str(path), now)


def inputs_hash(files: list[Path], *parts: str) -> str:
    """A short content hash of files and extra strings: the key of a cached output
    (a figure, a rendered PDF)."""
    digest = hashlib.sha256()
    for path in sorted(str(p) for p in files):
        digest.update(Path(path).name.encode() + b"\0" + file_digest(Path(path)).encode() + b"\0")
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def _content_digest(path: Path, root: Path) -> bytes:
    # A symlink out of the project is not read, not even to hash it: the build refuses
    # it, and its target could be anything (a huge file, a secret). Its target names it.
    if not inside(path, root):
        return hashlib.sha256(b"outside:" + os.path.realpath(path).encode()).digest()
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").digest()


class Ledger:
    """Remembers, per artifact, the input hash it was last published with."""

    def __init__(self, project: Project):
        self.path = project.work / "state.json"

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}  # missing or torn: everything is simply rebuilt

    def is_current(self, key: str, value: str, artifact: Path) -> bool:
        return self.info(key).get("hash") == value and artifact.exists()

    def info(self, key: str) -> dict:
        entry = self._read().get(key)
        return entry if isinstance(entry, dict) else {}

    def record(self, key: str, value: str, info: dict) -> None:
        data = self._read()
        data[key] = {"hash": value, **info}
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())


def publish_file(src: Path, dest: Path) -> None:
    write_atomic(dest, src.read_bytes())


def publish_tree(src: Path, link: Path) -> None:
    """Publish a directory by copying it to a versioned folder and swapping a symlink.

    Replacing a symlink with rename() is atomic, so `_build/html/<lang>` always points
    at a complete site, the old one until the new one is whole.
    """
    link.parent.mkdir(parents=True, exist_ok=True)
    version = link.parent / f".{link.name}-{time.time_ns()}"
    try:
        shutil.copytree(src, version, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))
        tmp_link = link.parent / f".{link.name}.link.tmp"
        tmp_link.unlink(missing_ok=True)
        tmp_link.symlink_to(version.name)
        if link.exists() and not link.is_symlink():
            shutil.rmtree(link)  # a real folder from an older layout
        os.replace(tmp_link, link)
    except OSError as exc:
        shutil.rmtree(version, ignore_errors=True)
        raise BuildError(f"{link}: cannot publish: {exc.strerror or exc}") from None
    current = os.readlink(link)
    for old in link.parent.glob(f".{link.name}-*"):
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def build_lock(project: Project):
    """One build at a time per checkout; a second one waits and says so."""
    project.build.mkdir(parents=True, exist_ok=True)
    path = project.build / ".lock"
    with open(path, "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            f.seek(0)
            holder = f.read().strip() or "?"
            print(f"Another build is running (pid {holder}); waiting for it to finish…",
                  file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


@contextmanager
def dirty_marker(workdir: Path):
    """Mark a work folder as in use; a marker left by a killed build means "start clean"."""
    marker = workdir / ".incomplete"
    if marker.exists():
        shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    marker.touch()
    yield
    marker.unlink(missing_ok=True)
