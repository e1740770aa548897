"""Accessibility and validity of the website, measured: axe-core (WCAG 2.1 AA) in
Debian's Chromium driven by Playwright, and the Nu HTML Checker (vnu.jar) on Java.

Both checkers come from npm (tools/web/package.json, installed by tools/bootstrap.sh
with `npm ci`); the browser is Debian's, never one Playwright downloads. The test suite
runs them on one page of each kind per edition; `make check-site` runs axe on every page
of the built site:

    python -m press.site.checks [_build/site]
"""
from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from press import ROOT

WEB = ROOT / "tools" / "web" / "node_modules"
AXE = WEB / "axe-core" / "axe.min.js"
VNU = WEB / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PREFIX = "twinning"   # the site is served under /<PREFIX>/, as press_site_url's path


def missing_tools() -> list[str]:
    """What `make test` would install (tools/bootstrap.sh), if it is not there."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt: chromium)")
    if not AXE.exists() or not VNU.exists():
        missing.append("tools/web/node_modules (npm ci in tools/web)")
    if subprocess.run(["sh", "-c", "command -v java"], capture_output=True).returncode:
        missing.append("java (apt: default-jre-headless)")
    return missing


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static server as an association would set one up: 404.html for what is not there."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / PREFIX / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path, scratch: Path):
    """Serve the site at http://127.0.0.1:<port>/<PREFIX>/ (only on the loopback)."""
    scratch.mkdir(parents=True, exist_ok=True)
    link = scratch / PREFIX
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(site).resolve())
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(scratch)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def axe(page) -> list[dict]:
    """axe-core's WCAG 2.1 AA violations on the page now loaded."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def vnu(files: list[Path]) -> list[str]:
    """The Nu HTML Checker's errors, in one Java run over all files."""
    if not files:
        return []
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                          *map(str, files)], capture_output=True, text=True)
    try:
        messages = json.loads(run.stderr or run.stdout or "{}").get("messages", [])
    except ValueError:
        return [f"vnu: {run.stderr.strip() or run.stdout.strip()}"]
    return [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine', '?')}: "
            f"{m.get('message')}" for m in messages if m.get("type") == "error"]


def every_page(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in Path(site).rglob("*.html"))


def main(argv: list[str] | None = None) -> int:
    import tempfile

    from playwright.sync_api import sync_playwright

    site = Path((argv or sys.argv[1:] or [str(ROOT / "_build" / "site")])[0])
    if not (site / "index.html").exists():
        print(f"{site}: no site (make html first)", file=sys.stderr)
        return 1
    missing = missing_tools()
    if missing:
        print("missing: " + ", ".join(missing) + " (make setup installs them)", file=sys.stderr)
        return 1
    failures = 0
    paths = every_page(site)
    with tempfile.TemporaryDirectory() as scratch, serve(site, Path(scratch)) as base, \
            sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        for path in paths:
            page.goto(base + path)
            for v in axe(page):
                failures += 1
                print(f"{path}: {v['id']} ({v['impact']}): {v['help']} {v['targets']}")
        browser.close()
    errors = vnu([site / p for p in paths])
    for error in errors:
        print(error)
    print(f"check-site: {len(paths)} pages, {failures} axe violation(s), "
          f"{len(errors)} HTML error(s)")
    return 1 if failures or errors else 0


if __name__ == "__main__":
    sys.exit(main())
