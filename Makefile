# One task runner for developers, the README and CI.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
FIRSTYEAR_DATA_DIR ?= $(CURDIR)/var
export FIRSTYEAR_DATA_DIR
# PostgreSQL used for the second run of the suite (CI has it on 127.0.0.1:5432).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/firstyear

.PHONY: run test install install-test assets lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make run: install, create/update the database, load the demo data and serve it.
run: install
	$(BIN)/firstyear init
	$(BIN)/firstyear demo
	$(BIN)/firstyear serve --port $(PORT)

## make test: install test dependencies and run every test, on SQLite and on PostgreSQL.
test: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	FIRSTYEAR_ENV=test FIRSTYEAR_DATA_DIR=$(CURDIR)/var/test DATABASE_URL= $(BIN)/pytest
	@if $(BIN)/python scripts/postgres_available.py "$(TEST_POSTGRES_URL)"; then \
		echo "== the suite again on PostgreSQL =="; \
		FIRSTYEAR_ENV=test FIRSTYEAR_DATA_DIR=$(CURDIR)/var/test DATABASE_URL=$(TEST_POSTGRES_URL) \
			$(BIN)/pytest -m "not pure" -p no:cacheprovider; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL) and CI requires it."; exit 1; \
	else \
		echo "Skipped the PostgreSQL run: no server at $(TEST_POSTGRES_URL) (set TEST_POSTGRES_URL)."; \
	fi

## make assets: rebuild the vendored GOV.UK Frontend CSS/JS from npm (needs Node.js).
assets:
	cd frontend && npm ci && npm run build

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts

## make bench: print the performance figures (not part of the test run).
bench: install-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var build *.egg-info
