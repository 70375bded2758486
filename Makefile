# Two commands for a new user: `make run` opens the coding screen on the bundled corpus,
# `make test` runs lint, types, the import contract and the suite (property tests derandomized:
# every run tries the same examples; spread over one pytest-xdist worker per core, see `addopts` in
# pyproject.toml); `make fuzz` runs the property tests alone with long random
# runs (the `fuzz` Hypothesis profile of tests/support/hypothesis_profiles.py). All create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint fuzz bench clean

# The tool alone: what `make run` needs (no test libraries, so the tool starts as users see it).
$(BIN)/annotator: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(BIN)/annotator

# The tool with the test, lint and type-check libraries.
$(VENV)/.test-extras: pyproject.toml $(BIN)/annotator
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.test-extras

run: $(BIN)/annotator
	$(BIN)/annotator

lint: $(VENV)/.test-extras
	$(BIN)/ruff check annotator tests benchmarks
	$(BIN)/ruff format --check annotator tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q

# Only the tests Hypothesis marks (those using @given), 5,000 random examples each; then the
# stress test of tests/processes/test_stress.py, many rounds from a fresh seed (ANNOTATOR_STRESS_ROUNDS sets how many).
fuzz: $(VENV)/.test-extras
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m hypothesis
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/processes/test_stress.py

bench: $(VENV)/.test-extras
	for script in benchmarks/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) build *.egg-info
