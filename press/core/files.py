"""Files: where a path really is, and the one way the toolchain writes a file.

Every rule here had several copies that disagreed at the edges (a path equal to its
folder, a temporary file left behind, no fsync); now each stage asks this module.
"""
from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from press.core.errors import BuildError

# Images the book may show. Case records accept only the raster ones: a record is
# untrusted, and an SVG can carry script and links.
RASTER_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
IMAGE_SUFFIXES = RASTER_IMAGE_SUFFIXES + (".svg",)


def inside(path: Path | str, folder: Path | str) -> bool:
    """True if path, every symlink on the way resolved, lies in folder (also resolved).

    The folder itself counts as inside. Nothing is read, so a path that does not exist
    yet is answered as well."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def stamp(path: Path | str) -> tuple:
    """(path, mtime, size), or (path, None) for a missing file: a cheap change check,
    and the key of every cache kept per file, so that an edited file is read again."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return (str(path), None)
    return (str(path), info.st_mtime_ns, info.st_size)


def write_atomic(path: Path, data: bytes) -> None:
    """Write next to the target and rename: readers see the old or the new file.

    Parallel edition builds that write the same bytes to the same name meet no
    half-written file; an interrupted run leaves no temporary file behind."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise BuildError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """write_atomic, unless the file already holds these bytes (its time stamp then
    stays, so Sphinx's incremental build sees no change). True if written."""
    path = Path(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
