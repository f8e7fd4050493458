# The two commands of the README: `make run` (set up, ingest the samples, summarise) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sitrep.db
PORT ?= 8000
SAMPLES := src/sitrep/data/samples

.PHONY: install run test lint bench clean chromium

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/sitrep ingest $(SAMPLES)/articles.jsonl $(SAMPLES)/feed.xml $(SAMPLES)/page.html --db $(DB)
	$(BIN)/sitrep stats --db $(DB)
	$(BIN)/sitrep serve --db $(DB) --port $(PORT)

# The browser tests drive Debian's chromium (never `playwright install`: it downloads a browser).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: install chromium
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .ruff_cache
