# Two entry points for a new user: `make demo` (set up, then run the main job on embedded defaults)
# and `make test` (set up, then run the tests). `.ci/run` calls `make test`.
# bash: the install recipe needs pipefail
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

.PHONY: setup demo test bench lint lint-fix lock

# The first install downloads about 1 GB (spaCy, Prefect, SudachiPy's dictionary, Playwright...) and takes a few
# minutes: say so, show pip's progress one line a package, and end with the time taken and the venv's size.
# It installs requirements.lock (every package pinned, with hashes) as it is: --no-deps, because the lock holds the
# whole tree and pip's hash mode refuses extras asked by dependencies (prefect's httpx[http2]); `pip check` then
# confirms the set is complete. Then this project itself, without dependencies.
$(VENV)/.installed: pyproject.toml requirements.lock
	@echo "setup: creating $(VENV) and installing the locked dependencies (first time: a few minutes, ~1 GB)"
	@set -o pipefail; start=$$(date +%s); \
	$(PYTHON) -m venv $(VENV) && echo "setup: $(VENV) created; pip is downloading and installing..." && \
	PYTHONUNBUFFERED=1 $(VENV)/bin/pip install --disable-pip-version-check --progress-bar off \
	  --require-hashes --no-deps -r requirements.lock \
	  | awk '/^Collecting/ { print "  pip: " $$0; fflush() } \
	         /^Installing collected/ { print "  pip: all downloaded; installing them (a minute or two)..."; fflush() } \
	         /^Successfully installed/ { print "  pip: installed " NF - 2 " packages" }' && \
	$(VENV)/bin/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e . && \
	$(VENV)/bin/pip check --disable-pip-version-check && \
	echo "setup: done in $$(( $$(date +%s) - start )) s; $(VENV) is $$(du -sh $(VENV) | cut -f1)"
	@touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/roadmap demo

test: setup
	$(VENV)/bin/pytest -q -ra $(PYTEST_ARGS)

# Quick benches; each prints the command that runs it alone and writes bench/results/<bench>.json.
bench: setup
	@$(VENV)/bin/python -m bench

# Lint (pyproject.toml's [tool.ruff]), then type-check sources/, extractors/ and pipeline/ ([tool.mypy]);
# .ci/run runs it before the tests.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# The mechanical fixes, to re-run after merging branches: ruff's safe fixes (unused imports, f-strings).
# Check the diff for imports kept for their side effect (tests/models/test_migrations_upgrade.py needs `import
# models.tables`: mark such imports `# noqa: F401`). What ruff cannot fix (an ambiguous `l`, a loop variable
# shadowed in a comprehension) is fixed by hand, or given a `# noqa: <rule>  (reason)`; `make lint` lists it.
lint-fix: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff check .

# Rewrite requirements.lock from pyproject.toml's ranges (with the test extra), for every platform,
# keeping the versions already locked where they still fit. After changing dependencies: `make lock`;
# to move everything to the newest versions the ranges allow: `make lock LOCK_ARGS=--upgrade`. The bench extra
# stays out of the lock (`pip install -e .[bench]` adds trafilatura for the body-extraction bench).
UV_VERSION ?= 0.13.10
lock:  # not after `setup`: locking must not reinstall the venv (only uv is added to it)
	$(VENV)/bin/pip install --disable-pip-version-check -q uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --generate-hashes -o requirements.lock $(LOCK_ARGS)
