"""Benchmark of the build: one run, everything measured side by side, ratios printed.

Stages, in order (each prints its own table):
1. corpus   - generate a deterministic book (bench/corpus.py) and fill its catalogs;
2. builds   - the real CLI: a full build of all six artifacts from nothing, a no-op
              rebuild, a one-case edit and `make preview` of that case (print HTML
              current, then right after an edit), each with wall time, CPU time and
              peak memory; issue 21's targets as paired per-round ratios;
3. simplepdf - one edition (sk) of the same sources with sphinx-simplepdf, installed
              into its own venv, as the yardstick every ratio is taken against;
4. features - the sk print HTML rendered with stylesheets derived from print.css, one
              print feature at a time, as CPU-time ratios to a lean render;
5. scale    - loading 10 / 100 / 1,000 case records, and the HTML build at 10 and 100;
6. figures  - press.data.charts.generate_all on the real project and the corpus, cold/warm.
`--scale` runs only the print path's scale instead (issue 21): the default corpus and
600 cases, sk, a rebuild render's CPU per page, with the cold builds and peak memory.

The machine is shared and noisy: single times wander, ratios of runs made side by
side are what to read. `--repeat N` takes medians of N.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "_work"
sys.path[:0] = [str(REPO), str(BENCH)]

import corpus  # noqa: E402  (needs the paths above)

PY = sys.executable
BUILD = str(REPO / "build.py")
SIMPLEPDF_PINS = ["sphinx-simplepdf==1.7.0"]
QUICK = {"chapters": 3, "words": 800, "cases": 8, "case_words": 600}
DEFAULT = {"chapters": 12, "words": 2500, "cases": 60, "case_words": 600}
TARGET_NOOP_S = 1.5
TARGET_SIX_VS_SIMPLEPDF = 1.5
TARGET_ALL_FEATURES_VS_SIMPLEPDF = 2.0
TARGET_LOAD_1000_S = 2.0
TARGET_FIGURES_S = 5.0

# Runs a command and reports its wall time, CPU time and the peak RSS of its largest
# process (RUSAGE_CHILDREN covers every descendant that was waited for, grandchildren
# too). CPU time hardly moves when other work shares the cores; wall time does.
MEASURE = """
import json, resource, subprocess, sys, time
out, log, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
with open(log, "w") as f:
    rc = subprocess.call(cmd, stdout=f, stderr=subprocess.STDOUT)
seconds = time.monotonic() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": rc, "seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
           "peak_mb": usage.ru_maxrss / 1024}, open(out, "w"))
"""


class BenchError(Exception):
    """A step failed; the message says which and where its log is."""


# ---------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------

def measure(name: str, cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Wall time and peak memory of cmd; its output goes to bench/_work/logs/<name>.log."""
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    out, log = logs / f"{name}.json", logs / f"{name}.log"
    subprocess.run([PY, "-c", MEASURE, str(out), str(log), *cmd], cwd=cwd, env=env, check=True)
    result = json.loads(out.read_text())
    result["log"] = str(log)
    if result["rc"] != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise BenchError(f"{name}: exit {result['rc']}; log {rel(log)}:\n{tail}")
    return result


def median_run(runs: list[dict]) -> dict:
    """Medians of wall and CPU time; the rest (peak memory, pages) from the median run."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return dict(ordered[(len(ordered) - 1) // 2], seconds=statistics.median(r["seconds"] for r in runs),
                cpu_s=statistics.median(r["cpu_s"] for r in runs))


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def rel(path: Path) -> str:
    try:
        return str(Path(path).relative_to(REPO))
    except ValueError:
        return str(path)


def paired(rounds: list[dict], bases: list[dict], key: str) -> float | None:
    """The median over rounds of each round's figure divided by that round's yardstick.

    Rounds are paired: a machine that is slower in one round is slower for both the
    figure and its yardstick, so their ratio moves less than either. The median of the
    ratios, not the ratio of the medians, is the headline."""
    ratios = [r[key] / b[key] for r, b in zip(rounds, bases) if r and b and b.get(key)]
    return statistics.median(ratios) if ratios else None


def times(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "–"


def verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def table(head: tuple, rows: list[tuple]) -> str:
    cells = [tuple(str(c) for c in row) for row in [head] + rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join("  " + line for line in lines)


def section(title: str) -> None:
    print(f"\n== {title} ==  (load average {os.getloadavg()[0]:.1f})", flush=True)


# ---------------------------------------------------------------------------------------
# 1. Corpus
# ---------------------------------------------------------------------------------------

def make_corpus(size: dict, page_size: str | None = None) -> tuple[Path, dict]:
    root = WORK / "corpus"
    t0 = time.monotonic()
    info = corpus.make_corpus(root, **size)
    if page_size:  # e.g. A4, the format sphinx-simplepdf prints, for a like-for-like run
        conf = root / "book" / "conf.py"
        text = re.sub(r'^press_page_size = .*$', f'press_page_size = "{page_size}"',
                      conf.read_text(), flags=re.M)
        conf.write_text(text)
        print(f"corpus: page size {page_size}", flush=True)
    info["messages"] = corpus.fill_catalogs(root)
    print(f"corpus: {size['chapters']} chapters x ~{size['words']} words, {size['cases']} cases x "
          f"~{size['case_words']} words = {info['words']:,} words; {info['messages']:,} msgstrs filled "
          f"({time.monotonic() - t0:.1f} s) in {rel(root)}", flush=True)
    return root, info


# ---------------------------------------------------------------------------------------
# 2. Builds with the real command line
# ---------------------------------------------------------------------------------------

def cli(root: Path, *args: str) -> list[str]:
    return [PY, BUILD, *args, "--root", str(root)]


def edition_pages(root: Path) -> int:
    return sum(pdf_pages(p) for p in sorted((root / "_build" / "pdf").glob("*.pdf")))


def first_line(log: str, prefix: str) -> str:
    for line in Path(log).read_text().splitlines():
        if line.startswith(prefix):
            return line
    return ""


def press_round(root: Path, case_id: str, n: int) -> dict:
    """Full build from nothing, no-op rebuild, one-case edit; one of each."""
    shutil.rmtree(root / "_build", ignore_errors=True)
    full = measure(f"full-{n}", cli(root, "all", "--jobs", "2"), cwd=root)
    full["pages"] = edition_pages(root)
    full["dead_links"] = count_lines(full["log"], "No anchor")
    noop = measure(f"noop-{n}", cli(root, "all", "--jobs", "2"), cwd=root)
    noop["plan"] = first_line(noop["log"], "Up to date") or first_line(noop["log"], "Building")
    corpus.edit_case(root, case_id, EDIT_WORDS[n % len(EDIT_WORDS)])
    edit = measure(f"edit-{n}", cli(root, "all", "--jobs", "2"), cwd=root)
    edit["pages"] = edition_pages(root)
    edit["plan"] = first_line(edit["log"], "Building")
    # `make preview` of one case (issue 21): first with the print HTML current (the
    # build above just made it), then right after another edit, when Sphinx must bring
    # the sk print HTML up to date first.
    doc = ["preview", "--doc", f"cases/{case_id}", "--lang", "sk"]
    preview = measure(f"preview-{n}", cli(root, *doc), cwd=root)
    corpus.edit_case(root, case_id, PREVIEW_WORDS[n % len(PREVIEW_WORDS)])
    preview_edit = measure(f"preview-edit-{n}", cli(root, *doc), cwd=root)
    return {"full": full, "noop": noop, "edit": edit, "preview": preview,
            "preview_edit": preview_edit}


EDIT_WORDS = ["upravené", "doplnené", "zmenené", "opravené", "spresnené"]
PREVIEW_WORDS = ["prezreté", "overené", "skontrolované", "prečítané", "posúdené"]
KINDS = ("full", "noop", "edit", "preview", "preview_edit")


# ---------------------------------------------------------------------------------------
# 3. sphinx-simplepdf
# ---------------------------------------------------------------------------------------

SIMPLEPDF_CONF = '''# sphinx-simplepdf build of the bench corpus: the same sources, its own conf.
project = "Town twinning (bench corpus)"
author = "bench"
extensions = ["myst_parser", "sphinx_simplepdf"]
root_doc = "index"
language = "sk"
source_suffix = {".md": "markdown"}
exclude_patterns = ["locales", "_*", "**/README.md"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 2
'''


def simplepdf_pins() -> list[str]:
    """sphinx-simplepdf plus our sphinx and myst-parser pins (pip says if they clash)."""
    wanted = ("sphinx==", "myst-parser==")
    pins = [line.strip() for line in (REPO / "requirements.txt").read_text().splitlines()
            if line.strip().lower().startswith(wanted)]
    return SIMPLEPDF_PINS + pins


def simplepdf_venv() -> Path:
    """bench/_work/simplepdf-venv, created once; a stamp records what went in."""
    venv = WORK / "simplepdf-venv"
    stamp = venv / ".bench-pins"
    pins = simplepdf_pins()
    if stamp.exists() and stamp.read_text() == "\n".join(pins):
        return venv
    print(f"installing {' '.join(pins)} into {rel(venv)} (once)…", flush=True)
    subprocess.run([base_python(), "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
    log = WORK / "logs" / "simplepdf-install.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as f:
        if subprocess.run(pip + pins, stdout=f, stderr=subprocess.STDOUT).returncode != 0:
            print("  the pins clash; letting pip choose sphinx and myst-parser", flush=True)
            if subprocess.run(pip + SIMPLEPDF_PINS + ["myst-parser"], stdout=f,
                              stderr=subprocess.STDOUT).returncode != 0:
                raise BenchError(f"simplepdf: pip install failed; log {rel(log)}")
    stamp.write_text("\n".join(pins))
    return venv


def base_python() -> str:
    """The interpreter our .venv was made from: venvs do not nest well."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or PY


