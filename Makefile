# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PYTHON_VERSION := $(shell cat .python-version 2>/dev/null)
# The Python that .python-version names, else the newest Python 3.12+ on the PATH.
PYTHON ?= $(shell for p in python$(PYTHON_VERSION) python3.14 python3.13 python3.12 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed; none was found." >&2; exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@ $(VENV)/.installed

# Compiled catalogues (.mo) are built from the committed .po files with Babel, so that
# no system gettext is needed.
# Two domains: django (templates and Python) and djangojs (the admin's scripts in
# static/js, served by the admin's /admin/jsi18n/ with Django's own).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po locale/*/LC_MESSAGES/djangojs.po))
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D django -d locale -l $* 2>&1 | grep -v "^$$" || true
	@test -f $@
locale/%/LC_MESSAGES/djangojs.mo: locale/%/LC_MESSAGES/djangojs.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D djangojs -d locale -l $* 2>&1 | grep -v "^$$" || true
	@test -f $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install the runtime dependencies.

.PHONY: install-dev
install-dev: $(VENV)/.installed-dev ## Create .venv and install the development dependencies too.

# A development checkout's settings, so that manage.py commands work as they are
# (config/settings.py reads it; git ignores it; production never reads it).
.env:
	@printf '%s\n' '# Written by make run for development (git ignores it). The environment wins' \
		'# over it; production reads no .env (ENV_FILE, README.md).' 'DEBUG=True' > $@
	@echo "Wrote .env (DEBUG=True) for development."

.PHONY: setup
setup: export DEBUG ?= True
setup: install $(MO_FILES) .env ## Migrate the database and load the fixtures (safe to repeat).
	$(MANAGE) migrate --no-input
	$(MANAGE) load_fixtures

.PHONY: run
run: export DEBUG ?= True
# The settings' development SITE_URL follows them: links point where the site is served.
run: export HOST := $(HOST)
run: export PORT := $(PORT)
# One process that is both roles (SITE_ROLE=both), with keys the settings derive from the
# development SECRET_KEY: the site, the admin and, with TASKS_BACKEND=immediate, the office's work.
run: setup ## Set everything up and serve the site at http://127.0.0.1:8000 (PORT=8100: another port).
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: collectstatic
collectstatic: install $(MO_FILES)
	$(MANAGE) collectstatic --no-input -v0

.PHONY: serve
serve: export ENV_FILE ?=
serve: install collectstatic ## Run the production server (gunicorn) on $$PORT with production settings.
	@# The public host does not migrate: the office does (it holds the keys; docs/deploy.md).
	@if [ "$${SITE_ROLE:-both}" = public ]; then echo "SITE_ROLE=public: the office migrates."; \
	else $(MANAGE) migrate --no-input; fi
	$(MANAGE) check --deploy --fail-level ERROR
	PORT=$(PORT) $(BIN)/gunicorn -c config/gunicorn.conf.py

.PHONY: worker
worker: export ENV_FILE ?=
worker: install ## Run the task worker that sends the emails (production).
	$(MANAGE) db_worker --queue-name default

.PHONY: mirror
mirror: export DEBUG ?= True
mirror: setup ## Write the signed static copy of the public site into mirror/ (docs/deploy.md).
	@$(MANAGE) mirror_key --new .mirror-signing-key.pem --if-missing >/dev/null
	$(MANAGE) build_mirror
	@echo "Serve it with: python3 -m http.server -d mirror 8300   (then open http://127.0.0.1:8300/)"

# The suite runs on every core (pytest-xdist; JOBS=0: in this one process).
JOBS ?= auto

.PHONY: test
test: install-dev $(MO_FILES) ## Set up and run the whole test suite (ARGS="-k name" narrows it; JOBS=0: one process).
	$(BIN)/pytest -n $(JOBS) $(ARGS)

.PHONY: fuzz-api
fuzz-api: install-dev $(MO_FILES) ## Fuzz the open data from its OpenAPI description with Schemathesis (about a minute).
	$(BIN)/pytest tests/api/fuzz_api.py -p no:cacheprovider -q $(ARGS)

.PHONY: lint
lint: install-dev ## ruff check, ruff format --check, and the import layers (docs/architecture.md).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

.PHONY: format
format: install-dev ## Fix what ruff can fix and format the code.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: messages
messages: install-dev ## Extract translatable strings into locale/*/django.po and djangojs.po (needs GNU gettext).
	DEBUG=True $(MANAGE) makemessages -l be -l ru -l en --no-location --no-obsolete \
		--ignore=".venv/*" --ignore="staticfiles/*" --ignore="tests/*" --ignore="bench/*"
	DEBUG=True $(MANAGE) makemessages -d djangojs -l be -l ru -l en --no-location --no-obsolete \
		--ignore=".venv/*" --ignore="staticfiles/*" --ignore="static/vendor/*" --ignore="tests/*" \
		--ignore="bench/*" --ignore="node_modules/*"

.PHONY: lock
lock: install-dev ## Refresh requirements/*.txt from pyproject.toml (newest allowed versions).
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --upgrade --python-version 3.12 --universal pyproject.toml -o requirements/base.txt
	$(BIN)/uv pip compile --quiet --upgrade --python-version 3.12 --universal pyproject.toml --extra dev -o requirements/dev.txt
	$(BIN)/uv pip compile --quiet --upgrade --python-version 3.12 --universal pyproject.toml --extra s3 -o requirements/s3.txt
	$(BIN)/uv pip compile --quiet --upgrade --python-version 3.12 --universal pyproject.toml --extra dev --extra bench -o requirements/bench.txt

# The load benchmarks (docs/benchmarks.md) shell out to wrk and, for their overload part,
# HAProxy and Varnish (the reverse cache of docs/deploy.md), from Debian; they also need
# PostgreSQL and Redis on 127.0.0.1.
BENCH_PACKAGES := wrk haproxy varnish nginx-light

.PHONY: bench-deps
bench-deps: ## Install the Debian packages the benchmarks need: wrk, HAProxy, Varnish, nginx (as root).
	apt-get install -y $(BENCH_PACKAGES) || (apt-get update && apt-get install -y $(BENCH_PACKAGES))

$(VENV)/.installed-bench: requirements/bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/bench.txt
	@touch $@ $(VENV)/.installed-dev $(VENV)/.installed

.PHONY: bench
bench: bench-deps $(VENV)/.installed-bench $(MO_FILES) ## Run the load benchmarks (ARGS="--quick" for a smoke run).
	$(BIN)/python bench/run.py $(ARGS)

.PHONY: clean
clean: ## Remove the virtualenv, the SQLite database and caches.
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles .pytest_cache .ruff_cache
