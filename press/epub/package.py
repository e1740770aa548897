"""The EPUB's zip container, written so that the same files give the same bytes.

Sphinx's own build_epub stamps each entry with its file's modification time; here
every entry gets the publication date (SOURCE_DATE_EPOCH, from `press_date`), fixed
permissions and a fixed order: `mimetype` first and stored uncompressed (the OCF
rule that lets a reader sniff the type), then the container, the package document and
the content in manifest order.
"""
from __future__ import annotations

import time
import zipfile
from pathlib import Path

FIRST = ("META-INF/container.xml", "content.opf", "toc.ncx")


def zip_time(epoch: str | None) -> tuple[int, int, int, int, int, int]:
    # zip cannot store dates before 1980; a missing epoch is the earliest it can store
    seconds = max(int(epoch or 0), 315532800)
    return time.gmtime(seconds)[:6]


def write_epub(outdir: Path, files: list[str], dest: Path, epoch: str | None,
               extra: dict[str, bytes] | None = None) -> None:
    """Zip outdir's mimetype, FIRST and files (relative names) and extra (name -> bytes)
    into dest."""
    stamp = zip_time(epoch)

    def add(archive: zipfile.ZipFile, name: str, data: bytes, method: int) -> None:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = method
        info.external_attr = 0o644 << 16
        info.create_system = 3       # Unix, whatever the machine
        archive.writestr(info, data, compress_type=method, compresslevel=9
                         if method == zipfile.ZIP_DEFLATED else None)

    seen = set()
    with zipfile.ZipFile(dest, "w") as archive:
        add(archive, "mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        for name in [*FIRST, *files]:
            if name in seen:
                continue
            seen.add(name)
            add(archive, name, (outdir / name).read_bytes(), zipfile.ZIP_DEFLATED)
        for name, data in sorted((extra or {}).items()):
            add(archive, name, data, zipfile.ZIP_DEFLATED)
