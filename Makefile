# ATMP XB platform. `make help` lists the targets; `make run` and `make test` are the two
# commands a newcomer needs. Each target installs what it needs and skips what is up to date.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Set-up commands log warnings only; the server keeps the configured level.
SETUP_MANAGE := DJANGO_LOG_LEVEL=$${DJANGO_LOG_LEVEL:-WARNING} $(MANAGE)
PYTEST_ARGS ?=
# make test leaves out the scale-out tests (make test-services runs them on services of their own).
PYTEST_MARKERS ?= not cluster
# Tests run in parallel, one process per core (pytest-xdist); PYTEST_WORKERS=0 runs them in one.
PYTEST_WORKERS ?= auto
# Port 8000 on loopback only: the dev server is not meant to be reachable from elsewhere.
RUN_ADDRESS ?= 127.0.0.1:8000

# sha256 of a file, with the Python that every machine here has (sha256sum is not on macOS).
HASH = $(PYTHON) -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())'

export DJANGO_SETTINGS_MODULE ?= atmp_platform.settings.dev

.DEFAULT_GOAL := help
.PHONY: help setup run test test-services load bench lint format worker beat venv deps npm \
	translations static \
	migrate demo clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  \033[1m%-13s\033[0m %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

setup: static demo ## Everything `run` does except serving

run: setup ## Set up, then serve the demo site on http://127.0.0.1:8000
	@echo "Serving http://$(RUN_ADDRESS)/ (Ctrl+C stops it)"
	$(MANAGE) runserver $(RUN_ADDRESS)

test: deps npm translations ## Set up what the tests need, then run the whole suite (PYTEST_ARGS=...)
	@status=0; DJANGO_SETTINGS_MODULE=atmp_platform.settings.test $(VENV)/bin/pytest -m "$(PYTEST_MARKERS)" \
		-n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS) \
		|| status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no test: that counts as a failure."; fi; \
	exit $$status

bench: deps translations ## Measure page render time and SQL queries against a bare Django view
	DJANGO_SETTINGS_MODULE=bench.settings $(PY) -m bench

# The scale-out and fault tests (marked `cluster`) bring up their own PostgreSQL, Redis, two
# gunicorn web processes and two Celery workers on loopback, once for the whole run
# (tests/cluster/harness.py); variables pointing elsewhere are left out.
CLUSTER_TESTS = $(wildcard tests/cluster tests/faults)
OWN_SERVICES := env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL

test-services: deps npm translations ## Scale-out, load and fault tests: PostgreSQL, Redis, 2 gunicorn, 2 Celery workers
	@status=0; $(OWN_SERVICES) DJANGO_SETTINGS_MODULE=atmp_platform.settings.test \
		$(VENV)/bin/pytest -n 0 -m cluster $(CLUSTER_TESTS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no test: that counts as a failure."; fi; \
	exit $$status

# A bounded locust run against a fresh scale-out set-up (load/): LOAD_USERS people arriving
# LOAD_SPAWN_RATE a second, for LOAD_DURATION seconds.
LOAD_USERS ?= 40
LOAD_SPAWN_RATE ?= 4
LOAD_DURATION ?= 60

load: deps npm translations ## Load test (LOAD_USERS, LOAD_DURATION...): figures per endpoint, nothing lost
	$(OWN_SERVICES) $(PY) -m load --users $(LOAD_USERS) --spawn-rate $(LOAD_SPAWN_RATE) \
		--duration $(LOAD_DURATION)

lint: deps ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: deps ## A Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
	$(VENV)/bin/celery -A atmp_platform worker --loglevel=INFO

beat: deps ## Celery beat with django-celery-beat's schedules (needs a broker)
	$(VENV)/bin/celery -A atmp_platform beat --loglevel=INFO

venv: $(PY)

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
		"Python 3.11 or newer is needed (found " + sys.version.split()[0] + "): make PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)

# Installs from the hashed lock file, and only when its hash differs from the last install.
deps: $(PY) ## Install the locked Python dependencies into .venv
	@want=$$($(HASH) requirements.lock); \
	if [ "$$(cat $(VENV)/.requirements.sha256 2>/dev/null)" = "$$want" ]; then \
		echo "Python dependencies up to date"; \
	else \
		$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
			-r requirements.lock && echo "$$want" > $(VENV)/.requirements.sha256; \
	fi

# npm ci wipes node_modules, which also removes the stamp: a changed lock reinstalls.
npm: ## Install the locked browser libraries into node_modules
	@want=$$($(HASH) package-lock.json); \
	if [ "$$(cat node_modules/.package-lock.sha256 2>/dev/null)" = "$$want" ]; then \
		echo "npm packages up to date"; \
	else \
		npm ci --no-audit --no-fund --loglevel=error && echo "$$want" > node_modules/.package-lock.sha256; \
	fi

translations: deps ## Compile locale/*/LC_MESSAGES/*.po to .mo (Python, no gettext needed)
	@$(SETUP_MANAGE) compile_translations

# collectstatic post-processes every file (hashing and compressing Wagtail's admin takes a
# minute or more), so it runs only when a source is newer than the manifest it writes last.
STATIC_ROOT := $(or $(DJANGO_STATIC_ROOT),var/static)
STATIC_SOURCES := $(shell find static atmp_platform -path '*/static/*' -type f 2>/dev/null)

static: deps npm $(STATIC_ROOT)/staticfiles.json ## Collect static files into var/static

$(STATIC_ROOT)/staticfiles.json: requirements.lock package-lock.json $(STATIC_SOURCES) | deps npm
	@echo "Collecting static files"
	@$(SETUP_MANAGE) collectstatic --noinput -v 0

migrate: deps translations ## Apply database migrations
	@$(SETUP_MANAGE) migrate --noinput -v 0

demo: migrate ## Load the demo content and accounts (idempotent)
	@$(SETUP_MANAGE) load_demo
	@$(SETUP_MANAGE) load_scenarios
	@$(SETUP_MANAGE) load_simulation_demo

clean: ## Remove .venv, node_modules, collected static files and compiled catalogues
	rm -rf $(VENV) node_modules var/static
	find locale -name '*.mo' -delete 2>/dev/null || true
