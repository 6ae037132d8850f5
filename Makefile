# Two commands for a fresh clone: `make run` (load the sample cables) and `make test`.
# Every target creates .venv first and re-installs when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Type-check only the folders that exist (scripts/ arrives with the benchmark).
MYPY_TARGETS := $(wildcard etl tests scripts migrations)

.PHONY: run test lint bench install constraints

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cables db upgrade
	@if [ -f etl/pipeline/commands.py ]; then \
		$(BIN)/cables load etl/sample_cables; \
	else \
		echo "Database is ready; the pipeline (etl/pipeline/commands.py) is not built yet, so nothing was loaded."; \
	fi
	@echo "Query it with: psql \"$$($(BIN)/cables db url)\""

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy $(MYPY_TARGETS)

test: lint
	$(BIN)/pytest

# Release-sized load benchmark (docs/scaling.md); small run: make bench BENCH_ARGS="--cables 5000"
bench: $(STAMP)
	@if [ -f scripts/bench.py ]; then \
		$(BIN)/python scripts/bench.py $(BENCH_ARGS); \
	else \
		echo "No benchmark yet: scripts/bench.py is not written."; \
	fi

# After changing a pin in pyproject.toml and installing it: record the whole resolved set.
constraints:
	$(BIN)/pip freeze --exclude-editable --disable-pip-version-check > constraints.txt
