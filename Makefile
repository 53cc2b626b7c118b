# rodedraad — `make run` sets up, ingests the demo corpus and serves; `make test` runs every test.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOME_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run ingest serve test test-fast lint eval bench lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, CPU build: otherwise sentence-transformers pulls several GB of CUDA packages
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install ingest serve

ingest: install
	$(BIN)/rodedraad --home $(HOME_DIR) ingest corpora

serve: install
	@echo "rodedraad: open http://$(HOST):$(PORT)/  (API docs at http://$(HOST):$(PORT)/docs)"
	$(BIN)/rodedraad --home $(HOME_DIR) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not model and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy rodedraad ingest models service

eval: install
	$(BIN)/python -m eval

bench: install
	$(BIN)/python -m bench

# refresh the pinned versions after changing dependencies (torch is pinned in the install rule)
lock: install
	$(BIN)/pip freeze --exclude-editable | grep -v -i '^torch==' > constraints.txt

clean:
	rm -rf $(VENV) $(HOME_DIR) .pytest_cache .mypy_cache .ruff_cache
