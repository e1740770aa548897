"""GNU gettext's tools on our catalogs (Debian's `gettext`, installed by the set-up).

Translators' tools write catalogs the way GNU gettext does: Weblate runs msgmerge,
Poedit and msgcat wrap as msgcat does. Babel, which sphinx-intl uses, breaks long lines
elsewhere (before a space instead of after it, and counts the width otherwise). So every
catalog that update-po writes is passed through msgcat: a round trip through Weblate or
Poedit then changes no line whose message did not change.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

LINE_WIDTH = 79  # msgmerge's and msgcat's default; Weblate's "wrap at 77 characters" is this
# The tools' messages and width computation must not depend on the user's locale.
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "LANGUAGE": ""}


def available() -> bool:
    return shutil.which("msgcat") is not None


def msgcat_bytes(path: Path, width: int = LINE_WIDTH) -> bytes:
    """The catalog as msgcat writes it."""
    result = subprocess.run(["msgcat", f"--width={width}", "--output-file=-", str(path)],
                            capture_output=True, env=ENV)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


# Weblate's msgmerge add-on runs this (with --previous, its default) whenever the
# templates change; update-po ends each catalog it writes with the same command, so the
# add-on finds nothing to change. msgmerge also takes the format flags from the
# template: Babel marks any message that looks like a Python format as one ("45 %
# rozpočtu" has a "% r"), and msgfmt --check-format then rejected its translation.
MSGMERGE = ("msgmerge", "--quiet", "--previous")


def msgmerge_bytes(path: Path, template: Path, width: int = LINE_WIDTH) -> bytes:
    result = subprocess.run([*MSGMERGE, f"--width={width}", "--output-file=-", str(path), str(template)],
                            capture_output=True, env=ENV)
    if result.returncode != 0:
        raise ValueError(result.stderr.decode("utf-8", "replace").strip())
    return result.stdout


def normalize(path: Path, template: Path | None = None, width: int = LINE_WIDTH) -> bool:
    """Rewrite the catalog as GNU gettext writes it (msgmerge with its template, or
    msgcat); True when its bytes changed, and the file is not touched otherwise."""
    original = path.read_bytes()
    wrapped = msgmerge_bytes(path, template, width) if template else msgcat_bytes(path, width)
    if wrapped == original:
        return False
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(wrapped)
    tmp.replace(path)
    return True


def publish_templates(project, docnames: list[str]) -> list[Path]:
    """Copy the templates of the documents that have catalogs to locales/templates/, where
    a translation platform finds them (Weblate's "template for new translations" and its
    msgmerge add-on); a template is rewritten only when its bytes change."""
    written = []
    folder = project.locales / "templates"
    for doc in docnames:
        pot = project.gettext / f"{doc}.pot"
        target = folder / f"{doc}.pot"
        data = pot.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    for stale in sorted(folder.rglob("*.pot")) if folder.is_dir() else []:
        if stale.relative_to(folder).with_suffix("").as_posix() not in docnames:
            stale.unlink()
            written.append(stale)
    return written


def msgfmt_check(path: Path) -> tuple[bool, str]:
    """msgfmt --check-format --check-header: (passed, what it said)."""
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "--output-file=/dev/null",
                             str(path)], capture_output=True, env=ENV)
    return result.returncode == 0, result.stderr.decode("utf-8", "replace").strip()
