# Two commands for a fresh clone: `make run` (load the sample cables) and `make test`.
# Every target creates .venv first and re-installs when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MYPY_TARGETS := etl tests scripts migrations benchmarks

.PHONY: run test lint bench install constraints

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cables db upgrade
	$(BIN)/cables load etl/sample_cables
	@echo "Query it with: psql \"$$($(BIN)/cables db url)\""

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy $(MYPY_TARGETS)

test: lint
	$(BIN)/pytest

# Release-sized load benchmark (docs/scaling.md); small run: make bench BENCH_ARGS="--cables 5000"
bench: $(STAMP)
	PYTHONPATH=. $(BIN)/python scripts/bench.py $(BENCH_ARGS)

# After changing a pin in pyproject.toml and installing it: record the whole resolved set.
constraints:
	$(BIN)/pip freeze --exclude-editable --disable-pip-version-check > constraints.txt
