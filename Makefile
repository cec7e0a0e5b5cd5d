# Tabletop: `make play` installs and starts a scenario; `make test` installs and runs lint and the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=
SCENARIO ?= fy2024-02

.PHONY: play test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(VENV)/.installed $@

## play: install if needed, then play a built-in scenario (SCENARIO=..., ARGS="--lang ja")
play: $(VENV)/.installed
	$(BIN)/tabletop play $(SCENARIO) --plain $(ARGS)

## test: install with the test extra, then lint and run the whole suite
test: lint
	$(BIN)/python -m pytest

## lint: ruff (style and errors) and import-linter (the engine never imports the shells or Textual)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## bench: performance figures (startup, validation, playthroughs)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
