"""Shared test helpers: a throw-away copy of the fixture project, built with the real
configuration (book/conf.py), vocabularies and fonts, through the real command line."""
from __future__ import annotations

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
