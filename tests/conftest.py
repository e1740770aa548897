"""Shared test helpers: a throw-away copy of the fixture project, built with the real
configuration (book/conf.py), vocabularies and fonts, through the real command line."""
from __future__ import annotations

import hashlib
import signal
import shutil
import os
import subprocess
import sys
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "project"


def make_project(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest, dirs_exist_ok=True)
    shutil.copy(REPO / "book" / "conf.py", dest / "book" / "conf.py")
    shutil.copytree(REPO / "cases" / "vocab", dest / "cases" / "vocab", dirs_exist_ok=True)
    shutil.copytree(REPO / "fonts", dest / "fonts", dirs_exist_ok=True)
    # A small partnership dataset (fictional towns) stands in for cases/data/.
    shutil.copytree(REPO / "tests" / "fixtures" / "data", dest / "cases" / "data",
                    dirs_exist_ok=True)
    # The toolchain's own words: the fixture uses the real catalogs of press.po/sphinx.po.
    for po in REPO.glob("locales/*/LC_MESSAGES/*.po"):
        if po.stem in ("press", "sphinx"):
            target = dest / po.relative_to(REPO)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(po, target)
    return dest


RECORD_FIXTURES = REPO / "tests" / "records"


def records_project(root: Path, records=(), extra: dict[str, str | bytes] | None = None):
    """A project of case records only: three editions, the test vocabularies, one image,
    the given record files, and extra files (name -> text or bytes) in cases/."""
    from press.core.project import Project

    (root / "book").mkdir(parents=True)
    (root / "book" / "conf.py").write_text('press_editions = {"sk": {}, "cs": {}, "en": {}}\n')
    shutil.copytree(RECORD_FIXTURES / "vocab", root / "cases" / "vocab")
    shutil.copytree(RECORD_FIXTURES / "images", root / "cases" / "images")
    for path in records:
        shutil.copy(path, root / "cases" / path.name)
    for name, data in (extra or {}).items():
        target = root / "cases" / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return Project(root)


# An editor's shell has no CI variable; a CI runner sets one (and the build then never
# splices: press/print/splice/). Builds in tests run as an editor runs them, whichever
# machine runs the tests; a test that wants CI's behaviour sets it itself.
EDITOR_ENV = {k: v for k, v in os.environ.items() if k != "CI"}


def run_build(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """build.py as an editor runs it, against the project at root."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=timeout, cwd=root,
                          env=EDITOR_ENV)


# ------------------------------------------------------------------ test tiers
# unit: no Sphinx, no WeasyPrint, no build.py (`make test-fast`, under a minute).
# build: runs one of them. slow: more than a few seconds even alone.
# A test is `build` when its file only builds, when it uses a fixture that builds, or
# when it says so itself (@pytest.mark.build); every other test is `unit`.
BUILD_FILES = {"test_crash.py", "test_hostile.py", "test_i18n.py", "test_pipeline.py",
               "test_print.py", "test_publication.py", "test_pdf_confinement.py",
               "test_unsafe.py"}
SLOW_FILES = {"test_crash.py", "test_hostile.py", "test_pipeline.py", "test_print.py",
              "test_publication.py"}
BUILD_FIXTURES = {"built_project", "doctrees", "summer", "four", "built", "sphinx_run"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if name in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("build") is None and (
                name in BUILD_FILES or BUILD_FIXTURES & set(item.fixturenames)):
            item.add_marker(pytest.mark.build)
        if item.get_closest_marker("build") is None:
            item.add_marker(pytest.mark.unit)


@contextmanager
def hang_guard(seconds: float = 120):
    """Stops a test that hangs (a parser gone exponential, an endless loop) with an
    error. Not a speed check: the bound is many times a normal run on a loaded
    machine; bench/run measures speed."""
    def hung(signum, frame):
        raise TimeoutError(f"hung: still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The fixture project, built once (all editions, HTML and PDF) for many tests."""
    root = make_project(tmp_path_factory.mktemp("project"))
    result = run_build(root, "all", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="session")
def released_book(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The real book, release build (`all --strict`: HTML, PDF and EPUB of every
    edition) into a build folder of the session's own; built once for every test of it."""
    build_dir = tmp_path_factory.mktemp("book") / "_build"
    return run_build(REPO, "all", "--strict", "--build-dir", str(build_dir), timeout=1200), build_dir


def artifacts(build_dir: Path) -> dict[str, str]:
    """sha256 of every published file: the PDFs, the EPUBs, and each edition's site
    behind its link (the versioned folders beside the links are not published files)."""
    found = {}
    for pdf in sorted((build_dir / "pdf").glob("*.pdf")):
        found[f"pdf/{pdf.name}"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    for epub in sorted((build_dir / "epub").glob("*.epub")):
        found[f"epub/{epub.name}"] = hashlib.sha256(epub.read_bytes()).hexdigest()
    html = build_dir / "html"
    for site in sorted(html.iterdir()) if html.is_dir() else []:
        if not site.name.startswith("."):
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    found[f"html/{site.name}/{path.relative_to(site)}"] = \
                        hashlib.sha256(path.read_bytes()).hexdigest()
    return found


SITE_URL = "https://example.org/twinning/"
KOSICE = "kosice-wuppertal-1980"


def make_site_project(dest: Path) -> Path:
    """The fixture project plus one real case (Košice, for the search tests), with the
    website's address set, as an association would configure it."""
    make_project(dest)
    shutil.copy(REPO / "cases" / f"{KOSICE}.yaml", dest / "cases")
    shutil.copytree(REPO / "board", dest / "board")      # the partner board's examples
    for po in REPO.glob(f"locales/*/LC_MESSAGES/cases/{KOSICE}.po"):
        target = dest / po.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(po, target)
    conf = dest / "book" / "conf.py"
    conf.write_text(conf.read_text().replace('press_site_url = ""',
                                             f'press_site_url = "{SITE_URL}"'))
    return dest


@pytest.fixture(scope="session")
def site_project(tmp_path_factory) -> Path:
    """The website of the site fixture, built once (`build.py html`, which assembles
    the site) for the site and browser tests. Returns the project root."""
    root = make_site_project(tmp_path_factory.mktemp("site"))
    result = run_build(root, "html", "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture(scope="module")
def base(site, tmp_path_factory):
    """The URL of the module's `site` (each browser test module defines its own), served
    locally for the module's tests."""
    from press.site import checks

    with checks.serve(site, tmp_path_factory.mktemp("serve")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser), launched as
    press.site.checks launches it; one per test module, shared by its tests."""
    from playwright.sync_api import sync_playwright

    from press.site import checks

    with sync_playwright() as p:
        chromium = checks.launch(p)
        yield chromium
        chromium.close()


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees on a page (no script or style), whitespace folded."""
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
