# The commands people type. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
KG := $(BIN)/kg
STORE ?= kg-store
SHARED ?= ../shared
N ?= 1000

.PHONY: all run test lint eval bench console docs clean

all: test

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(BIN)/kg

run: $(KG)
	$(KG) build articles --store $(STORE)
	$(KG) stats --store $(STORE)
	$(KG) query --store $(STORE) who-met-whom

test: lint
	$(BIN)/python -m pytest -q

lint: $(KG)
	$(BIN)/ruff check kg tests scripts
	$(BIN)/mypy kg

eval: $(KG)
	@tmp=$$(mktemp -d); mkdir -p $$tmp/all/texts $$tmp/all/gold; \
	cp $(SHARED)/articles/*.txt $(SHARED)/eval/dev/texts/*.txt $$tmp/all/texts/; \
	cp $(SHARED)/eval/gold/*.json $(SHARED)/eval/dev/gold/*.json $$tmp/all/gold/; \
	printf 'bundled:     '; $(BIN)/python $(SHARED)/eval/score.py --texts $(SHARED)/articles --gold $(SHARED)/eval/gold --kg $(KG) --queries queries | tail -n 1; \
	printf 'development: '; $(BIN)/python $(SHARED)/eval/score.py --texts $(SHARED)/eval/dev/texts --gold $(SHARED)/eval/dev/gold --kg $(KG) --queries queries | tail -n 1; \
	printf 'both:        '; $(BIN)/python $(SHARED)/eval/score.py --texts $$tmp/all/texts --gold $$tmp/all/gold --kg $(KG) --queries queries | tail -n 1; \
	rm -rf $$tmp

bench: $(KG)
	$(BIN)/python scripts/bench.py --articles $(N)

console: $(KG)
	$(KG) console --store $(STORE)

# The ontology's HTML page and class diagram (needs Graphviz's dot); the outputs are committed.
docs: $(KG)
	$(BIN)/python scripts/make_docs.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache .mypy_cache
