"""GNU gettext's tools on our catalogs (Debian's `gettext`, installed by the set-up).

Translators' tools write catalogs the way GNU gettext does: Weblate runs msgmerge,
Poedit and msgcat wrap as msgcat does. The one PO writer (press/i18n/po.py) therefore
ends in msgcat, and update-po merges with msgmerge: a round trip through Weblate or
Poedit then changes no line whose message did not change. This module only runs the
tools; what is read and written is po.py's business.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

LINE_WIDTH = 79  # msgmerge's and msgcat's default; Weblate's "wrap at 77 characters" is this
# The tools' messages and width computation must not depend on the user's locale.
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": ""}
MISSING = ("GNU gettext ({tool}) is not installed; the catalogs are written as its msgcat "
           "and msgmerge write them (tools/bootstrap.sh installs it)")


def available() -> bool:
    return shutil.which("msgcat") is not None and shutil.which("msgmerge") is not None


def _run(args: list[str], data: bytes | None = None) -> bytes:
    if shutil.which(args[0]) is None:
        raise RuntimeError(MISSING.format(tool=args[0]))
    result = subprocess.run(args, input=data, capture_output=True, env=ENV)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def msgcat(data: bytes, width: int = LINE_WIDTH) -> bytes:
    """The catalog text `data` as msgcat writes it."""
    return _run(["msgcat", f"--width={width}", "--output-file=-", "-"], data)


# Weblate's msgmerge add-on runs this (with --previous, its default) whenever the
# templates change; update-po merges each catalog with the same command, so the
# add-on finds nothing to change. msgmerge also takes the format flags from the
# template: Babel marks any message that looks like a Python format as one ("45 %
# rozpočtu" has a "% r"), and msgfmt --check-format then rejected its translation.
MSGMERGE = ("msgmerge", "--quiet", "--previous")


def msgmerge(path: Path, template: Path, width: int = LINE_WIDTH) -> bytes:
    """The catalog merged with its template, as msgmerge writes it."""
    return _run([*MSGMERGE, f"--width={width}", "--output-file=-", str(path), str(template)])


def msgfmt_check(path: Path) -> tuple[bool, str]:
    """msgfmt --check-format --check-header: (passed, what it said)."""
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "--output-file=/dev/null",
                             str(path)], capture_output=True, env=ENV)
    return result.returncode == 0, result.stderr.decode("utf-8", "replace").strip()
