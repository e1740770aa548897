# The editor's and translator's interface. Every target installs what it needs first.
#
#   make pdf          build the PDF of every edition          -> _build/pdf/
#   make html         build the website of every edition      -> _build/html/<lang>/
#   make all          both
#   make preview      one document as it will print, e.g. DOC=cases/<id> LANGS=sk
#                                                             -> _build/preview/
#   make check        validate case records, data and catalogs
#   make gettext      extract message templates               -> _build/gettext/
#   make update-po    create/update the catalogs each edition needs (locales/)
#   make stats        translation progress per edition        -> _build/stats.{json,csv}
#   make check-po     check translations against their sources
#   make test         run the test suite
#   make fuzz         run the property-based tests longer
#   make bench        benchmark the build                     -> bench/
#   make clean        remove _build/
#   make lock         re-pin every package after editing requirements.txt
#
# Variables: LANGS="sk cs" narrows to some editions; STRICT=1 is the release build
# (warnings, untranslated text and catalog errors fail); DRAFT=1 forces draft marks;
# JOBS=N editions at once (default: all cores).

PYTHON := .venv/bin/python
BUILD  := $(PYTHON) build.py
ARGS   := $(if $(LANGS),--lang $(LANGS)) $(if $(filter 1,$(STRICT)),--strict) \
          $(if $(filter 1,$(DRAFT)),--draft) $(if $(JOBS),--jobs $(JOBS))

.PHONY: help setup lock preview html pdf all gettext update-po stats check check-po test fuzz bench clean

help:
	@sed -n '1,/^$$/p' Makefile | sed -n 's/^# \{0,1\}//p'

setup:
	@tools/bootstrap.sh

html pdf all gettext update-po stats check check-po fuzz: setup
	@$(BUILD) $@ $(ARGS)

preview: setup
	@$(BUILD) preview --doc "$(DOC)" $(ARGS)

test: setup
	$(PYTHON) -m pytest -q tests

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
