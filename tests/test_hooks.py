"""pre-commit: local hooks only, running the editors' checks on the changed files."""
from __future__ import annotations

import re
import subprocess
import sys

import yaml

from conftest import REPO, make_project

CONFIG = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def hook(name: str, root, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "press.build.hooks", name, *files], cwd=root,
                          capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(REPO)})


def test_every_hook_is_local_and_runs_from_the_venv():
    hooks = {h["id"]: h for repo in CONFIG["repos"] for h in repo["hooks"]}
    assert all(repo["repo"] == "local" for repo in CONFIG["repos"])
    assert set(hooks) == {"records", "check-po", "ruff"}
    for h in hooks.values():
        assert h["language"] == "system" and h["entry"].startswith(".venv/bin/")
    assert re.search(hooks["records"]["files"], "cases/alfa-town.yaml")
    assert not re.search(hooks["records"]["files"], "cases/data/partnerships.csv")
    assert re.search(hooks["check-po"]["files"], "locales/cs/LC_MESSAGES/chapters/funding.po")
    assert not re.search(hooks["check-po"]["files"], "locales/templates/chapters/funding.pot")


def test_record_hook_names_the_problem_in_a_changed_record(tmp_path):
    root = make_project(tmp_path / "project")
    assert hook("records", root, "cases/alfa-town.yaml").returncode == 0
    record = root / "cases" / "beta-town.yaml"
    lines = record.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("themes:"))
    record.write_text(record.read_text(encoding="utf-8").replace("themes: [schools, youth]",
                                                                 "themes: [schools, yuoth]"), encoding="utf-8")
    bad = hook("records", root, "cases/beta-town.yaml")
    assert bad.returncode == 1 and f"cases/beta-town.yaml:{number}: themes" in bad.stdout
    # A problem in a record the commit does not touch is not this commit's.
    assert hook("records", root, "cases/alfa-town.yaml").returncode == 0


def test_catalog_hook_runs_check_po_on_the_changed_catalog(tmp_path):
    root = make_project(tmp_path / "project")
    po = next((root / "locales" / "cs" / "LC_MESSAGES").rglob("alpha.po"))
    shown = po.relative_to(root).as_posix()
    assert hook("catalogs", root, shown).returncode == 0
    po.write_text(po.read_text(encoding="utf-8").replace("Language: cs", "Language: sk"), encoding="utf-8")
    bad = hook("catalogs", root, shown)
    assert bad.returncode == 1 and f"{shown}:" in bad.stdout and "header" in bad.stdout
