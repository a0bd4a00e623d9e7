# Borikan: `make run` sets up and serves; `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run install dev migrate demo serve test lint typecheck pytest messages bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/borikan migrate --noinput

demo: migrate
	$(BIN)/borikan demo

run: demo
	@bash scripts/serve.sh "$(HOST)" "$(PORT)"

serve:
	@bash scripts/serve.sh "$(HOST)" "$(PORT)"

lint: install
	$(BIN)/ruff check borikan tests bench
	$(BIN)/ruff format --check borikan tests bench

typecheck: install
	$(BIN)/mypy borikan bench

pytest: install
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint typecheck pytest

messages: install
	cd borikan && ../$(BIN)/borikan makemessages -l th --no-obsolete && ../$(BIN)/borikan compilemessages

bench: install
	$(BIN)/python -m bench

eval: install
	$(BIN)/python -m bench.kb_eval

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
