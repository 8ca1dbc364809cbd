# IEG: `make run` (demo site) and `make test` (whole suite) from a fresh clone.
# The virtualenv's interpreter: the operating system's own Python 3 when it is 3.11 or newer and
# can make a virtualenv (Debian's python3-venv), else the first python3 on PATH; PYTHON=... chooses.
# Debian builds its python3 with profile-guided and link-time optimisation, linked statically:
# the intake benchmark's workers spent 9% less CPU per enquiry on it than on a plain source build
# (pyenv's default, a shared libpython without those optimisations) of the same Python version.
PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' \
            >/dev/null 2>&1 && echo /usr/bin/python3 || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
PORT   ?= 5000
HOST   ?= 127.0.0.1
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DIST   := ieg/static/dist

.PHONY: run test bench install assets chromium postgresql dovecot redis db demo scheduler clean

## run: set up, migrate, load the demo council if the database is empty, serve with the scheduler;
## links in email and exports go to IEG_BASE_URL, or when it is unset to this server's HOST and PORT
run scheduler: BASE_URL = $(or $(IEG_BASE_URL),http://$(HOST):$(PORT))
run: install assets db
	IEG_BASE_URL='$(BASE_URL)' $(FLASK) ieg demo --if-empty
	$(FLASK) ieg reindex --if-missing
	@echo "IEG demo: $(BASE_URL)/  (demo logins are in README.md; Ctrl-C stops)"
	@export IEG_BASE_URL='$(BASE_URL)'; $(FLASK) ieg scheduler & sched=$$!; trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host $(HOST) --port $(PORT)

## test: the import contracts (.importlinter, import-linter), then the whole suite: unit, web and
## browser tests, a worker per core (pytest-xdist; one more was slower: 1,006 s against 904 s); a test
## file's tests stay on one worker, so a module's own servers (PostgreSQL, Dovecot) start once; files are
## handed out in collection order (LONG_FIRST in tests/conftest.py), not xdist's default of most tests first
TEST_WORKERS ?= auto
test: install assets chromium postgresql dovecot redis
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## bench: benchmarks that print figures (never pass/fail), each on SQLite and on a throwaway
## PostgreSQL side by side (BENCH_DATABASE=sqlite or postgresql for one of them)
BENCH_DATABASE ?= both
bench: install assets postgresql
	@command -v wrk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/bench_web.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_cms.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_search.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_intake.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_reports.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_open311.py --database $(BENCH_DATABASE)
	$(BIN)/python bench/bench_usage.py --database $(BENCH_DATABASE)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## assets: GOV.UK Frontend compiled with council branding (Arial, no crown)
assets: $(DIST)/ieg.css $(DIST)/init.mjs $(DIST)/preview.mjs $(DIST)/presence.mjs $(DIST)/location.mjs $(DIST)/govuk/govuk-frontend.min.js

$(DIST)/ieg.css: node_modules/.installed ieg/assets/scss/ieg.scss
	mkdir -p $(DIST)
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
	  ieg/assets/scss/ieg.scss $@

$(DIST)/%.mjs: ieg/assets/js/%.mjs
	mkdir -p $(DIST)
	cp $< $@

$(DIST)/govuk/govuk-frontend.min.js: node_modules/.installed
	mkdir -p $(DIST)/govuk
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

## chromium: Debian's Chromium for the browser tests (never `playwright install`)
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## postgresql: Debian's PostgreSQL server, for the tests that run the app on PostgreSQL
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

## redis: Debian's Redis server, for the tests of rate limits shared between web machines (tests start their own)
redis:
	@test -x /usr/bin/redis-server || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server >/dev/null; }

## dovecot: Debian's Dovecot IMAP server, for the tests that poll a real mailbox (tests start their own)
dovecot:
	@test -x /usr/sbin/dovecot || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dovecot-imapd >/dev/null; }

## db: apply migrations (the only way the schema changes)
db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) ieg demo

scheduler: install db
	IEG_BASE_URL='$(BASE_URL)' $(FLASK) ieg scheduler

clean:
	rm -rf $(VENV) node_modules $(DIST) .pytest_cache