def simplepdf_versions(venv: Path) -> str:
    code = ("import importlib.metadata as m; print(', '.join(f'{p} {m.version(p)}' for p in "
            "('sphinx-simplepdf', 'sphinx', 'myst-parser', 'weasyprint')))")
    return subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True,
                          text=True, check=True).stdout.strip()


def simplepdf_sources(root: Path) -> Path:
    """The corpus' assembled sources (generated case pages included), with its own conf."""
    src = WORK / "simplepdf" / "src"
    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(root / "_build" / "src", src,
                    ignore=shutil.ignore_patterns("locales", "*.mo", "__pycache__"))
    (src / "conf.py").write_text(SIMPLEPDF_CONF)
    return src


def simplepdf_round(venv: Path, src: Path, n: int | str) -> dict:
    out, doctrees = WORK / "simplepdf" / "out", WORK / "simplepdf" / "doctrees"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(doctrees, ignore_errors=True)
    # simplepdf runs the `weasyprint` command of its own venv.
    env = dict(os.environ, PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    run = measure(f"simplepdf-{n}", [str(venv / "bin" / "sphinx-build"), "-b", "simplepdf",
                                     "-d", str(doctrees), str(src), str(out)], env=env)
    pdfs = sorted(out.glob("*.pdf"))
    if not pdfs:
        raise BenchError(f"simplepdf: no PDF in {rel(out)}; log {rel(Path(run['log']))}")
    run["pages"] = pdf_pages(pdfs[0])
    run["warnings"] = count_lines(run["log"], "WARNING", "ERROR")
    run["dead_links"] = count_lines(run["log"], "No anchor")
    return run


def count_lines(log: str, *needles: str) -> int:
    text = Path(log).read_text(errors="replace")
    return sum(1 for line in text.splitlines() if any(n in line for n in needles))


# ---------------------------------------------------------------------------------------
# 2+3. Side by side
# ---------------------------------------------------------------------------------------

def builds(root: Path, info: dict, repeat: int, with_simplepdf: bool) -> dict:
    section("builds: the real CLI (build.py all --jobs 2) and sphinx-simplepdf, side by side")
    venv = simplepdf_venv() if with_simplepdf else None
    if venv:
        print(f"simplepdf venv: {simplepdf_versions(venv)}")
    rounds, simple = [], []
    for n in range(repeat):
        rounds.append(press_round(root, info["case_ids"][0], n))
        print(f"  round {n + 1}/{repeat}: full {rounds[-1]['full']['seconds']:.1f} s, no-op "
              f"{rounds[-1]['noop']['seconds']:.2f} s, edit {rounds[-1]['edit']['seconds']:.1f} s, "
              f"preview {rounds[-1]['preview']['seconds']:.1f} s / after an edit "
              f"{rounds[-1]['preview_edit']['seconds']:.1f} s",
              end="", flush=True)
        # simplepdf runs before and after the floors, and the yardstick is the mean of
        # the two: a single run of it wandered from 15.7 to 22.3 s within one bench.
        pair = [simplepdf_round(venv, simplepdf_sources(root), f"{n}a")] if venv else []
        rounds[-1].update(floor_round(root, n))
        print(f", floors {rounds[-1]['lean']['seconds']:.1f} s lean / "
              f"{rounds[-1]['all']['seconds']:.1f} s as built", end="", flush=True)
        if venv:
            pair.append(simplepdf_round(venv, simplepdf_sources(root), f"{n}b"))
            simple.append(dict(pair[1], seconds=statistics.mean(r["seconds"] for r in pair),
                               cpu_s=statistics.mean(r["cpu_s"] for r in pair)))
            print(f", simplepdf {pair[0]['seconds']:.1f} / {pair[1]['seconds']:.1f} s", end="")
        print(flush=True)
    result = {kind: median_run([r[kind] for r in rounds]) for kind in (*KINDS, *FLOORS)}
    result["simplepdf"] = median_run(simple) if simple else None
    # Per kind: median over rounds of (that round's figure / that round's simplepdf).
    result["paired"] = {kind: {key: paired([r[kind] for r in rounds], simple, key)
                               for key in ("seconds", "cpu_s")}
                        for kind in (*KINDS, *FLOORS)} if simple else {}
    print_builds(result)
    result["issue21"] = issue21_targets(rounds, simple)
    result["rounds"] = rounds
    result["simplepdf_rounds"] = simple
    return result


# Issue 21's targets measured in the rounds: each a figure over its yardstick of the same
# round, wall time (the targets are about the editor's wait on 2 cores); the CPU-time ratio
# beside it shows the work whatever the load.
TARGETS_21 = (
    ("edit", "simplepdf", 2.5, "one-case edit, all three editions <= 2.5x simplepdf's one edition"),
    ("preview", "simplepdf", 0.2, "make preview of one case (print HTML current) <= 0.2x simplepdf"),
    ("preview_edit", "simplepdf", 0.2, "make preview of one case right after an edit <= 0.2x simplepdf"),
    ("full", "all", 1.15, "cold build of six artifacts <= 1.15x its floor (3 as-built renders, 2 at a time)"),
)


def issue21_targets(rounds: list[dict], simple: list[dict]) -> dict:
    out = {}
    for kind, base, target, what in TARGETS_21:
        bases = simple if base == "simplepdf" else [r[base] for r in rounds]
        if not bases:
            print(f"n/a   issue 21: {what} (no simplepdf)")
            continue
        figures = [r[kind] for r in rounds]
        ratios = [f["seconds"] / b["seconds"] for f, b in zip(figures, bases)]
        cpu = [f["cpu_s"] / b["cpu_s"] for f, b in zip(figures, bases)]
        median = statistics.median(ratios)
        out[kind] = {"what": what, "target": target, "ratios": ratios, "median": median,
                     "cpu_ratios": cpu, "cpu_median": statistics.median(cpu),
                     "rounds": len(ratios), "met": median <= target}
        print(f"{verdict(median <= target)}  issue 21: {what}: {median:.2f}x (rounds "
              + ", ".join(f"{r:.2f}" for r in ratios)
              + f"; CPU {statistics.median(cpu):.2f}x)")
    return out


# The floor: what WeasyPrint alone needs for the three PDFs on these cores, two renders at
# a time, with no Sphinx and no HTML. If even the lean floor exceeds a target, no build
# that renders three PDFs with this WeasyPrint on this machine can meet it.
FLOORS = {"lean": "3 lean PDFs (no print feature), WeasyPrint only",
          "all": "3 PDFs as built (every feature), WeasyPrint only"}


def floor_round(root: Path, n: int) -> dict[str, dict]:
    from concurrent.futures import ThreadPoolExecutor

    langs = sorted(p.parent.parent.name
                   for p in (root / "_build" / ".work").glob("*/print/index.html"))
    pages = {lang: prepare_feature_html(root, lang, tuple(FLOORS))[1] for lang in langs}
    result = {}

    def one(name, lang):
        return render_variant(root, f"floor-{name}-{lang}", pages[lang][name],
                              name == "all", str(n))
    for name in FLOORS:
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = list(pool.map(partial(one, name), langs))
        # CPU of the whole render processes, as the builds' CPU is of all their processes.
        result[name] = {"seconds": time.monotonic() - t0,
                        "cpu_s": sum(r["process_cpu_s"] for r in runs),
                        "render_cpu_s": sum(r["cpu_s"] for r in runs),
                        "pages": sum(r["pages"] for r in runs),
                        "peak_mb": max(r["peak_mb"] for r in runs), "renders": len(runs)}
    return result


def print_builds(r: dict) -> None:
    base = r["simplepdf"]["seconds"] if r["simplepdf"] else None
    rows = []
    names = [("full", "full build, 6 artifacts (3 PDF + 3 HTML)"), ("noop", "no-op rebuild"),
             ("edit", "one-case edit, rebuild"),
             ("preview", "make preview of one case, print HTML current"),
             ("preview_edit", "make preview of one case right after an edit"),
             *(("floor " + k, v) for k, v in FLOORS.items()),
             ("simplepdf", "sphinx-simplepdf, sk PDF only")]
    for key, label in names:
        run = r.get(key.removeprefix("floor "))
        if not run:
            rows.append((label, "skipped", "", "", "", "", "", ""))
            continue
        pages = run.get("pages")
        rate = f"{pages / run['seconds']:.1f}" if pages else "–"
        pair = r["paired"].get(key.removeprefix("floor "), {}) if key != "simplepdf" else \
            {"seconds": 1.0, "cpu_s": 1.0}
        rows.append((label, f"{run['seconds']:.2f}", f"{run['cpu_s']:.1f}", pages or "–", rate,
                     f"{run['peak_mb']:.0f}", times(pair.get("seconds")) if base else "–",
                     times(pair.get("cpu_s")) if base else "–"))
    print(table(("measured", "wall s", "CPU s", "pages", "pages/s", "peak MB", "x simplepdf",
                 "CPU x simplepdf"), rows))
    print("  x simplepdf: per round, the figure over that round's simplepdf; the median of those")
    print(f"  no-op said: {r['noop'].get('plan', '')!r}")
    print(f"  edit said:  {r['edit'].get('plan', '')!r}")
    print(f"  'No anchor' (dead internal link) errors: full build {r['full']['dead_links']}", end="")
    if r["simplepdf"]:
        print(f", simplepdf {r['simplepdf']['dead_links']}")
        print(f"  simplepdf: {r['simplepdf']['warnings']} warning/error lines in its log, mostly the"
              f" press directives it does not know ({rel(Path(r['simplepdf']['log']))});"
              " its page size is A4, ours A5")
    else:
        print()
    full = r["paired"]["full"]["seconds"] if base else None
    six = full <= TARGET_SIX_VS_SIMPLEPDF if base else None
    every = full <= TARGET_ALL_FEATURES_VS_SIMPLEPDF if base else None
    print(f"{verdict(six)}  issue 2: six artifacts <= {TARGET_SIX_VS_SIMPLEPDF}x simplepdf one edition"
          f" ({times(full)})")
    print(f"{verdict(r['noop']['seconds'] < TARGET_NOOP_S)}  issue 2: no-op < {TARGET_NOOP_S} s"
          f" ({r['noop']['seconds']:.2f} s)")
    print(f"{verdict(every)}  issue 5: with every feature on, six artifacts <= "
          f"{TARGET_ALL_FEATURES_VS_SIMPLEPDF}x simplepdf ({times(full)})")
    if base:
        for key, target, issue in (("lean", TARGET_SIX_VS_SIMPLEPDF, 2),
                                   ("all", TARGET_ALL_FEATURES_VS_SIMPLEPDF, 5)):
            floor = r["paired"][key]["seconds"]
            print(f"  floor for issue {issue}: {FLOORS[key]}, 2 at a time: {times(floor)}"
                  f" simplepdf; {'below' if floor <= target else 'ABOVE'} the {target}x"
                  f" target, which leaves {(target - floor) * base:.1f} s (at the median"
                  " simplepdf) for everything else")


# ---------------------------------------------------------------------------------------
# 2b. Splicing (issue 22): a one-case edit with the changed pages spliced, against the
#     same edit rendered in full and against sphinx-simplepdf, in the same round
# ---------------------------------------------------------------------------------------

TARGET_SPLICED_EDIT_VS_SIMPLEPDF = 0.5
SPLICE_WORDS = ["spojené", "vložené", "pridané", "prepísané", "skrátené"]


def splice_round(root: Path, case_id: str, n: int, venv: Path | None) -> dict:
    """One case edited twice: rebuilt with splicing, then with CI=1 (which always
    renders in full, press/build/edition.py `splicing`); the same for the PDFs only
    (build.py pdf); and simplepdf once. The book was fully built before."""
    out: dict = {}
    for command in ("all", "pdf"):
        for mode, env in (("spliced", None), ("full", dict(os.environ, CI="1"))):
            corpus.edit_case(root, case_id, f"{SPLICE_WORDS[n % len(SPLICE_WORDS)]}{mode}{command}")
            run = measure(f"splice-{command}-{mode}-{n}",
                          cli(root, command, "--jobs", "2"), cwd=root, env=env)
            log = Path(run["log"]).read_text(errors="replace")
            run["spliced"] = sum(1 for line in log.splitlines()
                                 if line.startswith("_build/pdf/") and line.rstrip().endswith("spliced"))
            run["refused"] = [line.split("full render ", 1)[1] for line in log.splitlines()
                              if "pdf: full render (" in line]
            run["pages"] = edition_pages(root)
            out[f"{command} {mode}"] = run
    if venv:
        out["simplepdf"] = simplepdf_round(venv, simplepdf_sources(root), f"splice-{n}")
    return out


def splicing_bench(root: Path, info: dict, repeat: int, with_simplepdf: bool) -> dict:
    section("splicing: a one-case edit, spliced against rendered in full (issue 22)")
    venv = simplepdf_venv() if with_simplepdf else None
    build = measure("splice-full-build", cli(root, "all", "--jobs", "2"), cwd=root)
    print(f"  full build first: {build['seconds']:.1f} s, {edition_pages(root)} pages", flush=True)
    rounds = []
    case_id = info["case_ids"][len(info["case_ids"]) // 2]
    for n in range(repeat):
        rounds.append(splice_round(root, case_id, n, venv))
        r = rounds[-1]
        print(f"  round {n + 1}/{repeat}: " + ", ".join(
            f"{k} {v['seconds']:.1f} s" for k, v in r.items()), flush=True)
    kinds = [k for k in rounds[0] if k != "simplepdf"]
    result: dict = {k: median_run([r[k] for r in rounds]) for k in kinds}
    simple = [r["simplepdf"] for r in rounds if "simplepdf" in r]
    result["simplepdf"] = median_run(simple) if simple else None
    rows = []
    for k in kinds:
        run = result[k]
        ratio = paired([r[k] for r in rounds], simple, "seconds") if simple else None
        cpu = paired([r[k] for r in rounds], simple, "cpu_s") if simple else None
        vs_full = statistics.median(r[k]["seconds"] / r[k.replace("spliced", "full")]["seconds"]
                                    for r in rounds)
        rows.append((f"one-case edit, build.py {k}", f"{run['seconds']:.2f}", f"{run['cpu_s']:.1f}",
                     str(rounds[-1][k]["spliced"]), times(vs_full), times(ratio), times(cpu)))
    if result["simplepdf"]:
        rows.append(("sphinx-simplepdf, sk PDF only", f"{result['simplepdf']['seconds']:.2f}",
                     f"{result['simplepdf']['cpu_s']:.1f}", "–", "–", "1.00x", "1.00x"))
    print(table(("measured", "wall s", "CPU s", "PDFs spliced", "x full render", "x simplepdf",
                 "CPU x simplepdf"), rows))
    for k in kinds:
        if rounds[-1][k]["refused"] and "spliced" in k:
            print(f"  {k}: rendered in full because {rounds[-1][k]['refused'][0]}")
    if simple:
        ratio = paired([r["all spliced"] for r in rounds], simple, "seconds")
        ok = ratio is not None and ratio <= TARGET_SPLICED_EDIT_VS_SIMPLEPDF
        print(f"{verdict(ok)}  issue 22: one-case edit, all three editions, spliced <= "
              f"{TARGET_SPLICED_EDIT_VS_SIMPLEPDF}x simplepdf one edition ({times(ratio)})")
    result["rounds"] = rounds
    return result


# ---------------------------------------------------------------------------------------
# 4. Print feature costs
# ---------------------------------------------------------------------------------------

FEATURES = {
    "heads": "running heads + page numbers (margin boxes, string-set)",
    "toc": "TOC page numbers (target-counter)",
    "xref": "xref page numbers (explicit cross-references)",
    "index": "index page numbers (target-counter)",
    "right": "chapters start on a right-hand page",
    "ua": "pdf/ua-1 tagging",
}
VARIANT_NOTES = {
    "lean": "none of the features below (chapters still start on a new page)",
    "all": "every feature, pdf/ua-1 included: the book as built",
    "all but ua": "every stylesheet feature, no tagging",
}
BREAK_PROPERTIES = {"break-before", "break-after", "page-break-before", "page-break-after"}
STYLE_LINKS = re.compile(r'<link rel="stylesheet" href="print\.css">\s*<style>(.*?)</style>', re.S)


def feature_of(prelude: str, name: str, value: str) -> str | None:
    """Which print feature a declaration belongs to (None: the lean book keeps it)."""
    if name == "string-set":
        return "heads"
    if "target-counter" in value or "target-text" in value:
        for key in ("toc", "xref", "index"):
            if key in prelude:
                return key
        return "xref"
    if name in BREAK_PROPERTIES and value.strip() in ("right", "left", "recto", "verso"):
        return "right"
    return None


def _declarations(prelude: str, content, enabled: set[str], in_page: bool) -> list[str]:
    import tinycss2

    kept = []
    for item in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True):
        if item.type == "at-rule":
            # Margin boxes (@top-right, @bottom-left …) carry running heads and folios.
            if not (in_page and "heads" not in enabled):
                kept.append(tinycss2.serialize([item]))
            continue
        if item.type != "declaration":
            continue
        value = tinycss2.serialize(item.value).strip()
        feature = feature_of(prelude, item.lower_name, value)
        if feature == "right" and "right" not in enabled:
            value = "page"   # the lean book still starts chapters on a new page
        elif feature and feature not in enabled:
            continue
        kept.append(f"{item.name}: {value}{' !important' if item.important else ''};")
    return kept


def css_variant(css: str, enabled: set[str]) -> str:
    """The stylesheet with every feature not in `enabled` stripped out."""
    import tinycss2

    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            body = _declarations(prelude, rule.content, enabled, in_page=False)
            if body:
                out.append(f"{prelude} {{ {' '.join(body)} }}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "page":
            prelude = tinycss2.serialize(rule.prelude).strip()
            body = _declarations(prelude, rule.content, enabled, in_page=True)
            out.append(f"@page {prelude} {{ {' '.join(body)} }}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
    return "\n".join(out) + "\n"


def feature_variants() -> dict[str, set[str]]:
    css_features = [f for f in FEATURES if f != "ua"]
    variants = {"lean": set()}
    variants.update({f: {f} for f in FEATURES})
    variants["all"] = set(FEATURES)
    variants["all but ua"] = set(css_features)
    return variants


def prepare_feature_html(root: Path, lang: str = "sk",
                         names: tuple[str, ...] | None = None) -> tuple[Path, dict[str, Path]]:
    """Copy the corpus' print HTML of `lang` and write one HTML + CSS pair per variant."""
    source = root / "_build" / ".work" / lang / "print"
    folder = WORK / "features" / lang
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder)
    page = (folder / "index.html").read_text(encoding="utf-8")
    match = STYLE_LINKS.search(page)
    if not match:
        raise BenchError(f"features: {rel(source / 'index.html')}: head: no print.css link followed "
                         "by the edition <style>; the print builder changed, update bench.py")
    css = (folder / "print.css").read_text(encoding="utf-8") + "\n" + match.group(1)
    pages = {}
    for name, enabled in feature_variants().items():
        if names and name not in names:
            continue
        stem = "bench-" + name.replace(" ", "-")
        (folder / f"{stem}.css").write_text(css_variant(css, enabled - {"ua"}), encoding="utf-8")
        html = page[:match.start()] + f'<link rel="stylesheet" href="{stem}.css">' + page[match.end():]
        (folder / f"{stem}.html").write_text(html, encoding="utf-8")
        pages[name] = folder / f"{stem}.html"
    return folder, pages


def render_variant(root: Path, name: str, html: Path, ua: bool, n: str) -> dict:
    out = html.with_suffix(".pdf")
    cmd = [PY, __file__, "--worker", "render", str(html), str(out), "pdf/ua-1" if ua else "",
           str(html.parent), str(root / "fonts")]
    run = measure(f"render-{name.replace(' ', '-')}-{n}", cmd)
    run["process_cpu_s"] = run["cpu_s"]     # the whole child, imports included
    run.update(json.loads(Path(run["log"]).read_text().strip().splitlines()[-1]))
    return run


def feature_round(root: Path, pages: dict[str, Path], n: int) -> dict[str, dict]:
    """Every variant once, with lean both first and last: drift shows, and averages out."""
    variants = feature_variants()
    order = list(pages) + ["lean"]
    runs: dict[str, list[dict]] = {}
    for i, name in enumerate(order):
        run = render_variant(root, name, pages[name], "ua" in variants[name], f"{n}-{i}")
        runs.setdefault(name, []).append(run)
        print(f"  {name}: {run['cpu_s']:.1f} s CPU, {run['render_s']:.1f} s wall", flush=True)
    return {name: dict(rs[0], cpu_s=statistics.mean(r["cpu_s"] for r in rs),
                       render_s=statistics.mean(r["render_s"] for r in rs))
            for name, rs in runs.items()}


def features(root: Path, repeat: int, built_pages: int | None) -> dict:
    section("print feature costs: sk print HTML, WeasyPrint only, CPU time as a ratio to lean")
    folder, pages = prepare_feature_html(root)
    rounds = [feature_round(root, pages, n) for n in range(repeat)]
    result = {name: dict(rounds[0][name], cpu_s=statistics.median(r[name]["cpu_s"] for r in rounds),
                         render_s=statistics.median(r[name]["render_s"] for r in rounds))
              for name in pages}
    rows = []
    for name, run in result.items():
        what = VARIANT_NOTES.get(name) or FEATURES[name]
        # per round against that round's lean render; the median of those ratios
        run["x_lean"] = paired([rnd[name] for rnd in rounds], [rnd["lean"] for rnd in rounds],
                               "cpu_s")
        rows.append((f"{name:10} {what}", f"{run['cpu_s']:.2f}", f"{run['render_s']:.2f}",
                     run["pages"], f"{run['pages'] / run['cpu_s']:.1f}", f"{run['mb']:.2f}",
                     times(run["x_lean"])))
    print(table(("variant", "CPU s", "wall s", "pages", "pages/CPU s", "PDF MB", "x lean"), rows))
    if built_pages is not None:
        same = result["all"]["pages"] == built_pages
        print(f"  check: 'all' has {result['all']['pages']} pages, the built sk PDF {built_pages}"
              f" ({'same' if same else 'DIFFERENT: the derived stylesheet misses something'})")
    print(f"  stylesheets and PDFs: {rel(folder)}/bench-*.css|pdf")
    result.update(page_map_renders(root, folder, result["lean"]["cpu_s"]))
    return result


def page_map_renders(root: Path, folder: Path, lean: float) -> dict[str, dict]:
    """The print HTML as built, through the page map (press/print/pagemap.py): a first
    render without a map, then a rebuild with the map it left (issue 21)."""
    map_path = folder / "bench-pagemap.json"
    map_path.unlink(missing_ok=True)
    runs, rows = {}, []
    for name in ("map cold", "map rebuild"):
        cmd = [PY, __file__, "--worker", "render-map", str(folder), str(map_path),
               str(folder / f"bench-{name.replace(' ', '-')}.pdf"), str(folder),
               str(root / "fonts")]
        run = measure(f"render-{name.replace(' ', '-')}", cmd)
        run.update(json.loads(Path(run["log"]).read_text().strip().splitlines()[-1]))
        runs[name] = run
        rows.append((name, f"{run['cpu_s']:.2f}", f"{run['render_s']:.2f}", run["pages"],
                     run["layouts"], f"{run['layouts'] / run['pages']:.2f}", run["mode"],
                     times(run["cpu_s"] / lean if lean else None)))
    print(table(("as built, page map", "CPU s", "wall s", "pages", "layouts", "per page",
                 "mode", "x lean"), rows))
    return runs



# ---------------------------------------------------------------------------------------
# 4b. Scale of the print path (issue 21): the default corpus against 600 cases
# ---------------------------------------------------------------------------------------

SCALE_CASES = 600
TARGET_SCALE_PER_PAGE = 1.3     # a rebuild's render CPU per page at 600 cases / at 60
_PASSES = re.compile(r"pdf: (\d+) pages, (\d+) page layouts in (\d+) pass\(es\), page map: (\w+)")


def build_sk_pdf(name: str, root: Path) -> dict:
    """`build.py pdf --lang sk` from nothing: Sphinx, then a cold render through the page map."""
    shutil.rmtree(root / "_build", ignore_errors=True)
    run = measure(f"scale-pdf-{name}", cli(root, "pdf", "--lang", "sk", "--jobs", "1"), cwd=root)
    found = _PASSES.search(Path(run["log"]).read_text(errors="replace"))
    if found:
        run.update(pages=int(found[1]), layouts=int(found[2]), passes=int(found[3]), mode=found[4])
    return run


def rebuild_render(name: str, root: Path, n: int, profile: bool = False) -> dict:
    """The sk print HTML as built, rendered through the page map its own build left
    (a rebuild whose map is right), in a fresh process; a copy, so each round is alike."""
    folder = WORK / "scale-render" / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(root / "_build" / ".work" / "sk" / "print", folder)
    map_path = folder.parent / f"{name}-pagemap.json"
    shutil.copy(root / "_build" / ".work" / "sk" / "pagemap.json", map_path)
    cmd = [PY, __file__, "--worker", "render-map", str(folder), str(map_path),
           str(folder / "rebuild.pdf"), str(folder), str(root / "fonts")]
    env = dict(os.environ, BENCH_PROFILE=str(WORK / "profiles" / f"rebuild-{name}.prof")) \
        if profile else None
    run = measure(f"scale-rebuild-{name}-{n}{'-profile' if profile else ''}", cmd, env=env)
    run.update(json.loads(Path(run["log"]).read_text().strip().splitlines()[-1]))
    return run


def scale_render(size: dict, repeat: int, profile: bool) -> dict:
    """Issue 21's scale target: a rebuild's render CPU per page, 600 cases against the
    default corpus, paired per round; with the cold builds' layouts and peak memory."""
    section(f"scale of the print path: {size['cases']} against {SCALE_CASES} cases, sk, "
            "render with a right page map (issue 21)")
    # Corpora of its own (sk only: no catalogs), so that it can run beside the main bench.
    roots = {"default": WORK / "scale-corpus-default",
             f"{SCALE_CASES} cases": WORK / f"scale-corpus-{SCALE_CASES}"}
    slug = {name: name.split()[0] for name in roots}
    corpus.make_corpus(roots["default"], **size)
    corpus.make_corpus(roots[f"{SCALE_CASES} cases"], **dict(size, cases=SCALE_CASES))
    cold, rows = {}, []
    for name, root in roots.items():
        cold[name] = run = build_sk_pdf(slug[name], root)
        rows.append((f"{name}: build.py pdf --lang sk, from nothing", f"{run['seconds']:.1f}",
                     f"{run['cpu_s']:.1f}", run.get("pages", "?"), run.get("layouts", "?"),
                     f"{run.get('layouts', 0) / run.get('pages', 1):.2f}", run.get("mode", "?"),
                     f"{run['peak_mb']:.0f}"))
        print(f"  cold build, {name}: {run['seconds']:.1f} s wall, {run['cpu_s']:.1f} s CPU, "
              f"{run.get('pages')} pages, {run['peak_mb']:.0f} MB peak", flush=True)
    rounds: list[dict[str, dict]] = []
    for n in range(repeat):
        rounds.append({name: rebuild_render(slug[name], root, n) for name, root in roots.items()})
        for name, run in rounds[-1].items():
            run["cpu_per_page"] = run["cpu_s"] / run["pages"]
            print(f"  round {n + 1}/{repeat}, rebuild {name}: {run['cpu_s']:.1f} s CPU, "
                  f"{run['render_s']:.1f} s wall, {run['pages']} pages, {run['layouts']} layouts,"
                  f" {run['peak_mb']:.0f} MB peak", flush=True)
    big = f"{SCALE_CASES} cases"
    ratios = [r[big]["cpu_per_page"] / r["default"]["cpu_per_page"] for r in rounds]
    for name in roots:
        runs = [r[name] for r in rounds]
        run = dict(runs[0], cpu_s=statistics.median(r["cpu_s"] for r in runs),
                   render_s=statistics.median(r["render_s"] for r in runs),
                   cpu_per_page=statistics.median(r["cpu_per_page"] for r in runs),
                   peak_mb=max(r["peak_mb"] for r in runs))
        rows.append((f"{name}: rebuild render, right page map", f"{run['render_s']:.1f}",
                     f"{run['cpu_s']:.1f}", run["pages"], run["layouts"],
                     f"{run['layouts'] / run['pages']:.2f}", run["mode"], f"{run['peak_mb']:.0f}"))
    print(table(("measured", "wall s", "CPU s", "pages", "layouts", "per page", "mode", "peak MB"),
                rows))
    ratio = statistics.median(ratios)
    print(f"  per round, CPU per page at {SCALE_CASES} cases over the default's: "
          + ", ".join(f"{r:.2f}" for r in ratios))
    print(f"{verdict(ratio <= TARGET_SCALE_PER_PAGE)}  issue 21: a rebuild's render cost per page at "
          f"{SCALE_CASES} cases <= {TARGET_SCALE_PER_PAGE}x the default corpus' ({ratio:.2f}x, "
          f"median of {len(ratios)} round(s))")
    result = {"cold": cold, "rounds": rounds, "ratios": ratios, "ratio": ratio}
    if profile:
        result["profiles"] = {name: rebuild_render(slug[name], root, 0, profile=True)["log"]
                              for name, root in roots.items()}
        print(f"  profiles (cProfile of the render child): {rel(WORK / 'profiles')}/rebuild-*.prof")
    return result


def worker_render(html: str, out: str, variant: str, *roots: str) -> None:
    # Everything render() imports, imported before the clock starts: the figure is the
    # render alone (bench/README.md says so).
    import pydyf  # noqa: F401
    import weasyprint  # noqa: F401
    from weasyprint.pdf import tags  # noqa: F401
    from weasyprint.urls import FatalURLFetchingError, URLFetcher  # noqa: F401

    from press.print.pdf import render

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")   # fixed, as in a build: no clock in fonts
    t0, cpu0 = time.monotonic(), time.process_time()
    result = render(Path(html), Path(out), [Path(r) for r in roots], document=Path(html).stem,
                    variant=variant or None)
    print(json.dumps({"render_s": time.monotonic() - t0, "cpu_s": time.process_time() - cpu0,
                      "pages": result["pages"],
                      "mb": result["bytes"] / 1e6, "weasyprint_warnings": len(result["warnings"])}))


def worker_render_map(folder: str, map_path: str, out: str, *roots: str) -> None:
    import resource

    import weasyprint  # noqa: F401  (imported before the clock starts, as in worker_render)
    from weasyprint.pdf import tags  # noqa: F401

    from press.print import pagemap, pdf  # noqa: F401

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    profile = os.environ.get("BENCH_PROFILE")
    if profile:      # a separate run: the profiler's overhead stays out of the measured ones
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t0, cpu0 = time.monotonic(), time.process_time()
    result = pagemap.render(Path(folder), Path(out), [Path(r) for r in roots], Path(map_path),
                            document="bench", variant="pdf/ua-1")
    if profile:
        import pstats
        profiler.disable()
        Path(profile).parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    print(json.dumps({"render_s": time.monotonic() - t0, "cpu_s": time.process_time() - cpu0,
                      "pages": result["pages"], "layouts": result["layouts"],
                      "mode": result["mode"], "mb": result["bytes"] / 1e6,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


# ---------------------------------------------------------------------------------------
# 5. Case scale
# ---------------------------------------------------------------------------------------

def load_seconds(root: Path) -> tuple[float, int, int]:
    from press.core.project import Project
    from press.content.records import load_records

    times, cases, problems = [], [], []
    for _ in range(3):
        t0 = time.perf_counter()
        cases, problems = load_records(Project(root))
        times.append(time.perf_counter() - t0)
    return statistics.median(times), len(cases), len(problems)


def scale(size: dict, quick: bool = False) -> dict:
    section("case scale: load and validate records (press.content.records.load_records)")
    rows, result = [], {"load": {}, "build": {}}
    for count in (10, 100, 1000):
        root = WORK / "scale" / f"records-{count}"
        corpus.make_records(root, count, size["case_words"])
        seconds, valid, problems = load_seconds(root)
        result["load"][count] = seconds
        rows.append((count, f"{seconds:.3f}", f"{count / seconds:,.0f}", valid, problems))
    print(table(("records", "seconds", "records/s", "valid", "problems"), rows))
    t1000 = result["load"][1000]
    print(f"{verdict(t1000 < TARGET_LOAD_1000_S)}  issue 3: 1,000 records < {TARGET_LOAD_1000_S} s"
          f" ({t1000:.2f} s)")
    print("\n  whole build, HTML only, one edition (build.py html --lang sk), from nothing:")
    rows = []
    for count in (10, 100, 1000) if not quick else (10, 100):
        root = WORK / "scale" / f"book-{count}"
        corpus.make_corpus(root, chapters=1, words=300, cases=count, case_words=size["case_words"])
        run = measure(f"scale-build-{count}", cli(root, "html", "--lang", "sk", "--jobs", "1"), cwd=root)
        result["build"][count] = run["seconds"]
        rows.append((count, f"{run['seconds']:.2f}", f"{run['seconds'] / count:.3f}",
                     f"{run['peak_mb']:.0f}"))
    print(table(("cases", "wall s", "s per case", "peak MB"), rows))
    t10, t100 = result["build"][10], result["build"][100]
    marginal = (t100 - t10) / 90
    predicted = t10 + 990 * marginal
    print(f"  marginal cost per case (10 -> 100): {marginal:.3f} s; fixed part ~{t10 - 10 * marginal:.1f} s;"
          f" linear from there, 1,000 cases would take ~{predicted:.0f} s")
    if 1000 in result["build"]:
        ratio = result["build"][1000] / predicted
        print(f"{verdict(ratio < 1.25)}  issue 3: the build stays linear in the number of cases"
              f" (1,000 cases: {result['build'][1000]:.0f} s, {ratio:.2f}x the linear prediction)")
    result["marginal_s"] = marginal
    return result


# ---------------------------------------------------------------------------------------
# 6. Figures
# ---------------------------------------------------------------------------------------

def figures(corpus_root: Path) -> dict | None:
    section("figures: charts and maps for all editions (press.data.charts.generate_all)")
    probe = subprocess.run([PY, __file__, "--worker", "probe-figures"], capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"n/a   figures: {probe.stdout.strip() or probe.stderr.strip().splitlines()[-1]}")
        return None
    rows, result = [], {}
    for name, root in (("real project", REPO), ("bench corpus", corpus_root)):
        build = WORK / "figures" / name.split()[0]
        shutil.rmtree(build, ignore_errors=True)   # our own build folder: a truly cold cache
        for state in ("cold", "warm"):
            cmd = [PY, __file__, "--worker", "figures", str(root), str(build)]
            run = measure(f"figures-{name.split()[0]}-{state}", cmd)
            timings = json.loads(Path(run["log"]).read_text().strip().splitlines()[-1])
            if "error" in timings:
                print(f"n/a   figures, {name}: {timings['error']}")
                break
            result[(name, state)] = timings
            rows.append((f"{name}, {state}", f"{timings['total_s']:.2f}", f"{timings['cpu_s']:.2f}",
                         timings.get("drawn", "–"), timings.get("cached", "–"), f"{run['seconds']:.2f}"))
    if rows:
        print(table(("what", "generate_all s", "its CPU s", "drawn", "cached", "process wall s"), rows))
    cold = result.get(("real project", "cold"))
    if cold:
        ok = cold["total_s"] < TARGET_FIGURES_S
        print(f"{verdict(ok)}  issue 6: all charts and maps of the book, 3 editions, < "
              f"{TARGET_FIGURES_S:.0f} s cold ({cold['total_s']:.2f} s wall, {cold['cpu_s']:.2f} s CPU)")
    return {f"{k[0]} {k[1]}": v for k, v in result.items()}


def worker_probe_figures() -> int:
    for module in ("press.data.charts", "press.data.maps"):
        try:
            found = __import__(module, fromlist=["generate_all"])
        except Exception as exc:  # noqa: BLE001 - a stage still being written
            print(f"{module} cannot be imported ({type(exc).__name__}: {exc})")
            continue
        if hasattr(found, "generate_all"):
            print(module)
            return 0
    print("no press.data.charts.generate_all or press.data.maps.generate_all (the figures stage is not there yet)")
    return 1


def worker_figures(root: str, build: str) -> None:
    from press.core.project import Project

    try:
        from press.data.charts import generate_all
    except ImportError:
        from press.data.maps import generate_all
    project = Project(Path(root), Path(build))
    cpu0 = time.process_time()
    try:
        timings = generate_all(project, project.editions)
    except Exception as exc:  # noqa: BLE001 - reported as one line in the table
        print(json.dumps({"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}))
        return
    timings = {k: v for k, v in timings.items() if isinstance(v, (int, float, str, list))}
    print(json.dumps(dict(timings, cpu_s=time.process_time() - cpu0)))


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------
# 7. Figure costs: each figure of the real book, drawn alone, against the lean render
# ---------------------------------------------------------------------------------------

FIGURE_LIMIT = 0.03       # issue 19: no figure may cost more than 3 % of a lean render
FIGURE = re.compile(r'<figure\b[^>]*\bid="([^"]+)"[^>]*>.*?</figure>', re.S)


def figure_costs(lean_cpu: float | None, lang: str = "sk") -> dict | None:
    """CPU of drawing each figure of the real book's print HTML (figure page minus an
    empty page, in one warm process), as a share of the corpus' lean render."""
    section(f"figure costs: each figure of the real book ({lang} print HTML) drawn alone, "
            "CPU as a share of the lean render")
    source = REPO / "_build" / ".work" / lang / "print" / "index.html"
    if not source.exists():
        print(f"n/a   no {rel(source)}: build the {lang} PDF first (make pdf LANGS={lang})")
        return None
    cmd = [PY, __file__, "--worker", "figure-costs", str(source)]
    run = measure(f"figure-costs-{lang}", cmd)
    costs = json.loads(Path(run["log"]).read_text().strip().splitlines()[-1])
    rows, over = [], []
    for name, cpu in costs.items():
        share = cpu / lean_cpu if lean_cpu else None
        if share is not None and share > FIGURE_LIMIT and "not printed" not in name:
            over.append(name)       # the website's map is shown for comparison only
        rows.append((name, f"{cpu:.3f}", "n/a" if share is None else f"{share:.1%}"))
    print(table(("figure", "CPU s", "share of lean"), rows))
    if lean_cpu:
        print(f"  lean render: {lean_cpu:.2f} s CPU; limit {FIGURE_LIMIT:.0%}: "
              + (f"OVER: {', '.join(over)}" if over else "every figure within it"))
    return {"lean_cpu_s": lean_cpu, "figures": costs, "over": over}


def worker_figure_costs(source: str, repeat: int = 3) -> None:
    """Render, in this one process, a page per figure and an empty page, `repeat` times."""
    from press.print.pdf import render

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    page = Path(source).read_text(encoding="utf-8")
    head = page[:page.index("<body")]
    folder = Path(source).parent
    work = WORK / "figure-costs"
    work.mkdir(parents=True, exist_ok=True)
    pages = {"(empty page)": ""}
    pages.update({match.group(1): match.group(0) for match in FIGURE.finditer(page)
                  if "<svg" in match.group(0) or "<img" in match.group(0)})
    cover = re.search(r'<div class="cover-art">.*?</svg>\s*</div>', page, re.S)
    if cover:
        pages["(front cover artwork)"] = cover.group(0)
    site_map = REPO / "_build" / "html" / "sk" / "chapters" / "statistics.html"
    if site_map.exists():   # the website's line map, for comparison (no longer in print)
        found = re.search(r'<svg[^>]*class="partnership-map".*?</svg>', site_map.read_text("utf-8"), re.S)
        if found:
            pages["(website line map, not printed)"] = f"<figure>{found.group(0)}</figure>"
    cpu: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, figure in pages.items():
            html = folder / ".bench-figure.html"
            html.write_text(f"{head}<body><main>{figure}</main></body></html>", encoding="utf-8")
            t0 = time.process_time()
            render(html, work / "figure.pdf", [folder, REPO / "fonts"], document=name, variant=None)
            cpu.setdefault(name, []).append(time.process_time() - t0)
            html.unlink()
    empty = statistics.median(cpu.pop("(empty page)"))
    print(json.dumps({name: max(0.0, statistics.median(times) - empty) for name, times in cpu.items()}))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n")[0])
    p.add_argument("--chapters", type=int, help=f"chapters (default {DEFAULT['chapters']})")
    p.add_argument("--words", type=int, help=f"words per chapter (default {DEFAULT['words']})")
    p.add_argument("--cases", type=int, help=f"case records (default {DEFAULT['cases']})")
    p.add_argument("--case-words", type=int, help=f"words per case (default {DEFAULT['case_words']})")
    p.add_argument("--quick", action="store_true",
                   help="smoke run: 3 chapters x 800 words, 8 cases; no simplepdf unless --simplepdf")
    p.add_argument("--simplepdf", action="store_true", help="with --quick: build simplepdf anyway")
    p.add_argument("--skip-simplepdf", action="store_true")
    p.add_argument("--page-size", default=None,
                   help="page size of the corpus (default: the book's, from book/conf.py)")
    p.add_argument("--skip-features", action="store_true")
    p.add_argument("--skip-scale", action="store_true")
    p.add_argument("--skip-figures", action="store_true")
    p.add_argument("--scale", action="store_true",
                   help=f"only the print path's scale (issue 21): the default corpus against "
                        f"{SCALE_CASES} cases, sk; slow (use --repeat 1)")
    p.add_argument("--profile", action="store_true",
                   help="with --scale: one more rebuild render of each corpus under cProfile")
    p.add_argument("--splice", action="store_true",
                   help="only the corpus, one full build and the splicing rounds (issue 22)")
    p.add_argument("--repeat", type=int, default=1,
                   help="runs of each build and render; medians are reported (default 1)")
    return p


def corpus_size(args) -> dict:
    base = QUICK if args.quick else DEFAULT
    return {k: getattr(args, k) if getattr(args, k) is not None else v for k, v in base.items()}


def worker(argv: list[str]) -> int:
    kind, rest = argv[0], argv[1:]
    if kind == "render":
        worker_render(*rest)
    elif kind == "render-map":
        worker_render_map(*rest)
    elif kind == "figures":
        worker_figures(*rest)
    elif kind == "probe-figures":
        return worker_probe_figures()
    elif kind == "figure-costs":
        worker_figure_costs(*rest)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        return worker(argv[1:])
    args = parser().parse_args(argv)
    size = corpus_size(args)
    with_simplepdf = not args.skip_simplepdf and (not args.quick or args.simplepdf)
    started = time.monotonic()
    print(f"bench: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
          f"repeat {args.repeat}", flush=True)
    results: dict = {"size": size, "repeat": args.repeat}
    try:
        if args.scale:
            results["scale_render"] = scale_render(size, args.repeat, args.profile)
        else:
            main_stages(args, size, with_simplepdf, results)
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        WORK.mkdir(parents=True, exist_ok=True)
        # The scale run keeps its own file: it does not overwrite the main bench's numbers.
        name = "results-scale.json" if args.scale else "results.json"
        (WORK / name).write_text(json.dumps(results, indent=1, default=str))
    print(f"\nbench finished in {time.monotonic() - started:.0f} s; numbers in {rel(WORK / name)}")
    return 0


def main_stages(args, size: dict, with_simplepdf: bool, results: dict) -> None:
    root, info = make_corpus(size, args.page_size)
    results["corpus"] = {k: v for k, v in info.items() if k != "case_ids"}
    if args.splice:
        shutil.rmtree(root / "_build", ignore_errors=True)
        results["splicing"] = splicing_bench(root, info, args.repeat, with_simplepdf)
        return
    results["builds"] = builds(root, info, args.repeat, with_simplepdf)
    if not args.skip_features:
        sk_pdf = next(iter(sorted((root / "_build" / "pdf").glob("*-sk.pdf"))), None)
        results["features"] = features(root, args.repeat, pdf_pages(sk_pdf) if sk_pdf else None)
    if not args.skip_scale:
        results["scale"] = scale(size, args.quick)
    if not args.skip_figures:
        results["figures"] = figures(root)
        lean = results.get("features", {}).get("lean", {}).get("cpu_s")
        results["figure_costs"] = figure_costs(lean)


if __name__ == "__main__":
    sys.exit(main())
