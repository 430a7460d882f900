# Two commands do all the set-up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install browser run ingest test fuzz eval train bench load clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip -c constraints.txt
	$(PIP) install -c constraints.txt -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

ingest: install
	$(PY) -m ingest

run: install
	$(PY) -m ingest --if-missing
	$(PY) app.py

# Browser tests drive Debian's Chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install -y chromium"; exit 1; fi; }

test: install browser
	$(PY) -m pytest

# The property-based tests with 10,000 examples each instead of a few hundred.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_properties.py

eval: install
	$(PY) -m ingest --if-missing
	$(PY) -m assistant.eval eval/dev.jsonl --output eval/results-dev.jsonl
	$(PY) -m assistant.eval eval/test.jsonl --output eval/results-test.jsonl
	for batch in d1 d2 d3 d4 d5 d6 d7 d8 d9 d10 d11 d12 d13 d14 d15 d16 d17 d18 d19 d20 d21 d22 d23 d24 d25 d26 d27 d28 d29 d30 d31 d32 u1 u2 u3 u4 u5 u6 u7 u8 u9 u10 u11 u12 u13 u14 u15 u16 u17 u18 u19 u20 u21 u22 u23; do \
	  $(PY) -m assistant.eval eval/batches/$$batch.jsonl --output eval/results-$$batch.jsonl || exit 1; done

# Retrain what is learned from the tuning sets (assistant/training.py), in order: the yes/no model reads
# answers that the query adapter's ranking chose.
train: install
	$(PY) -m ingest --if-missing
	$(PY) -m assistant.query_adapter
	$(PY) -m assistant.unanswerable
	$(PY) -m assistant.yes_no_model

bench: install
	$(PY) -m ingest --if-missing
	$(PY) -m assistant.bench --full

# The real app under 5, 20 and 50 concurrent clients, and beside a slow 2 kB question (README, Reliability).
load: install
	$(PY) -m ingest --if-missing
	$(PY) -m assistant.loadtest

clean:
	rm -rf data .pytest_cache
