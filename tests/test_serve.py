"""make serve: the live preview rebuilds with build.py html when a record changes."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import REPO, make_project, visible_text

HANG = 300  # seconds; only stops a hung server, it times nothing


def page_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return visible_text(response.read().decode("utf-8"))


def status(base: str) -> dict:
    import json
    with urllib.request.urlopen(base + "__press__/status", timeout=60) as response:
        return json.loads(response.read())


def test_serve_rebuilds_a_case_page_when_its_record_changes(tmp_path):
    root = make_project(tmp_path / "project")
    server = subprocess.Popen([sys.executable, "-m", "press.build.serve", "--lang", "sk",
                               "--port", "0", "--root", str(root)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    started = threading.Event()

    def read():
        for line in server.stdout:
            lines.append(line)
            if "serve: http://127.0.0.1:" in line:
                started.set()
    threading.Thread(target=read, daemon=True).start()
    try:
        assert started.wait(HANG), "".join(lines)
        base = re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines)).group(0)
        site = root / "_build" / "html" / "sk"
        case = next(p for p in site.rglob("*.html") if "alfa-town" in p.name)
        url = base + case.relative_to(site).as_posix()
        before = page_text(url)
        # The server shows what build.py html wrote: the file's text, plus only its script.
        assert before == visible_text(case.read_text(encoding="utf-8"))
        assert "Každé leto pripravia ochotníci" in before
        assert "Bábkari z oboch obcí" not in before
        version = status(base)["version"]

        record = root / "cases" / "alfa-town.yaml"
        record.write_text(record.read_text(encoding="utf-8").replace(
            "Každé leto pripravia ochotníci z oboch obcí spoločné predstavenie.",
            "Bábkari z oboch obcí hrajú každú jeseň na námestí."), encoding="utf-8")
        deadline = time.monotonic() + HANG
        while status(base)["version"] == version:
            assert server.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "no rebuild:\n" + "".join(lines)
            time.sleep(0.5)
        after = page_text(url)
        assert "Bábkari z oboch obcí hrajú každú jeseň na námestí." in after
        assert "Každé leto pripravia ochotníci" not in after
        assert status(base)["error"] == ""

        # A broken record: the build fails, the page keeps the last good site and the
        # status carries the build's message with the record's file and line.
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("since: 1995", "since: 1066"), encoding="utf-8")
        while not status(base)["error"]:
            assert server.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "no failed build:\n" + "".join(lines)
            time.sleep(0.5)
        line = good.splitlines().index("since: 1995") + 1
        assert f"cases/alfa-town.yaml:{line}: since" in status(base)["error"]
        assert page_text(url) == after
        with urllib.request.urlopen(url, timeout=60) as response:
            assert b"press-preview-error" in response.read()  # the banner's script
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0, "".join(lines)
