"""`make serve LANGS=sk`: a live preview of one edition's website.

The preview is what `make html` writes: every rebuild runs `build.py html --lang <lang>`
(the same command, in a fresh process, so Sphinx's global state never carries over),
and the server reads `_build/html/<lang>/`, the published site, through its symlink.
A failed build leaves the last good site in place (build.py's own rule); the page
then shows the build's complaint in a banner until the next good build.

The only thing the server adds is a small reload script in each HTML response (not in
the files): it asks `/__press__/status` once a second and reloads when a build is done.
It listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from press.core.project import Project

STATUS_PATH = "/__press__/status"
# textContent, never innerHTML: a build message quotes content, which is untrusted.
RELOAD_SCRIPT = b"""<script>(function(){var seen=null;function tick(){
fetch('/__press__/status',{cache:'no-store'}).then(function(r){return r.json()})
.then(function(s){if(seen!==null&&s.version!==seen){location.reload();return}seen=s.version;
var b=document.getElementById('press-preview-error');if(s.error){if(!b){b=document.createElement('pre');
b.id='press-preview-error';b.style.cssText='position:fixed;bottom:0;left:0;right:0;max-height:40%;'
+'overflow:auto;margin:0;padding:1em;background:#fee;color:#600;border-top:3px solid #c00;z-index:99';
document.body.appendChild(b)}b.textContent=s.error}else if(b){b.remove()}})
.catch(function(){}).finally(function(){setTimeout(tick,1000)})}tick()})();</script>"""
# What a save in these folders can change in the site; _build/ is never under them.
WATCHED = ("book", "cases", "locales")
IGNORED_SUFFIXES = (".swp", ".swx", "~", ".tmp", ".kate-swp")


class Preview:
    """The build state the server reports: a version that changes after each good build."""

    def __init__(self, project: Project, lang: str, build_args: list[str]):
        self.project, self.lang, self.build_args = project, lang, build_args
        self.version = 0
        self.error = ""
        self.lock = threading.Lock()

    def command(self) -> list[str]:
        build_py = Path(__file__).resolve().parents[2] / "build.py"
        return [sys.executable, str(build_py), "html", "--lang", self.lang, *self.build_args,
                "--root", str(self.project.root), "--build-dir", str(self.project.build)]

    def rebuild(self) -> bool:
        print(f"serve: building the {self.lang} website …", flush=True)
        result = subprocess.run(self.command(), capture_output=True, text=True)
        with self.lock:
            if result.returncode == 0:
                self.version += 1
                self.error = ""
            else:
                self.error = (result.stderr or result.stdout).strip() or "the build failed"
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        state = "done" if result.returncode == 0 else "FAILED (the last good site stays)"
        print(f"serve: build {state}", flush=True)
        return result.returncode == 0

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()

    @property
    def site(self) -> Path:
        return self.project.html / self.lang


def handler(preview: Preview):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            # The symlink itself: each request resolves it, so a swap shows at once.
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self):
            if self.path.split("?")[0] == STATUS_PATH:
                return self._send(200, "application/json", preview.status())
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                body = path.read_bytes()
                marker = body.rfind(b"</body>")
                body = body[:marker] + RELOAD_SCRIPT + body[marker:] if marker >= 0 else body + RELOAD_SCRIPT
                return self._send(200, "text/html; charset=utf-8", body)
            return super().do_GET()

        def _send(self, code: int, kind: str, body: bytes):
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass  # the terminal is for build messages

    return Handler


def _relevant(change, path: str) -> bool:
    name = os.path.basename(path)
    return not name.startswith((".#", ".")) and not name.endswith(IGNORED_SUFFIXES)


def watch(preview: Preview, stop: threading.Event, ready: threading.Event) -> None:
    from watchfiles import watch as watch_files

    folders = [str(preview.project.root / d) for d in WATCHED if (preview.project.root / d).is_dir()]
    # An empty batch comes every rust_timeout ms while nothing changes; the first one
    # says the watches are in place, so a save right after start-up is not missed.
    for changes in watch_files(*folders, watch_filter=_relevant, stop_event=stop, debounce=300,
                               step=100, rust_timeout=500, yield_on_timeout=True):
        ready.set()
        if not changes:
            continue
        shown = sorted({preview.project.show(Path(p)) for _, p in changes})
        print(f"serve: changed {', '.join(shown[:5])}{' …' if len(shown) > 5 else ''}", flush=True)
        preview.rebuild()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="press serve",
                                description="Live preview of one edition's website on 127.0.0.1.")
    p.add_argument("--lang", nargs="+", metavar="LANG",
                   help="the edition (one; default: the first in book/conf.py)")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--strict", action="store_true")
    p.add_argument("--draft", action="store_true")
    p.add_argument("--jobs", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--root", default=None, help=argparse.SUPPRESS)
    p.add_argument("--build-dir", default=None, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path(args.root) if args.root else Project().root
    project = Project(root, Path(args.build_dir)) if args.build_dir else Project(root)
    langs = args.lang or project.editions[:1]
    if len(langs) != 1 or langs[0] not in project.editions:
        print(f"serve: name one edition of {', '.join(project.editions)} "
              f"(make serve LANGS=sk)", file=sys.stderr)
        return 2
    build_args = [flag for flag, on in (("--strict", args.strict), ("--draft", args.draft)) if on]
    preview = Preview(project, langs[0], build_args)
    stop, ready = threading.Event(), threading.Event()
    # Watch first, then build: a save during the first build triggers the next one.
    threading.Thread(target=watch, args=(preview, stop, ready), daemon=True).start()
    ready.wait(60)
    preview.rebuild()
    if not (preview.site / "index.html").is_file():
        stop.set()
        print("serve: no site to show; fix the errors above and run make serve again",
              file=sys.stderr)
        return 1
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler(preview))
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does
    print(f"serve: http://127.0.0.1:{server.server_address[1]}/ (the {preview.lang} edition; "
          "rebuilds when book/, cases/ or locales/ change; Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
