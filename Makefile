# duthao: `make run` serves the demo on the embedded default, `make test` runs the suite.
# Both build .venv (and the system packages, and htmx) when they are missing.
SHELL := /bin/bash
UV_VERSION := 0.13.8
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HTMX := web/static/vendor/htmx.min.js
SWAGGER := web/static/vendor/swagger-ui/swagger-ui-bundle.js
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup run test demo bench lint typecheck sweep e2e-distributed clean

setup: $(VENV)/.synced $(HTMX) $(SWAGGER) .system-deps

.system-deps: scripts/debian-packages.txt scripts/system-deps.sh
	bash scripts/system-deps.sh
	@touch $@

$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(UV) || (python3 -m venv $(VENV) && $(VENV)/bin/pip install -q uv==$(UV_VERSION))
	$(UV) sync --locked --python $(PY) -q
	@touch $@

$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $(HTMX))
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

# Swagger UI's assets for /api/docs, served locally (an office may have no internet).
$(SWAGGER): $(HTMX)
	mkdir -p $(dir $(SWAGGER))
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(dir $(SWAGGER))

# The local mail sink (aiosmtpd on 127.0.0.1:8025, shown at /mail) unless SMTP is configured;
# it keeps its mail in out/demo/mail, where the demo delivered the open round's invitations.
# `serve --demo` migrates, builds the demo when the database is empty and prints the banner,
# in the one process that then serves (its imports paid once).
PORT ?= 8000
run: setup
	@DUTHAO_MAIL_SINK=$${DUTHAO_MAIL_SINK:-1} DUTHAO_MAIL_SINK_DIR=$${DUTHAO_MAIL_SINK_DIR:-out/demo/mail} \
		$(VENV)/bin/duthao serve --host 127.0.0.1 --port $(PORT) --demo out/demo

demo: setup
	$(VENV)/bin/duthao demo --out out/demo

test: setup
	$(PY) -m tests.run

# The distributed topology on this machine: Prefect server + worker + 2 web workers + sink.
e2e-distributed: setup
	$(PY) -m pytest tests/distributed -m e2e -p no:randomly

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The packages, tests and bench, as configured in pyproject.toml's [tool.mypy].
typecheck: setup
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf data out test-artifacts .system-deps
