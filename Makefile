# Everyday commands. Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: chat check test lint eval bench clean

chat: $(VENV)/.installed          ## talk to the bot in this terminal (no token needed)
	$(BIN)/kneebot chat

check: $(VENV)/.installed         ## validate knowledge/*.yaml
	$(BIN)/kneebot check

test: $(VENV)/.installed-test     ## lint and run every test
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist *.egg-info

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed
