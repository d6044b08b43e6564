# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= ../shared/data
DEMO_DIR := demo-out

.PHONY: demo test lint typecheck install install-dev browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,hf,retriever,leaderboard,browser,ray,mcp,docs]'
	touch $@ $(VENV)/.installed

# The leaderboard's browser test drives Debian's chromium (playwright never downloads a browser).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } || \
	  echo "warning: could not install chromium (needs root and apt); the browser test will be skipped (fails when CI=true)"

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

DEMO_LIMIT ?= 50
DEMO_DB := $(DEMO_DIR)/demo.duckdb

# The main job, offline: the baseline agent with DFSDT and with ReAct on the committed sandbox suite,
# judged by the rule judge, then the paper-style table. Real ToolBench/StableToolBench answers are
# imported beside them when SHARED_DATA is present.
demo: install
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN)/harness ls tasks
	for s in dfsdt react; do \
	  $(BIN)/harness run --model baseline --strategy $$s --tasks sandbox --limit $(DEMO_LIMIT) --seed 0 \
	    --name baseline-$$s --concurrency 8 --db $(DEMO_DB) --export-dir $(DEMO_DIR)/export/baseline-$$s || exit $$?; \
	  $(BIN)/harness eval --run baseline-$$s --judge rule --db $(DEMO_DB) || exit $$?; done
	$(BIN)/harness eval --run baseline-dfsdt --judge rule --reference baseline-react --db $(DEMO_DB)
	$(BIN)/harness scores --db $(DEMO_DB)
	@if [ -d $(SHARED_DATA) ]; then \
	  $(BIN)/harness import toolbench --answers $(SHARED_DATA)/stabletoolbench/data_example/answer/virtual_chatgpt_dfs/G1_instruction \
	    --name stb-chatgpt-dfs --db $(DEMO_DB) && \
	  $(BIN)/harness show stb-chatgpt-dfs --db $(DEMO_DB) && \
	  $(BIN)/harness ls runs --db $(DEMO_DB); \
	else echo "($(SHARED_DATA) not found: skipped importing real StableToolBench answers)"; fi

test: install-dev browser-deps
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
