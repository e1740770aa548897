"""The forge's CI workflow, checked offline against check-jsonschema's built-in schema."""
from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "editions.yml"
CHECK = Path(sys.executable).with_name("check-jsonschema")
# Any request would go to a closed port and fail: the built-in schema must need none.
OFFLINE = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK), "--builtin-schema", "vendor.github-workflows", "--no-cache",
                           str(path)], capture_output=True, text=True, env=OFFLINE, timeout=120)


def test_the_workflow_is_valid_github_actions_syntax():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path):
    # Edited as text: PyYAML would turn the `on:` key into true on the way back.
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count("    strategy:\n") == 1
    path = tmp_path / "broken.yml"
    path.write_text(text.replace("    strategy:\n", "    stratgy:\n"), encoding="utf-8")
    result = validate(path)
    assert result.returncode != 0
    assert "stratgy" in result.stdout + result.stderr


def _steps(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in job["steps"])


def test_one_job_per_edition_with_the_artifacts_and_a_cached_venv():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    # The matrix is the editions of book/conf.py, computed by the workflow's first job.
    listed = subprocess.run(["bash", "-c", jobs["editions"]["steps"][1]["run"].replace(
        '>> "$GITHUB_OUTPUT"', "")], capture_output=True, text=True, cwd=REPO, check=True)
    editions = list(runpy.run_path(str(REPO / "book" / "conf.py"))["press_editions"])
    assert listed.stdout.strip() == "langs=" + str(editions).replace("'", '"')
    edition = jobs["edition"]
    assert edition["strategy"]["matrix"]["lang"] == "${{ fromJSON(needs.editions.outputs.langs) }}"
    run = _steps(edition)
    assert "make all LANGS=${{ matrix.lang }}" in run
    assert "make epub LANGS=${{ matrix.lang }}" in run
    for folder in ("_build/pdf/", "_build/epub/", "_build/html/"):
        assert folder in run
    upload = next(s for s in edition["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["name"] == "edition-${{ matrix.lang }}"
    for name in ("lint-and-test", "edition", "release", "check-site"):
        cache = next(s for s in jobs[name]["steps"] if str(s.get("uses", "")).startswith("actions/cache"))
        assert cache["with"]["path"] == ".venv"
        assert "requirements.lock" in cache["with"]["key"]


def test_release_assembles_checks_and_publishes_the_site():
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert jobs["release"]["needs"] == "edition"
    assert "build.py site" in _steps(jobs["release"])
    assert "actions/download-artifact" in _steps(jobs["release"])
    assert "make check-site" in _steps(jobs["check-site"])
    assert set(jobs["publish"]["needs"]) == {"release", "check-site", "lint-and-test"}
    assert "actions/deploy-pages" in _steps(jobs["publish"])
    assert "make lint" in _steps(jobs["lint-and-test"]) and "make test" in _steps(jobs["lint-and-test"])
