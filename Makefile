# Two commands do all the set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install run ingest test eval bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip -c constraints.txt
	$(PIP) install -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

ingest: install
	$(PY) -m ingest

run: install
	$(PY) -m ingest --if-missing
	$(PY) app.py

test: install
	$(PY) -m pytest

eval: install
	$(PY) -m ingest --if-missing
	$(PY) -m assistant.eval eval/dev.jsonl --output eval/results-dev.jsonl

clean:
	rm -rf data .pytest_cache
