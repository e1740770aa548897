"""What a splice may do: the record a render leaves of what the published PDF was made
from, and the documents an edit changed (or Refused, with the reason)."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

_DOC = re.compile(r'<div class="doc level-\d+" id="([^"]+)">')
_OPEN = re.compile(r"<div\b")
_CLOSE = re.compile(r"</div>")
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="#([^"]+)"')
END = "press-splice-end"   # the anchor after the document: its pages end before it

# Each splice brings the fragment's font subsets into the file beside the book's; after
# this many in a row the next build renders in full, which makes the file small again.
MAX_SPLICES = 8


class Refused(Exception):
    """Why this edit cannot be spliced; the build renders in full and says so."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract(text: str, anchor: str) -> str | None:
    """The document's own <div>, from the print HTML, with everything inside it."""
    m = re.search(rf'<div class="doc level-\d+" id="{re.escape(anchor)}">', text)
    if not m:
        return None
    depth, pos = 0, m.start()
    while True:
        o, c = _OPEN.search(text, pos), _CLOSE.search(text, pos)
        if c is None:
            return None
        if o is not None and o.start() < c.start():
            depth, pos = depth + 1, o.end()
        else:
            depth, pos = depth - 1, c.end()
            if depth == 0:
                return text[m.start():pos]


def fingerprint(text: str, environment: str) -> dict:
    """Per document, the hash of its own text (nested documents cut out); and the hash
    of everything else: the HTML outside the documents and what the render reads
    besides the HTML (`environment`: styles, images, fonts, code, variant)."""
    docs, rest = {}, text
    for anchor in _DOC.findall(text):
        part = extract(text, anchor)
        if part is None:
            continue
        own = part
        for inner in _DOC.findall(part)[1:]:
            inner_part = extract(part, inner)
            if inner_part:
                own = own.replace(inner_part, f"<!--{inner}-->", 1)
        docs[anchor] = _sha(own)
        if part in rest:      # nested documents went with their outermost one
            rest = rest.replace(part, f"<!--{anchor}-->", 1)
    return {"docs": docs, "rest": _sha(rest), "environment": environment}


def sidecar_path(work_lang: Path, out: Path) -> Path:
    return work_lang / f"splice-{out.stem}.json"


def _file_sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def remember(work_lang: Path, out: Path, text: str, environment: str, made: str) -> None:
    """After a full render or a splice of `out`: what it was made from, and the page
    map that render left (both must still be there for the next splice)."""
    from press.core.files import write_atomic
    from press.print.pagemap import path_for
    splices = 0
    if made == "spliced":
        try:
            splices = int(json.loads(sidecar_path(work_lang, out).read_text()).get("splices", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        splices += 1
    data = {**fingerprint(text, environment), "pdf_sha256": _file_sha(out),
            "map_sha256": _file_sha(path_for(work_lang)), "made": made, "splices": splices}
    write_atomic(sidecar_path(work_lang, out), json.dumps(data, sort_keys=True).encode())


def changed(work_lang: Path, out: Path, text: str, environment: str) -> list[str]:
    """The documents to render again, or Refused with the reason."""
    from press.print.pagemap import path_for
    try:
        old = json.loads(sidecar_path(work_lang, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Refused("no record of what the published PDF was made from") from None
    if int(old.get("splices", 0)) >= MAX_SPLICES:
        raise Refused(f"{MAX_SPLICES} splices since the last full render")
    if old.get("pdf_sha256") != _file_sha(out):
        raise Refused("the published PDF is not the one last built")
    if old.get("map_sha256") != _file_sha(path_for(work_lang)):
        raise Refused("the page map is not the published PDF's (another variant rendered since)")
    new = fingerprint(text, environment)
    if new["environment"] != old.get("environment"):
        raise Refused("styles, images, fonts or the renderer changed")
    if new["rest"] != old.get("rest") or set(new["docs"]) != set(old.get("docs", {})):
        raise Refused("the book outside its documents changed (contents, order, front matter)")
    docs = [a for a, h in new["docs"].items() if old["docs"][a] != h]
    if not docs:
        raise Refused("no document changed")
    return docs


def environment(folder: Path, fonts: Path, variant: str) -> str:
    """Hash of what a render reads besides the print HTML itself (this package's code
    among it: a splice made by other code is not a base to splice onto)."""
    import os

    from press import ROOT
    from press.core.state import inputs_hash
    from press.print.pagemap import PAGED_HTML

    files = [p for p in folder.rglob("*") if p.is_file() and p.name != "index.html"
             and p.name != PAGED_HTML and not p.name.startswith(("preview-", "splice-"))]
    files += list(fonts.glob("*"))
    files += [ROOT / "press" / "print" / name for name in ("pdf.py", "pagemap.py")]
    files += sorted((ROOT / "press" / "print" / "splice").glob("*.py"))
    files += [ROOT / "press" / "patches.py", ROOT / "requirements.lock"]
    return inputs_hash(sorted(files), variant, os.environ.get("SOURCE_DATE_EPOCH", ""))
