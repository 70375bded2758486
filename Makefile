# Two commands for a new user: `make run` opens the coding screen on the bundled corpus,
# `make test` runs the whole suite. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/annotator: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/annotator

run: $(BIN)/annotator
	$(BIN)/annotator

test: $(BIN)/annotator
	$(BIN)/python -m pytest -q

bench: $(BIN)/annotator
	for script in benchmarks/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) build *.egg-info
