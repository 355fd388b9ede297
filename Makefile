# symact — two commands set everything up on a fresh machine:
#   make run    create .venv if missing, install symact, run the main job
#   make test   create .venv if missing, install symact[test], run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DEV  := $(VENV)/.installed-dev

.PHONY: run test lint typecheck check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(STAMP_RUN)

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(STAMP_TEST) $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/symact list
	$(BIN)/symact show sigmoid
	$(BIN)/symact verify derivations/

test: $(STAMP_TEST)
	$(BIN)/python -m pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check symact tests benchmarks
	$(BIN)/ruff format --check symact tests benchmarks

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP_RUN)
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/prover.py
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/numeric.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
