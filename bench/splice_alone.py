"""CPU time of the splice alone against a full render, in one process, on the sk edition
of a built bench corpus (`bench/run --splice` leaves one in bench/_work/corpus): the print
HTML is edited in place (one word of one case reversed), spliced, and rendered in full;
every file it touches is put back. No Sphinx, no site step: the WeasyPrint side only.

    .venv/bin/python bench/splice_alone.py [rounds]
"""
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from press.build.edition import source_date_epoch  # noqa: E402
from press.core.project import Project  # noqa: E402
from press.print import pagemap, splice  # noqa: E402

root = REPO / "bench" / "_work" / "corpus"
os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(Project(root))
work = root / "_build/.work/sk"
folder, fonts = work / "print", root / "fonts"
out = root / "_build/pdf/twinning-sk.pdf"
index = folder / "index.html"
text = index.read_text()
scratch = Path(tempfile.mkdtemp(prefix="splice-bench-"))
for f in (out, work / "pagemap.json", work / "splice-twinning-sk.json", index):
    shutil.copy(f, scratch / f.name)
# The record of what the PDF was made from, with this checkout's code (a splice
# refuses when the renderer changed since).
splice.remember(work, out, text, splice.environment(folder, fonts, "pdf/ua-1"), "full render")
shutil.copy(work / "splice-twinning-sk.json", scratch / "splice-twinning-sk.json")
docs = re.findall(r'<div class="doc level-2" id="(doc-cases-[^"]+)">', text)
target = docs[len(docs) // 2]
part = splice.extract(text, target)
assert part is not None
m = re.search(r"<p>(\w+)", part)
assert m is not None
edited = text.replace(part, part.replace(m.group(0), "<p>" + m.group(1)[::-1], 1))
results: dict[str, list[tuple[float, float]]] = {}
try:
    for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
        for f in (out, work / "pagemap.json", work / "splice-twinning-sk.json"):
            shutil.copy(scratch / f.name, f)
        index.write_text(edited)
        c0, t0 = time.process_time(), time.monotonic()
        r = splice.render(folder, out, [folder, fonts], work, document="sk", variant="pdf/ua-1",
                          stylesheets=[folder / "variant.css"], fonts=fonts)
        results.setdefault("splice", []).append((time.process_time() - c0, time.monotonic() - t0))
        c0, t0 = time.process_time(), time.monotonic()
        pagemap.render(folder, scratch / "full.pdf", [folder, fonts], work / "pagemap.json",
                       document="sk", variant="pdf/ua-1", stylesheets=[folder / "variant.css"])
        results.setdefault("full", []).append((time.process_time() - c0, time.monotonic() - t0))
finally:
    for f in (out, work / "pagemap.json", work / "splice-twinning-sk.json", index):
        shutil.copy(scratch / f.name, f)
shutil.rmtree(scratch)
print(f"{target} in {r['pages']} pages, spliced: {r['documents']}")
for k, v in results.items():
    print(k, "CPU s", [round(c, 2) for c, _ in v], "wall s", [round(w, 2) for _, w in v])
