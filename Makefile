# The portal's commands. `make serve` and `make test` set everything up on a fresh clone:
# uv (bootstrapped into .tools/ when missing), the locked Python packages in .venv/,
# compiled gettext catalogs and, for browser tests, Debian's Chromium.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
PORT ?= 8000
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --frozen --no-sync
# Debian's Chromium as its old headless shell (package chromium-headless-shell): the same
# engine without the browser's windowing layer, about half the CPU of the browser tests
# under the full binary. CHROMIUM=/usr/bin/chromium runs them in the full browser.
CHROMIUM ?= /usr/lib/chromium/chromium-headless-shell
# The W3C Nu HTML checker, from npm (package-lock.json), run on Java 17 or newer.
VNU := node_modules/vnu-jar/build/dist/vnu.jar
CATALOGS := $(wildcard locales/*/LC_MESSAGES/portal.po)
# checkov pins its own boto3, at odds with the portal's: it lives in a tool environment.
CHECKOV_VERSION := 3.3.30
CHECKOV := $(CURDIR)/.tools/checkov/bin/checkov
# The user's cache folder, where uv keeps its packages: make keeps its own there too (the uv
# binary, the packages' bytecode, mypy's cache), shared by every clone.
USER_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)

.PHONY: help setup serve check test test-full screenshots build package lint format types unit translations locales locales-extract chromium vnu java npm pango pdf-font checkov clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# uv goes into .tools/ with the system's pip when it has one (pip 22.3 or newer installs
# into another environment): making the environment without its own pip saves about 8 s
# of CPU (ensurepip). Otherwise the environment gets its own pip. The binary is then kept
# in the user's cache folder (portal-tools/uv-<version>), from which the next clone copies
# it rather than asking pip again (about 4.5 s).
TOOLS_CACHE := $(USER_CACHE)/portal-tools
$(CURDIR)/.tools/bin/uv:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; the portal needs Python 3.11 or newer" >&2; exit 1; }
	@kept=$(TOOLS_CACHE)/uv-$(UV_VERSION); \
	if [ -x "$$kept" ] && [ "$$("$$kept" --version 2>/dev/null | cut -d' ' -f1-2)" = "uv $(UV_VERSION)" ]; then \
		mkdir -p .tools/bin && cp "$$kept" .tools/bin/uv && exit 0; \
	fi; \
	pip="--quiet --disable-pip-version-check"; \
	if ! { $(PYTHON) -m venv --without-pip .tools && $(PYTHON) -m pip --python .tools/bin/python install $$pip uv==$(UV_VERSION) 2>/dev/null; }; then \
		rm -rf .tools; $(PYTHON) -m venv .tools && .tools/bin/pip install $$pip uv==$(UV_VERSION); \
	fi; \
	{ mkdir -p $(TOOLS_CACHE) && cp .tools/bin/uv "$$kept.$$$$" && mv "$$kept.$$$$" "$$kept"; } 2>/dev/null || true

$(CHECKOV): | $(UV)
	$(UV) venv --quiet $(PYTHON_OPTION) .tools/checkov
	VIRTUAL_ENV=.tools/checkov $(UV) pip install --quiet checkov==$(CHECKOV_VERSION)
	@.tools/checkov/bin/python $(BYTECODE_SCRIPT) restore checkov || true

checkov: $(CHECKOV) ## install checkov (infrastructure security checks) into its own environment

# Bytecode is written as modules are first imported, not compiled for every file at
# install: compiling the whole environment costs about 45 s of CPU (9,000 files), while a
# test run imports a fraction of them. PYTHONDONTWRITEBYTECODE (set on some machines, this
# one included) would make every Python process of a run (pytest's workers, each language's
# MkDocs build, portal serve, checkov) compile what it imports again, 3-5 s each: the
# commands below never inherit it.
unexport PYTHONDONTWRITEBYTECODE

# BYTECODE_SCRIPT keeps bytecode between clones, in $(USER_CACHE)/portal-bytecode, as uv
# keeps the packages: a new environment gets what earlier runs compiled, and each check or
# test run keeps what it compiled. Otherwise a fresh clone's first run compiles every module
# it imports, in each process that imports them: the unit tests took 30 s instead of 24 s.
# A cache that cannot be read or written says so in a line and costs the run nothing else.
BYTECODE_SCRIPT := functions/portal/local/bytecode_cache.py
define keep_bytecode
.venv/bin/python $(BYTECODE_SCRIPT) save portal || true; \
if [ -x $(CHECKOV) ]; then .tools/checkov/bin/python $(BYTECODE_SCRIPT) save checkov || true; fi
endef

# The environments' Python (uv's --python): $(PYTHON), or the system's own build of the
# same version (/usr/bin/python3, as Debian and Ubuntu ship it) when there is one. Debian's
# is one static executable built with the distribution's optimisations, where pyenv's
# default build loads libpython as a shared library: here the same checks ran on 7-11% less
# CPU (make check 17 s instead of 19 s, make test 264 s instead of 291 s, warm). PYTHON
# given on the command line or in the environment is taken as it is; without a PYTHON, uv
# finds one itself. Evaluated only when an environment is made.
SYSTEM_PYTHON := /usr/bin/python3
PYTHON_OPTION = $(shell \
	version='import sys; print(sys.version_info[:2])'; \
	python=$$(command -v $(PYTHON) || true); \
	if [ "$(origin PYTHON)" = file ] && [ -n "$$python" ] && [ -x $(SYSTEM_PYTHON) ] && \
		[ "$$($(SYSTEM_PYTHON) -c "$$version" 2>/dev/null)" = "$$("$$python" -c "$$version" 2>/dev/null)" ]; then \
		python=$(SYSTEM_PYTHON); \
	fi; \
	echo $${python:+--python $$python})

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen $(PYTHON_OPTION)
	@.venv/bin/python $(BYTECODE_SCRIPT) restore portal || true
	@touch $@

setup: .venv/.synced locales ## install the locked packages and compile the catalogs

# When a catalog is newer than its .mo, all are compiled in one pybabel run (a run per
# catalog took 1.5 s on a fresh clone).
locales: .venv/.synced ## compile the gettext catalogs
	@for po in $(CATALOGS); do \
		if [ ! "$${po%.po}.mo" -nt "$$po" ]; then \
			$(RUN) pybabel compile --use-fuzzy -d locales -D portal >/dev/null; break; \
		fi; \
	done

locales-extract: .venv/.synced ## extract new strings from code and templates, update every catalog
	$(RUN) pybabel extract -F locales/babel.cfg -k _ -k gettext -k ngettext:1,2 -k N_ --no-location --sort-output -o locales/portal.pot .
	$(RUN) pybabel update -i locales/portal.pot -d locales -D portal --no-wrap --ignore-obsolete

build: setup pango pdf-font ## build the site for every language into build/site/<lang>/, with every version's PDF
	$(RUN) portal build --pdf

serve: setup pango pdf-font ## build every language (and the PDFs) and serve the portal at http://127.0.0.1:$(PORT)
	$(RUN) portal serve --pdf --port $(PORT)

package: setup ## build each Lambda function's zip for python3.13/arm64 into build/lambda/, with sizes
	$(RUN) portal package --uv $(UV) $(PACKAGE_FLAGS)

translations: setup ## list missing and outdated translations
	$(RUN) portal translations

lint: .venv/.synced ## ruff (lint, format, banned calls per layer) and import-linter (the layers' contracts)
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) lint-imports

format: .venv/.synced ## apply ruff's formatting and safe fixes
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

# mypy's cache is the user's, shared by every clone and worktree, as uv's is: a fresh clone
# checks its types in seconds rather than half a minute of CPU. mypy checks each cached
# module against its source's hash when the path or time differs, so a shared cache is
# never stale; MYPY_CACHE_DIR=.mypy_cache keeps one per clone.
MYPY_CACHE_DIR ?= $(USER_CACHE)/portal-mypy
export MYPY_CACHE_DIR

types: .venv/.synced ## mypy (strict on functions/)
	$(RUN) mypy

# Installs Debian's packages $(1) as root, or with password-less sudo (GitHub's runners),
# saying $(2); elsewhere stops with the error $(3).
define apt_install
sudo=; if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; fi; \
if { [ "$$(id -u)" = 0 ] || [ -n "$$sudo" ]; } && command -v apt-get >/dev/null; then \
	echo "$(2)"; \
	$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null; \
else \
	echo "error: $(3)" >&2; exit 1; \
fi
endef

chromium: ## install Debian's Chromium (headless shell) for the browser tests when it is missing
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	$(call apt_install,chromium-headless-shell,installing Debian's chromium-headless-shell for the browser tests,the browser tests need Chromium at $(CHROMIUM); install it with 'sudo apt-get install chromium-headless-shell' or set CHROMIUM=/path/to/chromium)

# WeasyPrint (the PDFs, portal.site.pdfs) loads Pango and HarfBuzz's subsetter through cffi.
# As root, or with password-less sudo (GitHub's runners), make installs them when missing.
PANGO_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
pango: ## install Debian's Pango and HarfBuzz subsetter for the PDFs when they are missing
	@known=$$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p); missing=; \
	for lib in $(PANGO_LIBS); do case "$$known" in *"$$lib"*) ;; *) missing="$$missing $$lib";; esac; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	$(call apt_install,$(PANGO_PACKAGES),installing Debian's Pango and HarfBuzz for the PDFs (missing:$$missing),the PDFs need$$missing; install them with 'sudo apt-get install $(PANGO_PACKAGES)')

java: ## install Debian's Java runtime for the HTML checker when it is missing
	@if command -v java >/dev/null && command -v npm >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's Java runtime and npm for the HTML checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless npm >/dev/null; \
	else \
		echo "error: the HTML checker needs java (17 or newer) and npm; install them with 'sudo apt-get install default-jre-headless npm'" >&2; exit 1; \
	fi

npm: ## install Debian's npm when it is missing (package.json's packages)
	@if command -v npm >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's npm for package.json's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	else \
		echo "error: the PDFs' font and the HTML checker come from npm; install it with 'sudo apt-get install npm'" >&2; exit 1; \
	fi

# package.json's packages, in one `npm ci` (npm dates the files it unpacks in 1985: the
# stamp says when they came). --ignore-scripts: vnu-jar's install script would download a
# Java runtime; Debian's is used.
NPM_STAMP := node_modules/.installed
$(NPM_STAMP): package.json package-lock.json | npm
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(VNU): $(NPM_STAMP) | java
	@touch $@

vnu: $(VNU) ## install the W3C Nu HTML checker (npm's vnu-jar) for the site's validity test

# The font the PDFs embed (portal.site.pdfs): Noto Sans, OFL, from npm's @fontsource/noto-sans.
PDF_FONT := node_modules/@fontsource/noto-sans/package.json
$(PDF_FONT): $(NPM_STAMP)
	@touch $@

pdf-font: $(PDF_FONT) ## install the PDFs' font (npm's @fontsource/noto-sans)

# The unit tests need neither schemathesis nor hypothesis: not loading their pytest
# plugins saves seconds on every run.
FAST_PYTEST := -p no:schemathesis -p no:hypothesispytest -p no:anyio

# Runs the tests $(1) with mypy beside them (the tests leave a core idle at times); mypy's
# report follows theirs, and either failing fails the whole.
define with_types_beside
@mkdir -p build; $(MAKE) --no-print-directory types >build/types.log 2>&1 & types=$$!; \
tests=0; $(1) || tests=$$?; \
$(keep_bytecode); \
checked=0; wait $$types || checked=$$?; cat build/types.log; \
exit $$(( tests ? tests : checked ))
endef

# The unit tests run on one pytest-xdist worker per core, each file on one worker (about
# 17 s instead of 25 s here; a test may read what its file's earlier tests left).
check: setup lint ## the fast loop (under 30 s): lint, types and the unit tests
	$(call with_types_beside,$(RUN) pytest tests/unit -q $(FAST_PYTEST) $(PARALLEL_PYTEST))

unit: setup vnu pango pdf-font ## pytest without the browser tests
	$(RUN) pytest -m "not browser"

# The whole suite runs on one pytest-xdist worker per core. --dist loadfile keeps each test
# file on one worker, so that a module's costly fixture (a deployed stack, a variant of the
# site, `portal serve`) runs once; the site itself is built once per run under a lock
# (tests/conftest.py). Not loadgroup: with pytest 9 its xdist_group marks group nothing
# (pytest-xdist 3.8 renames item._nodeid, which pytest 9 no longer reads). Files go out in
# the order collected (--no-loadscope-reorder): the browser's, the infrastructure's and the
# integration tests first, the many short unit-test files last, where they even out the two
# workers' ends. xdist's own order, most tests first, left the one-test files (the HTML
# checker's 12 s among them) to the end on one worker: 244 s instead of 260 s here.
WORKERS ?= auto
PARALLEL_PYTEST := -n $(WORKERS) --dist loadfile --no-loadscope-reorder

# pyproject.toml's addopts leave out the tests marked `full` and `screenshots`; a later -m
# wins.
test: setup chromium vnu pango pdf-font $(CHECKOV) lint ## every check: lint, types, unit, integration, browser, infra
	$(call with_types_beside,CHROMIUM=$(CHROMIUM) $(RUN) pytest $(PARALLEL_PYTEST))

test-full: setup chromium vnu pango pdf-font $(CHECKOV) lint types ## make test plus axe on every page in every language (weekly in CI)
	CHROMIUM=$(CHROMIUM) $(RUN) pytest $(PARALLEL_PYTEST) -m "not screenshots"

screenshots: setup chromium ## screenshots of each page type (home, text, forms, 404), phone and desktop, every language, into build/screenshots/
	CHROMIUM=$(CHROMIUM) $(RUN) pytest tests/browser -m screenshots

clean: ## remove build outputs (keeps .venv)
	rm -rf build
