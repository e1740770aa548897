"""What the partnership database and map cost: `.venv/bin/python bench/database.py`.

1. The website build of the real book (`build.py html`, three editions, from clean, in a
   build folder of its own) and, inside it, the database stage (press/site/database/)
   timed alone on the assembled site: the ratio is what the database adds to `make html`
   (target: at most 40 %).
2. `--sphinx`: the road not taken, 1,100 small municipality pages as Sphinx documents
   (MyST, Furo, one edition), for comparison.
3. In Debian's Chromium (Playwright), from navigation start: the table page's first rows
   and the map's points ready (target: within 1 s). The scripts stamp `data-ready` with
   performance.now() when they are done.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn):
    w0, c0 = time.perf_counter(), os.times()
    result = fn()
    c1 = os.times()
    cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) \
        + (c1.children_system - c0.children_system)
    return time.perf_counter() - w0, cpu, result


def html_build(build: Path) -> tuple[float, float]:
    shutil.rmtree(build, ignore_errors=True)
    wall, cpu, run = timed(lambda: subprocess.run(
        [sys.executable, "build.py", "html", "--build-dir", str(build)], cwd=ROOT,
        capture_output=True, text=True))
    if run.returncode:
        sys.exit(run.stdout + run.stderr)
    return wall, cpu


def database_alone(site: Path) -> tuple[float, float, int]:
    from press.core.project import Project
    from press.site import database

    scratch = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(site.resolve(), scratch)
    langs = [p.name for p in scratch.iterdir() if (p / "index.html").is_file() and len(p.name) == 2]
    for lang in langs:
        shutil.rmtree(scratch / lang / database.FOLDER, ignore_errors=True)
    wall, cpu, counts = timed(lambda: database.write(Project(ROOT), scratch, langs))
    shutil.rmtree(scratch.parent, ignore_errors=True)
    return wall, cpu, sum(counts.values())


def sphinx_pages(n: int = 1100) -> tuple[float, float]:
    """n orphan MyST pages, each a 20-row table, built with Furo (one edition)."""
    src = Path(tempfile.mkdtemp())
    (src / "conf.py").write_text('extensions = ["myst_parser"]\nhtml_theme = "furo"\n')
    (src / "index.md").write_text("# Index\n")
    rows = "\n".join(f"| Partner {i} | Country | 19{i:02d} | source |" for i in range(20))
    for i in range(n):
        (src / f"p{i}.md").write_text(f"---\norphan: true\n---\n# Place {i}\n\n"
                                      f"| Partner | Country | Since | Source |\n|---|---|---|---|\n{rows}\n")
    wall, cpu, run = timed(lambda: subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(src / "_out")],
        capture_output=True, text=True))
    shutil.rmtree(src, ignore_errors=True)
    if run.returncode:
        sys.exit(run.stderr)
    return wall, cpu


def browser_times(site: Path, rounds: int = 3) -> dict[str, list[int]]:
    from playwright.sync_api import sync_playwright

    from press.site import checks

    out = {"table": [], "map": []}
    with checks.serve(site, Path(tempfile.mkdtemp())) as base, sync_playwright() as p:
        browser = checks.launch(p)
        for _ in range(rounds):
            for kind, path, sel in (("table", "sk/partnerships/index.html", "#pdb-table[data-ready]"),
                                    ("map", "sk/partnerships/map.html", "#pdb-map[data-ready]")):
                context = browser.new_context()          # a cold cache each time
                page = context.new_page()
                page.goto(base + path)
                page.wait_for_selector(sel)
                out[kind].append(int(page.get_attribute(sel.split("[")[0], "data-ready")))
                context.close()
        browser.close()
    return out


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--sphinx", action="store_true", help="also build 1,100 pages with Sphinx")
    args.add_argument("--site", help="measure the browser on this site only (skip the builds)")
    opts = args.parse_args()
    site = Path(opts.site) if opts.site else None
    if site is None:
        build = ROOT / "_build" / "bench-database"
        wall, cpu = html_build(build)
        site = build / "site"
        d_wall, d_cpu, pages = database_alone(site)
        print(f"build.py html, three editions from clean: {wall:.1f} s wall, {cpu:.1f} s CPU")
        print(f"  of which the database stage ({pages} pages): {d_wall:.1f} s wall, {d_cpu:.1f} s CPU")
        print(f"  added to the build without it: {d_wall / (wall - d_wall):.0%} wall, "
              f"{d_cpu / (cpu - d_cpu):.0%} CPU (target: at most 40 %)")
    if opts.sphinx:
        s_wall, s_cpu = sphinx_pages()
        print(f"1,100 pages as Sphinx documents (MyST + Furo, one edition): {s_wall:.1f} s wall, "
              f"{s_cpu:.1f} s CPU; times three editions: {3 * s_cpu:.0f} s CPU")
    times = browser_times(site)
    for kind, values in times.items():
        print(f"Chromium, {kind} ready after (ms from navigation start, 3 cold loads): "
              f"{sorted(values)} (target: 1000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
