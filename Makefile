# qsm-claims: `make run` serves the demo, `make test` runs every suite. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve install migrate seed test test-unit test-pg conformance e2e chromium bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/qsm migrate

seed: migrate
	$(BIN)/qsm seed --demo

## Serve the demo on http://$(HOST):$(PORT) (GraphiQL and introspection on).
## On PostgreSQL one job worker runs beside the server and sweeps (docs/jobs.md).
run: seed
	@case "$${DATABASE_URL:-}" in postgres*) \
		$(BIN)/qsm worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		QSM_JOBS=worker QSM_ENV=$${QSM_ENV:-development} HOST=$(HOST) PORT=$(PORT) \
			WORKERS=$(WORKERS) $(BIN)/qsm serve;; \
	*) QSM_ENV=$${QSM_ENV:-development} HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) \
		$(BIN)/qsm serve;; esac

serve: install
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/qsm serve

## Debian's Chromium for the browser suites (Playwright cannot download one here), ffmpeg
## for the videos kept on failure, and a CJK font so screenshots show the manual's Chinese.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/ffmpeg ] || \
		! fc-list 2>/dev/null | grep -qi "wqy\|noto.*cjk"; then \
		$(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq chromium ffmpeg fonts-wqy-microhei >/dev/null; \
	fi

## Lint, then two lanes at once (tests/stages.sh, docs/testing.md): unit and API tests on
## SQLite then the browser suites; unit and API tests on PostgreSQL when DATABASE_URL
## points at one, then the conformance audit. Logs in test-logs/<stage>.log.
test: install chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	tests/stages.sh

test-unit: install
	env -u DATABASE_URL $(BIN)/pytest tests

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_TEST_URL)} $(BIN)/pytest tests

## The graphql-http server audit (0 warnings, 0 errors) against a demo server on a free
## port, then the codegen checks (tests/conformance/run.sh; Node and npm, `npm ci`).
conformance: install
	tests/conformance/run.sh

## Browser suites; pass ARGS, e.g. make e2e ARGS="-m ch3 --headed --slowmo 500".
e2e: install chromium
	@if ls e2e/test_*.py >/dev/null 2>&1; then \
		env -u DATABASE_URL $(BIN)/pytest e2e -p no:asyncio -c e2e/pytest.ini $(ARGS); \
	else echo "no browser suites yet"; fi

bench: install
	$(BIN)/python -m tests.bench $(ARGS)

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) data .pytest_cache e2e-results test-results test-logs
