# Two entry points for a new user: `make demo` (set up, then run the main job on embedded defaults)
# and `make test` (set up, then run the tests). `.ci/run` calls `make test`.
VENV ?= .venv
PYTHON ?= python3
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120

.PHONY: setup demo test bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -e ".[test]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/roadmap demo

test: setup
	$(VENV)/bin/pytest -q -ra $(PYTEST_ARGS)

bench: setup
	$(VENV)/bin/python -m bench
