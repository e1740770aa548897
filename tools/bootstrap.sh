#!/usr/bin/env bash
# Installs what the build needs: Debian packages (when missing) and the pinned .venv.
# Called by make before any target that runs Python; does nothing when all is in place.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango/HarfBuzz for WeasyPrint, ICU (+ headers and a compiler for PyICU), poppler's
# tools (pdftoppm, for looking at pages), GNU gettext (msgmerge, msgcat, msgfmt: catalogs
# laid out and checked as translation platforms expect), and Python's venv module. For the tests of
# the website: node runs the browser's search stemmer, chromium the search page.
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
          libfontconfig1 libicu-dev pkg-config g++ libyaml-dev poppler-utils gettext python3-venv)
# The website's tests: Debian's Chromium (Playwright drives it; it never downloads a
# browser), Java for the Nu HTML Checker and EPUBCheck, and npm for the checkers in tools/web/.
PACKAGES+=(chromium)
command -v java >/dev/null || PACKAGES+=(default-jre-headless)
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Run this once, then run make again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing pinned Python packages into .venv (first run takes a few minutes)…"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt -c requirements.lock
  echo "$want" > "$stamp"
fi

# axe-core and vnu-jar, exactly as pinned in tools/web/package-lock.json.
web=tools/web
want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$web/node_modules/.lock.sha256" 2>/dev/null)" != "$want" ]; then
  echo "Installing the website's checkers (npm ci in $web)…"
  npm ci --prefix "$web" --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" > "$web/node_modules/.lock.sha256"
fi
