"""The render memo: what the published PDF was rendered from (render-<pdf>.json beside
the print folder), so that a build whose render would read the same inputs keeps it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from press.core.files import write_atomic
from press.core.project import Project
from press.core.state import file_digest, inputs_hash


def render_key(project: Project, folder: Path, variant: str) -> str:
    """Hash of all a render reads: the print folder (HTML, CSS, images), the fonts,
    the renderer's code and every pinned package, SOURCE_DATE_EPOCH and the variant."""
    from press import ROOT

    from press.print.pagemap import PAGED_HTML

    files = [p for p in folder.rglob("*") if p.is_file()
             and p.name != PAGED_HTML
             and not p.name.startswith("preview-")] + list(project.fonts.glob("*"))
    files += [ROOT / "press" / "print" / name for name in ("pdf.py", "pagemap.py")]
    files += [ROOT / "press" / "patches.py", ROOT / "requirements.lock"]
    return inputs_hash(files, variant, os.environ.get("SOURCE_DATE_EPOCH", ""))


def kept_render(memo: Path, key: str, out: Path) -> dict | None:
    try:
        kept = json.loads(memo.read_text())
        if kept["key"] == key and out.exists() and file_digest(out) == kept["sha256"]:
            return kept
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no memo, or a torn one: render
    return None


def write_memo(memo: Path, key: str, out: Path, result: dict, **made: str) -> None:
    write_atomic(memo, json.dumps({"key": key, "sha256": file_digest(out), "pages": result["pages"],
                                   "bytes": result["bytes"], **made}).encode())
