# The editor's and translator's interface. Every target installs what it needs first.
#
#   make pdf          build the PDF of every edition          -> _build/pdf/
#   make html         build the website: every edition and the site -> _build/site/
#   make check-site   accessibility (axe) and HTML validity of every page of the site
#   make epub         build the EPUB 3 of every edition       -> _build/epub/
#   make all          all three formats and the site
#   make serve        live preview of one edition's website   -> http://127.0.0.1:8000/
#   make preview      one document as it will print, e.g. DOC=cases/<id> LANGS=sk
#                                                             -> _build/preview/
#   make check        validate case records, data and catalogs
#   make gettext      extract message templates               -> _build/gettext/
#   make update-po    create/update the catalogs each edition needs (locales/)
#   make stats        translation progress per edition        -> _build/stats.{json,csv}
#   make check-po     check translations against their sources
#   make test         run the test suite (every tier)
#   make test-fast    the unit tier only: no Sphinx, WeasyPrint or build (under a minute)
#   make lint         ruff and mypy on the toolchain (CI runs it with the tests)
#   make release      release folder: PDFs, EPUBs, site, data -> _build/release/
#   make fuzz         run the property-based tests longer
#   make bench        benchmark the build                     -> bench/
#   make clean        remove _build/
#   make lock         re-pin every package after editing requirements.txt
#
# Variables: LANGS="sk cs" narrows to some editions; STRICT=1 is the release build
# (warnings, untranslated text and catalog errors fail); DRAFT=1 forces draft marks;
# JOBS=N editions at once (default: all cores); TODAY=YYYY-MM-DD is the partner board's
# date (default: today): entries expired by then are left out of the site. PORT=N for make serve.

PYTHON := .venv/bin/python
BUILD  := $(PYTHON) build.py
ARGS   := $(if $(LANGS),--lang $(LANGS)) $(if $(filter 1,$(STRICT)),--strict) \
          $(if $(filter 1,$(DRAFT)),--draft) $(if $(JOBS),--jobs $(JOBS)) \
          $(if $(TODAY),--today $(TODAY))

.PHONY: help setup lock preview html pdf epub all check-site gettext update-po stats check check-po test test-fast fuzz bench clean \
        serve lint release

help:
	@sed -n '1,/^$$/p' Makefile | sed -n 's/^# \{0,1\}//p'

setup:
	@tools/bootstrap.sh

html pdf epub all gettext update-po stats check check-po fuzz: setup
	@$(BUILD) $@ $(ARGS)

preview: setup
	@$(BUILD) preview --doc "$(DOC)" $(ARGS)

# axe-core (WCAG 2.1 AA) on every page, the Nu HTML Checker on every page: for CI and
# before a release. `make test` runs them on one page of each kind.
check-site: html
	$(PYTHON) -m press.site.checks _build/site

test: setup
	$(PYTHON) -m pytest -q tests

# Rebuilds with the same command as `make html LANGS=<lang>` whenever a source is saved.
serve: setup
	@$(PYTHON) -m press.build.serve $(ARGS) $(if $(PORT),--port $(PORT))

lint: setup
	$(PYTHON) -m ruff check .
	$(PYTHON) -m mypy

# Always the release build (STRICT, every edition rendered in full); see press/build/release.py.
release: setup
	@$(PYTHON) -m press.build.release $(if $(LANGS),--lang $(LANGS))
# Markers unit/build/slow: tests/conftest.py says which test is which.
test-fast: setup
	$(PYTHON) -m pytest -q -m "unit and not slow" tests

# A fresh venv from requirements.txt alone, then every version it chose, pinned.
lock:
	rm -rf .venv-lock && python3 -m venv .venv-lock
	.venv-lock/bin/pip install -q --disable-pip-version-check -r requirements.txt
	{ sed -n '1,/^[^#]/{/^#/p}' requirements.lock; \
	  .venv-lock/bin/pip freeze --disable-pip-version-check --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

bench: setup
	@bench/run

clean:
	rm -rf _build
