"""Shared test helpers: a throw-away copy of the fixture project, built with the real
configuration (book/conf.py), vocabularies and fonts, through the real command line."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
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


def run_build(root: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """build.py as an editor runs it, against the project at root."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=timeout, cwd=root)


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
