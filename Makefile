# digictl: make demo (set up and run the main job on data/), make test (set up and run every check).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup demo test lint typecheck unit docs bench clean messages

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/digictl --data data validate
	$(BIN)/digictl --data data status

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest --cov=digictl --cov-report=term:skip-covered --cov-fail-under=90

docs: $(STAMP)
	$(BIN)/python -m digictl.output.docsgen docs

# the generated modules (compiled schema validators, the holiday table); a test keeps them current
.PHONY: generate
generate: $(STAMP)
	$(BIN)/python -m digictl.codegen

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet check-jsonschema
	$(BIN)/python benchmarks/bench.py

test: lint typecheck unit

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .coverage

# the message catalogues: extract the code's messages, merge them into the nb and nn .po
# files (new ones untranslated) and compile the .mo files the package reads
messages: $(STAMP)
	$(BIN)/python -m digictl.catalogues
