# Tabletop: `make play` installs and starts the terminal UI; `make test` installs and runs lint and the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=
SCENARIO ?=

.PHONY: play test lint bench loadtest screenshots clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(VENV)/.installed $@

## play: install if needed, then start the terminal UI (SCENARIO=fy2024-02 opens one, ARGS="--lang ja")
play: $(VENV)/.installed
	$(BIN)/tabletop $(if $(SCENARIO),play $(SCENARIO)) $(ARGS)

## test: install with the test extra, then lint and run the whole suite
test: lint
	$(BIN)/python -m pytest

## lint: ruff (style and errors) and import-linter (the layers import only downwards; the engine never imports the shells or Textual)
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## bench: performance figures (startup, validation, playthroughs)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench.py

## loadtest: 500 teams at once on a throwaway PostgreSQL server (initdb on loopback; needs PostgreSQL's programs; ARGS="--teams 1000")
loadtest: $(VENV)/.installed
	$(BIN)/python benchmarks/loadtest.py $(ARGS)

## screenshots: the README's SVG screenshots of the play screen and the debrief
screenshots: $(VENV)/.installed-test
	$(BIN)/python docs/screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .hypothesis
