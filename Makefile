# The two commands of the README: `make run` (set up, ingest the samples, summarise) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= sitrep.db
PORT ?= 8000
SAMPLES := src/sitrep/data/samples

.PHONY: install run test lint bench clean chromium postgresql wheel-check

$(STAMP): pyproject.toml
	@# pyicu (under followthemoney, used by the tests) compiles against ICU: Debian's libicu-dev + pkg-config
	@(dpkg -s libicu-dev pkg-config >/dev/null 2>&1) || (apt-get update && apt-get install -y libicu-dev pkg-config)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test,ray,postgres]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/sitrep ingest $(SAMPLES)/articles.jsonl $(SAMPLES)/feed.xml $(SAMPLES)/page.html --db $(DB)
	$(BIN)/sitrep stats --db $(DB)
	$(BIN)/sitrep serve --db $(DB) --port $(PORT)

# The browser tests drive Debian's chromium (never `playwright install`: it downloads a browser).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

# The PostgreSQL store tests start a throwaway server from Debian's postgresql package.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update && apt-get install -y postgresql)

# The built wheel, installed into a clean venv outside the repository, extracts and ingests a sample.
wheel-check: install
	PY=$(PY) .ci/wheel-check

test: install chromium postgresql
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest
	$(MAKE) wheel-check

# Benchmarks (README "Scale and performance"): throughput vs bare spaCy, ingest/RSS/scaling, query
# latencies; the last lines printed are the summary with each target. The 100,000-article ingest takes
# about two hours on 2 cores: `make bench BENCH_SIZES=1000,10000` for a quick run. bench_startup times
# `sitrep --help` and `sitrep stats` in fresh processes (a few seconds).
BENCH_SIZES ?= 1000,10000,100000
bench: install
	$(BIN)/python -m bench.bench_startup
	$(BIN)/python -m bench.bench_pipeline all --sizes $(BENCH_SIZES)

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .ruff_cache
