# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= ../shared/data
DEMO_DIR := demo-out

.PHONY: demo test lint typecheck install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,retriever]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	@test -d $(SHARED_DATA) || { echo "error: $(SHARED_DATA) is missing; set SHARED_DATA=path/to/data (ToolBench data_example and StableToolBench files)"; exit 2; }
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN)/harness ls tasks --data-dir $(SHARED_DATA)/stabletoolbench
	for g in G1 G2 G3; do \
	  $(BIN)/harness import toolbench --answers $(SHARED_DATA)/toolbench/data_example/answer/$${g}_answer \
	    --name toolbench-chatgpt-dfs --group $$g --db $(DEMO_DIR)/demo.duckdb || exit $$?; done
	$(BIN)/harness import toolbench --answers $(SHARED_DATA)/stabletoolbench/data_example/answer/virtual_chatgpt_dfs/G1_instruction \
	  --name stb-chatgpt-dfs --db $(DEMO_DIR)/demo.duckdb
	$(BIN)/harness import toolbench --answers $(SHARED_DATA)/stabletoolbench/data_example/answer/virtual_chatgpt_cot/G1_instruction \
	  --name stb-chatgpt-cot --db $(DEMO_DIR)/demo.duckdb
	$(BIN)/harness ls runs --db $(DEMO_DIR)/demo.duckdb
	$(BIN)/harness show toolbench-chatgpt-dfs --db $(DEMO_DIR)/demo.duckdb
	$(BIN)/harness export stb-chatgpt-cot --out $(DEMO_DIR)/export --db $(DEMO_DIR)/demo.duckdb

test: install-dev
	$(BIN)/ruff check harness data_builder leaderboard tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: install-dev
	$(BIN)/ruff check harness data_builder leaderboard tests bench
	$(BIN)/ruff format --check harness data_builder leaderboard tests bench

typecheck: install-dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
