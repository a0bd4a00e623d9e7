# Borikan: `make run` sets up and serves; `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run install dev migrate demo serve test lint typecheck pytest messages bench eval clean \
	cluster test-cluster load bench-helpdesk

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

# The production layout on this machine: PostgreSQL and Redis (the local services), two app
# processes (ports 8001, 8002) and two workers.
cluster: install
	@bash scripts/cluster.sh

# Two app processes and two workers on PostgreSQL and a Redis of the tests' own: messages cross,
# numbers stay unique, tasks run once; Redis and PostgreSQL restarts.
test-cluster: install
	BORIKAN_CLUSTER_TESTS=1 $(BIN)/pytest -q -p no:cacheprovider tests/cluster

# A 200-seat call center for 60 s against the cluster (PostgreSQL, Redis): JSON in bench/results.
load: install
	$(BIN)/python -m bench.load

messages: install
	cd borikan && ../$(BIN)/borikan makemessages -l th --no-obsolete && ../$(BIN)/borikan compilemessages

# Every benchmark target (SQLite, PostgreSQL when it answers), the search evaluation and the
# django-helpdesk comparison: one JSON document and a chart, bench/results/bench-<date>.json.
bench: install
	$(BIN)/python -m bench

# Borikan beside django-helpdesk 2.6.1 (installed into var/helpdesk/venv from the package index)
# on the same 100,000 tickets: JSON and a chart in bench/results (docs/benchmarks.md).
bench-helpdesk: install
	$(BIN)/python -m bench.helpdesk

eval: install
	$(BIN)/python -m bench.kb_eval

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
