# Two commands for a new user: `make run` opens the coding screen on the bundled corpus,
# `make test` runs the whole suite (property tests derandomized: every run tries the same
# examples). `make fuzz` runs the property tests alone with long random runs (the `fuzz`
# Hypothesis profile of tests/hypothesis_profiles.py). All create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test fuzz bench clean

$(BIN)/annotator: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/annotator

run: $(BIN)/annotator
	$(BIN)/annotator

test: $(BIN)/annotator
	$(BIN)/python -m pytest -q

# Only the tests Hypothesis marks (those using @given), 5,000 random examples each.
fuzz: $(BIN)/annotator
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m hypothesis

bench: $(BIN)/annotator
	for script in benchmarks/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) build *.egg-info
