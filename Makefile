# Everyday commands. Each target creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: chat check run test lint eval bench clean

chat: $(VENV)/.installed          ## talk to the bot in this terminal (no token needed)
	$(BIN)/kneebot chat

check: $(VENV)/.installed         ## validate knowledge/*.yaml
	$(BIN)/kneebot check

run: $(VENV)/.installed           ## run on Telegram (TELEGRAM_BOT_TOKEN in the environment or .env)
	$(BIN)/kneebot run

eval: $(VENV)/.installed          ## score the labelled question sets
	$(BIN)/kneebot eval

bench: $(VENV)/.installed-test    ## print matching, Telegram, flood, practice-plan and reminder-burst benchmark figures
	$(BIN)/python benchmarks/bench_matching.py
	$(BIN)/python benchmarks/bench_telegram.py
	$(BIN)/python benchmarks/bench_practice.py
	$(BIN)/python benchmarks/bench_flood.py
	$(BIN)/python benchmarks/bench_reminders.py

test: $(VENV)/.installed-test     ## lint, type-check and run every test
	$(BIN)/ruff check bot tests benchmarks scripts
	$(BIN)/ruff format --check bot tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis build dist *.egg-info

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@ $(VENV)/.installed
