# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED_DATA ?= ../shared/data
DEMO_DIR := demo-out

.PHONY: demo test docs lint typecheck install install-dev browser-deps clean

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

# The demo opens the leaderboard at the end, so it installs the leaderboard extra beside the core.
$(VENV)/.installed-board: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[leaderboard]'
	touch $@ $(VENV)/.installed

# What search buys, offline: the baseline agent (no language model) with DFSDT and with ReAct on the
# committed sandbox suite, judged by the rule judge; it ends on one score table, DFSDT's win rate
# over ReAct, the gate's verdict and the command that opens the leaderboard.
demo: $(VENV)/.installed-board
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@echo "== running the offline baseline with DFSDT and with ReAct (first $(DEMO_LIMIT) queries of each sandbox group)"
	@for s in dfsdt react; do \
	  $(BIN)/harness run --model baseline --strategy $$s --tasks sandbox --limit $(DEMO_LIMIT) --seed 0 \
	    --name baseline-$$s --concurrency 8 --db $(DEMO_DB) --export-dir $(DEMO_DIR)/export/baseline-$$s \
	    > $(DEMO_DIR)/run-$$s.txt || exit $$?; done
	@if [ -d $(SHARED_DATA) ]; then \
	  echo "== importing StableToolBench's real example answers beside them (run stb-chatgpt-dfs, for the board)"; \
	  $(BIN)/harness import toolbench --name stb-chatgpt-dfs --db $(DEMO_DB) \
	    --answers $(SHARED_DATA)/stabletoolbench/data_example/answer/virtual_chatgpt_dfs/G1_instruction \
	    > $(DEMO_DIR)/import.txt || exit $$?; \
	else echo "($(SHARED_DATA) not found: skipped importing real StableToolBench answers)"; fi
	@echo "== judging both runs against the gold facts (rule judge); details in $(DEMO_DIR)/eval.json"
	@$(BIN)/harness eval --run baseline-dfsdt --reference baseline-react --judge rule --db $(DEMO_DB) --json \
	  > $(DEMO_DIR)/eval.json
	@$(BIN)/harness scores --db $(DEMO_DB)
	@$(BIN)/python -c 'import json; w = json.load(open("$(DEMO_DIR)/eval.json"))["win_rate"]["groups"]["average"]; \
	  print("DFSDT wins over ReAct: {:.1f}% [{:.1f}, {:.1f}] ({} wins, {} losses, {} ties; a tie counts half)".format( \
	    100 * w["value"], 100 * w["ci_low"], 100 * w["ci_high"], w["wins"], w["losses"], w["ties"]))'
	@for s in dfsdt react; do $(BIN)/harness show baseline-$$s --db $(DEMO_DB) --json > $(DEMO_DIR)/show-$$s.json; done
	@$(BIN)/python -c 'import json; c = {s: json.load(open(f"$(DEMO_DIR)/show-{s}.json")) for s in ("dfsdt", "react")}; \
	  print("What it costs: " + ", ".join("{} {:.1f} LLM calls per query".format({"dfsdt": "DFSDT", "react": "ReAct"}[s], \
	    c[s]["llm_calls"] / c[s]["episodes"]) for s in c))'
	@$(BIN)/harness gate --baseline baseline-react --candidate baseline-dfsdt --db $(DEMO_DB) \
	  --report $(DEMO_DIR)/gate.md > /dev/null; \
	  echo "gate, DFSDT against ReAct (exit $$?; full report in $(DEMO_DIR)/gate.md):"; \
	  grep -E "^### |difference:|McNemar" $(DEMO_DIR)/gate.md | sed -e 's/^### //' -e 's/^/  /' -e 's/\*\*//g'
	@echo "Open the leaderboard:  $(BIN)/harness leaderboard serve --db $(DEMO_DB)"
	@echo "(Demo runs use --limit $(DEMO_LIMIT): they cover part of each suite, so \`harness submit\` refuses them;"
	@echo " submit a run of the whole suite.)"

# The suite waits on subprocesses, servers, Chromium and Ray more than it computes, so it runs in
# TEST_WORKERS pytest-xdist workers. --dist loadfile keeps each test file on one worker: a module's
# fixture (a Ray cluster, the gate's runs) is built once. (loadgroup would not do: with pytest 9
# xdist 3.8's groups are silently ignored.) TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2

test: install-dev browser-deps
	$(BIN)/ruff check harness data_builder leaderboard tests bench examples
	$(BIN)/mypy
	$(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile

# The documentation site (mkdocs-material): every page and link must resolve, and the CLI reference
# is regenerated from the CLI first.
docs: install-dev
	$(BIN)/python docs/gen_cli.py
	$(BIN)/mkdocs build --strict

lint: install-dev
	$(BIN)/ruff check harness data_builder leaderboard tests bench examples
	$(BIN)/ruff format --check harness data_builder leaderboard tests bench examples

typecheck: install-dev
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_DIR) site .pytest_cache .mypy_cache .ruff_cache
