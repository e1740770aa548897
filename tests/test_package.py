"""The installable package: pyproject.toml, the `press` command, the lint configuration."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile

from conftest import REPO, make_project

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_press_build_is_build_py(tmp_path):
    root = make_project(tmp_path / "project")
    via_press = subprocess.run([sys.executable, "-m", "press.build.entry", "build", "check", "--lang", "cs"],
                               capture_output=True, text=True, cwd=root, timeout=600,
                               env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    via_build = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--lang", "cs",
                                "--root", str(root)], capture_output=True, text=True, cwd=root, timeout=600)
    assert via_press.returncode == via_build.returncode
    assert via_press.stdout == via_build.stdout and "records: 3 valid" in via_press.stdout
    unknown = subprocess.run([sys.executable, "-m", "press.build.entry", "frobnicate"], capture_output=True,
                             text=True, cwd=REPO)
    assert unknown.returncode == 2 and "press build <command>" in unknown.stderr


def test_the_wheel_has_the_toolchain_and_the_press_command(tmp_path):
    assert PYPROJECT["project"]["scripts"]["press"] == "press.build.entry:main"
    # A copy of what the wheel is made of: setuptools writes build/ beside its sources.
    source = tmp_path / "source"
    shutil.copytree(REPO / "press", source / "press", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "requirements.txt"):
        shutil.copy(REPO / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--wheel-dir", str(tmp_path), str(source)], capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next(tmp_path.glob("town_twinning_press-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "press = press.build.entry:main" in archive.read(entry_points).decode()
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    for module in ("press/build/cli.py", "press/build/entry.py", "press/i18n/pocheck/__init__.py",
                   "press/style/print.css", "press/templates/furo/page.html", "press/static/press.css"):
        assert module in names, module
    assert not any(n.startswith(("tests/", "book/", "cases/", "locales/")) for n in names)
    # The pins are requirements.txt's, one source of truth.
    pins = [line for line in (REPO / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    for pin in pins:
        assert f"Requires-Dist: {pin}" in metadata.replace("_", "-") or \
            f"Requires-Dist: {pin.replace('_', '-')}" in metadata.replace("_", "-"), pin


def test_lint_configuration_hides_nothing():
    mypy = PYPROJECT["tool"]["mypy"]
    assert "ignore_errors" not in str(PYPROJECT) and mypy.get("ignore_missing_imports") is True
    for path in sorted((REPO / "press").rglob("*.py")) + [REPO / "build.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "type: ignore" in line:
                assert "type: ignore[" in line, f"{path}:{number}: a type: ignore names its error code"
    ruff = PYPROJECT["tool"]["ruff"]["lint"]
    assert {"E", "F", "W", "B"} <= set(ruff["select"])
