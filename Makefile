# symact — two commands set everything up on a fresh machine:
#   make run    create .venv if missing, install symact and LaTeX (Debian's
#               texlive, when pdflatex is missing), run the main job: ends by
#               building build/activations.pdf
#   make test   create .venv if missing, install symact[test], run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
STAMP_DEV  := $(VENV)/.installed-dev

# Debian packages for `symact sheet --pdf`: pdflatex, latexmk, pgfplots,
# booktabs, adjustbox, CJKutf8 (for quotes from Chinese notes), pdftotext
LATEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-pictures latexmk poppler-utils latex-cjk-chinese latex-cjk-chinese-arphic-gbsn00lp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint typecheck check bench clean latex fuzz

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

# installs the LaTeX packages unless pdflatex, latexmk, pdftotext and CJKutf8 are all there
latex:
	@if command -v pdflatex >/dev/null && command -v latexmk >/dev/null \
	    && command -v pdftotext >/dev/null && kpsewhich CJKutf8.sty >/dev/null; then \
	  echo "LaTeX: $$(pdflatex --version | head -1)"; \
	else \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    $(LATEX_PACKAGES) >/dev/null; \
	fi

run: $(STAMP_RUN) latex
	$(BIN)/symact list
	$(BIN)/symact show sigmoid
	$(BIN)/symact verify derivations/
	$(BIN)/symact sheet --pdf

test: $(STAMP_TEST)
	$(BIN)/python -m pytest

lint: $(STAMP_DEV)
	$(BIN)/ruff check symact tests benchmarks fuzz
	$(BIN)/ruff format --check symact tests benchmarks fuzz

typecheck: $(STAMP_DEV)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP_RUN)
	$(BIN)/python benchmarks/cli.py
	$(BIN)/python benchmarks/prover.py
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/numeric.py
	$(BIN)/python benchmarks/sheet.py
	$(BIN)/python benchmarks/isolation.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache

# fuzzes the parser, then the derivation loader (hypothesis), FUZZ_SECONDS each (default 600)
fuzz: $(STAMP_TEST)
	$(BIN)/python fuzz/fuzz_parser.py --keep-going --seconds $${FUZZ_SECONDS:-600}
	$(BIN)/python fuzz/fuzz_loader.py --keep-going --seconds $${FUZZ_SECONDS:-600}
