"""The `press` console command of the installed package.

`press build <command> …` is `build.py <command> …` (one parser, press.build.cli);
`press serve` is the live preview and `press release` the release folder. The project
is the current directory when it has a book/conf.py, so an installed (not editable)
copy of the toolchain builds the checkout it is run in.
"""
from __future__ import annotations

import sys
from pathlib import Path

USAGE = """usage: press build <command> [options]   (same as: python build.py <command> [options])
       press serve [--lang LANG] [--port N]  live preview of one edition's website
       press release                          _build/release/<publication>-<date>/
"""


def _with_root(argv: list[str]) -> list[str]:
    if "--root" in argv or not (Path.cwd() / "book" / "conf.py").is_file():
        return argv
    return [*argv, "--root", str(Path.cwd())]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE, end="")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "build":
        from press.build.cli import main as build_main
        return build_main(_with_root(rest))
    if command == "serve":
        from press.build.serve import main as serve_main
        return serve_main(_with_root(rest))
    if command == "release":
        from press.build.release import main as release_main
        return release_main(_with_root(rest))
    print(f"press: unknown command '{command}'\n{USAGE}", file=sys.stderr, end="")
    return 2


if __name__ == "__main__":
    sys.exit(main())
